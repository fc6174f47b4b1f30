"""Running reports as tasks of a Dask cluster (``parkmetrics run --executor dask``).

One task per (series, year), each the same ``build_year`` the local worker processes run, so
publishing, failure folders and manifests follow the same rules: a task builds its report in
``reports/[<series>/].<year>.partial/`` next to the target and publishes it by renames, which is
why the data and reports folders must be the same paths on every worker (a shared file system).
A failing report is a result (``build_year`` never raises for it), not a task error; a task whose
worker is lost is run again once elsewhere (the scheduler's ``allowed-failures``), and a second
loss fails that report alone. Without a scheduler address the run starts a ``LocalCluster``.

``dask.distributed`` is an optional dependency: ``pip install "parkmetrics[dask]"``.
"""

from __future__ import annotations

import contextlib
import signal
import uuid
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from parkmetrics.run.batch import Progress, YearResult

# A task lost with its worker is rescheduled this many times before it fails (Dask's default
# is 3; once is enough to ride out one dead machine, and a report that kills workers stops).
ALLOWED_FAILURES = 1
INSTALL_HINT = 'the Dask executor needs dask.distributed: pip install "parkmetrics[dask]"'


def _task(build: Callable[[Any], YearResult], job: Any) -> tuple[YearResult, str]:
    """One report on a Dask worker: the result and the address of the worker that built it."""
    from distributed import get_worker

    return build(job), get_worker().address


@contextlib.contextmanager
def _client(scheduler: str | None, workers: int) -> Iterator[Any]:
    """A client of the scheduler at ``scheduler``, or of a new ``LocalCluster``."""
    try:
        import dask
        from distributed import Client, LocalCluster
    except ImportError as error:  # pragma: no cover - the extra is installed in the tests
        raise RuntimeError(INSTALL_HINT) from error
    with dask.config.set({"distributed.scheduler.allowed-failures": ALLOWED_FAILURES}):
        if scheduler:
            with Client(scheduler) as client:
                yield client
            return
        # One thread per worker process: a report runs a kernel of its own, and two reports
        # in one process would share matplotlib's and papermill's process-wide state.
        with (
            LocalCluster(
                n_workers=max(1, workers),
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
            ) as cluster,
            Client(cluster) as client,
        ):
            yield client


def run_dask(
    pending: Sequence[Any],
    build: Callable[[Any], YearResult],
    progress: Progress,
    scheduler: str | None = None,
    workers: int = 1,
) -> dict[str, YearResult]:
    """Run ``build(job)`` for every job as a Dask task; results keyed by the job's name.

    Each finished report is logged with the worker that built it. Ctrl-C cancels what has not
    finished; those reports are ``interrupted``, the ones already published stay.
    """
    from distributed import as_completed

    results: dict[str, YearResult] = {}
    batch = uuid.uuid4().hex[:8]  # task keys unique per run: a shared scheduler keeps old ones
    with _client(scheduler, workers) as client:
        futures = {
            client.submit(_task, build, job, key=f"parkmetrics-{job.name}-{batch}", pure=False): job
            for job in pending
        }
        for job in pending:
            progress.event(f"{job.name}: submitted")
        try:
            for future in as_completed(futures):
                job = futures[future]
                try:
                    result, worker = future.result()
                    progress.event(f"{job.name}: built on {worker}")
                except Exception as error:  # a worker lost twice (KilledWorker), or similar
                    reason = f"Dask task failed: {type(error).__name__}: {error}"
                    result = YearResult(job.year, "failed", reason, series=job.series)
                results[job.name] = result
                progress.event(result.summary())
        except KeyboardInterrupt as stop:  # Ctrl-C, or any stop signal (signals.Stopped)
            client.cancel(list(futures))
            signum = getattr(stop, "signum", signal.SIGINT)
            for job in pending:
                if job.name not in results:
                    results[job.name] = YearResult(
                        job.year, "interrupted", f"stopped by {signal.Signals(signum).name}",
                        series=job.series, signal=signum,
                    )  # fmt: skip
                    progress.event(results[job.name].summary())
    return results
