"""Numbers as a report writes them: blanks, their text form, units, and when two agree.

Every check compares a figure with another as written, so "equal" means equal within the rounding
of the less precise written value (half a unit of its last digit), after both are converted to
their canonical unit.
"""

from __future__ import annotations

import math
import re
import unicodedata
from decimal import Decimal
from typing import Any

from parkmetrics.figures.units import Unit, unit
from parkmetrics.scoring.cells import CellFigure, is_blank

# how close the ratio of two values must come to a unit factor (万, 亿, 公顷 ↔ 亩) to be a slip
_FACTOR_CLOSENESS = 0.02


def pct(ratio: float) -> str:
    """A ratio as a percentage with one decimal (1.054 → 105.4%)."""
    return f"{ratio * 100:.1f}%"


def half_last_digit(written: str | float | None) -> float:
    """Half a unit of the last digit written (102% → 0.5; 810.24 → 0.005): a rounding's reach."""
    if written is None:
        return 0.0
    if isinstance(written, float | int):
        if isinstance(written, float) and math.isnan(written):
            return 0.0
        places = max(0, -Decimal(repr(float(written))).normalize().as_tuple().exponent)
        return 0.5 * 10**-places
    numbers = re.findall(r"\d+(?:\.(\d+))?", unicodedata.normalize("NFKC", written))
    if not numbers:
        return 0.0
    return 0.5 * 10 ** -len(numbers[-1])


def _unit(symbol: Any) -> Unit | None:
    return unit(None if is_blank(symbol) else str(symbol))


def canonical_unit(symbol: Any) -> str | None:
    """The canonical unit of a unit as written (％ and 百分比 are %)."""
    found = _unit(symbol)
    return found.canonical_unit if found is not None else None


def unit_scale(symbol: Any) -> float:
    """Canonical units per unit as written (万元 → 10000; 1 when unknown or blank)."""
    found = _unit(symbol)
    return float(found.factor) if found is not None else 1.0


def figure_scale(figure: CellFigure | dict[str, Any]) -> float:
    """Canonical units per written unit of a figure (1 when unknown)."""
    get = figure.get if isinstance(figure, dict) else lambda k: getattr(figure, k)
    value, canonical = get("value"), get("canonical_value")
    if is_blank(value) or is_blank(canonical) or not value:
        return 1.0
    return float(canonical) / float(value)


def agree(a: float, a_text: str | None, b: float, b_text: str | None, scale: float) -> bool:
    """Two canonical values agree within the rounding of the less precise written one."""
    tolerance = max(half_last_digit(a_text), half_last_digit(b_text)) * scale
    return abs(a - b) <= tolerance + 1e-9 * max(abs(a), abs(b), 1)


def near_factor(a: float, b: float, factor: float) -> bool:
    """Whether one value is about ``factor`` times the other (either way round)."""
    if not a or not b:
        return False
    ratio = max(a, b) / min(a, b)
    return abs(ratio / factor - 1) < _FACTOR_CLOSENESS
