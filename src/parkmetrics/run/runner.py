"""The yearly run: execute the assessment notebook per year and publish its report safely.

``parkmetrics run`` → ``run_cli`` → ``run_years``: check the parameters (before any kernel),
take the output folder's lock, recover leftovers of an interrupted run, skip years whose inputs
are unchanged (``manifest``), and build the others in child processes (``batch``). One year's
build (``build_year``) executes the notebook with papermill in ``reports/.<year>.partial/``,
writes the tables, charts, briefing and HTML from the library (``export``), writes the manifest
last and publishes the folder by renames (``folders``); a failed year goes to
``reports/<year>.FAILED/`` and never touches ``reports/<year>/``.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from parkmetrics.run import manifest as mf
from parkmetrics.run.batch import Progress, YearResult, run_parallel
from parkmetrics.run.folders import (
    RunLockedError,
    backup_dir,
    failed_dir,
    keep_failure,
    partial_dir,
    publish,
    recover,
    run_lock,
)

__all__ = [
    "Progress",
    "RunParameterError",
    "YearJob",
    "YearResult",
    "backup_dir",
    "build_year",
    "make_jobs",
    "partial_dir",
    "publish",
    "recover",
    "run_cli",
    "run_lock",
    "run_years",
]

log = logging.getLogger("parkmetrics.run")

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2
NOTEBOOK_NAME = Path("notebooks") / "yearly_assessment.py"
# The notebook is project source, not package data: found in the checkout this package is
# installed from (pip install -e), else in the project folder the command runs in.
NOTEBOOK = Path(__file__).resolve().parents[3] / NOTEBOOK_NAME
DEFAULT_EXECUTION_TIMEOUT = 600  # seconds per cell: generous, but a hung kernel must not hang cron


class RunParameterError(ValueError):
    """Bad parameters of a run (unknown year, missing folder); reported as one line."""


@dataclass(frozen=True)
class YearJob:
    """Everything one year's build needs; picklable, so it can go to a worker process."""

    year: int
    data_dir: Path
    out_dir: Path
    notebook: Path
    rules_path: Path | None = None
    execution_timeout: int = DEFAULT_EXECUTION_TIMEOUT
    exports: bool = True  # False: notebook, HTML and manifest only (tests of the mechanics)
    hashes: dict[str, Any] = field(default_factory=dict)


# --------------------------------------------------------------------------- parameters


def make_jobs(
    years: Sequence[int] | None,
    data_dir: Path | None,
    out_dir: Path,
    rules_path: Path | None = None,
    notebook: Path | None = None,
    execution_timeout: int = DEFAULT_EXECUTION_TIMEOUT,
    exports: bool = True,
) -> list[YearJob]:
    """Check the run's parameters before any kernel starts; one job per year, in year order.

    Raises ``RunParameterError`` (one line) for a missing folder, unknown year or missing file,
    and ``DataValidationError`` (every problem) for a rules file with bad settings.
    """
    from parkmetrics.data.dataset import available_years, resolve_data_dir

    # The same default as every other command: ./data, $PARKMETRICS_DATA, the checkout's data/.
    data_dir = resolve_data_dir(data_dir).resolve()
    if notebook is None and not NOTEBOOK.is_file():
        notebook = Path.cwd() / NOTEBOOK_NAME
    notebook = Path(notebook or NOTEBOOK).resolve()
    if not data_dir.is_dir():
        raise RunParameterError(f"data folder not found: {data_dir}")
    known = available_years(data_dir)
    if years:
        unknown = sorted({int(y) for y in years}.difference(known))
        if unknown:
            raise RunParameterError(
                f"no data for year {', '.join(map(str, unknown))} in {data_dir} "
                f"(years there: {', '.join(map(str, known)) or 'none'})"
            )
        chosen = sorted({int(y) for y in years})
    else:
        chosen = known
        if not chosen:
            raise RunParameterError(f"no year folders (like 2022/) in {data_dir}")
    if rules_path is not None:
        from parkmetrics.scoring.rules import resolve_rules

        rules_path = resolve_rules(rules_path)  # a shipped rule pack by name (review-firm)
    if rules_path is not None and not Path(rules_path).is_file():
        raise RunParameterError(f"rules file not found: {rules_path}")
    if not notebook.is_file():
        raise RunParameterError(
            f"notebook not found: {notebook} (run from the project folder, or install it with "
            "pip install -e .)"
        )
    rules = Path(rules_path).resolve() if rules_path is not None else None
    if rules is not None:
        from parkmetrics.scoring.rules import load_rules

        load_rules(rules)  # a bad setting fails here, listed all at once, not once per kernel
    return [
        YearJob(
            year=year,
            data_dir=data_dir,
            out_dir=Path(out_dir).resolve(),
            notebook=notebook,
            rules_path=rules,
            execution_timeout=execution_timeout,
            exports=exports,
            hashes=mf.input_hashes(year, data_dir, notebook, rules),
        )
        for year in chosen
    ]


# --------------------------------------------------------------------------- one year


def notebook_parameters(job: YearJob) -> dict[str, Any]:
    """The values injected into the notebook's ``parameters`` cell.

    Only ASCII-safe paths and numbers: papermill writes Chinese strings as ``\\u`` escapes. The
    output folder is ``.`` because the kernel's working directory is the build folder, which is
    renamed afterwards; an absolute path would point at a folder that no longer exists.
    """
    return {
        "year": job.year,
        "data_dir": str(job.data_dir),
        "output_dir": ".",
        "rules_path": str(job.rules_path) if job.rules_path else "",
    }


def _kernel_manager_options() -> dict[str, Any]:
    """IPC sockets for the kernel on POSIX: parallel kernels cannot race for TCP ports.

    (papermill#511: picking a free port and binding it are two steps, and two kernels starting
    at once may pick the same port. IPC endpoints are files named after the unique connection
    file, so there is nothing to race for.)
    """
    if os.name != "posix":
        return {}
    from jupyter_client.manager import AsyncKernelManager

    class IPCKernelManager(AsyncKernelManager):
        def __init__(self, **kwargs: Any) -> None:
            super().__init__(transport="ipc", **kwargs)

    return {"kernel_manager_class": IPCKernelManager}


def execute_notebook(job: YearJob, build: Path) -> Path:
    """Run the notebook through papermill into ``build/<year>.ipynb``."""
    import jupytext
    import papermill

    output = build / f"{job.year}.ipynb"
    notebook = jupytext.read(job.notebook)
    for number, cell in enumerate(notebook.cells, start=1):
        cell.id = f"cell-{number}"  # stable ids (jupytext makes random ones) for stable diffs
    papermill.execute_notebook(
        notebook,
        str(output),
        parameters=notebook_parameters(job),
        kernel_name="python3",
        cwd=str(build),
        execution_timeout=job.execution_timeout,
        # Workers never draw papermill's bar: the parent process shows progress for all years.
        progress_bar=False,
        log_output=False,
        **_kernel_manager_options(),
    )
    return output


def write_products(
    job: YearJob, build: Path, executed: Path, phase: Callable[[str], None] = lambda _: None
) -> dict[str, str]:
    """Write tables, charts, briefing and HTML of a year into ``build``; returns their hashes."""
    import nbformat

    from parkmetrics.report import export

    if job.exports:
        phase("tables")
        results = export.compute(job.year, job.data_dir, job.rules_path)
        export.write_tables(results, build)
        phase("charts")
        charts = export.write_charts(results, build)
        phase("briefing")
        export.write_briefing(results, charts, build / export.BRIEFING_NAME)
    phase("html")
    title = f"{job.year} 年度绩效自评复核与分析"
    export.write_html(nbformat.read(executed, as_version=4), build / export.HTML_NAME, title)
    files = sorted(p for p in build.rglob("*") if p.is_file())
    return {p.relative_to(build).as_posix(): mf.file_sha256(p) for p in files}


def describe_failure(error: BaseException) -> tuple[str, int | None]:
    """A one-line account of why a year failed, and the failing cell's index when known."""
    from papermill.exceptions import PapermillExecutionError

    if isinstance(error, PapermillExecutionError):
        first_source_line = next((s for s in error.source.splitlines() if s.strip()), "").strip()
        evalue = "; ".join(line.strip() for line in str(error.evalue).splitlines() if line.strip())
        where = f"cell {error.cell_index} (In [{error.exec_count}]) `{first_source_line}`"
        return f"{where}: {error.ename}: {evalue}", error.cell_index
    text = "; ".join(line.strip() for line in str(error).splitlines() if line.strip())
    return f"{type(error).__name__}: {text}" if text else type(error).__name__, None


def base_manifest(job: YearJob, started: str) -> dict[str, Any]:
    """The manifest fields known before the build: parameters, inputs, versions, start."""
    return {
        "year": job.year,
        "parameters": notebook_parameters(job) | {"out_dir": str(job.out_dir)},
        "inputs": job.hashes,
        "fingerprint": mf.fingerprint(job.hashes),
        "packages": mf.package_versions(),
        "started": started,
    }


def build_year(job: YearJob, phase: Callable[[str], None] = lambda _: None) -> YearResult:
    """Build, check and publish one year's report; never raises for a failing year.

    On success ``reports/<year>/`` is replaced as a whole and a stale ``<year>.FAILED`` removed.
    On failure the executed notebook goes to ``reports/<year>.FAILED/<year>.FAILED.ipynb`` with a
    manifest saying why, and ``reports/<year>/`` is left exactly as it was.
    """
    started, clock = mf.utc_now(), time.monotonic()
    out_dir = job.out_dir
    build = partial_dir(out_dir, job.year)
    shutil.rmtree(build, ignore_errors=True)
    build.mkdir(parents=True)
    manifest = base_manifest(job, started)
    try:
        phase("notebook")
        executed = execute_notebook(job, build)
        manifest["outputs"] = write_products(job, build, executed, phase)
        manifest |= {"status": mf.STATUS_OK, "seconds": round(time.monotonic() - clock, 1)}
        mf.write_manifest(build, manifest)  # last write: from here on the build is complete
        publish(build, out_dir / str(job.year))
        shutil.rmtree(failed_dir(out_dir, job.year), ignore_errors=True)
        return YearResult(job.year, "ok", seconds=time.monotonic() - clock)
    except Exception as error:  # a failing year is reported, never allowed to stop the batch
        message, cell = describe_failure(error)
        seconds = time.monotonic() - clock
        manifest |= {"status": mf.STATUS_FAILED, "error": message, "seconds": round(seconds, 1)}
        keep_failure(build, out_dir, job.year, manifest)
        return YearResult(job.year, "failed", message, seconds, cell)


def _worker(job: YearJob, conn: Any) -> None:
    """Child-process entry: build one year and send the result back to the parent."""
    # Ctrl-C on a terminal signals the whole foreground process group. The parent alone decides
    # what stops (it kills its workers), so a worker leaves the group, and ignores SIGINT where
    # it cannot: otherwise nbclient would shut the kernel down and the year would look failed.
    if hasattr(os, "setpgrp"):
        os.setpgrp()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    logging.getLogger("papermill").setLevel(logging.WARNING)
    try:
        result = build_year(job, lambda name: conn.send({"phase": name}))
    except BaseException as error:  # still tell the parent something useful
        result = YearResult(job.year, "failed", describe_failure(error)[0])
    conn.send({"result": asdict(result)})
    conn.close()


def run_years(
    years: Sequence[int] | None = None,
    data_dir: Path | None = None,
    out_dir: Path = Path("reports"),
    *,
    jobs: int = 1,
    force: bool = False,
    rules_path: Path | None = None,
    notebook: Path | None = None,
    execution_timeout: int = DEFAULT_EXECUTION_TIMEOUT,
    exports: bool = True,
    progress: Progress | None = None,
) -> list[YearResult]:
    """Run the yearly notebook for ``years`` (default: all), ``jobs`` years at a time.

    Raises ``RunParameterError`` before anything starts when the parameters are wrong. A year
    whose inputs are unchanged since its last good report is skipped unless ``force``.
    """
    out_dir = Path(out_dir).resolve()
    all_jobs = make_jobs(years, data_dir, out_dir, rules_path, notebook, execution_timeout, exports)
    progress = progress or Progress()
    with run_lock(out_dir):
        for note in recover(out_dir):
            progress.event(f"recovered: {note}")
        results: dict[int, YearResult] = {}
        pending: list[YearJob] = []
        for job in all_jobs:
            if not force and mf.is_current(out_dir / str(job.year), job.hashes):
                results[job.year] = YearResult(job.year, "skipped")
                progress.event(results[job.year].summary())
                # a failure of an earlier attempt no longer describes this year's inputs
                if failed_dir(out_dir, job.year).exists():
                    shutil.rmtree(failed_dir(out_dir, job.year), ignore_errors=True)
                    progress.event(f"{job.year}: removed stale {job.year}.FAILED")
            else:
                pending.append(job)
        results |= run_parallel(
            pending, max(1, jobs), _worker, progress, len(all_jobs), len(results)
        )
        for note in recover(out_dir):  # after an interrupt: no partial folder stays behind
            log.info("cleaned up: %s", note)
    return [results[job.year] for job in all_jobs]


def run_cli(
    years: Sequence[int] | None,
    data_dir: Path | None,
    out_dir: Path,
    jobs: int,
    force: bool,
    rules_path: Path | None,
) -> int:
    """``parkmetrics run``: run the years, print one summary line each; returns the exit code.

    0 when every year is ok or skipped, 1 when any failed or was interrupted, 2 for bad parameters.
    """
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    try:
        results = run_years(years, data_dir, out_dir, jobs=jobs, force=force, rules_path=rules_path)
    except (RunParameterError, RunLockedError) as error:
        print(f"parkmetrics run: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    for result in results:
        print(f"{result.summary()} → {report_folder(Path(out_dir).resolve(), result)}")
    return exit_code(results)


def report_folder(out_dir: Path, result: YearResult) -> str:
    """Where a year's files are: its report folder, or the kept failure when it failed."""
    folder = out_dir / str(result.year)
    if result.status == "failed" and failed_dir(out_dir, result.year).exists():
        folder = failed_dir(out_dir, result.year)
    return f"{folder}{os.sep}"


def exit_code(results: Sequence[YearResult]) -> int:
    """0 when every year is ok or skipped, else 1 (a year failed or was interrupted)."""
    return EXIT_OK if all(r.status in ("ok", "skipped") for r in results) else EXIT_FAILED
