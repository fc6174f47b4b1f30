"""A run's child processes die with it and never write after it is gone.

A worker (one year, ``batch``) and the kernel it starts are tied to their parent three ways:

- each worker leaves the terminal's process group, so Ctrl-C or a group signal reaches only the
  parent, which alone decides what stops (it kills its workers); workers and kernels ignore the
  stop signals, so a signal sent to every process of the job (systemd) stops it the same way;
- on Linux each worker and each kernel asks the kernel for ``SIGKILL`` when its parent dies
  (``PR_SET_PDEATHSIG``), so ``kill -9`` of the run takes them along at once;
- a worker checks that its parent is the one that started it (``os.getppid()`` unchanged)
  before it publishes or keeps a failure, and leaves without touching anything otherwise.

Both inherit the run's locked descriptor (``lock``), so the reports folder stays locked until
the last of them has exited.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
from dataclasses import dataclass
from multiprocessing import reduction
from typing import Any

from parkmetrics.run import signals
from parkmetrics.run.lean import FEWER_FULL_COLLECTIONS

EXIT_ORPHANED = 3  # a worker whose run is gone leaves with this, writing nothing
_PR_SET_PDEATHSIG = 1

_parent: int | None = None  # the run's pid, in a worker
_inherited: tuple[int, ...] = ()  # descriptors a worker passes on to its kernel (the lock)


def _load_prctl() -> Any:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return libc.prctl
    except (OSError, AttributeError):
        return None


_prctl = _load_prctl()  # resolved once: die_with_parent runs between fork and exec


def die_with_parent() -> None:
    """Ask for SIGKILL when the parent exits (Linux; elsewhere a no-op)."""
    if _prctl is not None:
        _prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)


@dataclass(frozen=True)
class Lineage:
    """What a worker inherits from its run: the run's pid and the locked descriptor."""

    parent_pid: int
    lock_fd: int | None = None

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled for a spawned child: DupFd hands the very descriptor (same open file, so the
        # same flock) to the child, as multiprocessing does for its pipes.
        if self.lock_fd is None:
            return (Lineage, (self.parent_pid, None))
        return (_rebuild, (self.parent_pid, reduction.DupFd(self.lock_fd)))


def _rebuild(parent_pid: int, dup: Any) -> Lineage:
    return Lineage(parent_pid, dup.detach())


def adopt(lineage: Lineage | None) -> None:
    """Worker start: own process group, die with the parent, remember it and the lock."""
    global _parent, _inherited
    # Ctrl-C on a terminal signals the whole foreground process group. The parent alone decides
    # what stops, so a worker leaves the group, and ignores SIGINT where it cannot: otherwise
    # nbclient would shut the kernel down and the year would look failed.
    if hasattr(os, "setpgrp"):
        os.setpgrp()
    # The other stop signals too, and the kernel inherits that (SIG_IGN survives exec): a
    # service manager stopping the job signals every process of it (systemd's control group),
    # and a kernel or worker dying of it would turn the stop into a failed year.
    for signum in signals.STOP_SIGNALS:
        signal.signal(signum, signal.SIG_IGN)
    if lineage is None:
        return
    die_with_parent()
    _parent = lineage.parent_pid
    _inherited = () if lineage.lock_fd is None else (lineage.lock_fd,)
    exit_if_orphaned()  # the parent may have died before the death signal was asked for


def orphaned() -> bool:
    """True in a worker whose run has gone (it was re-parented)."""
    return _parent is not None and os.getppid() != _parent


def exit_if_orphaned() -> None:
    """Leave at once, writing nothing, when the run that started this worker is gone: the
    reports folder may already belong to a new run."""
    if orphaned():
        os._exit(EXIT_ORPHANED)


def sender(conn: Any) -> Any:
    """``conn.send`` for a worker: a parent gone mid-send means leave, not a traceback."""

    def send(message: Any) -> None:
        try:
            conn.send(message)
        except OSError:
            os._exit(EXIT_ORPHANED)

    return send


# The kernel's command, ``python -m ipykernel_launcher -f …``, with debugpy marked absent first:
# ipykernel imports it at start for its debugger (about 0.1 s of CPU per kernel), which a
# notebook run by papermill never attaches; ipykernel runs without it, as when not installed.
# The kernel, one report's, also makes fewer full collections (``lean.FEWER_FULL_COLLECTIONS``)
# and, once ipykernel has answered the shutdown request and stopped, leaves by ``os._exit``
# as a worker does: IPython's exit handler resets the namespace and ends in a full
# collection (about 0.2 s of CPU) for a process whose outputs are all sent and written.
_LAUNCHER = ("-m", "ipykernel_launcher")
_LEAN_LAUNCHER = (
    "-c",
    f"{FEWER_FULL_COLLECTIONS}; import os, runpy, sys; sys.modules.setdefault('debugpy', None); "
    "runpy.run_module('ipykernel_launcher', run_name='__main__', alter_sys=True); "
    "sys.__stdout__.flush(); sys.__stderr__.flush(); os._exit(0)",
)


def lean_kernel_command(command: list[str]) -> list[str]:
    """``command`` with the lean launcher when it is ipykernel's standard one, else as it is
    (a kernel spec of its own is left alone)."""
    if tuple(command[1:3]) != _LAUNCHER:
        return command
    return [command[0], *_LEAN_LAUNCHER, *command[3:]]


def kernel_manager_options() -> dict[str, Any]:
    """papermill's kernel manager for the run: IPC sockets, tied to the worker's life, and the
    lean launcher (``lean_kernel_command``).

    IPC on POSIX: parallel kernels cannot race for TCP ports (papermill#511: picking a free port
    and binding it are two steps; IPC endpoints are files named after the unique connection
    file). The kernel gets SIGKILL when its worker dies and shares the run's lock descriptor.
    """
    if os.name != "posix":
        return {}
    from jupyter_client.manager import AsyncKernelManager

    class RunKernelManager(AsyncKernelManager):
        def __init__(self, **kwargs: Any) -> None:
            super().__init__(transport="ipc", **kwargs)

        async def _async_launch_kernel(self, kernel_cmd: list[str], **kw: Any) -> None:
            kw.setdefault("preexec_fn", die_with_parent)
            if _inherited:
                kw["pass_fds"] = tuple(kw.get("pass_fds", ())) + _inherited
            await super()._async_launch_kernel(lean_kernel_command(kernel_cmd), **kw)

    return {"kernel_manager_class": RunKernelManager}
