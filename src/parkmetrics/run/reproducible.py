"""Same inputs → same bytes, the executed notebook and the manifest included.

papermill and nbclient record when each cell ran and for how long, and papermill gives the
injected parameters cell a random id; a report folder holding those would differ on every run.
``settle_notebook`` rewrites the executed notebook without them (timings out of the bytes; the
cells' status and outputs stay). The manifest holds no times either: when each report was
built, and how long it took, goes to ``<out>/run-times.jsonl`` beside the report folders, one
JSON line per build, the one file of a run that is not reproducible by design.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

RUN_TIMES_NAME = "run-times.jsonl"
INJECTED_ID = "injected-parameters"  # papermill's tag for the cell it adds; its fixed id too
# papermill's and nbclient's records of time: metadata.papermill.<these> (notebook and cells),
# and the whole metadata.execution of a cell (iopub/shell timestamps).
_TIME_KEYS = ("start_time", "end_time", "duration")


def settle_notebook(path: Path, source: Path) -> None:
    """Rewrite an executed notebook file reproducibly (:func:`settle`, then written whole)."""
    import nbformat

    notebook = nbformat.read(path, as_version=4)
    write_notebook(settle(notebook, Path(path).name, source), path)


def settle(notebook: Any, name: str, source: Path) -> Any:
    """Make an executed notebook (in memory) reproducible, and return it: fixed cell ids (the
    injected parameters cell's too), no timestamps or durations, papermill's input path as the
    notebook's source file and its output path as the published file ``name`` (not the build
    folder)."""
    record = notebook.metadata.get("papermill", {})
    for key in _TIME_KEYS:
        record.pop(key, None)
    if "input_path" in record:  # papermill stores the whole notebook object when given one
        record["input_path"] = str(source)
    if "output_path" in record:
        record["output_path"] = name
    for number, cell in enumerate(notebook.cells, start=1):
        if INJECTED_ID in cell.metadata.get("tags", ()):
            cell.id = INJECTED_ID
        elif not str(cell.get("id", "")).startswith("cell-"):
            cell.id = f"cell-{number}"  # jupytext's are random; execute_notebook fixes them
        cell.metadata.pop("execution", None)
        for key in _TIME_KEYS:
            cell.metadata.get("papermill", {}).pop(key, None)
    return notebook


def write_notebook(notebook: Any, path: Path) -> None:
    """Write ``notebook`` to ``path`` whole or not at all (never half-written)."""
    import nbformat

    tmp = Path(path).with_name(f".{Path(path).name}.tmp")
    try:
        nbformat.write(notebook, tmp)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def record_run_times(out_dir: Path, started: str, results: Iterable[Any]) -> Path | None:
    """Append one line per report built in this run (not skipped ones) to ``run-times.jsonl``:
    when the run started, the report, how it ended and how long it took."""
    lines = [
        json.dumps(
            {
                "run_started": started,
                "report": result.name,
                "status": result.status,
                "seconds": round(result.seconds, 1),
            },
            ensure_ascii=False,
            sort_keys=True,
        )
        for result in results
        if result.status != "skipped"
    ]
    if not lines:
        return None
    path = Path(out_dir) / RUN_TIMES_NAME
    try:
        with path.open("a", encoding="utf-8") as handle:
            handle.write("".join(f"{line}\n" for line in lines))
    except OSError:  # a full disk or a removed folder: the times are a log, not a product
        return None
    return path
