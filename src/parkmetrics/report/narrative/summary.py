"""The report's heading, its opening paragraph, the total score and the budget sentences."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from parkmetrics.figures.formatting import report_number as number
from parkmetrics.report.narrative.common import joined
from parkmetrics.report.narrative.scores import severity_summary
from parkmetrics.report.titles import project_name
from parkmetrics.scoring.assessment import PARTIAL_NOTE, reported_total_mark
from parkmetrics.scoring.cells import block_unit, is_blank

if TYPE_CHECKING:
    from parkmetrics.data.dataset import YearData

# --------------------------------------------------------------------------- headline and total


def title(year_data: YearData) -> str:
    """The report's heading, from the year's header (the report's own title when given)."""
    header = year_data.header
    name = header.get("title") or header.get("project_name") or f"{year_data.year}年度绩效自评"
    return f"{name}：复核与分析"


def headline(year_data: YearData, assessment: Any, findings: pd.DataFrame) -> str:
    """The opening paragraph: money executed, reported and recomputed total, findings count."""
    title = project_name(year_data.header)
    total = _budget_total(year_data)
    money = ""
    if total is not None and not is_blank(total["executed"]):
        money = f"全年执行{number(total['executed'])}{_unit(year_data)}"
        if not is_blank(total["full_year"]) and total["full_year"]:
            rate = total["executed"] / total["full_year"] * 100
            money += f"（执行率{number(rate, 1)}%）"
        money += "。"
    found = severity_summary(findings)
    return (
        f"{year_data.year}年「{title}」{money}{total_text(assessment)}复核发现{found or '无问题'}。"
    )


def total_text(assessment: Any) -> str:
    """Total and grade, reported and recomputed by the rules."""
    totals = assessment.totals
    reported = totals.get("reported_total")
    if not is_blank(reported):
        derived = reported_total_mark(totals)
        text = f"自评总分{derived}{number(reported)}分（{totals.get('reported_grade')}），"
    elif totals.get("unknown_cells"):
        text = "自评总分不在原文中，无自评等级，"
    else:
        text = "自评总分未填写，无自评等级，"
    unscored, weight_total = totals.get("unscored_weight"), totals.get("weight_total")
    if is_blank(totals.get("recomputed_total")):
        text += "各项均未能按评分规则复算"  # not 0分（差）: that total would be invented
    elif totals.get("recomputed_partial"):
        text += (
            f"按评分规则可复算部分{number(totals.get('recomputed_total'))}分{PARTIAL_NOTE}"
        )
    else:
        text += (
            f"按评分规则复算{number(totals.get('recomputed_total'))}分"
            f"（{totals.get('recomputed_grade')}）"
        )
        if not is_blank(unscored) and unscored:
            text += f"，其中{number(unscored)}分的指标未能按规则复算"
    if not is_blank(weight_total) and weight_total:
        text += f"；各项分值合计{number(weight_total)}分"
        if totals.get("unknown_cells"):  # a page cut off: the known weights, not full marks
            text += "（自评表有不在原文中的单元格，合计不是满分）"
    return text + "。"


# --------------------------------------------------------------------------- budget


def _budget_total(year_data: YearData) -> dict[str, Any] | None:
    rows = year_data.budget[year_data.budget["line"] == "total"]
    return None if rows.empty else rows.iloc[0].to_dict()


def budget_text(year_data: YearData) -> str:
    """Budget lines as reported, the execution rate recomputed, and what the money went to."""
    total = _budget_total(year_data)
    parts: list[str] = []
    if total is not None:
        amounts = [
            f"{label}{number(total[key])}{_unit(year_data)}"
            for key, label in (
                ("initial", "年初预算"),
                ("full_year", "全年预算"),
                ("executed", "全年执行"),
            )
            if not is_blank(total[key])
        ]
        written = "，".join(amounts) or "预算数与执行数均未填写（无数据）"
        sentence = f"{total['label']}：{written}"
        if (
            not is_blank(total["full_year"])
            and total["full_year"]
            and not is_blank(total["executed"])
        ):
            recomputed = total["executed"] / total["full_year"] * 100
            reported = total["rate_text"] if not is_blank(total["rate_text"]) else "未填"
            sentence += (
                f"；执行率报告为{reported}，按全年执行数÷全年预算数复算为{number(recomputed, 1)}%"
            )
        parts.append(sentence)
    spending = year_data.spending
    if not spending.empty:
        items = "、".join(
            f"{row.label}{number(row.amount, 4)}{row.unit}" for row in spending.itertuples()
        )
        units = spending["unit"].unique()
        sentence = f"支出{len(spending)}项：{items}"
        if len(units) == 1:
            sentence += f"，明细合计{number(spending['amount'].sum(), 4)}{units[0]}"
        parts.append(sentence)
    return (joined(parts) + "。") if parts else "本年度无预算数据。"


def _unit(year_data: YearData) -> str:
    """The budget block's amount unit as written (万元, or 元)."""
    return block_unit(year_data)
