"""Executing one report's notebook with papermill, saving it only when it matters.

papermill's own engine writes the whole output notebook (its base64 chart images included) at
the start and at the end of every cell: some fifty writes of about 2 MB for the yearly notebook,
each serialised and validated. The run's engine (``RunEngine``, registered as ``parkmetrics``)
saves at the start, on papermill's time-based autosave during long cells, and when execution
fails (a dead kernel, a timeout: the notebook keeps every output up to the failure). A cell that
raises is saved by papermill itself, with its error marker cells. A successful notebook is
settled in memory (``reproducible.settle``) before papermill's final write, so it is written
once, reproducibly.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from papermill.engines import NBClientEngine, NotebookExecutionManager, papermill_engines

from parkmetrics.run import failures, processes, reproducible
from parkmetrics.run.jobs import notebook_parameters

if TYPE_CHECKING:
    import nbformat

    from parkmetrics.run.jobs import YearJob

ENGINE_NAME = "parkmetrics"


class _RareSaves(NotebookExecutionManager):
    """papermill's execution record, saved at the start, on autosave and on failure only."""

    save_at_end = False  # set when execution raised: the partial notebook is all there is
    source: Path | None = None  # the notebook's source file, for ``reproducible.settle``

    def cell_start(self, cell: Any, cell_index: int | None = None, **kwargs: Any) -> None:
        self._without_save(super().cell_start, cell, cell_index, **kwargs)

    def cell_complete(self, cell: Any, cell_index: int | None = None, **kwargs: Any) -> None:
        self._without_save(super().cell_complete, cell, cell_index, **kwargs)

    def notebook_complete(self, **kwargs: Any) -> None:
        if self.save_at_end:
            super().notebook_complete(**kwargs)
        else:  # papermill writes the finished notebook itself (with error cells if one raised)
            self._without_save(super().notebook_complete, **kwargs)
            if self.source is not None and not self.nb.metadata.papermill.get("exception"):
                name = Path(self.output_path).name if self.output_path else ""
                reproducible.settle(self.nb, name, self.source)  # no timings in its bytes

    def _without_save(self, method: Any, *args: Any, **kwargs: Any) -> None:
        save, self.save = self.save, lambda **_: None  # type: ignore[method-assign]
        try:
            method(*args, **kwargs)
        finally:
            self.save = save  # type: ignore[method-assign]
        self.autosave_cell()  # still saved every ``autosave_cell_every`` seconds


class RunEngine(NBClientEngine):
    """nbclient execution, as papermill's default engine, with ``_RareSaves``."""

    @classmethod
    def execute_notebook(  # type: ignore[override]
        cls,
        nb: Any,
        kernel_name: str,
        output_path: str | None = None,
        progress_bar: bool = True,
        log_output: bool = False,
        autosave_cell_every: int = 30,
        settle_source: Path | None = None,
        **kwargs: Any,
    ) -> Any:
        manager = _RareSaves(
            nb,
            output_path=output_path,
            progress_bar=progress_bar,
            log_output=log_output,
            autosave_cell_every=autosave_cell_every,
        )
        manager.source = settle_source
        manager.notebook_start()
        try:
            cls.execute_managed_notebook(manager, kernel_name, log_output=log_output, **kwargs)
        except BaseException:
            manager.save_at_end = True
            raise
        finally:
            manager.cleanup_pbar()
            manager.notebook_complete()
        return manager.nb


papermill_engines.register(ENGINE_NAME, RunEngine)


def execute_notebook(job: YearJob, build: Path) -> nbformat.NotebookNode:
    """Run the notebook through papermill into ``build/<year>.ipynb``; returns it, settled."""
    import jupytext
    import papermill

    output = build / f"{job.year}.ipynb"
    notebook = jupytext.read(job.notebook)
    for number, cell in enumerate(notebook.cells, start=1):
        cell.id = f"cell-{number}"  # stable ids (jupytext makes random ones) for stable diffs
    executed = papermill.execute_notebook(
        notebook,
        str(output),
        parameters=notebook_parameters(job),
        engine_name=ENGINE_NAME,
        kernel_name="python3",
        cwd=str(build),
        execution_timeout=job.execution_timeout,
        # Workers never draw papermill's bar: the parent process shows progress for all years.
        progress_bar=False,
        log_output=False,
        **processes.kernel_manager_options(),
        **failures.cell_tracking(),  # a dead kernel's message names the cell it was running
        settle_source=job.notebook,  # settled before papermill's one final write
    )
    failures.cell_tracking()  # done: a later error is in no cell
    return executed
