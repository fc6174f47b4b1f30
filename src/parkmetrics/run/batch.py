"""Running years in child processes: at most ``jobs`` at a time, progress, interrupts.

Each year runs in its own process (``spawn``), so a dying kernel or a crash in one year never
takes the batch down, and an interrupt can stop every running year at once: the parent kills
its workers, and each worker's kernel exits when it sees its parent gone (ipykernel polls it).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.connection
import signal
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TextIO

from parkmetrics.run import manifest as mf

_POLL_SECONDS = 0.25


@dataclass
class YearResult:
    """How one year ended: ``ok``, ``skipped``, ``failed`` or ``interrupted``."""

    year: int
    status: str
    message: str = ""
    seconds: float = 0.0
    cell: int | None = None
    series: str | None = None

    @property
    def name(self) -> str:
        """``2022``, or ``<series>/2022`` for a year of a named series."""
        return str(self.year) if self.series is None else f"{self.series}/{self.year}"

    def summary(self) -> str:
        """The one summary line of this year for logs and the terminal."""
        text = {"ok": "ok", "skipped": "skipped (unchanged)"}.get(self.status, self.status.upper())
        line = f"{self.name}: {text}"
        if self.seconds:
            line += f" in {self.seconds:.1f}s"
        return f"{line} — {self.message}" if self.message else line


class Progress:
    """Progress of a batch: a redrawn status line on a terminal, plain log lines otherwise."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.line = ""

    def event(self, text: str) -> None:
        """Report something that happened (a year started, ended, was skipped)."""
        if self.tty:
            self._clear()
            self.stream.write(f"{text}\n")
        else:
            self.stream.write(f"{mf.utc_now()} parkmetrics run: {text}\n")
        self.stream.flush()

    def status(self, running: dict[str, tuple[str, float]], done: int, total: int) -> None:
        """Redraw the status line (terminal only): each running year, its phase and time."""
        if not self.tty or not running:
            return
        now = time.monotonic()
        busy = ", ".join(f"{y} {p} {now - t:.0f}s" for y, (p, t) in sorted(running.items()))
        line = f"[{done}/{total}] {busy}"
        if line != self.line:
            self.stream.write(f"\r\x1b[K{line}")
            self.stream.flush()
            self.line = line

    def _clear(self) -> None:
        if self.line:
            self.stream.write("\r\x1b[K")
            self.line = ""


@dataclass
class _Running:
    """A year being built in a child process, as the parent sees it."""

    process: Any
    conn: Any
    start: float
    phase: str = "starting"
    result: YearResult | None = None
    # the worker closed its end: a pipe at end-of-file is always "ready", so waiting on it
    # again would spin the parent at full CPU until the worker process has exited
    closed: bool = False

    def drain(self) -> None:
        """Read what the worker sent so far: phase changes and, at the end, its result."""
        try:
            while self.conn.poll():
                message = self.conn.recv()
                self.phase = message.get("phase", self.phase)
                if "result" in message:
                    self.result = YearResult(**message["result"])
        except (EOFError, OSError):  # the worker is gone; is_alive() tells the rest
            self.closed = True


@contextlib.contextmanager
def interrupts() -> Iterator[list[int]]:
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


def run_parallel(
    pending: Sequence[Any],
    jobs: int,
    worker: Callable[[Any, Any], None],
    progress: Progress,
    total: int,
    done: int,
) -> dict[str, YearResult]:
    """Run jobs in child processes, at most ``jobs`` at a time; stop all on SIGINT/SIGTERM.

    Results are keyed by the job's ``name`` (``2022`` or ``<series>/2022``).
    """
    context = multiprocessing.get_context("spawn")  # no forked copies of threads or sockets
    results: dict[str, YearResult] = {}
    running: dict[str, tuple[Any, _Running]] = {}
    queue = list(pending)
    with interrupts() as received:
        while (queue or running) and not received:
            while queue and len(running) < jobs:
                job = queue.pop(0)
                parent_end, child_end = context.Pipe(duplex=False)
                process = context.Process(target=worker, args=(job, child_end), daemon=True)
                process.start()
                child_end.close()
                running[job.name] = (job, _Running(process, parent_end, time.monotonic()))
                progress.event(f"{job.name}: started")
            waitables = [r.process.sentinel for _, r in running.values()]
            waitables += [r.conn for _, r in running.values() if not r.closed]
            multiprocessing.connection.wait(waitables, timeout=_POLL_SECONDS)
            for name, (job, run) in list(running.items()):
                run.drain()
                if run.process.is_alive():
                    continue
                run.process.join()
                run.drain()
                run.conn.close()
                results[name] = run.result or YearResult(
                    job.year,
                    "failed",
                    f"worker process died (exit code {run.process.exitcode})",
                    time.monotonic() - run.start,
                    series=job.series,
                )
                del running[name]
                done += 1
                progress.event(results[name].summary())
            progress.status({n: (r.phase, r.start) for n, (_, r) in running.items()}, done, total)
        if received:
            name = signal.Signals(received[0]).name
            for key, (job, run) in running.items():
                run.process.kill()  # its kernel notices its parent is gone and exits (ipykernel)
                run.process.join()
                results[key] = YearResult(
                    job.year, "interrupted", f"stopped by {name}", time.monotonic() - run.start,
                    series=job.series,
                )  # fmt: skip
                progress.event(results[key].summary())
            for job in queue:
                results[job.name] = YearResult(
                    job.year, "interrupted", f"not started ({name})", series=job.series
                )
    return results
