"""Why a year failed, in one line that names the cell it happened in and the path it concerns.

A failing cell is named by papermill's error. An error outside a cell's own code — the kernel
died (``os._exit``, killed, out of memory), papermill could not save the notebook, the disk is
full — is named by the last cell the kernel started, which nbclient's ``on_cell_start`` hook
records here. An ``OSError`` without a file name (a failed ``write``) is given the build folder,
a full disk says whose file system is full, and a reports folder deleted during the run says so.
"""

from __future__ import annotations

import errno
import threading
from pathlib import Path
from typing import Any

_last = threading.local()  # one build at a time per thread (a worker, a Dask task, a test)


class ReportsFolderGone(FileNotFoundError):
    """The reports folder disappeared (deleted, unmounted) while the run was writing into it."""

    def __init__(self, folder: Path) -> None:
        super().__init__(
            errno.ENOENT, f"the reports folder {folder} was removed during the run", str(folder)
        )
        self.folder = folder

    def __str__(self) -> str:
        return self.args[1]


def cell_tracking() -> dict[str, Any]:
    """papermill options recording the cell the kernel last started (and forgetting any older)."""
    _last.cell = None

    def started(cell: Any, cell_index: int, **_: Any) -> None:
        _last.cell = (cell_index, cell.get("execution_count"), cell.get("source", ""))

    return {"on_cell_start": started}


def require_folder(folder: Path) -> None:
    """Raise ``ReportsFolderGone`` when the reports folder no longer exists (never recreate it:
    whoever removed it did not want this run's files there)."""
    if not Path(folder).is_dir():
        raise ReportsFolderGone(Path(folder))


def _one_line(text: str) -> str:
    return "; ".join(line.strip() for line in str(text).splitlines() if line.strip())


def _first_line(source: str) -> str:
    return next((s for s in source.splitlines() if s.strip()), "").strip()


def _is_disk_full(error: BaseException, text: str) -> bool:
    return getattr(error, "errno", None) == errno.ENOSPC or "[Errno 28]" in text


def describe_failure(
    error: BaseException, build: Path | None = None, reports: Path | None = None
) -> tuple[str, int | None]:
    """A one-line account of why a year failed, and the failing cell's index when known.

    ``build`` is the year's build folder and ``reports`` the reports folder it is in: named
    when the error itself names no file (a full disk, a dead kernel) or the folder is gone.
    """
    from papermill.exceptions import PapermillExecutionError

    if isinstance(error, PapermillExecutionError):
        where = f"cell {error.cell_index} (In [{error.exec_count}]) `{_first_line(error.source)}`"
        text, cell = f"{error.ename}: {_one_line(error.evalue)}", error.cell_index
    else:
        last = getattr(_last, "cell", None)
        where, cell = "", None
        if last is not None:
            cell = last[0]
            count = f" (In [{last[1]}])" if last[1] else ""  # unknown for a cell that never ended
            where = f"cell {last[0]}{count} `{_first_line(last[2])}`"
        text = _one_line(str(error))
        if not isinstance(error, ReportsFolderGone):  # that one says it all
            text = f"{type(error).__name__}: {text}" if text else type(error).__name__
        if type(error).__name__ == "DeadKernelError":
            text = f"the kernel died while running it ({text})"
    if (
        reports is not None
        and not Path(reports).is_dir()
        and not isinstance(error, ReportsFolderGone)
    ):
        text = f"the reports folder {reports} was removed during the run ({text})"
    elif build is not None and _is_disk_full(error, text):
        text = f"{text} (writing into {build}: its file system is full)"
    elif build is not None and isinstance(error, OSError) and not error.filename:
        text = f"{text} (writing into {build})"
    return (f"{where}: {text}" if where else text), cell
