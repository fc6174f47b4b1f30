"""Import settings of a process that only runs and renders notebooks (a run's worker).

``nbformat`` (which papermill, jupytext and nbconvert import) imports ``jsonschema``, whose
format checkers import whichever of their optional packages are installed; ``rfc3987_syntax``
alone compiles about forty URI grammars with lark at import, 1.4 s of CPU per process on the
2-core machine, more than the rest of papermill's import, and ``isoduration`` brings ``arrow``.
Notebook validation never checks formats, so a worker needs none of them: marking them absent
before the first import makes jsonschema skip those checkers. ``jupytext`` imports
``jupyter_server`` (with tornado's web server and prometheus) only for its Jupyter contents
manager, which a worker, reading one file, never uses, and ``markdown_it`` only for its MyST
format (the notebooks are percent files); jupytext imports without them.
"""

from __future__ import annotations

import sys

# jsonschema's optional format checkers (iri, uri, date-time, hostname, color, uri-template,
# duration), then jupytext's contents manager and its MyST reader
UNUSED_MODULES = (
    "rfc3987_syntax",
    "rfc3986_validator",
    "rfc3339_validator",
    "fqdn",
    "webcolors",
    "uri_template",
    "isoduration",
    "jupyter_server",
    "markdown_it",
    "mdit_py_plugins",
)


def skip_unused_imports() -> None:
    """Make ``import`` of :data:`UNUSED_MODULES` fail in this process (unless imported)."""
    for name in UNUSED_MODULES:
        sys.modules.setdefault(name, None)  # type: ignore[arg-type]  # None: "not importable"
