"""The reports folder's lock: one writer at a time, held until the last child process is gone.

Every command that writes into a reports folder (``run``, ``briefing``) takes it. The lock is an
``flock`` on ``reports/.parkmetrics-run.lock``; the file records the pid of the command holding
it. A run's workers (and their kernels) inherit the locked descriptor, and ``flock`` belongs to
the open file, not the process, so the lock stays taken until *every* process sharing it has
exited: a killed run's dying children still hold it, and a new run waits for them (a few
milliseconds: they die with their parent) instead of racing them for the build folders. A lock
held by a live command is refused at once.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

LOCK_NAME = ".parkmetrics-run.lock"
# How long a new command waits for the children of a killed one to exit. They are killed with
# their parent (processes.die_with_parent); ipykernel's own check of its parent takes ~1 s.
ORPHAN_WAIT_SECONDS = 30.0
_POLL_SECONDS = 0.05
_held: set[Path] = set()  # folders this process holds: a nested take is refused, not awaited


class RunLockedError(RuntimeError):
    """Another run holds the output folder."""


class RunLock:
    """A held lock on a reports folder; ``fd`` is the descriptor the children may inherit."""

    def __init__(self, folder: Path, fd: int | None) -> None:
        self.folder = folder
        self.fd = fd

    def wait_for_children(self, timeout: float = ORPHAN_WAIT_SECONDS) -> bool:
        """Close the descriptor the children share and take the lock again on a fresh one.

        That succeeds only once every child that inherited the descriptor has exited, so what
        follows (cleaning up build folders) never meets a still-running kernel. False when the
        children outlive ``timeout`` or another command took the lock in between.
        """
        if self.fd is None:
            return True
        os.close(self.fd)
        self.fd = None
        path = self.folder / LOCK_NAME
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.fd = _take(path)
                return True
            except FileNotFoundError:  # the folder was deleted: nothing left to clean up
                return False
            except BlockingIOError:
                holder = holder_pid(path)
                if time.monotonic() > deadline or (holder not in (None, os.getpid())):
                    return False
                time.sleep(_POLL_SECONDS)


def pid_alive(pid: int) -> bool:
    """True when process ``pid`` exists and is not a zombie (a killed parent not yet reaped)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # Linux: a zombie still answers kill(0) but runs nothing
        state = Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state not in ("Z", "X")


def holder_pid(path: Path) -> int | None:
    """The pid recorded in the lock file, or None when there is none (yet)."""
    try:
        return int(Path(path).read_text(encoding="ascii").strip() or "x")
    except (OSError, ValueError):
        return None


def _take(path: Path) -> int:
    """Open and ``flock`` the lock file without blocking; raises BlockingIOError when held."""
    import fcntl

    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BaseException:
        os.close(fd)
        raise
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
    return fd


def _acquire(folder: Path, wait: float, note: Callable[[str], None]) -> int:
    """Take the lock; wait for the children of a dead holder, refuse a live one at once."""
    path = folder / LOCK_NAME
    deadline = time.monotonic() + wait
    unknown_until = time.monotonic() + 1.0  # a holder that has locked but not written its pid
    noted = False
    while True:
        try:
            return _take(path)
        except BlockingIOError:
            pass
        holder = holder_pid(path)
        orphans = holder is not None and (holder == os.getpid() or not pid_alive(holder))
        if holder is None and time.monotonic() < unknown_until:
            orphans = True  # give it a moment to write its pid
        if not orphans:
            who = f" (pid {holder})" if holder is not None else ""
            raise RunLockedError(
                f"another parkmetrics command{who} is writing into {folder} (lock {LOCK_NAME})"
            )
        if time.monotonic() > deadline:
            raise RunLockedError(
                f"the processes of an earlier run (pid {holder}) still hold the lock on {folder} "
                f"after {wait:.0f}s"
            )
        if not noted and holder is not None and holder != os.getpid():
            note(f"waiting for the processes of a killed run (pid {holder}) to exit")
            noted = True
        time.sleep(_POLL_SECONDS)


@contextlib.contextmanager
def run_lock(
    out_dir: Path,
    *,
    wait: float = ORPHAN_WAIT_SECONDS,
    note: Callable[[str], None] = lambda _: None,
) -> Iterator[RunLock]:
    """Hold the exclusive lock on ``out_dir``: a live concurrent command fails at once, the dying
    children of a killed one are waited for (at most ``wait`` seconds)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    key = out_dir.resolve()
    if key in _held:
        raise RunLockedError(f"another run of this process is writing into {out_dir}")
    try:
        import fcntl  # noqa: F401
    except ImportError:  # Windows: no advisory locks here; schedulers there run one job anyway
        yield RunLock(out_dir, None)
        return
    lock = RunLock(out_dir, _acquire(out_dir, wait, note))
    _held.add(key)
    try:
        yield lock
    finally:
        _held.discard(key)
        if lock.fd is not None:
            # Closing (not LOCK_UN): unlocking would free it for every child sharing the file.
            os.close(lock.fd)
