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
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from parkmetrics.report.briefing.content import ChartPaths, build_briefing, chart_entries
from parkmetrics.report.briefing.pdf import convert_to_pdf
from parkmetrics.report.briefing.word import TEMPLATE_PATH, fixed_datetime, normalize_docx, save

if TYPE_CHECKING:
    from parkmetrics.data.dataset import YearData

__all__ = [
    "TEMPLATE_PATH",
    "build_briefing",
    "chart_entries",
    "convert_to_pdf",
    "normalize_docx",
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
