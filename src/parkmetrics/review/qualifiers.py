"""Qualified actuals (近10%, 约10%, 10%左右, 不足10%) answering a target to reach: 超10% and
10%以上 prove a ≥ 10% target, these do not (``approximate_actual``, check 7). The rules decide
the re-score (``approximate_actual``: cannot_verify or as_bound); this says so."""

from __future__ import annotations

from typing import Any

import pandas as pd

from parkmetrics.data.tables import loaded_records
from parkmetrics.review.evidence import CELL_LABELS, indicator_cell, written
from parkmetrics.review.findings import Finding
from parkmetrics.scoring.cells import figures_in
from parkmetrics.scoring.indicators import APPROXIMATE
from parkmetrics.scoring.rules import Rules

_TARGET, _ACTUAL = CELL_LABELS["target"], CELL_LABELS["actual"]

# how a qualifier that leaves a target unproven is named in a message
_SIGNS = {">=": "≥", "<=": "≤", ">": "＞", "<": "＜", "=": "＝"}
_UNPROVEN_ZH = {"approx": "近似数", "under": "上限（不足）", "at_most": "上限（以下）"}
_UNPROVEN_EN = {
    "approx": "an approximation",
    "under": "an upper bound",
    "at_most": "an upper bound",
}


def approximate_actuals(
    items: pd.DataFrame, indicators: dict[int, dict[str, Any]], rules: Rules
) -> list[Finding]:
    """Actuals written 近10% / 约10% / 不足10% for a target to reach: not a proof (item 2)."""
    found = []
    for item in loaded_records(items, lambda i: i["kind"] in ("indicator", "part")):
        said = f"{item['not_recomputed_reason'] or ''} {item['rule'] or ''}"
        if APPROXIMATE not in said:
            continue
        indicator = indicators[int(item["row"])]
        figure = next(
            (f for f in figures_in(item["actual_text"] or "") if f.value == item["actual_value"]),
            None,
        )
        qualifier = next(
            (q for q in str(figure.qualifier if figure else "approx").split("+")
             if q in _UNPROVEN_ZH), "approx",
        )  # fmt: skip
        shown = figure.text if figure is not None else written(item, "actual")
        label = item["label"] or indicator["level3"]
        sign = _SIGNS.get(item["direction"], item["direction"])  # ≥, as the table writes it
        target = f"{sign}{written(item, 'target')}"
        cannot = rules.approximate_actual == "cannot_verify"
        score_zh = "未予重算" if cannot else "按所写数值作为界限计分"
        score_en = "not re-scored" if cannot else "scored with the written value as a bound"
        found.append(
            Finding(
                "approximate_actual", 7, item["item"],
                f"第{int(item['row'])}行「{label}」实际完成值写作“{shown}”，"
                f"是{_UNPROVEN_ZH[qualifier]}，不能证明达到目标 {target}；{score_zh}",
                f"row {int(item['row'])} '{label}': the actual is written '{shown}', "
                f"{_UNPROVEN_EN[qualifier]}, which does not prove the target {target}; "
                f"{score_en}",
                (indicator_cell(indicator, _TARGET, written(item, "target"), item["target_value"],
                                item["target_unit"], indicator["target"]),
                 indicator_cell(indicator, _ACTUAL, shown, item["actual_value"],
                                item["actual_unit"], indicator["actual"])),
                rule="approximate_actual",
            )
        )  # fmt: skip
    return found
