"""What the briefing says: the 简报 a leader reads in two to four pages, and its appendix.

The 简报: title and date, the headline paragraph, the short score table (it fills the first
page, which a chart would leave half empty), the charts that carry the year's story
(``main_charts`` of ``config/briefing.yaml``), the most severe findings
(``top_findings``, one line of evidence each) and one sources line. The appendix
(``appendix``: its own document, a section at the end, or none) has every chart, the full score
table, every finding with all its evidence and quotes, the derived figures and the full sources
note.

Everything is taken from the data and the computed frames. The headline paragraph is
:mod:`.headline`, the sources note :mod:`.sources`, the shared blocks :mod:`.sections`; how the
words get into a .docx is :mod:`.word`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

import docx
import pandas as pd

from parkmetrics.report.briefing import sections as s
from parkmetrics.report.briefing.headline import headline
from parkmetrics.report.briefing.settings import BriefingSettings, load_briefing_settings
from parkmetrics.report.briefing.sources import sources_line, sources_note
from parkmetrics.report.briefing.word import (
    APPENDIX_CHART_HEIGHT,
    APPENDIX_MIN_SCALE,
    Writer,
    fixed_datetime,
    new_document,
    set_core_properties,
)

if TYPE_CHECKING:
    from parkmetrics.data.dataset import YearData

KEYWORDS = "parkmetrics; 绩效自评; 简报"
APPENDIX_FILE = "briefing-appendix.docx"


def build_briefing(
    year_data: YearData,
    assessment: Any,
    findings: pd.DataFrame,
    derived: pd.DataFrame | None,
    chart_paths: s.ChartPaths,
    rules: Any = None,
    *,
    date: dt.date | None = None,
    settings: BriefingSettings | None = None,
) -> docx.document.Document:
    """The 简报 as a python-docx ``Document`` (not saved); with ``appendix: section`` the
    appendix follows on a new page."""
    settings = settings or load_briefing_settings()
    document = new_document()
    writer = Writer(document)
    year = int(year_data.year)
    writer.paragraph(s.briefing_title(year_data), "Title")
    writer.paragraph(s.date_text(year, date), "Subtitle")
    writer.paragraph(headline(year_data, assessment, findings), "Normal")

    writer.paragraph("一、绩效指标评分复核", "Heading 1")
    writer.paragraph(s.score_intro(assessment), "Normal")
    writer.table(
        "表1　绩效指标评分复核",
        s.SHORT_SCORE_COLUMNS,
        s.short_score_rows(assessment),
        s.SHORT_NUMBER_COLUMNS,
    )

    entries = s.chart_entries(chart_paths)
    main = s.main_entries(entries, settings.main_charts)
    writer.paragraph("二、主要图表", "Heading 1")
    for number, (title, path) in enumerate(main, start=1):
        writer.figure(Path(path), f"图{number}　{title}")
    if not main:
        writer.paragraph("本年度无图表。", "Normal")

    shown = min(settings.top_findings, len(findings))
    heading = f"三、主要复核发现（共{len(findings)}条"
    heading += f"，列出最重要的{shown}条）" if shown < len(findings) else "）"
    writer.paragraph(heading, "Heading 1")
    s.top_findings(writer, findings, settings.top_findings)

    writer.paragraph("四、资料来源", "Heading 1")
    where = {"document": f"全部复核发现、全部图表和推算数据见附件（{APPENDIX_FILE}）。",
             "section": "全部复核发现、全部图表和推算数据见附件。", "none": ""}  # fmt: skip
    writer.paragraph(sources_line(year_data, rules) + where[settings.appendix], "Evidence")

    if settings.appendix == "section":
        first = writer.paragraph("附件", "Heading 1")
        first.paragraph_format.page_break_before = True
        _appendix_body(
            writer, year_data, assessment, findings, derived, entries, rules,
            s.left_out(chart_paths),
        )  # fmt: skip
    _properties(document, s.briefing_title(year_data), year, date)
    return document


def build_appendix(
    year_data: YearData,
    assessment: Any,
    findings: pd.DataFrame,
    derived: pd.DataFrame | None,
    chart_paths: s.ChartPaths,
    rules: Any = None,
    *,
    date: dt.date | None = None,
) -> docx.document.Document:
    """The appendix document: every chart, the full tables, findings and sources."""
    document = new_document()
    writer = Writer(document)
    year = int(year_data.year)
    writer.paragraph(s.briefing_title(year_data, appendix=True), "Title")
    writer.paragraph(s.date_text(year, date), "Subtitle")
    entries = s.chart_entries(chart_paths)
    _appendix_body(
        writer, year_data, assessment, findings, derived, entries, rules, s.left_out(chart_paths)
    )
    _properties(document, s.briefing_title(year_data, appendix=True), year, date)
    return document


def _appendix_body(
    writer: Writer,
    year_data: YearData,
    assessment: Any,
    findings: pd.DataFrame,
    derived: pd.DataFrame | None,
    entries: list[tuple[str, Path]],
    rules: Any,
    left_out: list[str],
) -> None:
    writer.paragraph("一、全部图表", "Heading 1")
    for number, (title, path) in enumerate(entries, start=1):
        writer.figure(
            Path(path), f"附图{number}　{title}", APPENDIX_CHART_HEIGHT, APPENDIX_MIN_SCALE
        )
    if not entries:
        writer.paragraph("本年度无图表。", "Normal")
    if left_out:
        writer.paragraph(f"本年度无可绘制的数据、未附的图表：{'、'.join(left_out)}。", "Normal")

    writer.paragraph("二、绩效指标评分复核（详表）", "Heading 1")
    writer.paragraph(s.score_intro(assessment, "附表1"), "Normal")
    writer.table(
        "附表1　绩效指标评分复核", s.SCORE_COLUMNS, s.score_rows(assessment), s.NUMBER_COLUMNS
    )

    writer.paragraph(f"三、复核发现（共{len(findings)}条）", "Heading 1")
    s.findings_in_full(writer, findings)

    section = 4
    if derived is not None and not derived.empty:
        writer.paragraph(f"{s.chinese_number(section)}、推算数据", "Heading 1")
        s.derived_figures(writer, year_data, derived)
        section += 1

    writer.paragraph(f"{s.chinese_number(section)}、资料来源与数据版本", "Heading 1")
    for text in sources_note(year_data, rules):
        writer.paragraph(text, "Evidence")


def _properties(document: docx.document.Document, title: str, year: int, date: Any) -> None:
    set_core_properties(
        document,
        title=title,
        subject=f"{year}年度项目支出绩效自评",
        keywords=KEYWORDS,
        when=fixed_datetime(year, date),
    )
