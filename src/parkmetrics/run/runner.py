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
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from parkmetrics.run import failures, preflight, processes, reproducible, signals
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
from parkmetrics.run.jobs import (
    DEFAULT_EXECUTION_TIMEOUT,
    YearJob,
    make_jobs,
    notebook_parameters,
)
from parkmetrics.run.lean import fewer_full_collections, skip_unused_imports
from parkmetrics.run.lock import RunLockedError, run_lock

if TYPE_CHECKING:
    import nbformat

__all__ = [
    "Progress",
    "RunParameterError",
    "YearJob",
    "YearResult",
    "backup_dir",
    "build_year",
    "make_jobs",
    "notebook_parameters",
    "partial_dir",
    "publish",
    "recover",
    "run_cli",
    "run_lock",
    "run_years",
]

log = logging.getLogger("parkmetrics.run")

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2
EXECUTORS = ("local", "dask")  # worker processes here (batch), or tasks of a Dask cluster
RunParameterError = preflight.RunParameterError  # bad parameters, reported as one line


# --------------------------------------------------------------------------- one year


def write_products(
    job: YearJob,
    build: Path,
    executed: nbformat.NotebookNode,
    phase: Callable[[str], None] = lambda _: None,
) -> dict[str, str]:
    """Check the files the notebook wrote, render the HTML into ``build``; returns the hashes.

    The kernel computed the year and wrote its tables, charts and briefing (``export``); this
    process only renders the executed notebook, without importing pandas or matplotlib.
    """
    from parkmetrics.report import html

    if job.exports:
        check = getattr(job, "missing_files", html.missing_files)  # a trends job's own files
        missing = check(build)
        if missing:
            raise RuntimeError(f"the notebook did not write {', '.join(missing)}")
    phase("html")
    title = getattr(job, "title", f"{job.name} 年度绩效自评复核与分析")
    html.write_html(executed, build / html.HTML_NAME, title)
    files = sorted(p for p in build.rglob("*") if p.is_file())
    return {p.relative_to(build).as_posix(): mf.file_sha256(p) for p in files}


def base_manifest(job: YearJob) -> dict[str, Any]:
    """The manifest fields known before the build: parameters, inputs, versions. No times: the
    manifest is reproducible (they go to ``run-times.jsonl``, ``reproducible``)."""
    return {
        "year": job.year,
        "series": job.series,
        "parameters": notebook_parameters(job) | {"out_dir": str(job.out_dir)},
        "inputs": job.hashes,
        "encodings": mf.input_encodings(job.year, job.data_dir, job.series),  # GB18030 seen
        "fingerprint": mf.fingerprint(job.hashes),
        "packages": mf.package_versions(),
    }


def build_year(job: YearJob, phase: Callable[[str], None] = lambda _: None) -> YearResult:
    """Build, check and publish one year's report; never raises for a failing year.

    On success ``reports/<year>/`` is replaced as a whole and a stale ``<year>.FAILED`` removed.
    On failure the executed notebook goes to ``reports/<year>.FAILED/<year>.FAILED.ipynb`` with a
    manifest saying why, and ``reports/<year>/`` is left exactly as it was.
    """
    clock = time.monotonic()
    out_dir = job.reports_dir
    build = partial_dir(out_dir, job.year)
    manifest = base_manifest(job)
    try:
        failures.require_folder(job.out_dir)  # deleted during the run: not recreated
        shutil.rmtree(build, ignore_errors=True)
        build.mkdir(parents=True)
        phase("notebook")
        from parkmetrics.run.execute import execute_notebook  # papermill: not in the parent

        executed = execute_notebook(job, build)
        manifest["outputs"] = write_products(job, build, executed, phase)
        manifest |= {"status": mf.STATUS_OK}
        mf.write_manifest(build, manifest)  # last write: from here on the build is complete
        processes.exit_if_orphaned()  # a worker whose run is gone publishes nothing
        publish(build, out_dir / str(job.year))
        shutil.rmtree(failed_dir(out_dir, job.year), ignore_errors=True)
        return YearResult(job.year, "ok", seconds=time.monotonic() - clock, series=job.series)
    except Exception as error:  # a failing year is reported, never allowed to stop the batch
        message, cell = failures.describe_failure(error, build, job.out_dir)
        seconds = time.monotonic() - clock
        manifest |= {"status": mf.STATUS_FAILED, "error": message}
        processes.exit_if_orphaned()
        keep_failure(build, out_dir, job.year, manifest)
        return YearResult(job.year, "failed", message, seconds, cell, series=job.series)


def _worker(job: YearJob, conn: Any, lineage: processes.Lineage | None = None) -> None:
    """Child-process entry: build one year and send the result back to the parent."""
    processes.adopt(lineage)  # own process group, dies with the run, SIGINT left to the parent
    skip_unused_imports()
    fewer_full_collections()  # this process builds one report, then exits
    logging.getLogger("papermill").setLevel(logging.WARNING)
    send = processes.sender(conn)
    try:
        result = build_year(job, lambda name: send({"phase": name}))
    except BaseException as error:  # still tell the parent something useful
        message = failures.describe_failure(error)[0]
        result = YearResult(job.year, "failed", message, series=job.series)
    send({"result": asdict(result)})
    conn.close()
    # Everything is written and reported: skip the interpreter's teardown of the notebook
    # machinery (about half a second of CPU per year, while the parent waits for the exit).
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


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
    trends: bool | None = None,
    validate: bool | None = None,
) -> list[YearResult]:
    """Run the yearly notebook for every (series, year) (or the chosen ``series`` and ``years``),
    ``jobs`` at a time in local worker processes, or as tasks of a Dask cluster
    (``executor="dask"``, at ``scheduler`` or on a ``LocalCluster``).

    Raises ``RunParameterError`` before anything starts when the parameters are wrong, and
    ``DataValidationError`` with every problem of every year when ``validate`` (default: with
    ``exports``, i.e. the real notebook) finds bad data. A year whose inputs are unchanged since
    its last good report is skipped unless ``force``. With ``trends`` (default: when the yearly
    notebook is the project's) every series with two or more of the chosen years also gets its
    trends report (``run/trends.py``).
    """
    preflight.check_jobs(jobs)
    preflight.check_out_dir(out_dir)
    out_dir = Path(out_dir).resolve()
    all_jobs: list[Any] = make_jobs(
        years, data_dir, out_dir, rules_path, notebook, execution_timeout, exports, series
    )
    if exports if validate is None else validate:
        preflight.validate_reports(all_jobs, preflight.data_folder(data_dir))  # years only
    if (notebook is None) if trends is None else trends:
        from parkmetrics.run.trends import trends_jobs

        try:
            all_jobs += trends_jobs(all_jobs)
        except FileNotFoundError as error:  # no notebooks/trends.py beside the yearly one
            raise RunParameterError(str(error)) from None
    if executor not in EXECUTORS:
        raise RunParameterError(f"unknown executor {executor!r} (one of {', '.join(EXECUTORS)})")
    progress = progress or Progress()
    progress.event(f"data {all_jobs[0].data_dir} → reports {out_dir}")
    started = mf.utc_now()
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
                pending, jobs, _worker, progress, len(all_jobs), len(results), lineage
            )
        reproducible.record_run_times(out_dir, started, (results[j.name] for j in pending))
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
    from parkmetrics.errors import DataValidationError

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
    except DataValidationError as error:  # every problem on its own line; no kernel started
        signals.say(f"parkmetrics run: nothing was run. {error}", sys.stderr)
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
    base = out_dir if result.series is None else out_dir / result.series
    folder = base / str(result.year)
    if result.status == "failed" and failed_dir(base, result.year).exists():
        folder = failed_dir(base, result.year)
    return f"{folder}{os.sep}"


def exit_code(results: Sequence[YearResult]) -> int:
    """0 when every year is ok or skipped, 128 + the signal when one stopped the run, else 1."""
    stopped = next((r.signal for r in results if r.signal), None)
    if stopped:
        return signals.exit_status(stopped)
    return EXIT_OK if all(r.status in ("ok", "skipped") for r in results) else EXIT_FAILED
