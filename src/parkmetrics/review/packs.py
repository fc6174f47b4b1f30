"""Reviewer rules of the chosen rule pack (``review_*`` in rules.yaml; ``--rules``): each
finding names its rule, its source, its priority (P0/P1/P2, which sets the severity) and, where
the pack gives one, the suggested deduction — the cut ``scoring.deductions`` made in the
re-score."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import pandas as pd

from parkmetrics.data.tables import loaded_records
from parkmetrics.figures.formatting import format_number as fmt
from parkmetrics.review.evidence import CELL_LABELS, indicator_cell
from parkmetrics.review.findings import Finding
from parkmetrics.review.matching import Match, indicators_by_row
from parkmetrics.scoring.assessment import Assessment
from parkmetrics.scoring.cells import figures_in, is_blank
from parkmetrics.scoring.deductions import duplicates, unfinished_tasks, unverifiable_grade
from parkmetrics.scoring.rules import REVIEWER_PREFIX, Rules

if TYPE_CHECKING:
    from parkmetrics.data.dataset import YearData

_TARGET, _ACTUAL, _SCORE = CELL_LABELS["target"], CELL_LABELS["actual"], CELL_LABELS["score"]
_GRADES_ZH = {"no_evidence": "无任何佐证", "boilerplate": "仅有套话", "descriptive": "仅有文字描述"}
_GRADES_EN = {"no_evidence": "no evidence", "boilerplate": "boiler-plate only",
              "descriptive": "a description only"}  # fmt: skip


def check_packs(
    year_data: YearData, assessment: Assessment, matches: list[Match], rules: Rules
) -> list[Finding]:
    """The findings of the pack's reviewer rules."""
    indicators = indicators_by_row(year_data)
    items = assessment.items
    rows = loaded_records(items, lambda i: i["kind"] == "indicator")
    found: list[Finding] = []
    for item in rows:
        indicator = indicators[int(item["row"])]
        rule = str(item["rule"] or "")
        if rule.startswith(REVIEWER_PREFIX + "satisfaction_without_survey"):
            found.append(_without_survey(item, indicator, rules))
        elif rule.startswith(REVIEWER_PREFIX + "unverifiable_cut"):
            found.append(_unverifiable(item, indicator, rules))
        if (
            rules.rule("cost_at_least")
            and item["level2"] == "cost"
            and item["direction"] in (">=", ">")
        ):
            found.append(_cost_at_least(item, indicator, rules))
        if _payment(indicator, rules):
            found.append(_payment_finding(item, indicator, rules))
    if rules.rule("duplicate_indicator"):
        for row, earlier in duplicates(year_data.indicators).items():
            item = next(i for i in rows if int(i["row"]) == row)
            found.append(_duplicate(item, indicators[row], indicators[earlier], rules))
    if rules.rule("timeliness_unfinished"):
        found += _timeliness(items, year_data.indicators, rows, indicators, rules)
    return found


def _cut(item: dict[str, Any]) -> float | None:
    """The points a reviewer rule took off an item's reported score."""
    cut = item["reported_score"] - item["recomputed_score"]
    return None if math.isnan(cut) or cut <= 0 else round(float(cut), 6)


def _finding(
    name: str,
    check: int,
    item: dict[str, Any],
    zh: str,
    en: str,
    evidence: tuple,
    rules: Rules,
    deduction: float | None = None,
) -> Finding:
    spec = rules.reviewer[name]
    if deduction:
        zh += f"；建议扣 {fmt(deduction)} 分"
        en += f"; suggested deduction {fmt(deduction)} points"
    title = spec.get("title")
    return Finding(
        name, check, item["item"], zh + (f"（复核规则：{title}）" if title else ""),
        f"{en} (rule {spec['key']}: {spec['source']})", evidence, rule=spec["key"],
        deduction=deduction, priority=spec["priority"],
    )  # fmt: skip


def _cells(indicator: dict[str, Any], *cells: str) -> tuple:
    columns = {_TARGET: "target", _ACTUAL: "actual", _SCORE: "score"}
    out = []
    for cell in cells:
        value = indicator.get(columns[cell])
        text = None if is_blank(value) else (fmt(value) if cell == _SCORE else str(value))
        out.append(indicator_cell(indicator, cell, text, quote=text if cell != _SCORE else None))
    return tuple(out)


def _where(indicator: dict[str, Any]) -> str:
    return f"第{int(indicator['row'])}行「{indicator['level3']}」"


def _without_survey(item: dict[str, Any], indicator: dict[str, Any], rules: Rules) -> Finding:
    cut = _cut(item)
    return _finding(
        "satisfaction_without_survey", 7, item,
        f"{_where(indicator)}为满意度指标，实际完成值「{indicator['actual']}」不是满意度调查结果，"
        f"按规则计 0 分（报告得分 {fmt(item['reported_score'])}）",
        f"row {int(indicator['row'])} '{indicator['level3']}': a satisfaction indicator answered "
        f"without a survey ('{indicator['actual']}') scores 0 (reported "
        f"{fmt(item['reported_score'])})",
        _cells(indicator, _TARGET, _ACTUAL, _SCORE), rules, cut,
    )  # fmt: skip


def _unverifiable(item: dict[str, Any], indicator: dict[str, Any], rules: Rules) -> Finding:
    grade = unverifiable_grade(indicator.get("actual"), rules)
    share = float(rules.rule("unverifiable_cut")["shares"].get(grade, 0.0))
    reported = fmt(item["reported_score"])
    why_zh, why_en = _GRADES_ZH[grade], _GRADES_EN[grade]
    if grade == "descriptive" and figures_in(str(indicator.get("actual") or "")):
        # a figure that does not prove the target (近10%, 不足10%) is not "a description only"
        why_zh = "所写数字不能证明达到目标，按文字描述一档"
        why_en = "its figure does not prove the target: graded as a description"
    return _finding(
        "unverifiable_cut", 7, item,
        f"{_where(indicator)}实际完成值无法与目标「{indicator['target']}」核对"
        f"（{why_zh}），按 {share:.0%} 扣减：{reported}×{share:.0%}",
        f"row {int(indicator['row'])} '{indicator['level3']}': the actual cannot be checked "
        f"against the target '{indicator['target']}' ({why_en}), cut by {share:.0%}: "
        f"{reported} × {share:.0%}",
        _cells(indicator, _TARGET, _ACTUAL, _SCORE), rules, _cut(item),
    )  # fmt: skip


def _cost_at_least(item: dict[str, Any], indicator: dict[str, Any], rules: Rules) -> Finding:
    return _finding(
        "cost_at_least", 8, item,
        f"{_where(indicator)}为成本指标，目标「{indicator['target']}」写作下限（≥），"
        "成本指标应为上限（≤）",
        f"row {int(indicator['row'])} '{indicator['level3']}': a cost indicator with the target "
        f"'{indicator['target']}' written as a floor (≥); a cost target is a ceiling (≤)",
        _cells(indicator, _TARGET), rules,
    )  # fmt: skip


def _payment(indicator: dict[str, Any], rules: Rules) -> bool:
    spec = rules.rule("payment_as_quantity")
    if spec is None or indicator.get("level2") not in spec.get("levels", ()):
        return False
    text = "".join(str(indicator.get(c) or "") for c in ("level3", "target"))
    return any(w in text for w in spec.get("words", ()))


def _payment_finding(item: dict[str, Any], indicator: dict[str, Any], rules: Rules) -> Finding:
    level = indicator.get("level2_label") or indicator.get("level2")
    return _finding(
        "payment_as_quantity", 8, item,
        f"{_where(indicator)}是资金拨付（支付）指标，却列为{level}；"
        "资金拨付衡量预算执行或时效，不是产出数量",
        f"row {int(indicator['row'])} '{indicator['level3']}': a fund-payment indicator filed as "
        f"{indicator.get('level2')}; payment measures budget execution or timeliness, not an "
        "output quantity",
        _cells(indicator, _TARGET), rules,
    )  # fmt: skip


def _duplicate(
    item: dict[str, Any], indicator: dict[str, Any], earlier: dict[str, Any], rules: Rules
) -> Finding:
    first = f"第{int(earlier['row'])}行（{earlier.get('level1_label') or earlier['level1']}）"
    second = (
        f"第{int(indicator['row'])}行（{indicator.get('level1_label') or indicator['level1']}）"
    )
    deduction = _cut(item)
    return _finding(
        "duplicate_indicator", 8, item,
        f"{second}「{indicator['level3']}」与{first}「{earlier['level3']}」是同一指标，"
        f"只应计一次（第{int(indicator['row'])}行报告得分 {fmt(item['reported_score'])}）",
        f"row {int(indicator['row'])} '{indicator['level3']}' ({indicator['level1']}) repeats row "
        f"{int(earlier['row'])} '{earlier['level3']}' ({earlier['level1']}): count it once "
        f"(row {int(indicator['row'])} reported {fmt(item['reported_score'])})",
        (*_cells(earlier, _SCORE), *_cells(indicator, _SCORE)), rules, deduction,
    )  # fmt: skip


def _timeliness(
    items: pd.DataFrame, frame: pd.DataFrame, rows: list[dict], indicators: dict, rules: Rules
) -> list[Finding]:
    tasks = unfinished_tasks(items, frame, rules)
    found = []
    for item in rows:
        full = not math.isnan(item["reported_score"]) and item["reported_score"] >= item["weight"]
        if item["level2"] != "timeliness" or not full or not tasks:
            continue
        indicator = indicators[int(item["row"])]
        shown = "、".join(_task_text(t, items) for t in tasks)
        found.append(
            _finding(
                "timeliness_unfinished", 7, item,
                f"{_where(indicator)}为时效指标，得满分 {fmt(item['reported_score'])}，"
                f"但仍有任务未完成：{shown}",
                f"row {int(indicator['row'])} '{indicator['level3']}': a timeliness indicator at "
                f"full marks ({fmt(item['reported_score'])}) while tasks are unfinished: "
                f"{', '.join(_task_text_en(t, items) for t in tasks)}",
                _cells(indicator, _ACTUAL, _SCORE), rules, _cut(item),
            )
        )  # fmt: skip
    return found


def _task_text(task: str, items: pd.DataFrame) -> str:
    """An unfinished task as a reviewer reads it: 第1行「新开工产业项目」完成 96.2%."""
    row = items[items["item"] == task].iloc[0]
    where = f"第{int(row['row'])}行「{row['label']}」"
    ratio = row["ratio"]
    if not math.isnan(ratio) and ratio < 1 and figures_in(str(row["actual_text"] or "")):
        return f"{where}完成 {ratio * 100:.1f}%"
    return f"{where}「{row['actual_text']}」"


def _task_text_en(task: str, items: pd.DataFrame) -> str:
    """The same in English: row 1 '新开工产业项目' 96.2% done."""
    row = items[items["item"] == task].iloc[0]
    where = f"row {int(row['row'])} '{row['label']}'"
    ratio = row["ratio"]
    if not math.isnan(ratio) and ratio < 1 and figures_in(str(row["actual_text"] or "")):
        return f"{where} {ratio * 100:.1f}% done"
    return f"{where} ('{row['actual_text']}')"
