"""Figures read out of the self-evaluation table's cells.

Table cells hold targets and actuals as text (``145、130、110个``, ``全年处置园区“三类地”10602亩``,
``醴陵经开区获…``). This module reads the figures in them with the project's parser, and the
parks they name, for the assessment and the review checks.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from parkmetrics.data.tables import memo
from parkmetrics.data.vocabulary import CITY
from parkmetrics.figures.characters import simplified
from parkmetrics.figures.quantity import find_quantities

BUDGET_UNIT = "万元"  # the template's budget block (项目资金) is written in 万元


def block_unit(year_data: Any) -> str:
    """The budget block's amount unit: as the block writes it (元 where its heading says so),
    else the template's 万元."""
    return year_data.budget_unit or BUDGET_UNIT


@dataclass(frozen=True)
class CellFigure:
    """A figure read from a table cell (or a count of the parks a cell names)."""

    text: str
    value: float | None
    unit: str | None
    canonical_value: float | None
    canonical_unit: str | None
    qualifier: str | None = None
    comparison: str | None = None
    start: int = 0
    end: int = 0
    counts_parks: bool = False  # a target counting parks (争创2家及以上先进园区)
    named_parks: tuple[str, ...] = ()  # for a count made from the park names of a text

    @classmethod
    def named_parks_count(cls, names: tuple[str, ...], canonical_unit: str | None) -> CellFigure:
        """The number of distinct parks named in a text, as a figure."""
        count = float(len(names))
        text = "、".join(names)
        return cls(text, count, "家", count, canonical_unit, "exact", None, named_parks=names)


# The sign a qualifier puts on a target (2家及以上 is "≥ 2"); the first qualifier written counts.
_QUALIFIER_COMPARISON = {
    "at_least": ">=",
    "over": ">",
    "more_than": ">",
    "at_most": "<=",
    "under": "<",
}

# Text after a count figure that names what is counted: parks (园区).
_COUNTED_NOUN = re.compile(r"^[^，。；,;]*?园区")


def figures_in(text: str | None) -> list[CellFigure]:
    """Every figure of a cell or sentence, in order, read by the project's parser."""
    if not isinstance(text, str) or not text:
        return []
    found: list[CellFigure] = []
    for start, end, quantity in find_quantities(text):
        figure = CellFigure(
            text=quantity.text,
            value=_float(quantity.value),
            unit=quantity.unit,
            canonical_value=_float(quantity.canonical_value),
            canonical_unit=quantity.canonical_unit,
            qualifier=quantity.qualifier,
            comparison=quantity.comparison or _QUALIFIER_COMPARISON.get(quantity.qualifier or ""),
            start=start,
            end=end,
        )
        if figure.canonical_unit == "个" and _COUNTED_NOUN.match(simplified(text[end:])):
            figure = replace(figure, counts_parks=True)
        found.append(figure)
    return found


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def parks_named(text: str | None, parks: pd.DataFrame) -> tuple[str, ...]:
    """Distinct parks (ids) a text names, by any of their names, longest names first.

    The whole city (park ``city``) is not a park and is not counted.
    """
    if not isinstance(text, str) or not text:
        return ()
    found: list[str] = []
    rest = simplified(text)  # a Traditional text names 株洲高新區: the vocabulary's 株洲高新区
    for name, park in memo(parks, "names_longest_first", _names_longest_first):
        if name in rest:
            rest = rest.replace(name, "\0")  # a shorter name must not match inside a longer one
            if park not in found:
                found.append(park)
    return tuple(found)


def _names_longest_first(parks: pd.DataFrame) -> list[tuple[str, str]]:
    """(name, park) of every park but the city, longest names first (stable among equals)."""
    names = parks[parks["park"] != CITY].sort_values("name", key=lambda s: -s.str.len())
    return list(zip(map(simplified, names["name"]), names["park"], strict=True))


def _all_names_longest_first(parks: pd.DataFrame) -> list[str]:
    return sorted(map(simplified, parks["name"]), key=len, reverse=True)


# words that may stand before a park's name in a sentence and are not part of it
_NAME_LEADS = ("其中", "以及", "并且", "同时", "和", "与", "及", "在", "由")


def unknown_parks(
    text: str | None, parks: pd.DataFrame, suffixes: tuple[str, ...]
) -> tuple[str, ...]:
    """Names in a text that end like a park's name (经开区, 高新区 …) but that the vocabulary
    does not list (known names are masked first, longest first)."""
    if not isinstance(text, str) or not text or not suffixes:
        return ()
    # searched in Simplified, known names blanked character for character, so that a match is
    # at the same place in the text and the name is returned as written
    rest = simplified(text)
    for name in memo(parks, "all_names_longest_first", _all_names_longest_first):
        rest = rest.replace(name, "\0" * len(name))
    ending = "|".join(re.escape(s) for s in sorted(suffixes, key=len, reverse=True))
    found = []
    for match in re.finditer(rf"[\u4e00-\u9fff]{{2,10}}?(?:{ending})", rest):
        name = match.group()
        for lead in _NAME_LEADS:
            name = name.removeprefix(lead)
        named = any(name.endswith(s) and len(name) > len(s) + 1 for s in suffixes)
        written = text[match.end() - len(name) : match.end()]
        if named and written not in found:
            found.append(written)
    return tuple(found)


def header_number(value: Any) -> float:
    """The number of a header cell (``100``, ``（50分）``); NaN when blank or without one."""
    if is_blank(value):
        return math.nan
    found = re.search(r"-?\d+(?:\.\d+)?", unicodedata.normalize("NFKC", str(value)))
    return float(found.group()) if found else math.nan


def is_blank(value: Any) -> bool:
    """A blank cell: None, NaN, pandas' NA, or text that is empty or only white space."""
    if value is None or value is pd.NA:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    return isinstance(value, str) and not value.strip()
