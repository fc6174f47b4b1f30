"""Charts of a year: functions that take frames and return a ``matplotlib.figure.Figure``.

Nothing here saves or shows a figure except :func:`save_figure`, which the runner and the
briefing call; there is no pyplot state. The charts are grouped by subject — money
(:mod:`.money`), the park economy (:mod:`.economy`), the scoring (:mod:`.scoring`) — and share
their sizes, colours, words and bar drawing (:mod:`.drawing`) and their choice and labelling of
figures (:mod:`.select`). :data:`ALL_CHARTS` is the list the runner and the briefing iterate.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd
from matplotlib.figure import Figure

from parkmetrics.report.charts.drawing import (
    CM,
    COLOURS,
    FONT_SIZE,
    NOTE_SIZE,
    QUALIFIED_HATCH,
    QUALIFIED_LIGHTEN,
    TEXT,
    TITLE_SIZE,
    TITLES,
    WIDTH_CM,
    has_data,
)
from parkmetrics.report.charts.economy import (
    AREA_THEMES,
    AREA_UNIT,
    COUNT_UNIT,
    counts_chart,
    growth_chart,
    land_chart,
)
from parkmetrics.report.charts.money import (
    BUDGET_UNIT,
    FUNDS_THEME,
    MONEY_UNIT,
    budget_chart,
    funds_chart,
)
from parkmetrics.report.charts.save import PNG_DPI, SVG_HASH_SALT, save_figure
from parkmetrics.report.charts.scoring import findings_chart, pipeline_chart, scores_chart
from parkmetrics.report.charts.select import PIPELINE_THEME

if TYPE_CHECKING:
    from parkmetrics.data.dataset import YearData

__all__ = [
    "ALL_CHARTS",
    "AREA_THEMES",
    "AREA_UNIT",
    "BUDGET_UNIT",
    "CM",
    "COLOURS",
    "COUNT_UNIT",
    "FONT_SIZE",
    "FUNDS_THEME",
    "MONEY_UNIT",
    "NOTE_SIZE",
    "PIPELINE_THEME",
    "PNG_DPI",
    "QUALIFIED_HATCH",
    "QUALIFIED_LIGHTEN",
    "SVG_HASH_SALT",
    "TEXT",
    "TITLES",
    "TITLE_SIZE",
    "WIDTH_CM",
    "ChartInputs",
    "budget_chart",
    "bundle",
    "counts_chart",
    "findings_chart",
    "funds_chart",
    "growth_chart",
    "has_data",
    "land_chart",
    "pipeline_chart",
    "save_figure",
    "scores_chart",
]


@dataclass(frozen=True)
class ChartInputs:
    """What the charts of a year are drawn from (the runner's and briefing's bundle)."""

    year_data: YearData
    assessment: Any = None
    findings: pd.DataFrame | None = None
    derived: pd.DataFrame | None = None


def bundle(
    year_data: YearData,
    assessment: Any = None,
    findings: pd.DataFrame | None = None,
    derived: pd.DataFrame | None = None,
) -> ChartInputs:
    """Bundle a year's data and results for :data:`ALL_CHARTS`."""
    return ChartInputs(year_data, assessment, findings, derived)


# Each chart drawn from the bundle, under the title the briefing and the report list it by.
def _budget(inputs: ChartInputs) -> Figure:
    return budget_chart(inputs.year_data)


def _growth(inputs: ChartInputs) -> Figure:
    return growth_chart(inputs.year_data, inputs.derived)


def _pipeline(inputs: ChartInputs) -> Figure:
    return pipeline_chart(inputs.year_data, inputs.assessment)


def _scores(inputs: ChartInputs) -> Figure:
    return scores_chart(inputs.assessment, inputs.year_data.vocabulary, inputs.year_data.year)


def _land(inputs: ChartInputs) -> Figure:
    return land_chart(inputs.year_data)


def _counts(inputs: ChartInputs) -> Figure:
    return counts_chart(inputs.year_data)


def _funds(inputs: ChartInputs) -> Figure:
    return funds_chart(inputs.year_data)


def _findings(inputs: ChartInputs) -> Figure:
    return findings_chart(inputs.findings, year=inputs.year_data.year)


ALL_CHARTS: Mapping[str, tuple[str, Callable[[Any], Figure]]] = {
    "budget": (TITLES["budget"], _budget),
    "growth": (TITLES["growth"], _growth),
    "pipeline": (TITLES["pipeline"], _pipeline),
    "scores": (TITLES["scores"], _scores),
    "land": (TITLES["land"], _land),
    "counts": (TITLES["counts"], _counts),
    "funds": (TITLES["funds"], _funds),
    "findings": (TITLES["findings"], _findings),
}
