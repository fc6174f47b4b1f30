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
from parkmetrics.data.tables import records
from parkmetrics.scoring.cells import (
    BUDGET_UNIT,
    CellFigure,
    figures_in,
    header_number,
    is_blank,
    parks_named,
    unknown_parks,
)
from parkmetrics.scoring.deductions import apply_reviewer_rules
from parkmetrics.scoring.formulas import (
    REACH_DIRECTIONS,
    budget_score,
    combine_parts,
    direction_of,
    indicator_score,
    over_achieved,
    qualitative_band,
    qualitative_score,
    ratio_of,
)
from parkmetrics.scoring.layouts import budget_amounts, infer_actual_unit, target_text
from parkmetrics.scoring.rules import Rules, load_rules

if TYPE_CHECKING:
    from parkmetrics.data.dataset import YearData

ITEM_COLUMNS = [
    "item", "kind", "row", "part", "level1", "level2", "label",
    "target_text", "target_value", "target_unit", "direction",
    "actual_text", "actual_value", "actual_unit", "ratio", "weight",
    "reported_score", "recomputed_score", "not_recomputed_reason", "difference",
    "rule", "reason_required", "reason_present", "inferred",
]  # fmt: skip


@dataclass(frozen=True)
class Assessment:
    """The recomputed scores: ``items`` (one row per scored item) and ``totals``."""

    items: pd.DataFrame
    totals: dict[str, Any]


def assess(year_data: YearData, rules: Rules | None = None) -> Assessment:
    """Re-score a year's self-evaluation table by ``rules`` (default: the national rules)."""
    rules = rules or load_rules()
    rows = [_budget_item(year_data.budget, rules, year_data.budget_unit or BUDGET_UNIT)]
    vocabulary = year_data.vocabulary
    for indicator in records(year_data.indicators):
        rows += _indicator_items(indicator, vocabulary, year_data.parks, rules)
    items = pd.DataFrame(rows, columns=ITEM_COLUMNS)
    items["difference"] = items["recomputed_score"] - items["reported_score"]
    # whole numbers (blank for the budget line and for rows without parts)
    items = items.astype({"row": "Int64", "part": "Int64"})
    items = apply_reviewer_rules(items, year_data.indicators, rules)
    return Assessment(items=items, totals=_totals(items, year_data, rules))


def _num(value: Any) -> float:
    return math.nan if is_blank(value) else float(value)


def _item(**values: Any) -> dict[str, Any]:
    row = dict.fromkeys(ITEM_COLUMNS, None)
    for key in ("target_value", "actual_value", "ratio", "weight", "reported_score",
                "recomputed_score", "difference"):  # fmt: skip
        row[key] = math.nan
    row.update(reason_required=False, reason_present=False)
    row.update(values)
    return row


def _budget_item(budget: pd.DataFrame, rules: Rules, unit: str) -> dict[str, Any]:
    line, summed_note = budget_amounts(budget)
    full_year, executed = _num(line.get("full_year")), _num(line.get("executed"))
    # a blank 分值 stays blank: the form gives the budget no weight (a 60/30/10 form), and
    # none is invented from the rules' usual split
    weight = _num(line.get("weight"))
    reported = _num(line.get("score"))
    item = _item(
        item="budget", kind="budget", label=line.get("label") or "年度资金总额",
        target_text=_amount_text(full_year, unit), target_value=full_year, target_unit=unit,
        direction=">=", actual_text=_amount_text(executed, unit), actual_value=executed,
        actual_unit=unit, weight=weight, reported_score=reported,
        rule="budget: min(全年执行数 ÷ 全年预算数, "
        f"{rules.budget_rate_cap:g}) × weight" + (" (amounts summed from the lines)"
                                                  if summed_note else ""),
        inferred=summed_note,
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
        or (when.get("score_below_weight") and _below(reported, item["recomputed_score"], weight))
    )
    return item


def _amount_text(value: float, unit: str) -> str | None:
    return None if math.isnan(value) else f"{value:g}{unit}"


def _below(reported: float, recomputed: float, weight: float) -> bool:
    """Whether either score falls short of the weight (a deviation reason is then due)."""
    return any(not math.isnan(s) and s < weight for s in (reported, recomputed))


def _indicator_items(
    indicator: dict[str, Any], vocabulary: Any, parks: pd.DataFrame, rules: Rules
) -> list[dict[str, Any]]:
    row = int(indicator["row"])
    weight, reported = _num(indicator.get("weight")), _num(indicator.get("score"))
    target, composed = target_text(indicator)
    actual_text = indicator.get("actual") if not is_blank(indicator.get("actual")) else None
    metrics = metrics_of(indicator)
    base = {
        "row": row, "level1": indicator.get("level1"), "level2": indicator.get("level2"),
        "weight": weight, "reported_score": reported,
        "reason_present": not rules.is_empty_reason(indicator.get("deviation_reason")),
    }  # fmt: skip
    head = _item(
        item=f"indicator-{row}",
        kind="indicator",
        label=indicator.get("level3"),
        target_text=target,
        actual_text=actual_text,
        inferred=composed,
        **base,
    )
    unknown = [c for c in ("target", "actual", "weight") if c in unknown_in(indicator)]
    if unknown:
        head["not_recomputed_reason"] = f"{', '.join(unknown)} not in the source (unknown)"
        return [head]
    targets = _target_figures(target, metrics, vocabulary)
    if not targets:
        return [_qualitative(head, actual_text, reported, weight, rules)]
    suffixes = rules.park_name_suffixes
    actuals = _actual_figures(actual_text, targets, parks, suffixes) or [None] * len(targets)
    level2 = indicator.get("level2")
    if len(targets) == 1:
        inferred = infer_actual_unit(actual_text, targets[0], indicator)
        if actuals[0] is None and inferred is not None:
            actuals = [inferred[0]]
            head["inferred"] = "; ".join(filter(None, [composed, inferred[1]]))
        _score_part(head, targets[0], actuals[0], level2, rules)
        _require_reason(head, rules)
        return [head]

    # a composite target: one part per figure, each with its share of the weight; the report
    # scores only the whole row, so a part has no reported score
    n = len(targets)
    parts = []
    for i, (target, actual) in enumerate(zip(targets, actuals, strict=True)):
        part = _item(
            **{**base, "weight": weight / n, "reported_score": math.nan},
            item=f"indicator-{row}.{i + 1}",
            kind="part",
            part=i + 1,
            label=vocabulary_label(vocabulary, metrics[i]) if i < len(metrics) else None,
            target_text=target.text,
            actual_text=actual.text if actual is not None else actual_text,
        )
        _score_part(part, target, actual, level2, rules)
        parts.append(part)
    _combine(head, parts, rules)
    return [head, *parts]


def vocabulary_label(vocabulary: Any, metric: str) -> str:
    """The vocabulary's Chinese label of a metric (the metric id when unknown)."""
    try:
        return vocabulary.metric_label(metric)
    except LookupError:
        return metric


def metrics_of(indicator: dict[str, Any]) -> list[str]:
    """The metric ids an indicator measures (its ``metrics`` annotation, in part order)."""
    if is_blank(indicator.get("metrics")):
        return []
    return [m.strip() for m in str(indicator["metrics"]).split(";") if m.strip()]


def _target_figures(text: str | None, metrics: list[str], vocabulary: Any) -> list[CellFigure]:
    """The target's figures: those in its metrics' unit, the last one per metric."""
    if not text:
        return []
    found = [f for f in figures_in(text) if f.canonical_unit and f.value is not None]
    if not found:
        return []
    known = set(vocabulary.metrics["metric"])
    units = {vocabulary.metric_unit(m) for m in metrics if m in known} - {None}
    if units:
        found = [f for f in found if f.canonical_unit in units] or found
    else:
        # no metric says which unit: the cell's figures in the unit of its last figure
        found = [f for f in found if f.canonical_unit == found[-1].canonical_unit]
    return found[-max(len(metrics), 1) :]


def _actual_figures(
    text: str | None, targets: list[CellFigure], parks: pd.DataFrame, suffixes: tuple[str, ...]
) -> list[CellFigure | None] | None:
    """The actual figure matched to each target part, or None when the text gives none."""
    if not text:
        return None
    unit = targets[0].canonical_unit
    same = [f for f in figures_in(text) if f.canonical_unit == unit and f.value is not None]
    if len(targets) > 1:
        return same[: len(targets)] + [None] * (len(targets) - len(same)) if same else None
    if same:
        return [same[0]]
    target = targets[0]
    if target.canonical_value == 0:
        # a zero needs no unit: 全年园区0事故 answers 安全事故发生率0%
        zeros = [f for f in figures_in(text) if f.value == 0]
        if zeros:
            return [zeros[0]]
    if target.counts_parks:
        # a park the vocabulary does not know still counts (the review reports its name)
        named = parks_named(text, parks) + unknown_parks(text, parks, suffixes)
        if named:
            return [CellFigure.named_parks_count(named, unit)]
    return None


def _score_part(
    part: dict[str, Any],
    target: CellFigure,
    actual: CellFigure | None,
    level2: str | None,
    rules: Rules,
) -> None:
    """Fill the target, actual, ratio, recomputed score and rule of a quantitative item (in
    place)."""
    direction = direction_of(target.comparison, target.canonical_value, level2, rules)
    part["target_value"], part["target_unit"] = target.value, target.unit
    part["direction"] = direction
    part["rule"] = f"{direction} {rules.quantitative[direction]}"
    if actual is None:
        if rules.text_actual_of_quantitative_target == "qualitative_band":
            band = qualitative_band(part["actual_text"], rules)
            if band is not None:
                part["recomputed_score"] = qualitative_score(
                    band, part["reported_score"], part["weight"], rules
                )
                part["rule"] = f"{direction} target, text actual: qualitative band {band.name}"
                return
        part["not_recomputed_reason"] = (
            f"the actual states no figure in {target.canonical_unit} to compare with the target "
            f"{target.text}"
        )
        return
    part["actual_value"], part["actual_unit"] = actual.value, actual.unit
    if _unproven(actual, target, direction, rules.approximate_margin):
        if rules.approximate_actual == "cannot_verify":
            part["not_recomputed_reason"] = (
                f"{APPROXIMATE}: {actual.text} ({actual.qualifier}) does not prove the target "
                f"{direction} {target.text}"
            )
            return
        part["rule"] += f" ({APPROXIMATE} {actual.text} taken as a bound)"
    if actual.named_parks:
        part["rule"] += " (actual: number of parks named)"
    part["ratio"] = ratio_of(target.canonical_value, actual.canonical_value)
    part["recomputed_score"] = indicator_score(
        direction, target.canonical_value, actual.canonical_value, part["weight"], rules
    )


APPROXIMATE = "approximate actual"  # how not_recomputed_reason / rule name such an actual


def _unproven(actual: CellFigure, target: CellFigure, direction: str, margin: float) -> bool:
    """Whether a qualified actual (近10%) leaves a target to reach (≥ 10%) unproven: at or
    within ``margin`` above the target (近12% still proves ≥ 10%)."""
    qualifiers = str(actual.qualifier or "exact").split("+")
    a, t = actual.canonical_value, target.canonical_value
    if direction not in REACH_DIRECTIONS or a is None or t is None:
        return False
    if any(q in ("under", "at_most") for q in qualifiers):
        return a >= t  # 不足12% may be 9%: it proves no target at or below 12%
    return "approx" in qualifiers and t <= a <= t * (1 + margin)


def _require_reason(item: dict[str, Any], rules: Rules) -> None:
    when, ratio = rules.reason_required_when, item["ratio"]
    item["reason_required"] = bool(
        (when.get("score_below_weight")
         and _below(item["reported_score"], item["recomputed_score"], item["weight"]))
        # below 1 is a shortfall only for a target to reach; under a ceiling (≤) it is the aim
        or (when.get("ratio_below_one") and item["direction"] in REACH_DIRECTIONS and ratio < 1)
        or (when.get("over_achievement") and over_achieved(item["direction"], ratio, rules))
    )  # fmt: skip


def _combine(head: dict[str, Any], parts: list[dict[str, Any]], rules: Rules) -> None:
    """The composite row's score from its parts' (in place)."""
    for part in parts:
        _require_reason(part, rules)
    head["direction"] = "/".join(dict.fromkeys(p["direction"] for p in parts))
    head["rule"] = f"composite {rules.composite} of {len(parts)} parts"
    head["target_value"] = math.nan
    head["target_unit"] = "/".join(dict.fromkeys(str(p["target_unit"]) for p in parts))
    if any(math.isnan(p["recomputed_score"]) for p in parts):
        missing = [str(p["part"]) for p in parts if math.isnan(p["recomputed_score"])]
        head["not_recomputed_reason"] = f"part(s) {', '.join(missing)} cannot be recomputed"
    else:
        # a part of weight 0 (a row of weight 0) earns nothing and loses nothing
        fractions = [p["recomputed_score"] / p["weight"] if p["weight"] else 1.0 for p in parts]
        for part, fraction in zip(parts, fractions, strict=True):
            part["recomputed_score"] = min(fraction, 1.0) * part["weight"]
        head["ratio"] = combine_parts([min(f, 1.0) for f in fractions], rules)
        head["recomputed_score"] = head["ratio"] * head["weight"]
    _require_reason(head, rules)
    head["reason_required"] = head["reason_required"] or any(p["reason_required"] for p in parts)


def _qualitative(
    head: dict[str, Any], actual_text: str | None, reported: float, weight: float, rules: Rules
) -> dict[str, Any]:
    head["direction"] = "qualitative"
    band = qualitative_band(actual_text, rules)
    if band is None:
        head["rule"] = "qualitative"
        head["not_recomputed_reason"] = "the actual text does not determine a qualitative band"
    else:
        share = f"{band.low:.0%}–{band.high:.0%}"
        head["rule"] = f"qualitative band {band.name} ({share}), {rules.qualitative_score}"
        head["recomputed_score"] = qualitative_score(band, reported, weight, rules)
    _require_reason(head, rules)
    return head


def _totals(items: pd.DataFrame, year_data: YearData, rules: Rules) -> dict[str, Any]:
    scored = items[items["kind"].isin(["budget", "indicator"])]
    header = year_data.header
    reported_sum = scored["reported_score"].sum(min_count=1)
    declared = header.get("total_score") if header else None
    declared_total = header_number(declared)
    reported_total = declared_total if not math.isnan(declared_total) else float(reported_sum)
    unknown_scores = any(
        "score" in unknown_in(r)
        for r in [*records(year_data.indicators), *records(year_data.budget)]
    )
    if math.isnan(declared_total) and unknown_scores:
        reported_total = math.nan  # the table's total is cut off and so is a score: not known
    unscored = scored["recomputed_score"].isna()
    fallback = scored["reported_score"].fillna(0) if rules.unscored_items == "reported" else 0.0
    recomputed = scored["recomputed_score"].where(~unscored, fallback)
    recomputed_total = float(recomputed.sum())
    no_fallback = rules.unscored_items != "reported" or scored["reported_score"].isna().all()
    if unscored.all() and no_fallback:
        recomputed_total = math.nan  # nothing re-scored (an unfilled form): not a total of 0
    return {
        "weight_total": float(scored["weight"].sum()),
        "reported_total": reported_total,
        "recomputed_total": recomputed_total,
        "reported_grade": rules.grade(reported_total),
        "recomputed_grade": rules.grade(recomputed_total),
        "unscored_weight": float(scored.loc[unscored, "weight"].sum()),
        "unknown_cells": unknown_scores or "total_score" in year_data.header_unknown,
    }
