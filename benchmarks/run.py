"""Every performance ratio of the yearly run beside its target, measured in one run.

    python benchmarks/run.py [--repeat 3] [--province 0.1,0.3,1] [--skip-province] [--quick]
                              [--only yearly,batch,province]

Each ratio compares two things measured here, alternately, as medians over ``--repeat``
repetitions, so a busy shared machine slows both sides alike. CPU times are user + system of
the command and every process under it (kernels, workers), from ``getrusage(RUSAGE_CHILDREN)``
of a small wrapper process; peak memory is the largest resident set of any one of them.

- cold yearly run (2022, fresh output folder) ÷ an empty notebook run by papermill with the same
  kernel — CPU; target ≤ 2.5
- cold yearly run ÷ the same library work in one plain process (``library_work.py``) — CPU;
  target ≤ 1.3
- 4 years (four one-year series: yearly reports only) with ``--jobs 2`` ÷ with ``--jobs 1`` —
  wall time; target ≤ 0.55
- no-op rerun of every year ÷ a bare ``import pandas, matplotlib.pyplot`` — wall; target ≤ 1
- synthetic province (``province.py``): load + validate + assess + audit ÷ ``pandas.read_csv`` of
  the same CSV files, at each scale in millions of figures, the two alternating report by report
  (which goes first alternates too) — wall; target ≤ 3, and the cost
  per figure flat across scales (linear: compared relative to read_csv's cost per figure at the
  same scale, so that the machine's speed drifting between scales cancels; the absolute spread
  is printed beside it)
- peak resident memory of one process of a yearly run; target ≤ 250 MiB
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
DATA = ROOT / "data"
YEAR = 2022
PY = sys.executable
MIB = 1024  # ru_maxrss is in KiB on Linux

# Runs a command and prints its descendants' resource use as JSON: the wrapper's own start-up
# is outside the figures (RUSAGE_CHILDREN covers only what it waited for).
_WRAPPER = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE).returncode
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"code": code, "wall": wall, "cpu": usage.ru_utime + usage.ru_stime,
                  "rss_kib": usage.ru_maxrss}))
"""


def measure(command: list[str], env: dict[str, str]) -> dict[str, float]:
    """Wall time, CPU time and peak RSS (KiB) of ``command`` and all its processes."""
    done = subprocess.run(
        [PY, "-c", _WRAPPER, *command], env=env, capture_output=True, text=True, check=True
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    if result["code"] != 0:
        raise RuntimeError(f"{' '.join(command)} exited {result['code']}: {done.stderr[-2000:]}")
    return result


def run_command(*args: str) -> list[str]:
    return [PY, "-m", "parkmetrics.cli", "run", *args]


def empty_notebook(folder: Path) -> Path:
    """An empty notebook (one empty code cell) for the python3 kernel."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells = [nbformat.v4.new_code_cell("")]
    path = folder / "empty.ipynb"
    nbformat.write(nb, path)
    return path


def medians(samples: dict[str, list[float]]) -> dict[str, float]:
    return {name: statistics.median(values) for name, values in samples.items()}


def alternate(repeat: int, cases: dict[str, Callable[[int], dict]], key: str) -> dict[str, float]:
    """Run each case ``repeat`` times, interleaved; the median of ``key`` per case."""
    samples: dict[str, list[float]] = {name: [] for name in cases}
    extra: dict[str, list[float]] = {}
    for n in range(repeat):
        for name, case in cases.items():
            result = case(n)
            samples[name].append(result[key])
            extra.setdefault(f"{name}:rss_kib", []).append(result["rss_kib"])
    return medians(samples) | {k: max(v) for k, v in extra.items()}


def yearly(tmp: Path, env: dict[str, str], repeat: int) -> dict[str, float]:
    """Cold yearly run, empty papermill run and the plain library work, CPU seconds."""
    empty = empty_notebook(tmp)
    cases = {
        "cold": lambda n: measure(
            run_command("--year", str(YEAR), "--data", str(DATA), "--out", str(tmp / f"c{n}")),
            env,
        ),
        "papermill": lambda n: measure(
            [
                PY,
                "-m",
                "papermill",
                str(empty),
                str(tmp / f"e{n}.ipynb"),
                "-k",
                "python3",
                "--no-progress-bar",
                "--cwd",
                str(tmp),
            ],
            env,
        ),
        "library": lambda n: measure(
            [
                PY,
                str(HERE / "library_work.py"),
                "--year",
                str(YEAR),
                "--data",
                str(DATA),
                "--out",
                str(tmp / f"l{n}"),
            ],
            env,
        ),
    }
    return alternate(repeat, cases, "cpu")


def batch(tmp: Path, env: dict[str, str], repeat: int) -> dict[str, float]:
    """4 yearly reports with --jobs 1 and --jobs 2 (wall), then the no-op rerun of them all
    against bare imports."""
    subprocess.run(
        [
            PY,
            str(HERE / "province.py"),
            str(tmp / "four"),
            "--series",
            "4",
            "--years",
            "1",
            "--figures-per-report",
            "0",
        ],
        check=True,
        capture_output=True,
        env=env,
    )
    # Four yearly reports: four series of one year each (the shipped 2022 report), so no trends
    # report (made for a series of two or more years) joins the batch as a fifth job — five
    # equal jobs on two workers cannot take less than 3/5 of the time of one worker.
    data = tmp / "four"
    out = {1: tmp / "j1", 2: tmp / "j2"}
    cases = {
        f"jobs{jobs}": (
            lambda n, jobs=jobs: measure(
                run_command(
                    "--data", str(data), "--out", str(out[jobs] / str(n)), "--jobs", str(jobs)
                ),
                env,
            )
        )
        for jobs in (1, 2)
    }
    result = alternate(repeat, cases, "wall")
    reports = out[1] / "0"  # complete reports of all four years: a rerun skips every one
    cases = {
        "noop": lambda n: measure(run_command("--data", str(data), "--out", str(reports)), env),
        "imports": lambda n: measure([PY, "-c", "import pandas, matplotlib.pyplot"], env),
    }
    return result | alternate(repeat, cases, "wall")


def province(tmp: Path, env: dict[str, str], scales: list[float]) -> list[dict[str, float]]:
    """Load + validate + assess + audit of a synthetic province against read_csv, per scale."""
    rows = []
    for millions in scales:
        series = max(1, round(150 * millions))
        folder = tmp / f"province-{millions}"
        subprocess.run(
            [PY, str(HERE / "province.py"), str(folder), "--series", str(series)],
            check=True,
            capture_output=True,
            env=env,
        )
        script = f"""
import json, time, pandas as pd
from pathlib import Path
import parkmetrics as pm
from parkmetrics.scoring.rules import load_rules
root = Path({str(folder)!r})
reports = pm.list_reports(root)
rules = load_rules()
def read(folder):
    for csv in sorted(folder.glob("*.csv")):
        pd.read_csv(csv, dtype=str, keep_default_na=False)
def pipeline(series, year):
    d = pm.load_year(year, root, series)
    pm.audit(d, rules, pm.assess(d, rules))
    return len(d.figures)
spent = {{"pipeline": 0.0, "read_csv": 0.0}}
def timed(name, work, *args):
    start = time.perf_counter()
    done = work(*args)
    spent[name] += time.perf_counter() - start
    return done
timed("read_csv", read, root / "vocabulary")
figures, seen = 0, set()
for n, (series, year) in enumerate(reports):
    base = root if series is None else root / series
    if series is not None and series not in seen:
        seen.add(series)
        timed("read_csv", read, base / "vocabulary")
    first, second = ("pipeline", "read_csv") if n % 2 == 0 else ("read_csv", "pipeline")
    for name in (first, second):
        if name == "pipeline":
            figures += timed(name, pipeline, series, year)
        else:
            timed(name, read, base / str(year))
print(json.dumps({{"figures": figures, **spent}}))
"""
        done = subprocess.run([PY, "-c", script], env=env, capture_output=True, text=True)
        if done.returncode:
            raise RuntimeError(done.stderr[-2000:])
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]) | {"millions": millions})
    return rows


def line(name: str, value: float, target: str, ok: bool) -> str:
    return f"  {name:<58} {value:8.3f}   target {target:<8} {'ok' if ok else 'MISSED'}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--province", default="0.1,0.3,1", help="scales in millions of figures")
    parser.add_argument("--skip-province", action="store_true")
    parser.add_argument(
        "--only", default="yearly,batch,province", help="parts to run (comma-separated)"
    )
    parser.add_argument(
        "--quick", action="store_true", help="one repetition, provinces of 0.01/0.03/0.1M figures"
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.repeat, args.province = 1, "0.01,0.03,0.1"
    parts = set(args.only.split(",")) - ({"province"} if args.skip_province else set())
    sys.stdout.reconfigure(line_buffering=True)  # each figure shows as soon as it is measured
    env = os.environ | {"PYTHONPATH": str(ROOT / "src")}
    print(f"parkmetrics benchmarks, {time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} CPUs, "
          f"load {os.getloadavg()[0]:.1f}, medians of {args.repeat}")  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="pm-bench-") as name:
        tmp = Path(name)
        if "yearly" in parts:
            _print_yearly(yearly(tmp, env, args.repeat))
        if "batch" in parts:
            _print_batch(batch(tmp, env, args.repeat))
        if "province" in parts:
            _print_province(province(tmp, env, [float(s) for s in args.province.split(",")]))
    return 0


def _print_yearly(y: dict[str, float]) -> None:
    print(f"cold yearly run {y['cold']:.2f} s CPU, empty papermill run {y['papermill']:.2f} s, "
          f"library work in one process {y['library']:.2f} s")  # fmt: skip
    print(line("cold run ÷ empty papermill run (CPU)", y["cold"] / y["papermill"], "≤ 2.5",
               y["cold"] / y["papermill"] <= 2.5))  # fmt: skip
    print(line("cold run ÷ same library work, plain process (CPU)", y["cold"] / y["library"],
               "≤ 1.3", y["cold"] / y["library"] <= 1.3))  # fmt: skip
    peak = y["cold:rss_kib"] / MIB
    print(line("peak RSS of one process of a yearly run (MiB)", peak, "≤ 250", peak <= 250))


def _print_batch(b: dict[str, float]) -> None:
    print(f"4 years: --jobs 1 {b['jobs1']:.1f} s, --jobs 2 {b['jobs2']:.1f} s wall; no-op "
          f"rerun {b['noop']:.2f} s, bare imports {b['imports']:.2f} s")  # fmt: skip
    print(line("4 years --jobs 2 ÷ --jobs 1 (wall)", b["jobs2"] / b["jobs1"], "≤ 0.55",
               b["jobs2"] / b["jobs1"] <= 0.55))  # fmt: skip
    print(line("no-op rerun ÷ import pandas, matplotlib.pyplot (wall)",
               b["noop"] / b["imports"], "≤ 1", b["noop"] / b["imports"] <= 1))  # fmt: skip


def _print_province(rows: list[dict[str, float]]) -> None:
    for row in rows:
        ratio = row["pipeline"] / row["read_csv"]
        per = row["pipeline"] / row["figures"] * 1e6
        print(f"province {row['millions']}M: {row['figures']} figures, pipeline "
              f"{row['pipeline']:.1f} s ({per:.0f} µs per figure), read_csv "
              f"{row['read_csv']:.1f} s")  # fmt: skip
        print(line(f"province {row['millions']}M figures ÷ read_csv (wall)", ratio,
                   "≤ 3", ratio <= 3))  # fmt: skip
    per = [row["pipeline"] / row["figures"] for row in rows]
    print(f"  province cost per figure, largest ÷ smallest scale: {max(per) / min(per):.3f} "
          "(absolute: moves with the machine's speed between scales, minutes apart)")  # fmt: skip
    # The same spread with each scale's cost taken relative to read_csv of that scale's files,
    # measured right after it: a shared machine's speed drifts over the minutes between scales
    # (read_csv's own cost per figure moves with it), and a ratio to read_csv cancels that.
    relative = [row["pipeline"] / row["read_csv"] for row in rows]
    spread = max(relative) / min(relative)  # 1: the same cost per figure at every scale
    print(line("province cost per figure ÷ read_csv's, largest ÷ smallest (linear)", spread,
               "≤ 1.25", spread <= 1.25))  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
