"""Whether the scores are justified: large deviations with no reason (check 6), full marks the
evidence does not support (check 7), and reported scores the rules do not give (checks 7, 10)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import pandas as pd

from parkmetrics.figures.formatting import format_number as fmt
from parkmetrics.review.evidence import (
    CELL_LABELS,
    TABLE,
    Evidence,
    budget_cell,
    indicator_cell,
    written,
)
from parkmetrics.review.findings import Finding
from parkmetrics.review.matching import Match, indicators_by_row
from parkmetrics.review.numbers import canonical_unit, pct
from parkmetrics.scoring.assessment import Assessment
from parkmetrics.scoring.cells import figures_in, is_blank
from parkmetrics.scoring.rules import Rules

if TYPE_CHECKING:
    from parkmetrics.data.dataset import YearData

_TARGET, _ACTUAL, _SCORE = CELL_LABELS["target"], CELL_LABELS["actual"], CELL_LABELS["score"]


# --- check 6: large deviations with no reason --------------------------------------------------


def check_reasons(
    year_data: YearData, assessment: Assessment, matches: list[Match], rules: Rules
) -> list[Finding]:
    """Items the rules require a deviation reason for, with none given; the budget's
    execution rate above or below its thresholds."""
    found: list[Finding] = []
    indicators = indicators_by_row(year_data)
    items = assessment.items
    parts = items[items["kind"] == "part"]
    # composite rows whose parts already explain the deviation
    explained = set(parts.loc[parts["reason_required"], "row"].dropna().astype(int))
    for item in items.to_dict("records"):
        if item["kind"] == "budget":
            found += _budget_reason(item, rules)
            continue
        row = int(item["row"])
        if item["kind"] == "indicator" and row in explained:
            continue  # its parts speak for it
        if not item["reason_required"] or item["reason_present"]:
            continue
        indicator = indicators[row]
        evidence = (
            indicator_cell(indicator, _TARGET, item["target_text"], item["target_value"],
                           item["target_unit"], indicator["target"]),
            indicator_cell(indicator, _ACTUAL, item["actual_text"], item["actual_value"],
                           item["actual_unit"], indicator["actual"]),
            indicator_cell(indicator, CELL_LABELS["deviation_reason"],
                           indicator.get("deviation_reason") or None),
        )  # fmt: skip
        label = item["label"] or indicator["level3"]
        ratio = item["ratio"]
        threshold = rules.over_achievement_threshold
        target, actual = written(item, "target"), written(item, "actual")
        if not math.isnan(ratio) and ratio >= threshold:
            found.append(
                Finding(
                    "over_achievement_no_reason", 6, item["item"],
                    f"「{label}」实际 {actual} 为目标 {target} 的 {pct(ratio)}"
                    f"（≥{threshold:.0%}），目标可能偏低，未填写偏差原因",
                    f"'{label}': actual {actual} is {pct(ratio)} of the target {target} "
                    f"(≥ {threshold:.0%}): the target may have been set too low, and no "
                    "deviation reason is given",
                    evidence,
                )
            )  # fmt: skip
        else:
            found.append(
                Finding(
                    "under_achievement_no_reason", 6, item["item"],
                    f"「{label}」未达到目标或未得满分，未填写偏差原因",
                    f"'{label}' falls short of its target or its weight, and no deviation reason "
                    "is given",
                    evidence,
                )
            )  # fmt: skip
    return found


def _budget_reason(item: dict[str, Any], rules: Rules) -> list[Finding]:
    rate = item["ratio"]
    if math.isnan(rate):
        return []
    evidence = (
        budget_cell(item["label"], "full_year", item["target_text"], item["target_value"]),
        budget_cell(item["label"], "executed", item["actual_text"], item["actual_value"]),
    )
    above, below = rules.budget_rate_flag_above, rules.budget_reason_below
    if rate > above:
        return [
            Finding(
                "budget_over_executed", 6, "budget",
                f"预算执行率 {pct(rate)} 超过 {above:.0%}，需说明原因",
                f"budget execution {pct(rate)} exceeds {above:.0%}: an explanation is needed",
                evidence,
            )
        ]  # fmt: skip
    if rate < below and rules.reason_required_when.get("budget_below_threshold"):
        return [
            Finding(
                "under_achievement_no_reason", 6, "budget",
                f"预算执行率 {pct(rate)} 低于 {below:.0%}，需说明偏差原因",
                f"budget execution {pct(rate)} is below {below:.0%}; a deviation reason is "
                "required",
                evidence,
            )
        ]  # fmt: skip
    return []


# --- check 7: full marks the evidence does not support -----------------------------------------


def check_evidence(
    year_data: YearData, assessment: Assessment, matches: list[Match], rules: Rules
) -> list[Finding]:
    """Full marks for a text actual (or a ranking for a percentage), for fewer named items
    than the target, or for every indicator."""
    found: list[Finding] = []
    indicators = indicators_by_row(year_data)
    items = assessment.items
    for item in items[items["kind"] == "indicator"].to_dict("records"):
        indicator = indicators[int(item["row"])]
        if is_blank(indicator.get("actual")):
            continue  # a blank cell is check 5's
        full = not math.isnan(item["reported_score"]) and item["reported_score"] >= item["weight"]
        if not full or item["direction"] == "qualitative" or not is_blank(item["actual_value"]):
            if full and not is_blank(item["actual_value"]) and "named" in str(item["rule"]):
                found += _fewer_named(item, indicator)
            continue
        if not math.isnan(item["recomputed_score"]):
            continue
        label, target_text, actual_text = (
            indicator["level3"],
            indicator["target"],
            indicator["actual"],
        )
        target = indicator_cell(indicator, _TARGET, target_text, item["target_value"],
                                item["target_unit"], target_text)  # fmt: skip
        actual = indicator_cell(indicator, _ACTUAL, actual_text, quote=actual_text)
        score = indicator_cell(indicator, _SCORE, fmt(item["reported_score"]),
                               item["reported_score"])  # fmt: skip
        honours = _honours_in(actual_text, year_data, rules)
        if canonical_unit(item["target_unit"]) in rules.percent_evidence_units and honours:
            found.append(
                Finding(
                    "ranking_for_percentage", 7, item["item"],
                    f"「{label}」目标为百分比（{target_text}），实际完成值以排名或荣誉代替"
                    f"（{actual_text}），却得满分",
                    f"'{label}': a percentage target ({target_text}) is met by a ranking "
                    f"or honour ({actual_text}), not a measured rate, yet scores full marks",
                    (target, actual, *honours, score),
                )
            )  # fmt: skip
        else:
            found.append(
                Finding(
                    "text_actual_full_marks", 7, item["item"],
                    f"「{label}」目标为 {target_text}，实际完成值仅为文字"
                    f"（{actual_text}），无可核对的数值，却得满分",
                    f"'{label}': the target {target_text} is answered by text "
                    f"({actual_text}) with no figure to check, yet scores full marks",
                    (target, actual, score),
                )
            )  # fmt: skip
    found += _all_full_marks(year_data.indicators, year_data.header.get("total_score"))
    return found


def _honours_in(text: str, year_data: YearData, rules: Rules) -> list[Evidence]:
    """Rankings and honours in a text: figures in a ranking unit, awards quoted there."""
    evidence = [
        Evidence(f"{TABLE}·排名", f.text, f.value, f.unit, text)
        for f in figures_in(text)
        if f.canonical_unit in rules.ranking_units
    ]
    for award in year_data.awards.to_dict("records"):
        quote = str(award["source_quote"])
        if quote in text or text in quote:
            evidence.append(Evidence(f"荣誉·{award['label']}", award["label"], None, None, quote))
    return evidence


def _fewer_named(item: dict[str, Any], indicator: dict[str, Any]) -> list[Finding]:
    if item["actual_value"] >= item["target_value"]:
        return []
    label, named = indicator["level3"], fmt(item["actual_value"])
    return [
        Finding(
            "fewer_named_items", 7, item["item"],
            f"「{label}」目标 {indicator['target']}，实际仅列出 {named} 家，却得满分",
            f"'{label}': target {indicator['target']}, but the actual names only {named}, yet "
            "scores full marks",
            (indicator_cell(indicator, _TARGET, indicator["target"], item["target_value"],
                            item["target_unit"], indicator["target"]),
             indicator_cell(indicator, _ACTUAL, indicator["actual"], item["actual_value"], "家",
                            indicator["actual"])),
        )
    ]  # fmt: skip


def _all_full_marks(indicators: pd.DataFrame, total: Any) -> list[Finding]:
    scored = indicators.dropna(subset=["weight", "score"])
    if len(scored) < 2 or not (scored["score"] >= scored["weight"]).all():
        return []
    return [
        Finding(
            "all_full_marks", 7, "indicators",
            f"全部 {len(scored)} 项指标均为满分（总分 {total}），自评缺乏区分度，需逐项核实依据",
            f"all {len(scored)} indicators score full marks (total {total}); each needs its "
            "evidence checked",
            tuple(
                Evidence(f"{TABLE}·第{int(r['row'])}行「{r['level3']}」得分/分值",
                         f"{fmt(r['score'])}/{fmt(r['weight'])}", r["score"])
                for r in scored.to_dict("records")
            ),
        )
    ]  # fmt: skip


# --- recomputed scores (check 7, or check 10 when only a rounding) ------------------------------


def check_scores(
    year_data: YearData, assessment: Assessment, matches: list[Match], rules: Rules
) -> list[Finding]:
    """Reported scores that differ from the recomputed ones: a rounding within the rules'
    score tolerance (check 10), else a score the evidence does not give (check 7)."""
    found: list[Finding] = []
    items = assessment.items
    for item in items[items["kind"].isin(["budget", "indicator"])].to_dict("records"):
        difference = item["difference"]
        if is_blank(difference) or abs(difference) < 1e-9:
            continue
        label = item["label"]
        reported, recomputed = fmt(item["reported_score"]), fmt(item["recomputed_score"])
        evidence = (
            Evidence(f"{TABLE}·{label}·{_SCORE}", reported, item["reported_score"]),
            Evidence(f"重算·{item['rule']}", recomputed, item["recomputed_score"]),
        )
        # a rounding when the recomputed score, at the precision the table writes its scores
        # in (whole points: 8.6 → 9), is the reported one; else within the rules' tolerance
        at_precision = item.get("recomputed_at_precision", math.nan)
        if is_blank(at_precision):
            rounded = abs(difference) <= rules.score_tolerance
        else:
            rounded = abs(at_precision - item["reported_score"]) < 1e-9
        found.append(
            Finding(
                "score_rounded" if rounded else "score_differs", 10 if rounded else 7, item["item"],
                f"「{label}」报告得分 {reported}，按规则重算为 {recomputed}"
                + ("（取整所致）" if rounded else ""),
                f"'{label}': reported score {reported}, recomputed by the rules {recomputed}"
                + (" (a rounding)" if rounded else ""),
                evidence,
            )
        )  # fmt: skip
    return found
