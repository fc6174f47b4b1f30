"""The scoring formulas of the self-evaluation rules, one function per rule.

Each takes numbers and the ``Rules`` (``config/rules.yaml``) and returns a number: the budget
score, quantitative scoring by direction (≥, ≤, =), over-achievement (偏离度), qualitative bands
and how a composite target's parts combine. ``assessment.py`` applies them to a year's table.
"""

from __future__ import annotations

import math

from parkmetrics.scoring.rules import Band, Rules


def quantitative_fraction(direction: str, target: float, actual: float, rules: Rules) -> float:
    """Share of the weight (0–1) an actual earns against a target, by the direction's formula.

    at_least: actual ≥ target → 1, else actual ÷ target. at_most: actual ≤ target → 1; below
    ``at_most_zero_at`` × target → 1 − (actual − target) ÷ target; beyond → 0. equal: as
    at_least, but with target 0 an actual ≤ 0 earns 1 and anything else 0.
    """
    formula = rules.quantitative[direction]
    if formula == "equal" and target == 0:
        return 1.0 if actual <= 0 else 0.0
    if formula in ("at_least", "equal"):
        if actual >= target:
            return 1.0
        return max(actual / target, 0.0) if target > 0 else 0.0
    # at_most
    if actual <= target:
        return 1.0
    if target <= 0 or actual >= rules.at_most_zero_at * target:
        return 0.0
    return 1.0 - (actual - target) / target


def ratio_of(target: float, actual: float) -> float:
    """actual ÷ target; NaN when the target is 0 (no ratio exists)."""
    return actual / target if target else math.nan


REACH_DIRECTIONS = (">=", ">", "=")  # directions of a target to reach (not a ceiling)


def over_achieved(direction: str, ratio: float, rules: Rules) -> bool:
    """Whether a ratio is far above target (偏离度): actual ≥ threshold × target.

    Only for targets to reach (≥, >, =): for a ceiling (≤) a low actual is the aim.
    """
    if direction not in REACH_DIRECTIONS or math.isnan(ratio):
        return False
    return ratio >= rules.over_achievement_threshold


def indicator_score(
    direction: str, target: float, actual: float, weight: float, rules: Rules
) -> float:
    """Score of one quantitative indicator: fraction × weight, cut when over-achieved and a
    cut is configured."""
    score = quantitative_fraction(direction, target, actual, rules) * weight
    if rules.over_achievement_cut is not None and over_achieved(
        direction, ratio_of(target, actual), rules
    ):
        score *= rules.over_achievement_cut
    return score


def budget_score(full_year: float, executed: float, weight: float, rules: Rules) -> float:
    """min(executed ÷ full-year budget, cap) × weight (the full-year budget, never the initial)."""
    return min(executed / full_year, rules.budget_rate_cap) * weight


def qualitative_band(text: str | None, rules: Rules) -> Band | None:
    """The band a qualitative actual's words place it in, or None when no keyword occurs.

    Bands are tried from worst to best, so 未完成 is not read as 完成.
    """
    if not text:
        return None
    for name in ("not_achieved", "partial", "achieved"):
        if any(word in text for word in rules.qualitative_keywords.get(name, ())):
            return rules.qualitative_bands[name]
    return None


def qualitative_score(band: Band, reported: float, weight: float, rules: Rules) -> float:
    """A score within the band: by default the reported one moved into the band."""
    low, high = band.low * weight, band.high * weight
    if rules.qualitative_score == "band_high":
        return high
    if rules.qualitative_score == "band_low":
        return low
    if math.isnan(reported):  # nothing reported: the band's top is the best defensible
        return high
    return min(max(reported, low), high)


def combine_parts(fractions: list[float], rules: Rules) -> float:
    """Score fraction of a composite target from its parts' fractions (each already ≤ 1)."""
    if rules.composite == "min_capped_ratio":
        return min(fractions)
    return sum(fractions) / len(fractions)


def direction_of(comparison: str | None, target: float, level2: str | None, rules: Rules) -> str:
    """The direction of a target: its own sign, else the rules' default for its kind."""
    if comparison:
        return comparison
    if target == 0:
        return rules.zero_target_direction
    return rules.direction_by_level2.get(level2 or "", rules.default_direction)
