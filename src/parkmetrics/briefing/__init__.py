"""The Word briefing (简报) of a year: headline figures, charts, score table, findings, sources.

- :mod:`.content` — what it says, from the data and the computed frames;
- :mod:`.word` — the python-docx mechanics (Chinese fonts, tables, figures, fixed bytes);
- :mod:`.settings` — what the headline quotes (``config/briefing.yaml``);
- :mod:`.pdf` — the optional PDF, by LibreOffice.

Same inputs, same bytes: the document's dates are fixed from the report year (1 January of the
following year, when a self-evaluation is written) unless a ``date`` is given; nothing reads
the clock.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from parkmetrics.briefing.content import ChartPaths, build_briefing, chart_entries
from parkmetrics.briefing.pdf import convert_to_pdf
from parkmetrics.briefing.word import TEMPLATE_PATH, fixed_datetime, normalize_docx, save

if TYPE_CHECKING:
    from parkmetrics.dataset import YearData

__all__ = [
    "TEMPLATE_PATH",
    "build_briefing",
    "convert_to_pdf",
    "normalize_docx",
    "run_cli",
    "write_briefing",
]


def write_briefing(
    year_data: YearData,
    assessment: Any,
    findings: pd.DataFrame,
    derived: pd.DataFrame | None,
    chart_paths: ChartPaths,
    out_path: str | Path,
    rules: Any = None,
    *,
    date: dt.date | None = None,
) -> Path:
    """Write the briefing of ``year_data`` to ``out_path`` atomically and return the path.

    ``chart_paths`` is the ordered list of (title, PNG path) placed as 图1, 图2…; bare PNG
    paths named after ``charts.ALL_CHARTS`` keys also do (titles and order then come from
    there). ``rules`` are the rules the assessment and audit used (the sources note names their
    file; None: the packaged defaults). ``date`` is printed under the title and used for the
    file's dates (default: the report year only).
    """
    document = build_briefing(
        year_data, assessment, findings, derived, chart_paths, rules, date=date
    )
    return save(document, out_path, fixed_datetime(year_data.year, date))


def run_cli(
    year: int, data_dir: Path | None, out_dir: Path, pdf: bool, rules_path: Path | None = None
) -> int:
    """``parkmetrics briefing``: load, assess, audit, derive, chart, write; return the exit code.

    The computation and the charts are the yearly run's own (``export.compute``,
    ``export.write_charts``), so the briefing shows what ``parkmetrics run`` would.
    """
    from parkmetrics import export
    from parkmetrics.dataset import resolve_data_dir

    results = export.compute(year, resolve_data_dir(data_dir), rules_path)
    out_path = Path(out_dir) / str(year) / "briefing.docx"
    # Charts go to a scratch folder: reports/<year>/charts belongs to the yearly run.
    with tempfile.TemporaryDirectory(prefix="parkmetrics-charts-") as scratch:
        pngs = [p for p in export.write_charts(results, Path(scratch)) if p.suffix == ".png"]
        write_briefing(
            results.year_data,
            results.assessment,
            results.findings,
            results.derived,
            chart_entries(pngs),
            out_path,
            results.rules,
        )
    print(out_path)
    if pdf:
        try:
            written = convert_to_pdf(out_path)
        except (subprocess.SubprocessError, OSError, RuntimeError) as error:
            print(f"parkmetrics: PDF conversion failed: {error}", file=sys.stderr)
            return 1
        if written is not None:
            print(written)
    return 0
