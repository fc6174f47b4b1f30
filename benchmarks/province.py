"""A SYNTHETIC province for benchmarks: many report series × many years of invented figures.

    python benchmarks/province.py OUT [--series 150] [--years 20] [--figures-per-report 333]

Nothing here is a real report. Every year folder is the shipped 2022 report (its tables and
source text, which keep it valid) plus invented figures of invented parks (合成园区0001 …): each
invented figure is a sentence appended to the source text («【合成数据】…»), so its quote is
verbatim there. Values are taken from the real figures' rows (value, unit, qualifier stay
consistent with the parser), only the park and the sentence are new. 150 series × 20 years ×
333 figures ≈ 1M figures; ``--series 15`` / ``45`` give about 0.1M / 0.3M.

The layout is the several-series one of ``data/README.md``: the shared ``OUT/vocabulary/`` (the
shipped one), and per series ``OUT/<series>/vocabulary/parks.csv`` (its invented parks, an
addition) and ``OUT/<series>/<year>/``.
"""

from __future__ import annotations

import argparse
import csv
import io
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "data"
TEMPLATE_YEAR = 2022
MARK = "【合成数据】"  # marks every invented sentence in a source text
PARKS_PER_SERIES = 10


def _rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def _write(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def _templates(figures: list[dict[str, str]]) -> list[dict[str, str]]:
    """The real figures whose value text can stand in an invented sentence: city-wide, exact."""
    return [f for f in figures if f["qualifier"] == "exact" and f["park"] != "city"]


def write_series(out: Path, series: int, years: int, per_report: int) -> int:
    """Write one synthetic series folder; returns the number of figures written."""
    shutil.copytree(TEMPLATE / "vocabulary", out / "vocabulary", dirs_exist_ok=True)
    folder = out / f"series_{series:03d}"
    (folder / "vocabulary").mkdir(parents=True, exist_ok=True)
    park_columns, _shared = _rows(TEMPLATE / "vocabulary" / "parks.csv")
    invented = [f"synthetic_{series:03d}_{n:02d}" for n in range(PARKS_PER_SERIES)]
    names = {p: f"合成园区{series:03d}{n:02d}号" for n, p in enumerate(invented)}
    parks = [{"park": p, "name": names[p], "kind": "official", "note": "synthetic"}
             for p in invented]  # fmt: skip
    _write(folder / "vocabulary" / "parks.csv", park_columns, parks)

    source_year = TEMPLATE / str(TEMPLATE_YEAR)
    columns, real = _rows(source_year / "figures.csv")
    templates = _templates(real)
    [document] = [p.name for p in (source_year / "source").iterdir()]
    text = (source_year / "source" / document).read_text(encoding="utf-8")
    written = 0
    for offset in range(years):
        year_dir = folder / str(TEMPLATE_YEAR - offset)
        shutil.copytree(source_year, year_dir, dirs_exist_ok=True)
        extra, sentences = [], []
        for n in range(max(0, per_report - len(real))):
            row = dict(templates[n % len(templates)])
            park = invented[n % len(invented)]
            quote = f"{MARK}第{n + 1}条：{names[park]}{row['label']}{row['value_text']}"
            sentences.append(quote + "。")
            extra.append(row | {"park": park, "source_quote": quote, "note": "synthetic"})
        _write(year_dir / "figures.csv", columns, real + extra)
        (year_dir / "source" / document).write_text(text + "\n" + "\n".join(sentences) + "\n",
                                                    encoding="utf-8")  # fmt: skip
        written += len(real) + len(extra)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--series", type=int, default=150)
    parser.add_argument("--years", type=int, default=20)
    parser.add_argument("--figures-per-report", type=int, default=333)
    args = parser.parse_args(argv)
    total = sum(
        write_series(args.out, s, args.years, args.figures_per_report) for s in range(args.series)
    )
    print(f"{args.out}: {args.series} series × {args.years} years, {total} figures (synthetic)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
