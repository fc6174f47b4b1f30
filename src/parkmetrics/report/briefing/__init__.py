"""The Word briefing (简报) of a year: headline figures, charts, score table, findings, sources.

- :mod:`.content` — what the 简报 and its appendix say, from the data and the computed frames
  (:mod:`.sections` the blocks they share);
- :mod:`.word` — the python-docx mechanics (Chinese fonts, tables, figures, fixed bytes);
- :mod:`.settings` — what the headline quotes, which charts and findings the 简报 shows, where
  the appendix goes (``config/briefing.yaml``);
- :mod:`.pdf` — the optional PDF, by LibreOffice with the bundled font, checked to embed it.

Same inputs, same bytes: the document's dates are fixed from the report year (1 January of the
following year, when a self-evaluation is written) unless a ``date`` is given; nothing reads
the clock.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from parkmetrics.report.briefing.content import build_appendix, build_briefing
from parkmetrics.report.briefing.pdf import PdfFontError, convert_to_pdf
from parkmetrics.report.briefing.sections import ChartPaths, chart_entries
from parkmetrics.report.briefing.settings import load_briefing_settings
from parkmetrics.report.briefing.word import TEMPLATE_PATH, fixed_datetime, normalize_docx, save

if TYPE_CHECKING:
    from parkmetrics.data.dataset import YearData

__all__ = [
    "TEMPLATE_PATH",
    "PdfFontError",
    "appendix_path",
    "build_appendix",
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
    settings_path: str | Path | None = None,
) -> Path:
    """Write the 简报 of ``year_data`` to ``out_path`` atomically and return the path.

    With ``appendix: document`` in the settings (``config/briefing.yaml``, or
    ``settings_path``) the appendix is written beside it (:func:`appendix_path`).
    ``chart_paths`` is the ordered list of (title, PNG path); bare PNG paths named after
    ``charts.ALL_CHARTS`` keys also do (titles and order then come from there), and the 简报
    shows the settings' ``main_charts`` of them. ``rules`` are the rules the assessment and
    audit used (the sources note names their file; None: the packaged defaults). ``date`` is
    printed under the title and used for the file's dates (default: the report year only).
    """
    settings = load_briefing_settings(settings_path)
    when = fixed_datetime(year_data.year, date)
    document = build_briefing(
        year_data, assessment, findings, derived, chart_paths, rules, date=date, settings=settings
    )
    written = save(document, out_path, when)
    appendix = appendix_path(out_path)
    if settings.appendix == "document":
        save(
            build_appendix(year_data, assessment, findings, derived, chart_paths, rules, date=date),
            appendix,
            when,
        )
    else:
        appendix.unlink(missing_ok=True)  # an appendix of an earlier setting would mislead
    return written


def appendix_path(out_path: str | Path) -> Path:
    """Where the appendix of the 简报 at ``out_path`` goes: ``briefing-appendix.docx``."""
    out_path = Path(out_path)
    return out_path.with_name(f"{out_path.stem}-appendix{out_path.suffix}")
