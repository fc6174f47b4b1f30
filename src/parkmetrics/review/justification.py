"""Whether the scores are justified: large deviations with no reason that explains them (check
6) and full marks the evidence does not support (check 7); reported scores against recomputed
ones are ``scores``, qualified actuals ``qualifiers``."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import pandas as pd

from parkmetrics.data.tables import loaded_records, records
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
from parkmetrics.review.qualifiers import approximate_actuals
from parkmetrics.review.reasons import budget_explained, explains
from parkmetrics.scoring.assessment import SUM_OF_SCORES, Assessment, reported_total_note
from parkmetrics.scoring.cells import figures_in, is_blank
from parkmetrics.scoring.rules import Rules

# directions of a ceiling (成本 ≤ / <): exceeding one is an overrun, never an over-achievement
CEILING_DIRECTIONS = ("<=", "<")

if TYPE_CHECKING:
    from parkmetrics.data.dataset import YearData

_TARGET, _ACTUAL, _SCORE = CELL_LABELS["target"], CELL_LABELS["actual"], CELL_LABELS["score"]


# --- check 6: large deviations with no reason --------------------------------------------------


def check_reasons(
    year_data: YearData, assessment: Assessment, matches: list[Match], rules: Rules
) -> list[Finding]:
    """Items the rules require a deviation reason for, with none given or with a reason that
    explains another part or the other direction; the budget's execution rate above or below
    its thresholds."""
    found: list[Finding] = []
    indicators = indicators_by_row(year_data)
    items = assessment.items
    rows = loaded_records(items)
    parts = [r for r in rows if r["kind"] == "part"]
    # composite rows whose parts already explain the deviation
    explained = {int(p["row"]) for p in parts if p["reason_required"] and _given(p["row"])}
    for item in rows:
        if item["kind"] == "budget":
            found += _budget_reason(year_data, item, rules)
            continue
        row = int(item["row"])
        if item["kind"] == "indicator" and row in explained:
            continue  # its parts speak for it
        if not item["reason_required"]:
            continue
        indicator = indicators[row]
        reason = indicator.get("deviation_reason")
        siblings = [p["label"] for p in parts if p["row"] == row and _given(p["label"])]
        if item["reason_present"] and explains(str(reason), item, siblings, rules):
            continue
        found.append(_reason_finding(item, indicator, rules))
    return found


def _given(value: Any) -> bool:
    """Not missing as pandas' ``dropna`` sees it (None, NaN, NA)."""
    return not (value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)))


def _reason_finding(item: dict[str, Any], indicator: dict[str, Any], rules: Rules) -> Finding:
    """A deviation without a reason that explains it, with its numbers."""
    reason = indicator.get("deviation_reason") or None
    evidence = (
        indicator_cell(indicator, _TARGET, item["target_text"], item["target_value"],
                       item["target_unit"], indicator["target"]),
        indicator_cell(indicator, _ACTUAL, item["actual_text"], item["actual_value"],
                       item["actual_unit"], indicator["actual"]),
        indicator_cell(indicator, CELL_LABELS["deviation_reason"], reason, quote=reason),
    )  # fmt: skip
    label = item["label"] or indicator["level3"]
    where = f"第{int(item['row'])}行「{label}」"
    ratio, threshold = item["ratio"], rules.over_achievement_threshold
    target, actual = written(item, "target"), written(item, "actual")
    answered = bool(reason) and bool(item["reason_present"])
    given_zh = f"所填偏差原因「{reason}」未说明这一{{}}" if answered else "未填写偏差原因"
    given_en = (
        f"the deviation reason given ('{reason}') does not explain this {{}}"
        if answered
        else "no deviation reason is given"
    )
    ceiling = item["direction"] in CEILING_DIRECTIONS
    if not math.isnan(ratio) and ratio >= threshold and not ceiling:
        return Finding(
            "over_achievement_no_reason", 6, item["item"],
            f"{where}实际 {actual} 为目标 {target} 的 {pct(ratio)}（≥{threshold:.0%}），"
            f"目标可能偏低，{given_zh.format('超额')}",
            f"row {int(item['row'])} '{label}': actual {actual} is {pct(ratio)} of the target "
            f"{target} (≥ {threshold:.0%}): the target may have been set too low, and "
            f"{given_en.format('overshoot')}",
            evidence, rule="over_achievement_threshold",
        )  # fmt: skip
    unit = "" if is_blank(item["actual_unit"]) else item["actual_unit"]
    if ceiling and not math.isnan(ratio) and ratio > 1:
        # a ceiling (成本 ≤) exceeded: the overrun, not a "shortfall" of a target to reach
        gap = item["actual_value"] - item["target_value"]
        shortfall_zh = (f"实际 {actual} 超过上限 {target} {fmt(gap)}{unit}"
                        f"（为上限的 {pct(ratio)}）")
        shortfall_en = (f"actual {actual} exceeds the ceiling {target} by {fmt(gap)}{unit} "
                        f"({pct(ratio)} of it)")  # fmt: skip
    elif not math.isnan(ratio) and not is_blank(item["actual_value"]) and ratio < 1:
        gap = item["target_value"] - item["actual_value"]
        shortfall_zh = f"实际 {actual} 为目标 {target} 的 {pct(ratio)}，差 {fmt(gap)}{unit}"
        shortfall_en = (f"actual {actual} is {pct(ratio)} of the target {target}, "
                        f"{fmt(gap)}{unit} short")  # fmt: skip
    else:
        score = fmt(item["reported_score"]) or "（空）"
        shortfall_zh = f"报告得分 {score}，分值 {fmt(item['weight'])}，未达到目标或未得满分"
        shortfall_en = (f"reported score {score} of a weight {fmt(item['weight'])}: short of "
                        "its target or its weight")  # fmt: skip
    return Finding(
        "under_achievement_no_reason", 6, item["item"],
        f"{where}{shortfall_zh}，{given_zh.format('差距')}",
        f"row {int(item['row'])} '{label}': {shortfall_en}, and {given_en.format('shortfall')}",
        evidence, rule="reason_required_when",
    )  # fmt: skip


def _budget_reason(year_data: YearData, item: dict[str, Any], rules: Rules) -> list[Finding]:
    rate = item["ratio"]
    if math.isnan(rate):
        return []
    evidence = (
        budget_cell(item["label"], "full_year", item["target_text"], item["target_value"],
                    item["target_unit"]),
        budget_cell(item["label"], "executed", item["actual_text"], item["actual_value"],
                    item["actual_unit"]),
    )
    above, below = rules.budget_rate_flag_above, rules.budget_reason_below
    executed, full = fmt(item["actual_value"]), fmt(item["target_value"])
    if rate > above:
        return [
            Finding(
                "budget_over_executed", 6, "budget",
                f"{TABLE}·{item['label']}：全年执行数 {executed} ÷ 全年预算数 {full} ＝ "
                f"{pct(rate)}，超过 {above:.0%}，需说明原因",
                f"'{item['label']}': executed {executed} ÷ full-year budget {full} = "
                f"{pct(rate)}, above {above:.0%}: an explanation is needed",
                evidence, rule="budget_rate_flag_above",
            )
        ]  # fmt: skip
    if rate < below and rules.reason_required_when.get("budget_below_threshold"):
        if budget_explained(year_data, rules):
            return []
        return [
            Finding(
                "under_achievement_no_reason", 6, "budget",
                f"{TABLE}·{item['label']}：全年执行数 {executed} ÷ 全年预算数 {full} ＝ "
                f"{pct(rate)}，低于 {below:.0%}，预算栏和叙述中均未说明原因",
                f"'{item['label']}': executed {executed} ÷ full-year budget {full} = "
                f"{pct(rate)}, below {below:.0%}, and neither the budget block nor the "
                "narrative gives a reason",
                evidence, rule="budget_reason_below",
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
    for item in loaded_records(items, lambda i: i["kind"] == "indicator"):
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
    found += approximate_actuals(items, indicators, rules)
    if rules.rule("all_full_marks"):
        found += _all_full_marks(year_data.indicators, assessment.totals)
    return found


def _honours_in(text: str, year_data: YearData, rules: Rules) -> list[Evidence]:
    """Rankings and honours in a text: figures in a ranking unit, awards quoted there."""
    evidence = [
        Evidence(f"{TABLE}·排名", f.text, f.value, f.unit, text)
        for f in figures_in(text)
        if f.canonical_unit in rules.ranking_units
    ]
    for award in loaded_records(year_data.awards):
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


def _all_full_marks(indicators: pd.DataFrame, totals: dict[str, Any]) -> list[Finding]:
    scored = indicators.dropna(subset=["weight", "score"])
    if len(scored) < 2 or not (scored["score"] >= scored["weight"]).all():
        return []
    total_zh, total_en = _total_shown(totals)
    return [
        Finding(
            "all_full_marks", 7, "indicators",
            f"全部 {len(scored)} 项指标均为满分（{total_zh}），自评缺乏区分度，需逐项核实依据",
            f"all {len(scored)} indicators score full marks ({total_en}); each needs its "
            "evidence checked",
            tuple(
                Evidence(f"{TABLE}·第{int(r['row'])}行「{r['level3']}」得分/分值",
                         f"{fmt(r['score'])}/{fmt(r['weight'])}", r["score"])
                for r in records(scored)
            ),
        )
    ]  # fmt: skip


def _total_shown(totals: dict[str, Any]) -> tuple[str, str]:
    """The reported total as a finding quotes it: the table's 总分, or marked as derived."""
    reported = totals.get("reported_total")
    if is_blank(reported):
        return "总分不在原文中", "total not in the source"
    note = reported_total_note(totals)
    if note is None:
        return f"总分 {fmt(reported)}", f"total {fmt(reported)}"
    (sum_zh, sum_en), (why_zh, why_en) = SUM_OF_SCORES, note
    return f"{sum_zh} {fmt(reported)}，{why_zh}", f"{sum_en}: {fmt(reported)}; {why_en}"
