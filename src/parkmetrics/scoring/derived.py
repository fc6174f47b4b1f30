"""Figures implied by reported ones, always marked as derived.

A reported growth rate and the reported value of the same quantity imply the previous year's
base: value ÷ (1 + rate) — 5329亿元 at +13.1% ⇒ 4711.8亿元 in the year before. Derived figures
live in their own table (``derived=True``, the ``method``, the figures they come from with their
quotes) and are never mixed with the reported ones.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pandas as pd

from parkmetrics.data.tables import records
from parkmetrics.figures.units import to_canonical
from parkmetrics.scoring.cells import is_blank

if TYPE_CHECKING:
    from parkmetrics.data.dataset import YearData

DERIVED_COLUMNS = [
    "year", "report_year", "park", "metric", "label", "value", "unit", "canonical_value",
    "canonical_unit", "qualifier", "derived", "method", "from_metrics", "from_values",
    "from_text", "source_quote",
]  # fmt: skip

PREVIOUS_YEAR_LABEL = "（上年，由增长率推算）"
# A cumulative figure (累计超70亿元) has no year-on-year base to recover.
_NO_BASE_QUALIFIERS = ("cumulative",)


def derive(year_data: YearData) -> pd.DataFrame:
    """Previous-year bases implied by each growth rate and the value it is the growth of.

    One row per (growth figure, value figure) pair of the same park: the value and its growth
    are paired through the vocabulary (``growth_of``); when a park reports several values of
    the quantity, the one quoted in the same sentence as the growth is used. ``year`` is the
    year the derived base describes (the report's year − 1). The base is rounded to one digit
    more than the value as written — it is no more precise than its inputs.
    """
    figures = year_data.figures
    metrics = year_data.vocabulary.metrics
    growth_of = {
        m: g
        for m, g in zip(metrics["metric"], metrics["growth_of"], strict=True)
        if not is_blank(g)
    }
    rows: list[dict[str, Any]] = []
    for growth in records(figures):
        base_metric = growth_of.get(growth["metric"])
        if base_metric is None or growth.get("canonical_unit") != "%":
            continue  # only a growth in % (not in 个百分点) implies a base
        base = _base_figure(figures, growth, base_metric)
        if base is None:
            continue
        rows.append(_previous_year(base, growth, int(year_data.year)))
    frame = pd.DataFrame(rows, columns=DERIVED_COLUMNS)
    return frame.sort_values(["park", "metric"], kind="stable").reset_index(drop=True)


def previous_year_base(value: Decimal, growth_percent: Decimal, places: int) -> Decimal:
    """value ÷ (1 + growth%), rounded half-up to ``places`` decimals."""
    base = value / (1 + growth_percent / 100)
    return base.quantize(Decimal(1).scaleb(-places), rounding="ROUND_HALF_UP")


def _base_figure(figures: pd.DataFrame, growth: dict[str, Any], base_metric: str) -> dict | None:
    candidates = figures[(figures["metric"] == base_metric) & (figures["park"] == growth["park"])]
    candidates = candidates[
        ~candidates["qualifier"].fillna("").str.contains("|".join(_NO_BASE_QUALIFIERS))
    ]
    candidates = candidates[candidates["value"].notna()]
    same_quote = candidates[candidates["source_quote"] == growth["source_quote"]]
    if len(same_quote) == 1:
        return same_quote.iloc[0].to_dict()
    if len(candidates) == 1:
        return candidates.iloc[0].to_dict()
    return None  # none, or several values of the quantity and none beside the growth


def _decimal(value: float) -> Decimal:
    return Decimal(repr(float(value)))


def _places(value: Decimal) -> int:
    return max(0, -value.normalize().as_tuple().exponent)


def _previous_year(base: dict[str, Any], growth: dict[str, Any], year: int) -> dict[str, Any]:
    value, rate = _decimal(base["value"]), _decimal(growth["value"])
    result = previous_year_base(value, rate, _places(value) + 1)
    quotes = list(dict.fromkeys([base["source_quote"], growth["source_quote"]]))
    unit = base["unit"]
    return {
        "year": year - 1,
        "report_year": year,
        "park": base["park"],
        "metric": base["metric"],
        "label": f"{base['label']}{PREVIOUS_YEAR_LABEL}",
        "value": float(result),
        "unit": unit,
        "canonical_value": float(to_canonical(result, unit))
        if not is_blank(unit)
        else float(result),
        "canonical_unit": base["canonical_unit"],
        # derived by division and rounding: never an exact reported figure
        "qualifier": "approx",
        "derived": True,
        "method": f"{base['value_text']} ÷ (1 + {growth['value_text']}) = {result}{unit or ''}",
        # the reported figures it comes from, flat so that the table stays tidy in CSV
        "from_metrics": f"{base['metric']};{growth['metric']}",
        "from_values": f"{base['value_text']};{growth['value_text']}",
        "from_text": "；".join(
            f"{f['label']}（{year}年）{f['value_text']}「{f['source_quote']}」"
            for f in (base, growth)
        ),
        "source_quote": " … ".join(quotes),
    }
