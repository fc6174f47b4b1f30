"""Charts of the park economy: growth rates (with the bases they imply), counts, land."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from parkmetrics.figures.units import unit
from parkmetrics.report.charts.drawing import (
    COLOURS,
    QUALIFIED_HATCH,
    TEXT,
    TITLES,
    Panel,
    empty_panel,
    is_qualified,
    label_bars,
    legend_above,
    lighten,
    new_figure,
    number,
    panel_title,
    panels_chart,
    plain,
    qualified_barh,
    qualified_note,
    style_axes,
    suptitle,
    wrap,
)
from parkmetrics.report.charts.select import (
    PIPELINE_THEME,
    display_unit,
    figure_label,
    figures_by_theme,
    in_vocabulary_order,
    is_floor_area,
)

if TYPE_CHECKING:
    from parkmetrics.data.dataset import YearData

AREA_UNIT = "亩"  # land is compared in 亩, the unit the report's land tasks and disposals use
AREA_THEMES = ("land", "planning")
COUNT_UNIT = "个"  # canonical unit of counts (家, 项, 支, 条, 次 …)


def growth_chart(year_data: YearData, derived: pd.DataFrame | None = None) -> Figure:
    """Growth rates of the park economy; with ``derived``, each level beside its implied base."""
    vocabulary = year_data.vocabulary
    metrics = vocabulary.metrics
    growth_metrics = metrics.loc[metrics["growth_of"].notna(), "metric"].tolist()
    growth = in_vocabulary_order(year_data.figures, growth_metrics)
    bases = _derived_bases(derived, metrics["metric"].tolist())
    panels = 2 if not bases.empty else 1
    height = 4.0 + 0.7 * len(growth) + (3.0 + 0.8 * len(bases) if panels == 2 else 0)
    fig, axes = new_figure(
        height, nrows=panels, height_ratios=(len(growth) + 1, len(bases) + 1)[:panels]
    )
    left = axes[0]
    suptitle(fig, TITLES["growth"], year_data.year)
    if growth.empty:
        empty_panel(left)
    else:
        labels = [wrap(figure_label(row, vocabulary), 14) for row in growth.itertuples()]
        qualified_barh(left, growth, labels, COLOURS["actual"])
        left.axvline(0, color=COLOURS["weight"], linewidth=0.6)
        left.set_xlabel(TEXT["growth"])
        left.margins(x=0.15)
        style_axes(left, value_axis="x")
    if panels == 2:
        _levels_panel(axes[1], year_data, bases)
    qualified_note(fig, [growth])
    return fig


def land_chart(year_data: YearData) -> Figure:
    """Land areas in 亩 and, in a panel of their own, building floor areas in 万平方米.

    Both have the canonical unit 平方米, but factory floor space is not land: it is never
    converted to 亩 nor drawn on the land's scale (``floor_area_metrics``).
    """
    vocabulary = year_data.vocabulary
    area_unit = unit(AREA_UNIT)
    areas = figures_by_theme(year_data, area_unit.canonical_unit, themes=AREA_THEMES)
    floor = areas["metric"].map(is_floor_area).astype(bool)
    land, buildings = areas[~floor], areas[floor]
    land_values = land["canonical_value"] / float(area_unit.factor)
    symbol, factor = display_unit(area_unit.canonical_unit, buildings["canonical_value"].tolist())
    floor_values = buildings["canonical_value"] / factor
    panels = [
        Panel(
            TEXT["land_area"],
            land.assign(value=land_values),
            [wrap(figure_label(row, vocabulary), 14) for row in land.itertuples()],
            TEXT["area"].format(unit=AREA_UNIT),
            [
                _area_text(r, v, AREA_UNIT)
                for r, v in zip(land.itertuples(), land_values, strict=True)
            ],
        ),
        Panel(
            TEXT["floor_area"],
            buildings.assign(value=floor_values),
            [wrap(figure_label(row, vocabulary), 14) for row in buildings.itertuples()],
            TEXT["area"].format(unit=symbol),
            [
                _area_text(r, v, symbol)
                for r, v in zip(buildings.itertuples(), floor_values, strict=True)
            ],
        ),
    ]
    return panels_chart(year_data.year, TITLES["land"], panels, margin=0.35)


def counts_chart(year_data: YearData) -> Figure:
    """Counts of the narrative (platforms, enterprises, funds, matters…), each as written.

    One panel per unit as written (家, 次, 支, 条, 项 …): 9次 of training and 21支 of funds are not
    amounts of one thing and never share an axis. Project counts are left to the pipeline
    chart, which sets them against their tasks.
    """
    vocabulary = year_data.vocabulary
    counts = figures_by_theme(year_data, COUNT_UNIT, exclude=[PIPELINE_THEME])
    counts = counts.assign(value=counts["canonical_value"])
    panels = [
        Panel(
            TEXT["count_unit"].format(unit=symbol),
            group,
            [wrap(figure_label(row, vocabulary), 16) for row in group.itertuples()],
            symbol,
        )
        for symbol, group in counts.groupby("unit", sort=False)
    ]
    return panels_chart(year_data.year, TITLES["counts"], panels)


def _levels_panel(ax: Axes, year_data: YearData, bases: pd.DataFrame) -> None:
    """Each reported level (this year) beside the previous-year base its growth implies."""
    figures = year_data.figures
    rows = []
    for base in bases.itertuples():
        same = figures[(figures["metric"] == base.metric) & (figures["park"] == base.park)]
        quoted = same[same["source_quote"] == base.source_quote]
        current = (quoted if not quoted.empty else same).head(1)
        if current.empty:
            continue
        rows.append((base, current.iloc[0]))
    if not rows:
        empty_panel(ax)
        return
    canonical = rows[0][1]["canonical_unit"]
    symbol, factor = display_unit(canonical, [float(c["canonical_value"]) for _, c in rows])
    y = np.arange(len(rows))[::-1]
    height = 0.38
    now = [float(c["canonical_value"]) / factor for _, c in rows]
    before = [float(b.canonical_value) / factor for b, _ in rows]
    bars_now = ax.barh(
        y + height / 2,
        now,
        height,
        color=COLOURS["actual"],
        label=TEXT["reported_year"].format(year=year_data.year),
    )
    bars_before = ax.barh(
        y - height / 2,
        before,
        height,
        color=lighten(COLOURS["derived"], 0.3),
        edgecolor=COLOURS["derived"],
        hatch=QUALIFIED_HATCH,
        linewidth=0.6,
        label=TEXT["previous_year"].format(year=year_data.year - 1),
    )
    label_bars(ax, bars_now, [c["value_text"] for _, c in rows])
    label_bars(ax, bars_before, [f"约{number(v)}{symbol}" for v in before])
    vocabulary = year_data.vocabulary
    ax.set_yticks(y, [wrap(figure_label(c, vocabulary), 14) for _, c in rows])
    ax.set_xlabel(symbol)
    panel_title(ax, TEXT["levels"])
    legend_above(ax, ncols=2)
    ax.margins(x=0.15)
    style_axes(ax, value_axis="x")


def _derived_bases(derived: pd.DataFrame | None, metric_order: Sequence[str]) -> pd.DataFrame:
    """The derived previous-year bases, in vocabulary order."""
    if derived is None or derived.empty:
        return pd.DataFrame(columns=["metric", "park", "canonical_value", "source_quote"])
    rows = derived[derived["derived"].astype(bool)] if "derived" in derived else derived
    return in_vocabulary_order(rows, metric_order)


def _area_text(row: Any, value: float, symbol: str) -> str:
    """Qualified: the text as written; converted: the value in ``symbol`` and the original."""
    if is_qualified(row.qualifier):
        return plain(row.value_text)
    if row.unit == symbol:
        return f"{number(value)}{symbol}"
    return plain(f"{number(value)}{symbol}（{row.value_text}）")
