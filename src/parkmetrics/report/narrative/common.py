"""What the report's sentences share: qualifier words, a year's city-wide figures, park names.

Kept apart from the sentences so every section module (:mod:`.summary`, :mod:`.economy`,
:mod:`.scores`) formats the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from parkmetrics.data.vocabulary import CITY
from parkmetrics.scoring.cells import is_blank

if TYPE_CHECKING:
    from parkmetrics.data.dataset import YearData

HECTARE = "公顷"  # land areas are also shown in hectares (factor from config/units.csv)
# Charts the yearly notebook shows inside their own section; the rest go under 其他数字.
SECTION_CHARTS = ("budget", "growth", "pipeline", "land", "scores", "findings")
MAX_LISTED = 3  # findings quoted in full in a sentence; the table lists them all
QUALIFIER_LABELS = {
    "exact": "",
    "approx": "约数",
    "over": "超过",
    "more_than": "多于",
    "at_least": "以上",
    "at_most": "以内",
    "under": "不足",
    "cumulative": "累计",
    "reached": "达到",
}


def qualifier_label(qualifier: Any) -> str:
    """Chinese words for a qualifier such as ``cumulative+over`` (累计、超过)."""
    if not isinstance(qualifier, str) or not qualifier:
        return ""
    words = [QUALIFIER_LABELS.get(q, q) for q in qualifier.split("+")]
    return "、".join(w for w in words if w)


def city_figure(year_data: YearData, metric: str) -> dict[str, Any] | None:
    """The city-wide figure of ``metric`` (the first, in file order), or None."""
    rows = year_data.figures[
        (year_data.figures["metric"] == metric) & (year_data.figures["park"] == CITY)
    ]
    return None if rows.empty else rows.iloc[0].to_dict()


def park_name(year_data: YearData, park: str) -> str:
    """The park's name in the vocabulary, its id when it has none."""
    try:
        return year_data.vocabulary.park_name(park)
    except LookupError:
        return park


def city_subject(year_data: YearData) -> str:
    """How the report names the city's parks as a whole: 全市园区, from the vocabulary's name of
    the city row (a county's vocabulary says 全县园区)."""
    return f"{park_name(year_data, CITY)}园区"


def joined(parts: list[str]) -> str:
    """Clauses of one sentence, joined as the report writes them."""
    return "；".join(parts)


def text_of(value: Any) -> str:
    """A cell as text, blank for a blank cell."""
    return "" if is_blank(value) else str(value)


def other_charts(names: Iterable[str]) -> list[str]:
    """The chart names, in order, that no section of the yearly notebook shows."""
    return [name for name in names if name not in SECTION_CHARTS]
