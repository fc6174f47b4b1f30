"""The briefing's building blocks, shared by the 简报 and its appendix: titles, the score
tables, findings with their evidence, derived figures, and the charts' titles and order."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from parkmetrics.data.template import indicator_columns
from parkmetrics.data.vocabulary import CITY
from parkmetrics.figures.formatting import report_number as as_number
from parkmetrics.report.briefing.word import Writer
from parkmetrics.report.briefing.wording import BLANK, as_text
from parkmetrics.report.titles import project_name
from parkmetrics.review import SEVERITY_LABELS
from parkmetrics.review.evidence import NOT_IN_SOURCE
from parkmetrics.scoring.cells import is_blank
from parkmetrics.scoring.rules import SEVERITIES

if TYPE_CHECKING:
    from parkmetrics.data.dataset import YearData

# Widths of the score tables' columns (cm); each sums to the 15.6 cm text block.
# Widths in cm (15.6 in all). A target such as 145、130、110个 is one unbreakable run for the
# line breaker (numbers joined by 、): its column is wide enough to hold it whole.
SCORE_COLUMNS = (
    ("指标", 2.9),
    (indicator_columns()["target"], 3.7),
    (indicator_columns()["actual"], 3.9),
    (indicator_columns()["weight"], 1.3),
    ("自评得分", 1.9),
    ("复算得分", 1.9),
)
SHORT_SCORE_COLUMNS = (
    ("指标", 8.0),
    (indicator_columns()["weight"], 1.9),
    ("自评得分", 1.9),
    ("复算得分", 1.9),
    ("差额", 1.9),
)
SHORT_WHAT = 16  # characters of an evidence's description in the 简报 (the appendix has all)
NUMBER_COLUMNS = 3  # columns of SCORE_COLUMNS from this one on hold numbers, centred
SHORT_NUMBER_COLUMNS = 1
ChartPaths = Sequence[tuple[str, str | Path] | str | Path]


def briefing_title(year_data: YearData, appendix: bool = False) -> str:
    """The briefing's title: the year and the project as the report's title names it."""
    kind = "绩效自评简报附件" if appendix else "绩效自评简报"
    return f"{year_data.year}年度{project_name(year_data.header)}{kind}"


def date_text(year: int, date: dt.date | None) -> str:
    if date is None:
        return f"（{year}年度）"
    return f"（{date.year}年{date.month}月{date.day}日）"


def chinese_number(n: int) -> str:
    digits = "零一二三四五六七八九十"
    return digits[n] if n <= 10 else str(n)


# ---------------------------------------------------------------------------------------------
# charts


def chart_entries(chart_paths: ChartPaths) -> list[tuple[str, Path]]:
    """(title, path) pairs; bare paths get their title and order from ``charts.ALL_CHARTS``."""
    if all(isinstance(entry, str | os.PathLike) for entry in chart_paths):
        catalogue = chart_catalogue()
        order = {name: i for i, name in enumerate(catalogue)}
        paths = sorted(map(Path, chart_paths), key=lambda p: order.get(p.stem, len(order)))
        return [(catalogue.get(p.stem, p.stem), p) for p in paths]
    return [(str(title), Path(path)) for title, path in chart_paths]  # type: ignore[misc]


def left_out(chart_paths: ChartPaths) -> list[str]:
    """The titles of the yearly charts a list of bare chart files does not hold (those the run
    leaves out, having nothing to draw); none for a caller's own (title, path) list."""
    if not chart_paths or not all(isinstance(e, str | os.PathLike) for e in chart_paths):
        return []
    stems = {Path(p).stem for p in chart_paths}  # type: ignore[arg-type]
    return [title for name, title in chart_catalogue().items() if name not in stems]


def main_entries(entries: list[tuple[str, Path]], names: Sequence[str]) -> list[tuple[str, Path]]:
    """The 简报's charts: those named in ``names`` (in that order), then any chart that is not
    one of ``charts.ALL_CHARTS`` (a caller's own, which it chose to show)."""
    known = chart_catalogue()
    by_name = {path.stem: (title, path) for title, path in entries}
    chosen = [by_name[name] for name in names if name in by_name]
    return chosen + [(t, p) for t, p in entries if p.stem not in known]


def chart_catalogue() -> dict[str, str]:
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


# ---------------------------------------------------------------------------------------------
# scores


def score_intro(assessment: Any, table: str = "表1") -> str:
    """The sentence before the score table: what it lists, the full marks (or the weights that
    are known, for a table cut off), the reported and the re-scored total, each only as known."""
    totals = assessment.totals
    weight, reported = totals["weight_total"], totals["reported_total"]
    recomputed = totals["recomputed_total"]
    intro = f"{table}列出各项指标的自评得分与按评分规则重新计算的得分。"
    if is_blank(weight):
        return intro + "自评表未给出分值；“—”表示无法按规则复算。"
    unknown = bool(totals.get("unknown_cells"))
    said = [f"{'已知分值合计' if unknown else '满分'}{as_number(weight)}分"]
    said.append(
        "自评总分未填写或不在原文中" if is_blank(reported) else f"自评{as_number(reported)}分"
    )
    said.append(
        "各项均无法按规则复算" if is_blank(recomputed) else f"复算{as_number(recomputed)}分"
    )
    text = intro + "，".join(said) + "；“—”表示无法按规则复算。"
    if unknown:
        text += "自评表有不在原文中的单元格（如页面缺失），分值合计不是满分。"
    return text


def score_rows(assessment: Any) -> list[list[str]]:
    """The full score table's rows under its heading: one per scored item, then 合计 and 等级."""
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
        ["等级", "", "", "", totals["reported_grade"] or BLANK, totals["recomputed_grade"] or BLANK]
    )
    return rows


def short_score_rows(assessment: Any) -> list[list[str]]:
    """The 简报's score table: budget line and indicators (no parts), weight, both scores, the
    difference; then 合计 and 等级."""
    totals = assessment.totals
    items = assessment.items
    items = items[items["kind"] != "part"]
    rows = []
    for item in items.itertuples(index=False):
        reported, recomputed = item.reported_score, item.recomputed_score
        difference = "" if is_blank(reported) or is_blank(recomputed) else recomputed - reported
        rows.append(
            [
                as_text(item.label),
                as_number(item.weight),
                as_number(reported),
                as_number(recomputed),
                as_number(difference) if difference != "" else BLANK,
            ]
        )
    reported, recomputed = totals["reported_total"], totals["recomputed_total"]
    rows.append(
        [
            "合计",
            as_number(totals["weight_total"]),
            as_number(reported),
            as_number(recomputed),
            as_number(recomputed - reported),
        ]
    )
    grades = [totals["reported_grade"] or BLANK, totals["recomputed_grade"] or BLANK]
    rows.append(["等级", "", *grades, ""])  # no grade of a total that is not known
    return rows


def _score_row(item: Any) -> list[str]:
    label, target = as_text(item.label), as_text(item.target_text)
    if item.kind == "part":  # the part of a composite target (“145、130、110个”)
        label = f"　（{as_number(item.part)}）{label}"
        if _bare_number(target) and not is_blank(item.target_unit):
            target += str(item.target_unit)  # 145 of 145、130、110个 is 145个: the list's unit
    return [
        label,
        target,
        as_text(item.actual_text),
        as_number(item.weight),
        as_number(item.reported_score),
        as_number(item.recomputed_score),
    ]


def _bare_number(text: str) -> bool:
    return bool(text) and text.replace(".", "", 1).isdigit()


# ---------------------------------------------------------------------------------------------
# findings


def findings_in_full(writer: Writer, findings: pd.DataFrame) -> None:
    """Every finding, most severe first, each with all its evidence and quotes."""
    if findings.empty:
        writer.paragraph("未发现问题。", "Normal")
        return
    for finding in by_severity(findings).to_dict("records"):
        writer.paragraph(finding_line(finding), "Normal")
        lines = evidence_lines(finding)
        for number, line in enumerate(lines, start=1):
            prefix = "依据：" if len(lines) == 1 else f"依据{number}："
            writer.paragraph(prefix + line, "Evidence")


def top_findings(writer: Writer, findings: pd.DataFrame, limit: int) -> None:
    """The ``limit`` most severe findings, each with one line of evidence (values, no quotes)."""
    if findings.empty:
        writer.paragraph("复核未发现问题。", "Normal")
        return
    for finding in by_severity(findings).head(limit).to_dict("records"):
        writer.paragraph(finding_line(finding), "Normal")
        pieces = evidence_lines(finding, quotes=False, what_width=SHORT_WHAT)
        writer.paragraph("依据：" + "；".join(pieces), "Evidence")


def finding_line(finding: dict[str, Any]) -> str:
    severity = SEVERITY_LABELS.get(finding["severity"], str(finding["severity"]))
    return f"{finding['finding']}【{severity}】{as_text(finding['message_zh'])}"


def shorten_what(what: str, width: int) -> str:
    """``what`` in about ``width`` characters: a quoted label (第1行「…」年度指标值) is shortened
    inside its brackets, so the brackets close and the cell named after them stays."""
    head, opened, rest = what.partition("「")
    inner, closed, tail = rest.partition("」")
    room = width - len(head) - len(tail) - 2
    if opened and closed and room >= MIN_QUOTED:
        return f"{head}「{inner[: room - 1]}…」{tail}" if len(inner) > room else what
    return what[: width - 1] + "…"


MIN_QUOTED = 4  # characters of a quoted label worth keeping; fewer, and the whole is cut


def evidence_lines(
    finding: dict[str, Any], quotes: bool = True, what_width: int | None = None
) -> list[str]:
    """One line per piece of evidence: what, the value as written, and (``quotes``) the quote;
    with ``what_width`` the description of what is shortened to that many characters.

    Uses the structured ``evidence`` when present (quotes may hold “；”, so the joined
    ``evidence_text`` cannot be split safely), else the lines of ``evidence_text``.
    """
    evidence = finding.get("evidence")
    if isinstance(evidence, tuple | list) and evidence:
        lines = []
        for piece in evidence:
            value = as_text(piece.get("value_text")) or "（空）"
            value = NOT_IN_SOURCE if piece.get("unknown") else value
            what = as_text(piece.get("what"))
            if what_width and len(what) > what_width:
                what = shorten_what(what, what_width)
            line = f"{what}：{value}"
            quote = as_text(piece.get("source_quote"))
            if quotes and quote and quote != value:
                line += f"「{quote}」"
            lines.append(line)
        return lines
    text = as_text(finding.get("evidence_text"))
    return [line.strip() for line in text.splitlines() if line.strip()] or [BLANK]


def by_severity(findings: pd.DataFrame) -> pd.DataFrame:
    """Most severe first; the audit's own order within a severity is kept."""
    rank = findings["severity"].map({s: i for i, s in enumerate(SEVERITIES)})
    return findings.assign(_rank=rank.fillna(len(SEVERITIES))).sort_values("_rank", kind="stable")


# ---------------------------------------------------------------------------------------------
# derived figures


def derived_figures(writer: Writer, year_data: YearData, derived: pd.DataFrame) -> None:
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
