"""The scored rows of an indicator: its target and actual figures, its parts and its score.

:func:`indicator_items` turns one row of the indicator table into the rows of the assessment
(the indicator, and one per part of a composite target); :data:`ITEM_COLUMNS` and
:func:`item_row` are the shape every assessment row has (the budget line's too). How targets and
actuals are read is described in :mod:`parkmetrics.scoring.assessment`.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from parkmetrics.data.layout import unknown_in
from parkmetrics.scoring.cells import (
    CellFigure,
    figures_in,
    is_blank,
    parks_named,
    unknown_parks,
)
from parkmetrics.scoring.formulas import (
    REACH_DIRECTIONS,
    combine_parts,
    direction_of,
    indicator_score,
    over_achieved,
    qualitative_band,
    qualitative_score,
    ratio_of,
)
from parkmetrics.scoring.layouts import infer_actual_unit, target_text
from parkmetrics.scoring.rules import Rules

LIST_MARK = "、"  # the enumeration comma: 145、130、110个 is one list of three figures

ITEM_COLUMNS = [
    "item", "kind", "row", "part", "level1", "level2", "label",
    "target_text", "target_value", "target_unit", "target_qualifier", "direction",
    "actual_text", "actual_value", "actual_unit", "actual_qualifier", "ratio", "weight",
    "reported_score", "recomputed_score", "not_recomputed_reason", "difference",
    "rule", "reason_required", "reason_present", "inferred",
]  # fmt: skip


def number(value: Any) -> float:
    """A cell's number; NaN for a blank cell."""
    return math.nan if is_blank(value) else float(value)


def item_row(**values: Any) -> dict[str, Any]:
    """One assessment row: every column present, numbers NaN until set, then ``values``."""
    row = dict.fromkeys(ITEM_COLUMNS, None)
    for key in ("target_value", "actual_value", "ratio", "weight", "reported_score",
                "recomputed_score", "difference"):  # fmt: skip
        row[key] = math.nan
    row.update(reason_required=False, reason_present=False)
    row.update(values)
    return row


def below(reported: float, recomputed: float, weight: float) -> bool:
    """Whether either score falls short of the weight (a deviation reason is then due)."""
    return any(not math.isnan(s) and s < weight for s in (reported, recomputed))


def indicator_items(
    indicator: dict[str, Any], vocabulary: Any, parks: pd.DataFrame, rules: Rules
) -> list[dict[str, Any]]:
    """The assessment rows of one indicator: the row itself, then one per composite part."""
    row = int(indicator["row"])
    weight, reported = number(indicator.get("weight")), number(indicator.get("score"))
    target, composed = target_text(indicator)
    actual_text = indicator.get("actual") if not is_blank(indicator.get("actual")) else None
    metrics = metrics_of(indicator)
    base = {
        "row": row, "level1": indicator.get("level1"), "level2": indicator.get("level2"),
        "weight": weight, "reported_score": reported,
        "reason_present": not rules.is_empty_reason(indicator.get("deviation_reason")),
    }  # fmt: skip
    head = item_row(
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
    if len(targets) > 1 and not metrics:
        listed = LIST_MARK.join(t.text for t in targets)
        note = f"{len(targets)} parts: the target's list {listed} (no metrics annotated)"
        head["inferred"] = "; ".join(filter(None, [composed, note]))
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
        part = item_row(
            **{**base, "weight": weight / n, "reported_score": math.nan},
            item=f"indicator-{row}.{i + 1}",
            kind="part",
            part=i + 1,
            # a part without a metric is named by its row (the row's label, the part's number)
            label=(
                vocabulary_label(vocabulary, metrics[i])
                if i < len(metrics)
                else f"{indicator.get('level3') or ''}（{i + 1}）"
            ),
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
    if not metrics:
        return _last_list(text, found)
    return found[-len(metrics) :]


def _last_list(text: str, found: list[CellFigure]) -> list[CellFigure]:
    """With no metrics annotated, the target's parts: the last figures written as one list
    (145、130、110个 is three parts, each its own actual), else the last figure alone."""
    parts = [found[-1]]
    for figure in reversed(found[:-1]):
        if text[figure.end : parts[0].start].strip() != LIST_MARK:
            break
        parts.insert(0, figure)
    return parts


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
    part["target_qualifier"] = target.qualifier
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
    part["actual_qualifier"] = actual.qualifier
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
         and below(item["reported_score"], item["recomputed_score"], item["weight"]))
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
