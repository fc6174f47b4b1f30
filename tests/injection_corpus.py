"""A data folder whose every text field carries markup, script and formula payloads.

Built from the synthetic year 2023 (tests/fixtures/synthetic) and the real vocabulary: titles,
project name, spending, figure, indicator and award labels, metric labels and park names all get
a payload; the source text gets them too, so that quotes stay verbatim substrings. The payloads
are the issue's corpus: ``<script>``, ``<svg onload>``, ``](javascript:``, Markdown control
characters, a MathJax ``$…$``, and spreadsheet formulas (``=``, ``+``, ``-``, ``@``, tab).
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

ROOT = Path(__file__).parents[1]
YEAR = 2023
SCRIPT = "<script>alert('pm-xss-1')</script>"
SVG = "<svg onload=alert('pm-xss-2')>"
LINK = "[点我](javascript:alert('pm-xss-3'))"
MARKDOWN = "**粗** _斜_ `码` # 标题 | 表 | ![图](x.png) <b>b</b> $x^2$ &amp;"
PAYLOAD = f"{SCRIPT}{SVG}{LINK}{MARKDOWN}"
FORMULAS = ('=HYPERLINK("http://x","y")', "+1+1", "-1+1", "@SUM(A1)", "\t=1")


def _rewrite(path: Path, change) -> None:
    with path.open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
        fields = list(rows[0]) if rows else []
    for number, row in enumerate(rows):
        change(number, row)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def formula(number: int) -> str:
    return FORMULAS[number % len(FORMULAS)]


def build(folder: Path) -> Path:
    """Write the corpus data folder under ``folder`` and return it (year :data:`YEAR`)."""
    data = folder / "data"
    shutil.copytree(ROOT / "data" / "vocabulary", data / "vocabulary")
    shutil.copytree(ROOT / "tests" / "fixtures" / "synthetic" / str(YEAR), data / str(YEAR))
    year = data / str(YEAR)

    def header(_n: int, row: dict) -> None:
        if row["field"] in ("title", "project_name", "implementing_unit", "department"):
            row["value"] = f"{row['value']}{PAYLOAD}"
            row["source_quote"] = row["value"]

    def labelled(n: int, row: dict) -> None:
        row["label"] = f"{formula(n)}{row['label']}{PAYLOAD}"

    def indicator(n: int, row: dict) -> None:
        row["level3"] = f"{formula(n)}{row['level3']}{PAYLOAD}"
        row["deviation_reason"] = f"{formula(n + 1)}{PAYLOAD}"

    def vocabulary_label(n: int, row: dict) -> None:
        row["label"] = f"{row['label']}{PAYLOAD}"

    def park_name(n: int, row: dict) -> None:
        if row["kind"] == "official" and row["park"] != "city":
            row["name"] = f"{row['name']}{PAYLOAD}"

    _rewrite(year / "header.csv", header)
    _rewrite(year / "spending.csv", labelled)
    _rewrite(year / "figures.csv", labelled)
    _rewrite(year / "awards.csv", labelled)
    _rewrite(year / "indicators.csv", indicator)
    _rewrite(data / "vocabulary" / "metrics.csv", vocabulary_label)
    _rewrite(data / "vocabulary" / "parks.csv", park_name)
    # the quoted header values must stand in the source text
    source = next((year / "source").iterdir())
    with (year / "header.csv").open(encoding="utf-8") as file:
        quotes = [row["source_quote"] for row in csv.DictReader(file) if PAYLOAD in row["value"]]
    source.write_text(
        source.read_text(encoding="utf-8") + "\n" + "\n".join(quotes) + "\n", encoding="utf-8"
    )
    return data
