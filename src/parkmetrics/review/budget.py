"""Budget changes (check 6): a full-year budget cut or raised beyond the rules' band against the
initial budget, with no reason in the budget block or the narrative."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from parkmetrics.figures.formatting import format_number as fmt
from parkmetrics.review.evidence import BUDGET_COLUMNS, TABLE, budget_cell
from parkmetrics.review.findings import Finding
from parkmetrics.review.matching import Match
from parkmetrics.review.numbers import pct
from parkmetrics.scoring.assessment import Assessment
from parkmetrics.scoring.cells import is_blank
from parkmetrics.scoring.rules import Rules

if TYPE_CHECKING:
    from parkmetrics.data.dataset import YearData

_SENTENCE_ENDS = r"[。；;！!\n]"


def check_budget_changes(
    year_data: YearData, assessment: Assessment, matches: list[Match], rules: Rules
) -> list[Finding]:
    """The 年度资金总额 line's full-year budget against its initial budget."""
    band = rules.budget_change
    budget = year_data.budget
    lines = budget[budget["line"] == "total"].to_dict("records")
    if not lines or not band:
        return []
    line = lines[0]
    initial, full = line["initial"], line["full_year"]
    if is_blank(initial) or is_blank(full) or not initial:
        return []
    change = full / initial
    low, high = band.get("cut_below", 0.0), band.get("increase_above", float("inf"))
    if low <= change <= high or _adjustment_explained(year_data, rules):
        return []
    cut = change < low
    zh_way, en_way = ("调减", "cut") if cut else ("调增", "raised")
    limit = low if cut else high
    initial_col, full_col = BUDGET_COLUMNS["initial"], BUDGET_COLUMNS["full_year"]
    label = line["label"]
    return [
        Finding(
            "budget_adjusted_no_reason", 6, "budget",
            f"{TABLE}·{label}：{full_col} {fmt(full)} 为{initial_col} {fmt(initial)} 的 "
            f"{pct(change)}（{zh_way}超过 {abs(1 - limit):.0%}），未说明预算调整原因",
            f"'{label}': the full-year budget {fmt(full)} is {pct(change)} of the initial budget "
            f"{fmt(initial)} ({en_way} by more than {abs(1 - limit):.0%}) and no reason for the "
            "adjustment is given",
            (budget_cell(label, "initial", fmt(initial), initial),
             budget_cell(label, "full_year", fmt(full), full)),
            rule="budget_change",
        )
    ]  # fmt: skip


def _adjustment_explained(year_data: YearData, rules: Rules) -> bool:
    """A reason for an adjusted budget: the budget block's reason cell, or a sentence of the
    narrative with an adjustment word and a cause."""
    budget = year_data.budget
    if "reason" in budget.columns and any(
        not rules.is_empty_reason(r) for r in budget["reason"] if not is_blank(r)
    ):
        return True
    words = rules.budget_reason_words
    for text in year_data.source_texts.values():
        for sentence in re.split(_SENTENCE_ENDS, text):
            if any(w in sentence for w in words.get("adjustment", ())) and any(
                w in sentence for w in words.get("reason", ())
            ):
                return True
    return False
