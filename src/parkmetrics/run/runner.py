"""The yearly run: execute the assessment notebook per year and publish its report safely.

``parkmetrics run`` → ``run_cli`` → ``run_years``: check the parameters (before any kernel),
take the output folder's lock, recover leftovers of an interrupted run, skip years whose inputs
are unchanged (``manifest``), and build the others in child processes (``batch``). One year's
build (``build_year``) executes the notebook with papermill in ``reports/.<year>.partial/`` (its
kernel computes the year once and writes the tables, charts and briefing, ``report.export``),
renders the HTML (``report.html``), writes the manifest last and publishes the folder by renames
(``folders``); a failed year goes to ``reports/<year>.FAILED/`` and never touches
``reports/<year>/``.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from parkmetrics.run import failures, processes, signals
from parkmetrics.run import manifest as mf
from parkmetrics.run.batch import Progress, YearResult, run_parallel
from parkmetrics.run.folders import (
    backup_dir,
    failed_dir,
    keep_failure,
    partial_dir,
    publish,
    recover,
)
from parkmetrics.run.lock import RunLockedError, run_lock

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
EXECUTORS = ("local", "dask")  # worker processes here (batch), or tasks of a Dask cluster


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
    exports: bool = True  # False: don't require the report files (tests of the mechanics)
    hashes: dict[str, Any] = field(default_factory=dict)
    series: str | None = None  # None: a year of the data folder itself, into reports/<year>/

    @property
    def name(self) -> str:
        """The report's name in logs and results: ``2022`` or ``<series>/2022``."""
        return str(self.year) if self.series is None else f"{self.series}/{self.year}"

    @property
    def reports_dir(self) -> Path:
        """The folder the year's report goes into: ``reports/`` or ``reports/<series>/``."""
        return self.out_dir if self.series is None else self.out_dir / self.series


# --------------------------------------------------------------------------- parameters


def make_jobs(
    years: Sequence[int] | None,
    data_dir: Path | None,
    out_dir: Path,
    rules_path: Path | None = None,
    notebook: Path | None = None,
    execution_timeout: int = DEFAULT_EXECUTION_TIMEOUT,
    exports: bool = True,
    series: Sequence[str] | None = None,
) -> list[YearJob]:
    """Check the run's parameters before any kernel starts; one job per (series, year): the data
    folder's own years first, then each series', each in year order.

    Raises ``RunParameterError`` (one line) for a missing folder, unknown series or year or a
    missing file, and ``DataValidationError`` (every problem) for a rules file with bad settings.
    """
    from parkmetrics.data.folder import list_reports, resolve_data_dir

    # The same default as every other command: ./data, $PARKMETRICS_DATA, the checkout's data/.
    data_dir = resolve_data_dir(data_dir).resolve()
    if notebook is None and not NOTEBOOK.is_file():
        notebook = Path.cwd() / NOTEBOOK_NAME
    notebook = Path(notebook or NOTEBOOK).resolve()
    if not data_dir.is_dir():
        raise RunParameterError(f"data folder not found: {data_dir}")
    reports = list_reports(data_dir)
    if series:
        named = {s for s, _ in reports if s is not None}
        unknown_series = sorted(set(series).difference(named))
        if unknown_series:
            raise RunParameterError(
                f"no series {', '.join(unknown_series)} in {data_dir} "
                f"(series there: {', '.join(sorted(named)) or 'none'})"
            )
        reports = [r for r in reports if r.series in set(series)]
    if years:
        known = sorted({y for _, y in reports})
        unknown = sorted({int(y) for y in years}.difference(known))
        if unknown:
            raise RunParameterError(
                f"no data for year {', '.join(map(str, unknown))} in {data_dir} "
                f"(years there: {', '.join(map(str, known)) or 'none'})"
            )
        reports = [r for r in reports if r.year in {int(y) for y in years}]
    if not reports:
        raise RunParameterError(f"no year folders (like 2022/ or <series>/2022/) in {data_dir}")
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
            hashes=mf.input_hashes(year, data_dir, notebook, rules, name),
            series=name,
        )
        for name, year in reports
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
        "series": job.series or "",  # "": the data folder's own years
        "data_dir": str(job.data_dir),
        "output_dir": ".",
        "rules_path": str(job.rules_path) if job.rules_path else "",
    }


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
        **processes.kernel_manager_options(),
        **failures.cell_tracking(),  # a dead kernel's message names the cell it was running
    )
    failures.cell_tracking()  # done: a later error is in no cell
    return output


def write_products(
    job: YearJob, build: Path, executed: Path, phase: Callable[[str], None] = lambda _: None
) -> dict[str, str]:
    """Check the files the notebook wrote, render the HTML into ``build``; returns the hashes.

    The kernel computed the year and wrote its tables, charts and briefing (``export``); this
    process only renders the executed notebook, without importing pandas or matplotlib.
    """
    import nbformat

    from parkmetrics.report import html

    if job.exports:
        missing = html.missing_files(build)
        if missing:
            raise RuntimeError(f"the notebook did not write {', '.join(missing)}")
    phase("html")
    title = f"{job.name} 年度绩效自评复核与分析"
    html.write_html(nbformat.read(executed, as_version=4), build / html.HTML_NAME, title)
    files = sorted(p for p in build.rglob("*") if p.is_file())
    return {p.relative_to(build).as_posix(): mf.file_sha256(p) for p in files}


def base_manifest(job: YearJob, started: str) -> dict[str, Any]:
    """The manifest fields known before the build: parameters, inputs, versions, start."""
    return {
        "year": job.year,
        "series": job.series,
        "parameters": notebook_parameters(job) | {"out_dir": str(job.out_dir)},
        "inputs": job.hashes,
        "encodings": mf.input_encodings(job.year, job.data_dir, job.series),  # GB18030 seen
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
    out_dir = job.reports_dir
    build = partial_dir(out_dir, job.year)
    manifest = base_manifest(job, started)
    try:
        failures.require_folder(job.out_dir)  # deleted during the run: not recreated
        shutil.rmtree(build, ignore_errors=True)
        build.mkdir(parents=True)
        phase("notebook")
        executed = execute_notebook(job, build)
        manifest["outputs"] = write_products(job, build, executed, phase)
        manifest |= {"status": mf.STATUS_OK, "seconds": round(time.monotonic() - clock, 1)}
        mf.write_manifest(build, manifest)  # last write: from here on the build is complete
        processes.exit_if_orphaned()  # a worker whose run is gone publishes nothing
        publish(build, out_dir / str(job.year))
        shutil.rmtree(failed_dir(out_dir, job.year), ignore_errors=True)
        return YearResult(job.year, "ok", seconds=time.monotonic() - clock, series=job.series)
    except Exception as error:  # a failing year is reported, never allowed to stop the batch
        message, cell = failures.describe_failure(error, build, job.out_dir)
        seconds = time.monotonic() - clock
        manifest |= {"status": mf.STATUS_FAILED, "error": message, "seconds": round(seconds, 1)}
        processes.exit_if_orphaned()
        keep_failure(build, out_dir, job.year, manifest)
        return YearResult(job.year, "failed", message, seconds, cell, series=job.series)


def _worker(job: YearJob, conn: Any, lineage: processes.Lineage | None = None) -> None:
    """Child-process entry: build one year and send the result back to the parent."""
    processes.adopt(lineage)  # own process group, dies with the run, SIGINT left to the parent
    logging.getLogger("papermill").setLevel(logging.WARNING)
    send = processes.sender(conn)
    try:
        result = build_year(job, lambda name: send({"phase": name}))
    except BaseException as error:  # still tell the parent something useful
        message = failures.describe_failure(error)[0]
        result = YearResult(job.year, "failed", message, series=job.series)
    send({"result": asdict(result)})
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
    series: Sequence[str] | None = None,
    executor: str = "local",
    scheduler: str | None = None,
) -> list[YearResult]:
    """Run the yearly notebook for every (series, year) (or the chosen ``series`` and ``years``),
    ``jobs`` at a time in local worker processes, or as tasks of a Dask cluster
    (``executor="dask"``, at ``scheduler`` or on a ``LocalCluster``).

    Raises ``RunParameterError`` before anything starts when the parameters are wrong. A year
    whose inputs are unchanged since its last good report is skipped unless ``force``.
    """
    out_dir = Path(out_dir).resolve()
    all_jobs = make_jobs(
        years, data_dir, out_dir, rules_path, notebook, execution_timeout, exports, series
    )
    if executor not in EXECUTORS:
        raise RunParameterError(f"unknown executor {executor!r} (one of {', '.join(EXECUTORS)})")
    progress = progress or Progress()
    folders = sorted({job.reports_dir for job in all_jobs})
    with run_lock(out_dir, note=progress.event) as lock:
        for folder in folders:
            for note in recover(folder):
                progress.event(f"recovered: {note}")
        results: dict[str, YearResult] = {}
        pending: list[YearJob] = []
        for job in all_jobs:
            if not force and mf.is_current(job.reports_dir / str(job.year), job.hashes):
                results[job.name] = YearResult(job.year, "skipped", series=job.series)
                progress.event(results[job.name].summary())
                # a failure of an earlier attempt no longer describes this year's inputs
                stale = failed_dir(job.reports_dir, job.year)
                if stale.exists():
                    shutil.rmtree(stale, ignore_errors=True)
                    progress.event(f"{job.name}: removed stale {job.year}.FAILED")
            else:
                pending.append(job)
        if executor == "dask" and pending:
            from parkmetrics.run.executors import run_dask

            results |= run_dask(pending, build_year, progress, scheduler, jobs)
        else:
            lineage = processes.Lineage(os.getpid(), lock.fd)  # workers share the lock
            results |= run_parallel(
                pending, max(1, jobs), _worker, progress, len(all_jobs), len(results), lineage
            )
        # after an interrupt: no partial folder stays behind, once no kernel can write there
        for folder in folders if lock.wait_for_children() else ():
            for note in recover(folder):
                log.info("cleaned up: %s", note)
    return [results[job.name] for job in all_jobs]


def run_cli(
    years: Sequence[int] | None,
    data_dir: Path | None,
    out_dir: Path,
    jobs: int,
    force: bool,
    rules_path: Path | None,
    series: Sequence[str] | None = None,
    executor: str = "local",
    scheduler: str | None = None,
) -> int:
    """``parkmetrics run``: run the reports, print one summary line each; returns the exit code.

    0 when every report is ok or skipped, 1 when any failed, 2 for bad parameters, 128 + the
    signal's number when a stop signal ended the run (``signals``).
    """
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    try:
        with signals.raising():  # outside the batch loop a stop signal unwinds the command
            results = run_years(
                years, data_dir, out_dir, jobs=jobs, force=force, rules_path=rules_path,
                series=series, executor=executor, scheduler=scheduler,
            )  # fmt: skip
    except (RunParameterError, RunLockedError) as error:
        signals.say(f"parkmetrics run: {error}", sys.stderr)
        return EXIT_BAD_INPUT
    except signals.Stopped as stop:
        signals.say(f"parkmetrics run: stopped by {stop} before any report was built", sys.stderr)
        return signals.exit_status(stop.signum)
    for result in results:
        signals.say(f"{result.summary()} → {report_folder(Path(out_dir).resolve(), result)}")
    code = exit_code(results)
    if code > EXIT_BAD_INPUT:
        signals.say(f"parkmetrics run: {signals.closing_line(results, code)}", sys.stderr)
    return code


def report_folder(out_dir: Path, result: YearResult) -> str:
    """Where a year's files are: its report folder, or the kept failure when it failed."""
    folder = out_dir / str(result.year)
    if result.status == "failed" and failed_dir(out_dir, result.year).exists():
        folder = failed_dir(out_dir, result.year)
    return f"{folder}{os.sep}"


def exit_code(results: Sequence[YearResult]) -> int:
    """0 when every year is ok or skipped, 128 + the signal when one stopped the run, else 1."""
    stopped = next((r.signal for r in results if r.signal), None)
    if stopped:
        return signals.exit_status(stopped)
    return EXIT_OK if all(r.status in ("ok", "skipped") for r in results) else EXIT_FAILED
