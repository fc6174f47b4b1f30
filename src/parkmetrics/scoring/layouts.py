"""Re-scoring on the template's real layouts: what the cells mean when a form writes them apart.

- a target written in separate 指标性质 | 指标值 | 度量单位 columns is read as one figure
  (``≥`` + ``20`` + ``户``); the composition is recorded;
- an actual written as a bare number (``18``) takes its unit from 度量单位, else from its own row's
  target; the inference is recorded (derived, never silent);
- a budget whose total line is blank or all zero while its other lines are filled is re-scored
  from the sum of those lines, and says so.

Score rounding and the precision of the comparison are the review's (``score_precision`` in
``config/rules.yaml``, ``review/scores.py``).
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from parkmetrics.data.layout import unknown_in
from parkmetrics.data.schemas import TOTAL_LINE
from parkmetrics.data.tables import records
from parkmetrics.scoring.cells import CellFigure, figures_in, is_blank

AMOUNTS = ("full_year", "executed")


def target_text(indicator: dict[str, Any]) -> tuple[str | None, str | None]:
    """(the target as one text, how it was composed or None) of an indicator row."""
    value = indicator.get("target")
    if is_blank(value):
        return None, None
    text = str(value)
    sign, unit = indicator.get("sign"), indicator.get("unit")
    parts = [text]
    if not is_blank(unit) and _bare(text):
        parts.append(str(unit).strip())
    if not is_blank(sign) and not figures_in(str(sign)) and _bare(text):
        parts.insert(0, str(sign).strip())
    if len(parts) == 1:
        return text, None
    joined = "".join(parts)
    return joined, f"target read as {joined} (指标性质 | 指标值 | 度量单位 columns)"


def infer_actual_unit(
    actual_text: str | None, target: CellFigure, indicator: dict[str, Any]
) -> tuple[CellFigure, str] | None:
    """A bare-number actual (``18``) in the unit of 度量单位, else of its row's target, with the
    note recording the inference; None when the actual is not a bare number."""
    if actual_text is None or not _bare(actual_text):
        return None
    number = actual_text.strip()
    unit = indicator.get("unit")
    source = "度量单位"
    if is_blank(unit):
        unit, source = target.unit, "its row's target"
    if is_blank(unit):
        return None
    found = figures_in(f"{number}{unit}")
    if len(found) != 1 or found[0].canonical_unit != target.canonical_unit:
        return None
    return found[0], f"actual {number} read as {number}{unit}: unit inferred from {source}"


def _bare(text: str) -> bool:
    """A cell that is one number and nothing else (``18``, ``0.5``)."""
    found = figures_in(text)
    return (
        len(found) == 1
        and found[0].unit is None
        and found[0].text.strip() == text.strip()
        and found[0].comparison is None
    )


def budget_amounts(budget: pd.DataFrame) -> tuple[dict[str, Any], str | None]:
    """The total line to score the budget by and, when its amounts are blank or all zero while
    the other lines are filled, those amounts summed from the lines (with a note saying so)."""
    lines = budget[budget["line"] == TOTAL_LINE]
    total = lines.iloc[0].to_dict() if not lines.empty else {}
    if any(c in unknown_in(total) for c in AMOUNTS):
        return total, None
    empty = all(is_blank(total.get(c)) or total.get(c) == 0 for c in AMOUNTS)
    details = budget[budget["line"] != TOTAL_LINE]
    if not empty or details.empty or details[list(AMOUNTS)].isna().all().all():
        return total, None
    if any(c in unknown_in(row) for row in records(details) for c in AMOUNTS):
        return total, None  # a line not in the source: the sum would be invented
    summed = {c: float(details[c].sum(min_count=1)) for c in AMOUNTS}
    if not any(v > 0 for v in summed.values() if not math.isnan(v)):
        return total, None
    labels = "、".join(str(x) for x in details["label"])
    state = "blank" if all(is_blank(total.get(c)) for c in AMOUNTS) else "all zero"
    note = f"总额 line {state}: 全年预算数 and 全年执行数 summed from its lines ({labels})"
    return {**total, **summed}, note
