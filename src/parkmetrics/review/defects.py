"""Content defects the loader loads as written and the review reports (docs/architecture.md,
"Malformed data and content defects"): a score above its weight or below 0, a negative amount,
a header number written so that no number can be read (一百), and the cells that are not in the
source (unknown), with the checks that therefore cannot be made."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from parkmetrics.data.layout import unknown_in
from parkmetrics.data.tables import loaded_records, records
from parkmetrics.data.template import budget_columns
from parkmetrics.figures.formatting import format_number as fmt
from parkmetrics.review.evidence import BUDGET_COLUMNS, CELL_LABELS, TABLE, Evidence
from parkmetrics.review.findings import Finding
from parkmetrics.review.matching import Match
from parkmetrics.scoring.assessment import Assessment
from parkmetrics.scoring.cells import header_number, is_blank
from parkmetrics.scoring.rules import Rules

if TYPE_CHECKING:
    from parkmetrics.data.dataset import YearData

NUMBER_FIELDS = ("total_weight", "total_score", "output_weight", "benefit_weight",
                 "satisfaction_weight")  # fmt: skip


def check_defects(
    year_data: YearData, assessment: Assessment, matches: list[Match], rules: Rules
) -> list[Finding]:
    """Scores outside 0..weight, negative amounts, header numbers in words, unknown cells."""
    found: list[Finding] = []
    for line in loaded_records(year_data.budget):
        found += _score_range(f"budget-{line['line']}", str(line["label"]), line)
        for column, heading in BUDGET_COLUMNS.items():
            value = line[column]
            if not is_blank(value) and value < 0:
                what = f"{line['label']}·{heading}"
                found.append(_negative(f"budget-{line['line']}", what, value, year_data))
    for row in loaded_records(year_data.indicators):
        found += _score_range(f"indicator-{row['row']}", f"第{row['row']}行", row)
    for item in records(year_data.spending):
        if item["amount"] < 0:
            found.append(_negative(f"spending-{item['item']}", item["label"], item["amount"],
                                   year_data, item["unit"]))  # fmt: skip
    for field in NUMBER_FIELDS:
        value = year_data.header.get(field)
        if not is_blank(value) and header_number(value) != header_number(value):  # NaN
            label = year_data.vocabulary.header_label(field)
            found.append(
                Finding(
                    "header_not_a_number", 5, field,
                    f"「{label}」写作「{value}」，读不出数字",
                    f"{label} ({field}) is written {value!r}: no number can be read from it",
                    (Evidence(f"{TABLE}·{label}", str(value)),),
                )
            )  # fmt: skip
    found += _unknown_cells(year_data)
    return found


def _score_range(subject: str, what: str, row: dict[str, Any]) -> list[Finding]:
    score, weight = row.get("score"), row.get("weight")
    if is_blank(score):
        return []
    evidence = (Evidence(f"{TABLE}·{what}·得分", fmt(score), score),)
    if score < 0:
        return [Finding("negative_score", 8, subject, f"{what}得分 {fmt(score)} 为负数",
                        f"{what}: the score {fmt(score)} is negative", evidence)]  # fmt: skip
    if not is_blank(weight) and score > weight:
        evidence += (Evidence(f"{TABLE}·{what}·分值", fmt(weight), weight),)
        return [
            Finding(
                "score_above_weight", 8, subject,
                f"{what}得分 {fmt(score)} 高于其分值 {fmt(weight)}",
                f"{what}: the score {fmt(score)} is above its weight {fmt(weight)}", evidence,
            )
        ]  # fmt: skip
    return []


def _negative(
    subject: str, what: str, value: float, year_data: YearData, unit: str | None = None
) -> Finding:
    unit = unit or year_data.budget_unit or ""
    return Finding(
        "negative_amount", 4, subject, f"{what}为负数：{fmt(value)}{unit}",
        f"{what}: the amount {fmt(value)}{unit} is negative",
        (Evidence(f"{TABLE}·{what}", f"{fmt(value)}{unit}", value, unit),),
    )  # fmt: skip


def _unknown_cells(year_data: YearData) -> list[Finding]:
    """One info finding per row with cells not in the source: nothing is filled in for them, and
    the sums over them (weights, total score, budget lines) cannot be checked."""
    if year_data.budget.empty and year_data.indicators.empty and year_data.header_unknown:
        # no table at all (a narrative-only report): one finding, not one per cell
        return [
            Finding(
                "unknown_cells", 5, "table",
                "报告未附自评表（只有叙述）：自评表的表头、资金和绩效指标均不在来源中，未填补；"
                "不复算得分，也不核对合计",
                "the report has no self-evaluation table (narrative only): its header, budget "
                "and indicators are not in the source; nothing is filled in, re-scored or summed",
                (Evidence(TABLE, None, unknown=True),),
            )
        ]  # fmt: skip
    found = []
    fields = sorted(year_data.header_unknown)
    if fields:
        labels = [year_data.vocabulary.header_label(f) for f in fields]
        found.append(_unknown("header", "表头", labels))
    for line in loaded_records(year_data.budget):
        if unknown_in(line):
            cells = [budget_columns().get(c, c) for c in unknown_in(line)]
            found.append(_unknown(f"budget-{line['line']}", str(line["label"]), cells))
    for row in loaded_records(year_data.indicators):
        if unknown_in(row):
            cells = [CELL_LABELS.get(c, c) for c in unknown_in(row)]
            found.append(_unknown(f"indicator-{row['row']}", f"第{row['row']}行", cells))
    return found


def _unknown(subject: str, what: str, cells: list[str]) -> Finding:
    shown = "、".join(cells)
    return Finding(
        "unknown_cells", 5, subject,
        f"{what}的「{shown}」不在来源中（缺页、无法辨认或未填入表中），未填补；依赖它们的合计无法核对",
        f"{what}: {shown} not in the source (cut off, illegible or not in the form); nothing is "
        "filled in and sums that depend on them cannot be checked",
        tuple(Evidence(f"{TABLE}·{what}·{cell}", None, unknown=True) for cell in cells),
    )  # fmt: skip
