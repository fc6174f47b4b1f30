"""Arithmetic checks: rates that their own figures do not give (check 1), parts that do not make
their total (check 4), and the unit slips and roundings found on the way (check 10)."""

from __future__ import annotations

import math
from collections import Counter
from typing import TYPE_CHECKING, Any

from parkmetrics.data.tables import loaded_records, records
from parkmetrics.data.vocabulary import CITY
from parkmetrics.figures.formatting import format_number as fmt
from parkmetrics.review.budget import budget_rates
from parkmetrics.review.completion import part_rate
from parkmetrics.review.evidence import (
    BUDGET_COLUMNS,
    CELL_LABELS,
    TABLE,
    Evidence,
    cell_figure_evidence,
    figure_evidence,
    indicator_cell,
    written,
)
from parkmetrics.review.findings import Finding
from parkmetrics.review.matching import (
    Match,
    indicators_by_row,
    lookups,
    narrative_figures,
)
from parkmetrics.review.numbers import agree, canonical_unit, half_last_digit, pct
from parkmetrics.review.numbers import unit_scale as scale_of
from parkmetrics.scoring.assessment import Assessment, metrics_of
from parkmetrics.scoring.cells import CellFigure, block_unit, header_number, is_blank
from parkmetrics.scoring.rules import Rules

if TYPE_CHECKING:
    from parkmetrics.data.dataset import YearData

# a part of a sum: (label, value, unit, source quote or None for a table cell, canonical value)
Part = tuple[str, float, str, str | None, float]


# --- check 1: ratios --------------------------------------------------------------------------


def check_ratios(
    year_data: YearData, assessment: Assessment, matches: list[Match], rules: Rules
) -> list[Finding]:
    """Completion rates (table or narrative) that actual ÷ target does not give; budget
    execution rates that executed ÷ full-year budget does not give."""
    found: list[Finding] = []
    table = lookups(year_data.vocabulary)
    indicators = indicators_by_row(year_data)
    items = loaded_records(assessment.items)
    parts = Counter(int(i["row"]) for i in items if i["kind"] == "part")
    for item in items:
        if item["kind"] not in ("indicator", "part") or (
            item["kind"] == "indicator" and parts[int(item["row"])]
        ):
            continue  # a composite row's rates are its parts'
        ratio = item["ratio"]
        if math.isnan(ratio) or canonical_unit(item["target_unit"]) in rules.percent_evidence_units:
            continue  # a rate's own "completion rate" is not reported
        if item["direction"] == "qualitative" or is_blank(item["actual_value"]):
            continue
        indicator = indicators[int(item["row"])]
        metric = _part_metric(indicator, item)
        reported: list[tuple[CellFigure | None, dict | None]] = []
        if metric is None and not metrics_of(indicator):
            # not annotated (an imported report): the rates its actual cell states, by position
            stated = part_rate(indicator, item, parts[int(item["row"])], rules)
            reported = [(stated, None)] if stated is not None else []
        elif metric is not None:
            completions = set(table.of.get(("completion_of", metric), []))
            own = [m for m in matches if m.metric in completions
                   and m.indicator["row"] == indicator["row"]]  # fmt: skip
            reported = [(m.figure, None) for m in own]
            park = own[0].park if own else CITY
            for completion in sorted(completions):
                found_rates = narrative_figures(year_data.figures, completion, park)
                reported += [(None, f) for f in found_rates]
        wrong = [
            (cell, narrative) for cell, narrative in reported
            if not agree(ratio * 100, None, _reported_value(cell, narrative),
                         _reported_text(cell, narrative), 1.0)
        ]  # fmt: skip
        if not wrong:
            continue
        label = item["label"] or indicator["level3"]
        shown = "、".join(dict.fromkeys(_reported_text(c, n) for c, n in wrong))
        target, actual = written(item, "target"), written(item, "actual")
        evidence = (
            indicator_cell(indicator, CELL_LABELS["target"], target, item["target_value"],
                           item["target_unit"], indicator["target"]),
            indicator_cell(indicator, CELL_LABELS["actual"], actual, item["actual_value"],
                           item["actual_unit"], indicator["actual"]),
            *[cell_figure_evidence(indicator, "完成率", c, indicator["actual"])
              if c is not None else figure_evidence(n) for c, n in wrong],
        )  # fmt: skip
        found.append(
            Finding(
                "ratio_mismatch", 1, item["item"],
                f"第{int(item['row'])}行「{label}」完成率应为 {actual}÷{target}＝{pct(ratio)}，"
                f"报告为 {shown}",
                f"row {int(item['row'])} '{label}': completion is {actual} ÷ {target} = "
                f"{pct(ratio)}, reported as {shown}",
                evidence,
            )
        )  # fmt: skip
    found += budget_rates(year_data.budget)
    return found


def _part_metric(indicator: dict[str, Any], item: dict[str, Any]) -> str | None:
    """The metric an item measures: its part's metric, or a plain row's first."""
    metrics = metrics_of(indicator)
    index = int(item["part"]) - 1 if not is_blank(item["part"]) else 0
    return metrics[index] if index < len(metrics) else None


def _reported_value(cell: CellFigure | None, narrative: dict | None) -> float:
    return float(cell.value) if cell is not None else float(narrative["value"])


def _reported_text(cell: CellFigure | None, narrative: dict | None) -> str:
    return cell.text if cell is not None else str(narrative["value_text"])


# --- check 4: parts and totals (and check 10's roundings) -------------------------------------


def check_sums(
    year_data: YearData, assessment: Assessment, matches: list[Match], rules: Rules
) -> list[Finding]:
    """Spending items against the total executed; budget detail lines against the total line
    (each column); item scores against the declared total score."""
    found: list[Finding] = []
    budget = year_data.budget.set_index("line", drop=False)
    unit = block_unit(year_data)
    spending = year_data.spending
    if "total" in budget.index and not spending.empty:
        total = budget.at["total", "executed"]
        if not is_blank(total):
            found += _sum_finding(
                "spending",
                [(r["label"], r["amount"], r["unit"], r["source_quote"],
                  r["amount"] * scale_of(r["unit"])) for r in records(spending)],
                (f"{budget.at['total', 'label']}·{BUDGET_COLUMNS['executed']}", total,
                 unit),
                "支出明细", "spending items", rules,
            )  # fmt: skip
    details = [line for line in budget.index if line != "total"]
    if "total" in budget.index and details:
        budget_scale = scale_of(unit)
        for column, column_label in BUDGET_COLUMNS.items():
            total = budget.at["total", column]
            parts = [(budget.at[d, "label"], budget.at[d, column]) for d in details]
            parts = [(label, value) for label, value in parts if not is_blank(value)]
            if is_blank(total) or not parts:
                continue
            found += _sum_finding(
                f"budget-{column}",
                [(f"{label}·{column_label}", v, unit, None, v * budget_scale)
                 for label, v in parts],
                (f"{budget.at['total', 'label']}·{column_label}", total, unit),
                f"预算{column_label}明细", f"budget lines ({column})", rules,
            )  # fmt: skip
    found += _total_score(year_data)
    return found


def _sum_finding(
    subject: str, parts: list[Part], total: tuple[str, float, str], zh: str, en: str, rules: Rules
) -> list[Finding]:
    """Compare parts with a total (label, value, unit): a rounding, a unit slip or a mismatch."""
    total_label, total_value, total_unit = total
    canonical_total = total_value * scale_of(total_unit)
    summed = sum(p[4] for p in parts)
    difference = summed - canonical_total
    if abs(difference) < 1e-9 * max(abs(canonical_total), 1):
        return []
    shown_sum = f"{fmt(summed / scale_of(total_unit))}{total_unit}"
    shown_total = f"{fmt(total_value)}{total_unit}"
    evidence = (
        *[Evidence(f"{TABLE}·{label}" if quote is None else f"叙述·{label}",
                   f"{fmt(value)}{unit}", value, unit, quote)
          for label, value, unit, quote, _ in parts],
        Evidence(f"{TABLE}·{total_label}", shown_total, total_value, total_unit),
    )  # fmt: skip
    tolerance = half_last_digit(float(total_value)) * scale_of(total_unit)
    if abs(difference) <= tolerance:
        return [
            Finding(
                "rounding", 10, subject,
                f"{zh}合计 {shown_sum}，总额记为 {shown_total}，差额在四舍五入范围内",
                f"{en} add up to {shown_sum}; the total is written {shown_total}: within rounding",
                evidence,
            )
        ]  # fmt: skip
    slip = _slipped_part(parts, canonical_total, tolerance, rules)
    if slip is not None:
        label, value, unit, factor = slip
        return [
            Finding(
                "unit_slip", 10, subject,
                f"{zh}中「{label}」{fmt(value)}{unit} 按 {fmt(factor)} 倍换算后合计与总额 "
                f"{shown_total} 相符，疑似单位错误",
                f"{en}: with '{label}' {fmt(value)}{unit} scaled by {fmt(factor)} the items "
                f"make the total {shown_total}: likely a unit slip",
                evidence,
            )
        ]  # fmt: skip
    return [
        Finding(
            "sum_mismatch", 4, subject,
            f"{zh}合计 {shown_sum}，与总额 {shown_total} 不符",
            f"{en} add up to {shown_sum}, not the total {shown_total}",
            evidence,
        )
    ]  # fmt: skip


def _slipped_part(
    parts: list[Part], total: float, tolerance: float, rules: Rules
) -> tuple[str, float, str, float] | None:
    """The one part that, scaled by a unit factor (万, 亿 …), makes the parts add up."""
    summed = sum(p[4] for p in parts)
    found = []
    for label, value, unit, _, canonical in parts:
        for factor in rules.unit_slip_factors:
            for scaled in (canonical / factor, canonical * factor):
                if abs(summed - canonical + scaled - total) <= tolerance:
                    found.append((label, value, unit, factor))
    return found[0] if len(found) == 1 else None


def _total_score(year_data: YearData) -> list[Finding]:
    """The item scores (budget line and indicators) against the declared total score."""
    declared = header_number(year_data.header.get("total_score"))
    if math.isnan(declared):
        return []
    rows = [
        *loaded_records(year_data.budget, lambda r: r["line"] == "total"),
        *loaded_records(year_data.indicators),
    ]
    scores = [r["score"] for r in rows if not is_blank(r["score"])]  # as dropna: NaN left out
    summed = float(sum(scores))
    if abs(summed - declared) <= 1e-9:
        return []
    return [
        Finding(
            "total_score_mismatch", 4, "total_score",
            f"各项得分合计 {fmt(summed)}，总分记为 {fmt(declared)}",
            f"the item scores add up to {fmt(summed)}, the total score is written "
            f"{fmt(declared)}",
            (Evidence(f"{TABLE}·总分·得分", str(year_data.header.get("total_score")),
                      declared),
             Evidence(f"{TABLE}·各项得分之和", fmt(summed), summed)),
        )
    ]  # fmt: skip
