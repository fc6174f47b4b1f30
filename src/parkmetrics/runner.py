"""The yearly run: execute the assessment notebook per year and publish its report safely.

Each year is built in ``reports/.<year>.partial/`` (same file system as the target), then
published by renames: old report → ``.<year>.backup``, partial → ``<year>``, backup deleted. A
failed year goes to ``reports/<year>.FAILED/`` and never touches ``reports/<year>/``. Whatever a
crash, kill or interrupt leaves behind is put right by ``recover`` at the start of the next run.
Years run in child processes (``--jobs`` at a time) so a dying kernel or an interrupt never takes
the batch down with it; a lock file keeps two scheduled runs from building into one folder.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import multiprocessing.connection
import os
import shutil
import signal
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TextIO

from parkmetrics import manifest as mf

log = logging.getLogger("parkmetrics.run")

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2
NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "yearly_assessment.py"
DEFAULT_EXECUTION_TIMEOUT = 600  # seconds per cell: generous, but a hung kernel must not hang cron
LOCK_NAME = ".parkmetrics-run.lock"
_POLL_SECONDS = 0.25


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


@dataclass
class YearResult:
    """How one year ended: ``ok``, ``skipped``, ``failed`` or ``interrupted``."""

    year: int
    status: str
    message: str = ""
    seconds: float = 0.0
    cell: int | None = None

    def summary(self) -> str:
        """The one summary line of this year for logs and the terminal."""
        text = {"ok": "ok", "skipped": "skipped (unchanged)"}.get(self.status, self.status.upper())
        line = f"{self.year}: {text}"
        if self.seconds:
            line += f" in {self.seconds:.1f}s"
        return f"{line} — {self.message}" if self.message else line


# --------------------------------------------------------------------------- folders and recovery


def partial_dir(out_dir: Path, year: int) -> Path:
    """Where a year is built before it is published."""
    return out_dir / f".{year}.partial"


def backup_dir(out_dir: Path, year: int) -> Path:
    """Where the previous report waits during the swap."""
    return out_dir / f".{year}.backup"


def failed_dir(out_dir: Path, year: int) -> Path:
    """Where a failed year's notebook and manifest are kept."""
    return out_dir / f"{year}.FAILED"


def recover(out_dir: Path) -> list[str]:
    """Put right what an interrupted run left in ``out_dir``; returns what was done.

    A backup whose report is missing means the swap stopped between its two renames: the backup
    is the last good report and goes back. A backup next to a report is stale. Partial builds are
    never complete (their manifest is written last, and they are not at ``<year>/``): deleted.
    """
    done: list[str] = []
    if not out_dir.is_dir():
        return done
    for path in sorted(out_dir.iterdir()):
        name = path.name
        if name.startswith(".") and name.endswith(".backup"):
            final = out_dir / name[1 : -len(".backup")]
            if final.exists():
                shutil.rmtree(path)
                done.append(f"removed stale backup {name}")
            else:
                os.rename(path, final)
                done.append(f"restored {final.name} from an interrupted swap")
        elif name.startswith(".") and (name.endswith(".partial") or name.endswith(".failing")):
            shutil.rmtree(path, ignore_errors=True)
            done.append(f"removed unfinished build {name}")
    return done


def publish(build: Path, final: Path) -> None:
    """Replace ``final`` by ``build`` with renames only, so ``final`` is never half-written."""
    backup = final.with_name(f".{final.name}.backup")
    if backup.exists():  # left by a crash; recover() normally got it first
        shutil.rmtree(backup)
    if final.exists():
        os.rename(final, backup)
    os.rename(build, final)
    shutil.rmtree(backup, ignore_errors=True)


@contextlib.contextmanager
def run_lock(out_dir: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``out_dir`` (POSIX); a second concurrent run fails at once."""
    out_dir.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks here; schedulers there run one job anyway
        yield
        return
    with (out_dir / LOCK_NAME).open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise RunParameterError(
                f"another parkmetrics run is writing into {out_dir} (lock {LOCK_NAME})"
            ) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# --------------------------------------------------------------------------- parameters


def discover_years(data_dir: Path) -> list[int]:
    """The years with a folder in ``data_dir`` (folders named by four digits)."""
    return sorted(int(p.name) for p in data_dir.iterdir() if p.is_dir() and p.name.isdigit())


def make_jobs(
    years: Sequence[int] | None,
    data_dir: Path | None,
    out_dir: Path,
    rules_path: Path | None = None,
    notebook: Path | None = None,
    execution_timeout: int = DEFAULT_EXECUTION_TIMEOUT,
    exports: bool = True,
) -> list[YearJob]:
    """Check the run's parameters before any kernel starts; one job per year, in year order."""
    data_dir = Path(data_dir if data_dir is not None else "data").resolve()
    notebook = Path(notebook or NOTEBOOK).resolve()
    if not data_dir.is_dir():
        raise RunParameterError(f"data folder not found: {data_dir}")
    known = discover_years(data_dir)
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
    if rules_path is not None and not Path(rules_path).is_file():
        raise RunParameterError(f"rules file not found: {rules_path}")
    if not notebook.is_file():
        raise RunParameterError(f"notebook not found: {notebook}")
    rules = Path(rules_path).resolve() if rules_path is not None else None
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


def write_products(job: YearJob, build: Path, executed: Path) -> list[str]:
    """Write tables, charts, briefing and HTML of a year into ``build``; returns file names."""
    import nbformat

    from parkmetrics import export

    if job.exports:
        results = export.compute(job.year, job.data_dir, job.rules_path)
        export.write_tables(results, build)
        charts = export.write_charts(results, build)
        export.write_briefing(results, charts, build / export.BRIEFING_NAME)
    title = f"{job.year} 年度园区建设专项绩效自评分析"
    export.write_html(nbformat.read(executed, as_version=4), build / export.HTML_NAME, title)
    return sorted(p.relative_to(build).as_posix() for p in build.rglob("*") if p.is_file())


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


def build_year(job: YearJob) -> YearResult:
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
        executed = execute_notebook(job, build)
        manifest["outputs"] = write_products(job, build, executed)
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


def keep_failure(build: Path, out_dir: Path, year: int, manifest: dict[str, Any]) -> None:
    """Move a failed build to ``<year>.FAILED/`` with its notebook renamed unmistakably."""
    target = failed_dir(out_dir, year)
    try:
        executed = build / f"{year}.ipynb"
        if executed.exists():
            os.rename(executed, build / f"{year}.FAILED.ipynb")
        mf.write_manifest(build, manifest)
        shutil.rmtree(target, ignore_errors=True)
        os.rename(build, target)
    except OSError as error:  # e.g. the disk is still full: keep nothing rather than a half
        log.warning("%s: could not keep the failed build (%s); removed it", year, error)
        shutil.rmtree(build, ignore_errors=True)


def _worker(job: YearJob, conn: Any) -> None:
    """Child-process entry: build one year and send the result back to the parent."""
    # Ctrl-C reaches the whole process group; the parent decides what stops, not each child.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    logging.getLogger("papermill").setLevel(logging.WARNING)
    try:
        result = build_year(job)
    except BaseException as error:  # still tell the parent something useful
        result = YearResult(job.year, "failed", describe_failure(error)[0])
    conn.send(asdict(result))
    conn.close()


# --------------------------------------------------------------------------- the batch


class Progress:
    """Progress of a batch: a redrawn status line on a terminal, plain log lines otherwise."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.drawn = False

    def event(self, text: str) -> None:
        """Report something that happened (a year started, ended, was skipped)."""
        if self.tty:
            self._clear()
            self.stream.write(f"{text}\n")
        else:
            self.stream.write(f"{mf.utc_now()} parkmetrics run: {text}\n")
        self.stream.flush()

    def status(self, running: dict[int, float], done: int, total: int) -> None:
        """Redraw the status line (terminal only): years running and for how long."""
        if not self.tty or not running:
            return
        now = time.monotonic()
        busy = ", ".join(f"{y} {now - t:.0f}s" for y, t in sorted(running.items()))
        self.stream.write(f"\r\x1b[K[{done}/{total}] running: {busy}")
        self.stream.flush()
        self.drawn = True

    def _clear(self) -> None:
        if self.drawn:
            self.stream.write("\r\x1b[K")
            self.drawn = False


@contextlib.contextmanager
def _interrupts() -> Iterator[list[int]]:
    """Turn SIGINT/SIGTERM into a flag the batch loop checks (and restore handlers after)."""
    received: list[int] = []

    def handler(signum: int, _frame: Any) -> None:
        received.append(signum)

    previous = {s: signal.signal(s, handler) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield received
    finally:
        for signum, old in previous.items():
            signal.signal(signum, old)


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
            else:
                pending.append(job)
        results |= _run_parallel(pending, max(1, jobs), progress, len(all_jobs), len(results))
        for note in recover(out_dir):  # after an interrupt: no partial folder stays behind
            log.info("cleaned up: %s", note)
    return [results[job.year] for job in all_jobs]


def _run_parallel(
    pending: list[YearJob], jobs: int, progress: Progress, total: int, done: int
) -> dict[int, YearResult]:
    """Run jobs in child processes, at most ``jobs`` at a time; stop all on SIGINT/SIGTERM."""
    context = multiprocessing.get_context("spawn")  # no forked copies of threads or sockets
    results: dict[int, YearResult] = {}
    running: dict[int, tuple[Any, Any, float]] = {}  # year -> (process, connection, start)
    queue = list(pending)
    with _interrupts() as received:
        while (queue or running) and not received:
            while queue and len(running) < jobs:
                job = queue.pop(0)
                parent_end, child_end = context.Pipe(duplex=False)
                process = context.Process(target=_worker, args=(job, child_end), daemon=True)
                process.start()
                child_end.close()
                running[job.year] = (process, parent_end, time.monotonic())
                progress.event(f"{job.year}: started")
            sentinels = [p.sentinel for p, _, _ in running.values()]
            multiprocessing.connection.wait(sentinels, timeout=_POLL_SECONDS)
            for year, (process, conn, start) in list(running.items()):
                if process.is_alive():
                    continue
                results[year] = _collect(year, process, conn, start)
                del running[year]
                done += 1
                progress.event(results[year].summary())
            progress.status({y: s for y, (_, _, s) in running.items()}, done, total)
        if received:
            name = signal.Signals(received[0]).name
            for year, (process, _conn, start) in running.items():
                process.kill()  # its kernel notices its parent is gone and exits (ipykernel)
                process.join()
                results[year] = YearResult(
                    year, "interrupted", f"stopped by {name}", time.monotonic() - start
                )
                progress.event(results[year].summary())
            for job in queue:
                results[job.year] = YearResult(job.year, "interrupted", f"not started ({name})")
    return results


def _collect(year: int, process: Any, conn: Any, start: float) -> YearResult:
    """The result a finished worker sent, or a failure saying how the worker died."""
    process.join()
    try:
        if conn.poll():
            return YearResult(**conn.recv())
    except (EOFError, OSError):
        pass
    finally:
        conn.close()
    return YearResult(
        year,
        "failed",
        f"worker process died (exit code {process.exitcode})",
        time.monotonic() - start,
    )


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
    except RunParameterError as error:
        print(f"parkmetrics run: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    for result in results:
        print(result.summary())
    return exit_code(results)


def exit_code(results: Sequence[YearResult]) -> int:
    """0 when every year is ok or skipped, else 1 (a year failed or was interrupted)."""
    return EXIT_OK if all(r.status in ("ok", "skipped") for r in results) else EXIT_FAILED
