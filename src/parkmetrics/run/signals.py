"""The signals that stop a run, and the exit status a stopped run ends with.

SIGINT (Ctrl-C), SIGTERM (a scheduler stopping the job), SIGHUP (the terminal closed) and SIGQUIT
(Ctrl-\\) all stop the batch the same way, through the parent: it kills its workers (their
kernels die with them), cleans up the build folders, prints one summary line per year and a
closing line, and exits with ``128 + signal number`` as a shell reports a process killed by
that signal (130 SIGINT, 143 SIGTERM, 129 SIGHUP, 131 SIGQUIT), so cron, systemd and shell
scripts can tell "stopped" from "a year failed" (1).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import Any, TextIO

_NAMES = ("SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT")  # SIGHUP and SIGQUIT are POSIX only
STOP_SIGNALS = tuple(getattr(signal, n) for n in _NAMES if hasattr(signal, n))


def exit_status(signum: int) -> int:
    """The exit status of a command stopped by ``signum``: 128 + its number."""
    return 128 + int(signum)


def name(signum: int) -> str:
    """``SIGTERM`` for 15."""
    return signal.Signals(signum).name


class Stopped(KeyboardInterrupt):
    """A stop signal arrived outside the batch loop. A KeyboardInterrupt, so code that already
    stops cleanly on Ctrl-C (the Dask executor) stops cleanly on any of them."""

    def __init__(self, signum: int) -> None:
        super().__init__(name(signum))
        self.signum = int(signum)


def _install(handler: Any) -> dict[int, Any]:
    return {s: signal.signal(s, handler) for s in STOP_SIGNALS}


def _restore(previous: dict[int, Any]) -> None:
    for signum, old in previous.items():
        signal.signal(signum, old)


@contextlib.contextmanager
def raising() -> Iterator[None]:
    """For a whole command: any stop signal raises ``Stopped`` where the parent is."""

    def handler(signum: int, _frame: Any) -> None:
        raise Stopped(signum)

    previous = _install(handler)
    try:
        yield
    finally:
        _restore(previous)


@contextlib.contextmanager
def flagged() -> Iterator[list[int]]:
    """For the batch loop: a stop signal only appends its number to the list the loop checks."""
    received: list[int] = []

    def handler(signum: int, _frame: Any) -> None:
        received.append(signum)

    previous = _install(handler)
    try:
        yield received
    finally:
        _restore(previous)


def closing_line(results: Sequence[Any], code: int) -> str:
    """The last line of a stopped run: which signal, how every report ended, the exit status."""
    signum = next(r.signal for r in results if getattr(r, "signal", None))
    counts = Counter(r.status for r in results)
    done = ", ".join(
        f"{counts[s]} {s}" for s in ("ok", "skipped", "failed", "interrupted") if counts[s]
    )
    return f"stopped by {name(signum)}: {done} (exit {code})"


def say(text: str, stream: TextIO | None = None) -> None:
    """Print a line; when the terminal or the reader is gone (SIGHUP, a closed pipe), drop it
    and point the stream at /dev/null, so the exit path stays free of tracebacks."""
    stream = stream or sys.stdout
    try:
        print(text, file=stream, flush=True)
    except (OSError, ValueError):
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())
