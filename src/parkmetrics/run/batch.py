"""Running years in child processes: at most ``jobs`` at a time, progress, interrupts.

Each year runs in its own process (``spawn``), so a dying kernel or a crash in one year never
takes the batch down, and a stop signal (``signals``) can stop every running year at once: the
parent kills its workers, and each worker's kernel dies with it (``processes``).
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TextIO

from parkmetrics.run import manifest as mf
from parkmetrics.run import signals

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
    signal: int | None = None  # the stop signal of an interrupted year

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
            self._write(f"{text}\n")
        else:
            self._write(f"{mf.utc_now()} parkmetrics run: {text}\n")

    def _write(self, text: str) -> None:
        # The terminal may be gone (SIGHUP: EIO) or the reader of a pipe (EPIPE): the batch
        # must still stop cleanly and leave its summary to whoever still listens.
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):
            self.stream = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
            self.tty = False

    def status(self, running: dict[str, tuple[str, float]], done: int, total: int) -> None:
        """Redraw the status line (terminal only): each running year, its phase and time."""
        if not self.tty or not running:
            return
        now = time.monotonic()
        busy = ", ".join(f"{y} {p} {now - t:.0f}s" for y, (p, t) in sorted(running.items()))
        line = f"[{done}/{total}] {busy}"
        if line != self.line:
            self._write(f"\r\x1b[K{line}")
            self.line = line

    def _clear(self) -> None:
        if self.line:
            self._write("\r\x1b[K")
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


def run_parallel(
    pending: Sequence[Any],
    jobs: int,
    worker: Callable[[Any, Any], None],
    progress: Progress,
    total: int,
    done: int,
    lineage: Any = None,
) -> dict[str, YearResult]:
    """Run jobs in child processes, at most ``jobs`` at a time; stop all on a stop signal
    (``signals.STOP_SIGNALS``). ``worker(job, conn, lineage)`` runs in the child.

    Results are keyed by the job's ``name`` (``2022`` or ``<series>/2022``).
    """
    context = multiprocessing.get_context("spawn")  # no forked copies of threads or sockets
    results: dict[str, YearResult] = {}
    running: dict[str, tuple[Any, _Running]] = {}
    queue = list(pending)
    with signals.flagged() as received:
        while (queue or running) and not received:
            while queue and len(running) < jobs:
                job = queue.pop(0)
                parent_end, child_end = context.Pipe(duplex=False)
                args = (job, child_end, lineage)
                process = context.Process(target=worker, args=args, daemon=True)
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
            signum = received[0]
            name = signals.name(signum)
            for key, (job, run) in running.items():
                run.process.kill()  # its kernel dies with it (processes.die_with_parent)
                run.process.join()
                results[key] = YearResult(
                    job.year, "interrupted", f"stopped by {name}", time.monotonic() - run.start,
                    series=job.series, signal=signum,
                )  # fmt: skip
                progress.event(results[key].summary())
            for job in queue:
                results[job.name] = YearResult(
                    job.year, "interrupted", f"not started ({name})", series=job.series,
                    signal=signum,
                )
    return results
