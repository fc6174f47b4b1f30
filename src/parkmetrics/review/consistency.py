"""Consistency checks: one quantity with two values (check 2), an actual that is another
quantity's figure (check 3) and a value off by a unit factor (check 10). One entity under two
names (check 9) is ``names``."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from parkmetrics.data.tables import loaded_records
from parkmetrics.data.vocabulary import CITY
from parkmetrics.figures.formatting import format_number as fmt
from parkmetrics.review.evidence import (
    BUDGET_COLUMNS,
    CELL_LABELS,
    budget_cell,
    cell_figure_evidence,
    figure_evidence,
)
from parkmetrics.review.findings import Finding
from parkmetrics.review.matching import Match, exact, narrative_figures
from parkmetrics.review.numbers import agree, figure_scale, near_factor, unit_scale
from parkmetrics.scoring.assessment import Assessment
from parkmetrics.scoring.cells import CellFigure, block_unit, is_blank
from parkmetrics.scoring.rules import Rules

if TYPE_CHECKING:
    from parkmetrics.data.dataset import YearData

_DASHES = r"[—–\-]+"  # what separates a project title's parts (…—园区发展专项资金)
_CLAUSE_ENDS = "。；;\n"


# --- checks 2, 3, 10: one quantity, two values ---------------------------------------------------


def check_values(
    year_data: YearData, assessment: Assessment, matches: list[Match], rules: Rules
) -> list[Finding]:
    """The table's figures against the narrative's; the narrative against itself and against
    the table's budget block."""
    found: list[Finding] = []
    figures = year_data.figures
    for match in matches:
        figure = match.figure
        if match.park is None or (figure.qualifier or "exact") != "exact":
            continue
        scale = figure_scale(figure)
        differing = [
            n for n in narrative_figures(figures, match.metric, match.park)
            if not agree(figure.canonical_value, figure.text, float(n["canonical_value"]),
                         n["value_text"], scale)
        ]  # fmt: skip
        if differing:
            found.append(_value_finding(year_data, match, differing, rules))
    found += _figures_twice(figures)
    found += _budget_block_figures(year_data, rules)
    return found


def _budget_block_figures(year_data: YearData, rules: Rules) -> list[Finding]:
    """The narrative's budget figures (预算收入, 年初预算, 支出 …) against the table's
    年度资金总额 line, through ``rules.budget_block_metrics``."""
    lines = loaded_records(year_data.budget, lambda r: r["line"] == "total")
    if not lines:
        return []
    line, found = lines[0], []
    unit = block_unit(year_data)
    scale = unit_scale(unit)
    for metric, column in rules.budget_block_metrics.items():
        cell = line.get(column)
        if is_blank(cell):
            continue
        shown = f"{fmt(float(cell))}{unit}"
        for f in narrative_figures(year_data.figures, metric, CITY):
            if agree(float(cell) * scale, fmt(float(cell)), float(f["canonical_value"]),
                     f["value_text"], scale):  # fmt: skip
                continue
            what = f"{line['label']}·{BUDGET_COLUMNS[column]}"
            found.append(
                Finding(
                    "value_conflict", 2, metric,
                    f"「{f['label']}」叙述为 {f['value_text']}，自评表{what}为 {shown}",
                    f"'{f['label']}' ({metric}): narrative {f['value_text']}, table {what} "
                    f"{shown}",
                    (figure_evidence(f),
                     budget_cell(line["label"], column, shown, float(cell), unit)),
                )
            )  # fmt: skip
    return found


def _value_finding(
    year_data: YearData, match: Match, differing: list[dict], rules: Rules
) -> Finding:
    """What a table figure differing from the narrative is: another quantity's figure (check 3),
    a unit slip (check 10), else one quantity with two values (check 2)."""
    indicator, figure = match.indicator, match.figure
    label = year_data.vocabulary.metric_label(match.metric)
    cell = cell_figure_evidence(indicator, CELL_LABELS["actual"], figure, indicator["actual"])
    others = [figure_evidence(n) for n in differing]
    row = int(indicator["row"])
    shown = "、".join(n["value_text"] for n in differing)

    namesake = _same_value_elsewhere(year_data.figures, match, figure)
    if namesake is not None:
        other_label = namesake["label"]
        return Finding(
            "wrong_quantity", 3, f"indicator-{row}",
            f"第{row}行「{indicator['level3']}」的实际完成值 {figure.text} 是"
            f"「{other_label}」的数值；叙述中「{label}」为 {shown}",
            f"row {row} '{indicator['level3']}': the actual {figure.text} is the "
            f"figure of '{other_label}' ({namesake['metric']}); the narrative gives "
            f"'{label}' ({match.metric}) as {shown}",
            (cell, *others, figure_evidence(namesake)),
        )  # fmt: skip

    factors = [
        f for f in rules.unit_slip_factors for n in differing
        if near_factor(figure.canonical_value, float(n["canonical_value"]), f)
    ]  # fmt: skip
    if factors:
        return Finding(
            "unit_slip", 10, match.metric,
            f"「{label}」自评表为 {figure.text}，叙述为 {shown}，"
            f"相差约 {fmt(factors[0])} 倍，疑似单位错误",
            f"'{label}' ({match.metric}): table {figure.text}, narrative {shown}, a factor of "
            f"about {fmt(factors[0])}: likely a unit slip",
            (cell, *others),
        )  # fmt: skip
    return Finding(
        "value_conflict", 2, match.metric,
        f"「{label}」前后不一致：自评表为 {figure.text}，叙述为 {shown}",
        f"'{label}' ({match.metric}) is given twice with different values: table {figure.text}, "
        f"narrative {shown}",
        (cell, *others),
    )  # fmt: skip


def _same_value_elsewhere(figures: pd.DataFrame, match: Match, figure: CellFigure) -> dict | None:
    """The one narrative figure of another metric (same park, same unit) with the table's value."""
    park, unit = match.park, figure.canonical_unit
    if park is None or unit is None:  # as the frame's ``== None``: equal to nothing
        return None
    rows = loaded_records(
        figures,
        lambda f: f["park"] == park and f["metric"] != match.metric and f["canonical_unit"] == unit,
    )
    same = [
        f for f in rows
        if exact(f) and agree(figure.canonical_value, figure.text, float(f["canonical_value"]),
                              f["value_text"], figure_scale(figure))
    ]  # fmt: skip
    return same[0] if len(same) == 1 else None


def _figures_twice(figures: pd.DataFrame) -> list[Finding]:
    """Within the narrative: the same park, metric and label with two different exact values."""
    found = []
    # Records once, grouped in a dict: a pandas groupby with a frame per group costs more than
    # the comparison itself when a report has hundreds of figures.
    groups: dict[tuple[str, str, str], list[dict]] = {}
    for f in loaded_records(figures):
        key = (f["park"], f["metric"], f["label"])
        if exact(f) and not any(is_blank(k) for k in key):  # as groupby, which drops blank keys
            groups.setdefault(key, []).append(f)
    for (park, metric, label), group in sorted(groups.items(), key=lambda item: item[0]):
        first, *rest = group
        differing = [
            r for r in rest
            if not agree(float(first["canonical_value"]), first["value_text"],
                         float(r["canonical_value"]), r["value_text"], figure_scale(first))
        ]  # fmt: skip
        if not differing:
            continue
        shown = "、".join(r["value_text"] for r in (first, *differing))
        found.append(
            Finding(
                "value_conflict", 2, metric,
                f"「{label}」在叙述中出现不同数值：{shown}",
                f"'{label}' ({metric}, {park}) is given with different values: {shown}",
                tuple(figure_evidence(r) for r in (first, *differing)),
            )
        )  # fmt: skip
    return found
