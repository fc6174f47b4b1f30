"""What the briefing says, section by section: title, headline, charts, score table, findings,
derived figures, sources.

Everything is taken from the data and the computed frames. The headline paragraph is
:mod:`.headline`, the sources note :mod:`.sources`, the wording of values :mod:`.wording`; how
the words get into a .docx is :mod:`.word`.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import docx
import pandas as pd

from parkmetrics.data.template import indicator_columns
from parkmetrics.data.vocabulary import CITY
from parkmetrics.figures.formatting import report_number as as_number
from parkmetrics.report.briefing.headline import headline
from parkmetrics.report.briefing.sources import sources_note
from parkmetrics.report.briefing.word import (
    Writer,
    fixed_datetime,
    new_document,
    set_core_properties,
)
from parkmetrics.report.briefing.wording import BLANK, as_text
from parkmetrics.review import SEVERITY_LABELS
from parkmetrics.scoring.cells import is_blank
from parkmetrics.scoring.rules import SEVERITIES

if TYPE_CHECKING:
    from parkmetrics.data.dataset import YearData

# Widths of the score table's columns (cm); they sum to the 15.6 cm text block.
SCORE_COLUMNS = (
    ("指标", 3.4),
    (indicator_columns()["target"], 3.2),
    (indicator_columns()["actual"], 3.9),
    (indicator_columns()["weight"], 1.3),
    ("自评得分", 1.9),
    ("复核得分", 1.9),
)
NUMBER_COLUMNS = 3  # columns from this one on hold scores and weights, centred
KEYWORDS = "parkmetrics; 绩效自评; 简报"

ChartPaths = Sequence[tuple[str, str | Path] | str | Path]


def build_briefing(
    year_data: YearData,
    assessment: Any,
    findings: pd.DataFrame,
    derived: pd.DataFrame | None,
    chart_paths: ChartPaths,
    rules: Any = None,
    *,
    date: dt.date | None = None,
) -> docx.document.Document:
    """The briefing as a python-docx ``Document`` (not saved)."""
    document = new_document()
    writer = Writer(document)
    year = int(year_data.year)
    writer.paragraph(briefing_title(year_data), "Title")
    writer.paragraph(_date_text(year, date), "Subtitle")
    writer.paragraph(headline(year_data, assessment, findings), "Normal")

    writer.paragraph("一、主要图表", "Heading 1")
    chart_paths = chart_entries(chart_paths)
    for number, (title, path) in enumerate(chart_paths, start=1):
        writer.figure(Path(path), f"图{number}　{title}")
    if not chart_paths:
        writer.paragraph("本年度无图表。", "Normal")

    writer.paragraph("二、绩效指标评分复核", "Heading 1")
    writer.paragraph(_score_intro(assessment), "Normal")
    writer.table("表1　绩效指标评分复核", SCORE_COLUMNS, score_rows(assessment), NUMBER_COLUMNS)

    writer.paragraph(f"三、复核发现（共{len(findings)}项）", "Heading 1")
    _findings(writer, findings)

    section = 4
    if derived is not None and not derived.empty:
        writer.paragraph(f"{_chinese_number(section)}、推算数据", "Heading 1")
        _derived(writer, year_data, derived)
        section += 1

    writer.paragraph(f"{_chinese_number(section)}、资料来源与数据版本", "Heading 1")
    for text in sources_note(year_data, rules):
        writer.paragraph(text, "Evidence")

    set_core_properties(
        document,
        title=briefing_title(year_data),
        subject=f"{year}年度项目支出绩效自评",
        keywords=KEYWORDS,
        when=fixed_datetime(year, date),
    )
    return document


def chart_entries(chart_paths: ChartPaths) -> list[tuple[str, Path]]:
    """(title, path) pairs; bare paths get their title and order from ``charts.ALL_CHARTS``."""
    if all(isinstance(entry, str | os.PathLike) for entry in chart_paths):
        catalogue = _chart_catalogue()
        order = {name: i for i, name in enumerate(catalogue)}
        paths = sorted(map(Path, chart_paths), key=lambda p: order.get(p.stem, len(order)))
        return [(catalogue.get(p.stem, p.stem), p) for p in paths]
    return [(str(title), Path(path)) for title, path in chart_paths]  # type: ignore[misc]


def _chart_catalogue() -> dict[str, str]:
    """Chart name → title, in ``ALL_CHARTS`` order (empty when the charts are unavailable)."""
    try:
        from parkmetrics.report.charts import ALL_CHARTS
    except ImportError:
        return {}
    titles = {}
    for name, entry in ALL_CHARTS.items():
        title = entry[0] if isinstance(entry, tuple | list) else getattr(entry, "title", None)
        titles[name] = str(title or name)
    return titles


def briefing_title(year_data: YearData) -> str:
    """The briefing's title: year and project name as the self-evaluation table gives them."""
    project = year_data.header.get("project_name") or year_data.header.get("title") or "项目支出"
    return f"{year_data.year}年度{project.strip()}绩效自评简报"


def _date_text(year: int, date: dt.date | None) -> str:
    if date is None:
        return f"（{year}年度）"
    return f"（{date.year}年{date.month}月{date.day}日）"


# ---------------------------------------------------------------------------------------------
# scores, findings, derived figures


def _score_intro(assessment: Any) -> str:
    totals = assessment.totals
    return (
        f"表1列出各项指标的自评得分与按评分规则重新计算的得分。满分{as_number(totals['weight_total'])}分，"
        f"自评{as_number(totals['reported_total'])}分，复核{as_number(totals['recomputed_total'])}分；"
        "“—”表示无法按规则复核。"
    )


def score_rows(assessment: Any) -> list[list[str]]:
    """The score table's rows under its heading: one per scored item, then 合计 and 等级."""
    totals = assessment.totals
    rows = [_score_row(item) for item in assessment.items.itertuples(index=False)]
    rows.append(
        [
            "合计",
            "",
            "",
            as_number(totals["weight_total"]),
            as_number(totals["reported_total"]),
            as_number(totals["recomputed_total"]),
        ]
    )
    rows.append(
        ["等级", "", "", "", str(totals["reported_grade"]), str(totals["recomputed_grade"])]
    )
    return rows


def _score_row(item: Any) -> list[str]:
    label = as_text(item.label)
    if item.kind == "part":  # the part of a composite target (“145、130、110个”)
        label = f"　（{as_number(item.part)}）{label}"
    return [
        label,
        as_text(item.target_text),
        as_text(item.actual_text),
        as_number(item.weight),
        as_number(item.reported_score),
        as_number(item.recomputed_score),
    ]


def _findings(writer: Writer, findings: pd.DataFrame) -> None:
    if findings.empty:
        writer.paragraph("未发现问题。", "Normal")
        return
    for finding in _by_severity(findings).to_dict("records"):
        severity = SEVERITY_LABELS.get(finding["severity"], str(finding["severity"]))
        writer.paragraph(
            f"{finding['finding']}【{severity}】{as_text(finding['message_zh'])}", "Normal"
        )
        lines = evidence_lines(finding)
        for number, line in enumerate(lines, start=1):
            prefix = "依据：" if len(lines) == 1 else f"依据{number}："
            writer.paragraph(prefix + line, "Evidence")


def evidence_lines(finding: dict[str, Any]) -> list[str]:
    """One line per piece of evidence: what, the value as written, and the quote it stands in.

    Uses the structured ``evidence`` when present (quotes may hold “；”, so the joined
    ``evidence_text`` cannot be split safely), else the lines of ``evidence_text``.
    """
    evidence = finding.get("evidence")
    if isinstance(evidence, tuple | list) and evidence:
        lines = []
        for piece in evidence:
            value = as_text(piece.get("value_text")) or "（空）"
            line = f"{as_text(piece.get('what'))}：{value}"
            quote = as_text(piece.get("source_quote"))
            if quote and quote != value:
                line += f"「{quote}」"
            lines.append(line)
        return lines
    text = as_text(finding.get("evidence_text"))
    return [line.strip() for line in text.splitlines() if line.strip()] or [BLANK]


def _by_severity(findings: pd.DataFrame) -> pd.DataFrame:
    """Most severe first; the audit's own order within a severity is kept."""
    rank = findings["severity"].map({s: i for i, s in enumerate(SEVERITIES)})
    return findings.assign(_rank=rank.fillna(len(SEVERITIES))).sort_values("_rank", kind="stable")


def _derived(writer: Writer, year_data: YearData, derived: pd.DataFrame) -> None:
    writer.paragraph(
        "以下数据由报告数据推算（如由增长率推得上年基数），仅供参考，不是报告原文数据。", "Normal"
    )
    for row in derived.to_dict("records"):
        park = row.get("park")
        where = "" if is_blank(park) or park == CITY else _park_name(year_data, park)
        about = "约" if row.get("qualifier") == "approx" else ""
        text = f"{where}{as_text(row.get('label'))}：{about}{as_number(row.get('value'))}"
        text += as_text(row.get("unit"))
        if not is_blank(row.get("method")):
            text += f"（{row['method']}）"
        writer.paragraph(text, "Evidence")


def _park_name(year_data: YearData, park: str) -> str:
    try:
        return year_data.vocabulary.park_name(park)
    except (AttributeError, LookupError):
        return park


def _chinese_number(n: int) -> str:
    digits = "零一二三四五六七八九十"
    return digits[n] if n <= 10 else str(n)
