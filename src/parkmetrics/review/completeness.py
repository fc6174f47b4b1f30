"""Completeness checks: blank or meaningless mandatory content (check 5) and weights that do not
add up or split unusually (check 8)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from parkmetrics.data.layout import unknown_in
from parkmetrics.data.tables import loaded_records
from parkmetrics.figures.formatting import format_number as fmt
from parkmetrics.review.evidence import CELL_LABELS, TABLE, Evidence
from parkmetrics.review.findings import Finding
from parkmetrics.review.matching import Match
from parkmetrics.scoring.assessment import Assessment
from parkmetrics.scoring.cells import header_number, is_blank
from parkmetrics.scoring.rules import WEIGHT_KEYS, Rules

if TYPE_CHECKING:
    from parkmetrics.data.dataset import YearData

GOAL_FIELDS = ("goal_expected", "goal_actual")  # 年度总体目标: a blank one is ``blank_goal``
_MANDATORY_CELLS = ("level3", "target", "actual", "weight", "score")
_LEVEL1 = tuple(k for k in WEIGHT_KEYS if k != "budget")


# --- check 5: blank or meaningless mandatory content ------------------------------------------


def check_blanks(
    year_data: YearData, assessment: Assessment, matches: list[Match], rules: Rules
) -> list[Finding]:
    """Blank required header fields and indicator cells; template prompts left in."""
    found: list[Finding] = []
    vocabulary = year_data.vocabulary
    fields = vocabulary.header_fields
    for field in fields.loc[fields["required"] == "yes", "field"]:
        # a field not in the source (unknown) is not blank: defects.unknown_cells reports it
        if not is_blank(year_data.header.get(field)) or field in year_data.header_unknown:
            continue
        label = vocabulary.header_label(field)
        found.append(
            Finding(
                "blank_goal" if field in GOAL_FIELDS else "blank_field", 5, field,
                f"必填项「{label}」为空", f"the mandatory field {label} ({field}) is blank",
                (Evidence(f"{TABLE}·{label}", None),),
            )
        )  # fmt: skip
    for indicator in loaded_records(year_data.indicators):
        row = int(indicator["row"])
        for column in _MANDATORY_CELLS:
            value = indicator.get(column)
            what = f"第{row}行·{CELL_LABELS[column]}"
            if column in unknown_in(indicator):
                continue  # not in the source: reported once as unknown_cells, not as blank
            if is_blank(value):
                found.append(
                    Finding(
                        "blank_cell", 5, f"indicator-{row}", f"{what}为空",
                        f"row {row}: {column} is blank",
                        (Evidence(f"{TABLE}·{what}", None),),
                    )
                )  # fmt: skip
            elif rules.is_prompt(value):
                found.append(
                    _prompt_finding(f"indicator-{row}", what, f"row {row}: {column}", str(value))
                )
    for field, value in year_data.header.items():
        if not is_blank(value) and rules.is_prompt(value):
            label = vocabulary.header_label(field)
            found.append(_prompt_finding(field, label, f"{label} ({field})", str(value)))
    return found


def _prompt_finding(subject: str, what: str, what_en: str, value: str) -> Finding:
    return Finding(
        "template_prompt", 5, subject, f"{what}仍为模板提示文字：「{value}」",
        f"{what_en} still holds the template's prompt: '{value}'",
        (Evidence(f"{TABLE}·{what}", value, source_quote=value),),
    )  # fmt: skip


# --- check 8: weights ---------------------------------------------------------------------------


def _weights_unknown(year_data: YearData) -> bool:
    """Whether a weight the sums need is not in the source (a cut-off table)."""
    rows = [*loaded_records(year_data.indicators), *loaded_records(year_data.budget)]
    unknown = "total_weight" in year_data.header_unknown
    return unknown or any("weight" in unknown_in(row) for row in rows)


def check_weights(
    year_data: YearData, assessment: Assessment, matches: list[Match], rules: Rules
) -> list[Finding]:
    """Weights against 100 (and the declared total), each level-1 block against its declared
    weight, and the split against the usual one of the rules."""
    found: list[Finding] = []
    header, indicators = year_data.header, year_data.indicators
    budget = year_data.budget
    budget_weight = float(budget.loc[budget["line"] == "total", "weight"].fillna(0).sum())
    sums = indicators.groupby("level1")["weight"].sum()
    if _weights_unknown(year_data) or (indicators.empty and budget.empty):
        # a weight not in the source (unknown_cells says so), or no table at all
        # (a narrative-only report): there are no weights to sum
        return found
    indicator_weight = float(indicators["weight"].sum())  # 0 when every weight is blank
    total = budget_weight + indicator_weight
    declared_total = header.get("total_weight")
    expected_total = header_number(declared_total)
    if math.isnan(expected_total):
        expected_total = rules.total_weight
    if abs(total - expected_total) > 1e-9 or abs(total - rules.total_weight) > 1e-9:
        found.append(
            Finding(
                "weights_total", 8, "weights",
                f"分值合计 {fmt(total)}（预算执行率 {fmt(budget_weight)} + 指标 "
                f"{fmt(indicator_weight)}），应为 {fmt(rules.total_weight)}",
                f"the weights add up to {fmt(total)} (budget {fmt(budget_weight)} + "
                f"indicators {fmt(indicator_weight)}), not {fmt(rules.total_weight)}",
                (Evidence(f"{TABLE}·总分·分值", declared_total, expected_total),),
            )
        )  # fmt: skip
    for level1 in _LEVEL1:
        written = header.get(f"{level1}_weight")
        declared = header_number(written)
        actual = float(sums.get(level1, 0.0))
        if not math.isnan(declared) and abs(actual - declared) > 1e-9:
            label = year_data.vocabulary.level_label(level1)
            found.append(
                Finding(
                    "weights_level1_mismatch", 8, level1,
                    f"{label}标明 {fmt(declared)} 分，其下指标分值合计 {fmt(actual)}",
                    f"{label} ({level1}) is declared {fmt(declared)} points, its indicators' "
                    f"weights add up to {fmt(actual)}",
                    (Evidence(f"{TABLE}·{label}", str(written), declared),),
                )
            )  # fmt: skip
    if indicators.empty or indicators["weight"].isna().any():
        # no indicator row (an unfilled form's placeholders only) or a blank weight (blank_cell
        # says so): a split with 0 for them would be a number the form does not give
        return found
    split = {k: float(sums.get(k, 0.0)) for k in _LEVEL1}
    split["budget"] = budget_weight
    if any(abs(split[k] - rules.weights[k]) > 1e-9 for k in split):
        shown = "/".join(fmt(split[k]) for k in WEIGHT_KEYS)
        norm = "/".join(fmt(rules.weights[k]) for k in WEIGHT_KEYS)
        found.append(
            Finding(
                "weights_unusual_split", 8, "weights",
                f"分值结构（产出/效益/满意度/预算执行率）为 {shown}，常规为 {norm}",
                f"the weight split (output/benefit/satisfaction/budget) is {shown}, the usual "
                f"split is {norm}",
                (Evidence(f"{TABLE}·分值结构", shown),),
            )
        )  # fmt: skip
    return found
