"""Benchmark: a cold yearly run of 2022 against a skipped (incremental) rerun.

    .venv/bin/python benchmarks/bench_run.py [--repeat N] [--year 2022] [--data data]

Each repetition builds the year into a fresh output folder (cold: kernel, notebook, charts,
tables, briefing, HTML), then runs again into the same folder, where nothing changed and the year
is skipped. Prints the median of each over N repetitions and their ratio; the baseline is the
cold run measured in this same process, so the ratio does not depend on the machine's speed.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

from parkmetrics.run import runner

ROOT = Path(__file__).resolve().parents[1]


def timed_run(year: int, data: Path, out: Path) -> tuple[float, str]:
    """Seconds taken by one ``run_years`` call, and the year's status."""
    quiet = runner.Progress(io.StringIO())  # progress lines would only add noise to the table
    start = time.perf_counter()
    [result] = runner.run_years([year], data, out, progress=quiet)
    return time.perf_counter() - start, result.status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="repetitions (default 3)")
    parser.add_argument("--year", type=int, default=2022)
    parser.add_argument("--data", type=Path, default=ROOT / "data")
    args = parser.parse_args(argv)

    cold, skipped = [], []
    for repetition in range(1, args.repeat + 1):
        with tempfile.TemporaryDirectory(prefix="bench-run-") as tmp:
            out = Path(tmp) / "reports"
            seconds, status = timed_run(args.year, args.data, out)
            if status != "ok":
                print(f"cold run {repetition}: {status}", file=sys.stderr)
                return 1
            cold.append(seconds)
            seconds, status = timed_run(args.year, args.data, out)
            if status != "skipped":
                print(f"second run {repetition}: {status}, expected skipped", file=sys.stderr)
                return 1
            skipped.append(seconds)
        print(f"repetition {repetition}: cold {cold[-1]:.2f} s, skipped {skipped[-1]:.3f} s")

    cold_median, skipped_median = statistics.median(cold), statistics.median(skipped)
    print(f"year {args.year}, {args.repeat} repetitions (medians)")
    print(f"  cold run     {cold_median:8.3f} s   (baseline)")
    print(f"  skipped run  {skipped_median:8.3f} s   ratio {skipped_median / cold_median:.4f}")
    print(f"  the skipped run takes 1/{cold_median / skipped_median:.0f} of the cold run")
    return 0


if __name__ == "__main__":
    sys.exit(main())
