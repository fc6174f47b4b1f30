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

A worker and the kernel it starts each live for one report, a few seconds spent mostly making
objects that live to the end (modules, then the report's frames, figures and files). CPython's
collector passes over all of them again every ten passes of its middle generation: four or five
full collections a report, 0.3–0.45 s of CPU on the 2-core machine, which free next to nothing.
Such a process collects its young objects as usual (figures drawn and dropped are freed) and
leaves the full passes to the rare case of a very long run.
"""

from __future__ import annotations

import gc
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


# middle-generation collections between two full ones in a one-report process (CPython's: 10)
FULL_COLLECTION_EVERY = 1000
# The same, as code run first in a kernel process (``processes.lean_kernel_command``).
FEWER_FULL_COLLECTIONS = (
    f"import gc; gc.set_threshold(*gc.get_threshold()[:2], {FULL_COLLECTION_EVERY})"
)


def fewer_full_collections() -> None:
    """Set this process's full collections ``FULL_COLLECTION_EVERY`` middle ones apart."""
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, FULL_COLLECTION_EVERY)
