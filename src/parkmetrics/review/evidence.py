"""Evidence: a figure or text a finding rests on, where it was written, and its text form."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from parkmetrics.data.template import budget_columns, indicator_columns
from parkmetrics.figures.formatting import format_number as fmt
from parkmetrics.figures.quantity import Quantity
from parkmetrics.figures.writing import format_quantity
from parkmetrics.scoring.cells import BUDGET_UNIT, CellFigure, is_blank

TABLE = "自评表"  # how evidence from the self-evaluation table is labelled
# the table's cells as the template heads them
CELL_LABELS = indicator_columns()
BUDGET_COLUMNS = {k: budget_columns()[k] for k in ("initial", "full_year", "executed")}


@dataclass(frozen=True)
class Evidence:
    """One figure or text a finding rests on, with where it was written."""

    what: str
    value_text: str | None
    value: float | None = None
    unit: str | None = None
    source_quote: str | None = None
    unknown: bool = False  # a cell not in the source (not a blank one)

    def as_dict(self) -> dict[str, Any]:
        """The evidence as a plain dict (the findings table's ``evidence`` items); ``unknown``
        only for a cell not in the source."""
        out = {
            "what": self.what,
            "value_text": self.value_text,
            "value": self.value,
            "unit": self.unit,
            "source_quote": self.source_quote,
        }
        return out | {"unknown": True} if self.unknown else out


NOT_IN_SOURCE = "（不在原文中）"  # how an unknown cell's value is shown (a blank one: （空）)


def evidence_text(evidence: Iterable[Evidence | dict[str, Any]]) -> str:
    """Evidence as one readable line: ``what: value「quote」; …``."""
    parts = []
    for e in evidence:
        e = e if isinstance(e, Evidence) else Evidence(**e)
        value = e.value_text if e.value_text is not None else "（空）"
        value = NOT_IN_SOURCE if e.unknown else value
        quote = f"「{e.source_quote}」" if e.source_quote and e.source_quote != e.value_text else ""
        parts.append(f"{e.what}: {value}{quote}")
    return "；".join(parts)


def figure_evidence(figure: dict[str, Any]) -> Evidence:
    """Evidence of a narrative figure (a row of ``figures``)."""
    return Evidence(
        what=f"叙述·{figure['label']}",
        value_text=figure["value_text"],
        value=None if is_blank(figure["value"]) else float(figure["value"]),
        unit=None if is_blank(figure["unit"]) else figure["unit"],
        source_quote=figure["source_quote"],
    )


def indicator_what(indicator: dict[str, Any], cell: str) -> str:
    """Where in the table a cell of an indicator row is: ``第4行「…」实际完成值``."""
    return f"第{int(indicator['row'])}行「{indicator['level3']}」{cell}"


def indicator_cell(
    indicator: dict[str, Any],
    cell: str,
    value_text: str | None,
    value: float | None = None,
    unit: str | None = None,
    quote: str | None = None,
) -> Evidence:
    """Evidence of a cell (``cell`` as the template heads it) of an indicator row."""
    return Evidence(f"{TABLE}·{indicator_what(indicator, cell)}", value_text, value, unit, quote)


def cell_figure_evidence(
    indicator: dict[str, Any], cell: str, figure: CellFigure | None, text: str | None
) -> Evidence:
    """Evidence of a figure (or, without one, the whole text) of an indicator's cell ``text``."""
    if figure is None:
        return indicator_cell(indicator, cell, text, quote=text)
    return indicator_cell(indicator, cell, figure.text, figure.value, figure.unit, text)


def budget_cell(
    label: str, column: str, value_text: str | None, value: float, unit: str | None
) -> Evidence:
    """Evidence of a cell (``column``: initial, full_year, executed) of a budget line, in the
    block's unit (万元, or 元 where the block is written in 元)."""
    where = f"{TABLE}·{label}·{BUDGET_COLUMNS[column]}"
    return Evidence(where, value_text, value, BUDGET_UNIT if is_blank(unit) else unit)


def written(item: dict[str, Any], side: str) -> str:
    """An assessed item's ``target`` or ``actual`` as read: qualifier, number and unit in the
    parser's canonical spelling (``130个``, ``约10%``, ``前10位``)."""
    unit = "" if is_blank(item[f"{side}_unit"]) else item[f"{side}_unit"]
    value, qualifier = item[f"{side}_value"], item.get(f"{side}_qualifier")
    if is_blank(value) or is_blank(qualifier):
        return f"{fmt(value)}{unit}"
    figure = Quantity("", Decimal(fmt(value)), unit or None, None, None, str(qualifier))
    return format_quantity(figure)
