"""Reported scores against the recomputed ones, at the table's own precision (checks 7, 10).

A reported score is a rounding (``score_rounded``, check 10) only when it *is* the recomputed
score rounded as the rules say: half up to ``score_precision`` decimals ("table": the most
decimals any score of the table is written with). Anything else is ``score_differs`` (check 7),
whatever its size: 9.95 reported for 9.60 in a table written to hundredths is over-scoring.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from parkmetrics.data.tables import loaded_records
from parkmetrics.figures.formatting import format_number as fmt
from parkmetrics.review.evidence import CELL_LABELS, TABLE, Evidence
from parkmetrics.review.findings import Finding
from parkmetrics.review.matching import Match
from parkmetrics.scoring.assessment import Assessment
from parkmetrics.scoring.cells import is_blank
from parkmetrics.scoring.rules import REVIEWER_PREFIX, Rules

if TYPE_CHECKING:
    from parkmetrics.data.dataset import YearData

_SCORE = CELL_LABELS["score"]
_EPSILON = 1e-9


def decimals(value: float) -> int:
    """Decimals a score is written with (9.8 → 1; 15 → 0), read from the shortest repr."""
    if is_blank(value):
        return 0
    return max(0, -Decimal(repr(float(value))).normalize().as_tuple().exponent)


def score_decimals(year_data: YearData, rules: Rules) -> int:
    """Decimals the scores are rounded to: the rules' number, or the table's most precise score."""
    if rules.score_precision != "table":
        return int(rules.score_precision)
    rows = [
        *loaded_records(year_data.budget, lambda r: r["line"] == "total"),
        *loaded_records(year_data.indicators),
    ]
    scores = [r["score"] for r in rows if not is_blank(r["score"])]  # as dropna: NaN left out
    return max((decimals(s) for s in scores), default=0)


def round_half_up(value: float, places: int) -> float:
    """``value`` rounded half up (四舍五入) to ``places`` decimals."""
    step = Decimal(1).scaleb(-places)
    return float(Decimal(repr(float(value))).quantize(step, rounding=ROUND_HALF_UP))


def precision_text(places: int) -> tuple[str, str]:
    """How a precision is said: 整数 / whole points, 0.1 分 / tenths of a point …"""
    if places == 0:
        return "整数分", "whole points"
    step = fmt(10.0**-places)
    return f"{step} 分", f"{step} of a point"


def check_scores(
    year_data: YearData, assessment: Assessment, matches: list[Match], rules: Rules
) -> list[Finding]:
    """Reported scores that are not the recomputed ones (a rounding only when rounded right)."""
    places = score_decimals(year_data, rules)
    zh_precision, en_precision = precision_text(places)
    found: list[Finding] = []
    items = assessment.items
    for item in loaded_records(items, lambda i: i["kind"] in ("budget", "indicator")):
        reported, recomputed = item["reported_score"], item["recomputed_score"]
        if math.isnan(reported) or math.isnan(recomputed) or abs(reported - recomputed) < _EPSILON:
            continue
        if str(item["rule"]).startswith(REVIEWER_PREFIX):
            continue  # a reviewer rule's cut: its own finding (``packs``) says so
        label = item["label"]
        rounded = round_half_up(recomputed, places)
        shown_reported, shown_recomputed = fmt(reported), fmt(recomputed)
        cell = f"{TABLE}·{label}·{_SCORE}"
        evidence = (
            Evidence(cell, shown_reported, reported),
            # the recomputation's rule text is English (assessment.csv): the English message has it
            Evidence(f"重算·{label}·{_SCORE}", shown_recomputed, recomputed),
        )
        if abs(reported - rounded) < _EPSILON and abs(reported - recomputed) <= (
            rules.score_tolerance + _EPSILON
        ):
            found.append(
                Finding(
                    "score_rounded", 10, item["item"],
                    f"{cell}：报告得分 {shown_reported}，按规则重算为 {shown_recomputed}，"
                    f"按{zh_precision}四舍五入即为 {shown_reported}（取整所致）",
                    f"'{label}': reported score {shown_reported}, recomputed by the rules "
                    f"({item['rule']}) {shown_recomputed}, which rounds to {shown_reported} at "
                    f"{en_precision} (a rounding)",
                    evidence, rule="score_precision",
                )
            )  # fmt: skip
            continue
        gap = abs(reported - recomputed)
        over = reported > recomputed
        zh_way, en_way = ("高出", "above") if over else ("低于", "below")
        # an over-scoring's excess is the deduction a reviewer suggests; an under-scoring none
        zh_cut = f"，建议扣 {fmt(gap)} 分" if over else ""
        en_cut = f"; suggested deduction {fmt(gap)} points" if over else ""
        found.append(
            Finding(
                "score_differs", 7, item["item"],
                f"{cell}：报告得分 {shown_reported}，按规则重算为 {shown_recomputed}，"
                f"{zh_way} {fmt(gap)} 分，不是按{zh_precision}取整的结果{zh_cut}",
                f"'{label}': reported score {shown_reported}, recomputed by the rules "
                f"({item['rule']}) {shown_recomputed}: {fmt(gap)} points {en_way}, more than a "
                f"rounding at the table's precision ({en_precision}){en_cut}",
                evidence, rule="score_precision",
                deduction=round(gap, 6) if over else None,
            )
        )  # fmt: skip
    return found
