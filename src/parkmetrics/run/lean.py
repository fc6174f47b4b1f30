"""Import settings of a process that only runs and renders notebooks (a run's worker).

``nbformat`` (which papermill, jupytext and nbconvert import) imports ``jsonschema``, whose
format checkers import ``rfc3987_syntax`` when it is installed; that module compiles about forty
URI grammars with lark at import, 1.4 s of CPU per process on the 2-core machine, more than
the rest of papermill's import. Notebook validation never checks formats, so a worker does not
need it: marking it absent before the first import makes jsonschema skip the ``iri`` checker.
"""

from __future__ import annotations

import sys

UNUSED_MODULES = ("rfc3987_syntax",)


def skip_unused_imports() -> None:
    """Make ``import rfc3987_syntax`` fail in this process (unless it is already imported)."""
    for name in UNUSED_MODULES:
        sys.modules.setdefault(name, None)  # type: ignore[arg-type]  # None: "not importable"
