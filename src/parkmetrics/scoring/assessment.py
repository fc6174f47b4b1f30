"""Re-scoring a self-evaluation table by the rules (``config/rules.yaml``).

``assess(year_data)`` returns one row per scored item — the budget line, each indicator and
each part of a composite target (``145、130、110个``) — with the reported score beside the
recomputed one, and the totals and grades. Pure: frames in, frames out.

How a target and an actual are read from their cells:

- the target's figures are those in the unit of the indicator's metrics (vocabulary); a cell
  with several (``145、130、110个``) is a composite target, one part per metric, in order;
- the actual's figures are those in the same canonical unit as the target, matched by order;
  a count of parks (``争创2家及以上先进园区``) answered by sentences is measured by the
  number of distinct parks the actual names;
- a target without any figure is qualitative; its actual text is placed in a band by keywords.

Composite targets combine by ``rules.composite`` (default ``mean_capped_ratio``: the mean of
the parts' score fractions, each capped at 1, times the weight). A part's ``weight`` is its
share of the row's weight and its ``recomputed_score`` its contribution to the row's score; the
report gives one score per row, so a part has no reported score. The composite row's ``ratio``
is the combined score fraction (≤ 1), each part's the part's own actual ÷ target.

An item that cannot be recomputed has ``recomputed_score`` NaN and says why in
``not_recomputed_reason``; ``rules.unscored_items`` decides how it enters the recomputed total.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from parkmetrics.data.layout import unknown_in
from parkmetrics.data.tables import loaded_records
from parkmetrics.figures.formatting import format_number
from parkmetrics.scoring.cells import block_unit, header_number
from parkmetrics.scoring.deductions import apply_reviewer_rules
from parkmetrics.scoring.formulas import budget_score
from parkmetrics.scoring.indicators import ITEM_COLUMNS, below, indicator_items, item_row, number
from parkmetrics.scoring.indicators import metrics_of as metrics_of  # callers import them here
from parkmetrics.scoring.indicators import vocabulary_label as vocabulary_label
from parkmetrics.scoring.layouts import budget_amounts
from parkmetrics.scoring.rules import Rules, load_rules

if TYPE_CHECKING:
    from parkmetrics.data.dataset import YearData


@dataclass(frozen=True)
class Assessment:
    """The recomputed scores: ``items`` (one row per scored item) and ``totals``."""

    items: pd.DataFrame
    totals: dict[str, Any]


def assess(year_data: YearData, rules: Rules | None = None) -> Assessment:
    """Re-score a year's self-evaluation table by ``rules`` (default: the national rules)."""
    rules = rules or load_rules()
    rows = [_budget_item(year_data.budget, rules, block_unit(year_data))]
    vocabulary = year_data.vocabulary
    for indicator in loaded_records(year_data.indicators):
        rows += indicator_items(indicator, vocabulary, year_data.parks, rules)
    items = pd.DataFrame(rows, columns=ITEM_COLUMNS)
    items["difference"] = items["recomputed_score"] - items["reported_score"]
    # whole numbers (blank for the budget line and for rows without parts)
    for column in ("row", "part"):  # column by column: astype of a frame copies every column
        items[column] = items[column].astype("Int64")
    items = apply_reviewer_rules(items, year_data.indicators, rules)
    return Assessment(items=items, totals=_totals(items, year_data, rules))


def _budget_item(budget: pd.DataFrame, rules: Rules, unit: str) -> dict[str, Any]:
    line, summed_note = budget_amounts(budget)
    full_year, executed = number(line.get("full_year")), number(line.get("executed"))
    # a blank 分值 stays blank: the form gives the budget no weight (a 60/30/10 form), and
    # none is invented from the rules' usual split
    weight = number(line.get("weight"))
    reported = number(line.get("score"))
    item = item_row(
        item="budget", kind="budget", label=line.get("label") or "年度资金总额",
        target_text=_amount_text(full_year, unit), target_value=full_year, target_unit=unit,
        direction=">=", actual_text=_amount_text(executed, unit), actual_value=executed,
        actual_unit=unit, weight=weight, reported_score=reported,
        rule="budget: min(全年执行数 ÷ 全年预算数, "
        f"{rules.budget_rate_cap:g}) × weight" + (" (amounts summed from the lines)"
                                                  if summed_note else ""),
        inferred=summed_note,
        # the budget block's own 原因 cell, when the form has one
        reason_present=not rules.is_empty_reason(line.get("reason")),
    )  # fmt: skip
    unknown = [c for c in ("full_year", "executed", "weight") if c in unknown_in(line)]
    if unknown:
        item["not_recomputed_reason"] = f"{', '.join(unknown)} not in the source (unknown)"
        return item
    if not line:
        item["not_recomputed_reason"] = "the report has no budget block (no 年度资金总额 line)"
        return item
    if math.isnan(weight):
        item["not_recomputed_reason"] = "分值 of the budget line is blank: no weight to score by"
        return item
    if math.isnan(full_year) or math.isnan(executed) or full_year <= 0:
        item["not_recomputed_reason"] = "全年预算数 or 全年执行数 is blank (or zero)"
        return item
    rate = executed / full_year
    item["ratio"] = rate
    item["recomputed_score"] = budget_score(full_year, executed, weight, rules)
    when = rules.reason_required_when
    item["reason_required"] = bool(
        (when.get("budget_below_threshold") and rate < rules.budget_reason_below)
        or (when.get("score_below_weight") and below(reported, item["recomputed_score"], weight))
    )
    return item


def _amount_text(value: float, unit: str) -> str | None:
    # format_number, not :g — 4800000元 must not read 4.8e+06元
    return None if math.isnan(value) else f"{format_number(value)}{unit}"


def _totals(items: pd.DataFrame, year_data: YearData, rules: Rules) -> dict[str, Any]:
    scored = items[items["kind"].isin(["budget", "indicator"])]
    header = year_data.header
    reported_sum = scored["reported_score"].sum(min_count=1)
    declared = header.get("total_score") if header else None
    declared_total = header_number(declared)
    reported_total = declared_total if not math.isnan(declared_total) else float(reported_sum)
    # where the reported total comes from: the table's 总分, else the sum of its scores (derived)
    reported_from = "total_score" if not math.isnan(declared_total) else "scores"
    rows = [*loaded_records(year_data.indicators), *loaded_records(year_data.budget)]
    unknown_scores = any("score" in unknown_in(r) for r in rows)
    # a score or weight not in the source (pages cut off): a recomputed total is of the rest
    # only, and a grade of it would be invented
    partial = unknown_scores or any("weight" in unknown_in(r) for r in rows)
    if math.isnan(declared_total) and unknown_scores:
        reported_total = math.nan  # the table's total is cut off and so is a score: not known
    if math.isnan(reported_total):
        reported_from = None
    unscored = scored["recomputed_score"].isna()
    fallback = scored["reported_score"].fillna(0) if rules.unscored_items == "reported" else 0.0
    recomputed = scored["recomputed_score"].where(~unscored, fallback)
    recomputed_total = float(recomputed.sum())
    no_fallback = rules.unscored_items != "reported" or scored["reported_score"].isna().all()
    if unscored.all() and no_fallback:
        recomputed_total = math.nan  # nothing re-scored (an unfilled form): not a total of 0
    return {
        # None of the weights known (no table): not a 满分 of 0
        "weight_total": float(scored["weight"].sum(min_count=1)),
        "reported_total": reported_total,
        "reported_total_from": reported_from,
        "total_score_unknown": "total_score" in year_data.header_unknown,
        "recomputed_total": recomputed_total,
        "reported_grade": rules.grade(reported_total),
        "recomputed_grade": None if partial else rules.grade(recomputed_total),
        "recomputed_partial": partial and not math.isnan(recomputed_total),
        "unscored_weight": float(scored.loc[unscored, "weight"].sum()),
        "unknown_cells": unknown_scores or "total_score" in year_data.header_unknown,
    }


SUM_OF_SCORES = ("各项得分合计", "the sum of the scores")  # what a derived reported total is
# why a recomputed total over a table with cells not in the source gets no grade
PARTIAL_NOTE = "（部分得分或分值不在原文中，不评定等级）"


def reported_total_note(totals: dict[str, Any]) -> tuple[str, str] | None:
    """Why a reported total is derived (``SUM_OF_SCORES``: the table's 总分 is blank or not in
    the source), in Chinese and English; None when it is the table's own 总分."""
    if totals.get("reported_total_from") != "scores":
        return None
    if totals.get("total_score_unknown"):
        return "原表总分不在原文中", "总分 is not in the source"
    return "原表总分未填写", "总分 is blank"


def reported_total_mark(totals: dict[str, Any]) -> str:
    """（各项得分合计，原表总分未填写） before a reported total the table does not write itself,
    as the report's and the briefing's sentences say it; empty for the table's own 总分."""
    note = reported_total_note(totals)
    return f"（{SUM_OF_SCORES[0]}，{note[0]}）" if note is not None else ""
