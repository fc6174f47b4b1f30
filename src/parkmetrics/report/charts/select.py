"""Which figures a chart draws and what it calls them: by theme and canonical unit, in the
vocabulary's order, labelled with the metric and, when not the whole city's, the park."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import yaml

from parkmetrics.data.vocabulary import CITY
from parkmetrics.figures.units import units

if TYPE_CHECKING:
    from parkmetrics.data.dataset import YearData

# Project counts are drawn against their annual tasks by the pipeline chart, not as plain counts.
PIPELINE_THEME = "projects"
SETTINGS_FILE = "charts.yaml"


def in_vocabulary_order(figures: pd.DataFrame, metrics: Sequence[str]) -> pd.DataFrame:
    """The figures of ``metrics``, in vocabulary order, in the data's order within a metric."""
    order = {m: i for i, m in enumerate(metrics)}
    chosen = figures[figures["metric"].isin(order)]
    position = chosen["metric"].map(order)
    return chosen.iloc[np.argsort(position.to_numpy(), kind="stable")].reset_index(drop=True)


def figures_by_theme(
    year_data: YearData,
    canonical_unit: str,
    themes: Iterable[str] | None = None,
    exclude: Iterable[str] = (),
) -> pd.DataFrame:
    """The year's figures in ``canonical_unit`` of metrics in ``themes`` (all when None) and
    not in ``exclude``, in vocabulary order."""
    metrics = year_data.vocabulary.metrics
    theme = metrics["theme"]
    chosen = ~theme.isin(list(exclude))
    if themes is not None:
        chosen &= theme.isin(list(themes))
    figures = in_vocabulary_order(year_data.figures, metrics.loc[chosen, "metric"].tolist())
    return figures[figures["canonical_unit"] == canonical_unit]


def figure_label(row: Any, vocabulary: Any) -> str:
    """The vocabulary label of a figure's metric, with the park's name when not the city's
    and the figure is the park's own (a province-wide count is never credited to a park)."""
    label = vocabulary.metric_label(_get(row, "metric"))
    if is_province_wide(label):
        return label
    return park_prefix(_get(row, "park"), label, vocabulary)


def is_province_wide(label: str) -> bool:
    """Whether a metric label counts the whole province (``province_wide_prefix``)."""
    return str(label).startswith(chart_settings()["province_wide_prefix"])


def is_floor_area(metric: str) -> bool:
    """Whether a metric measures building floor space, not land (``floor_area_metrics``)."""
    return metric in chart_settings()["floor_area_metrics"]


@cache
def chart_settings() -> dict[str, Any]:
    """The values of ``config/charts.yaml``."""
    text = (resources.files("parkmetrics") / "config" / SETTINGS_FILE).read_text(encoding="utf-8")
    return {key: setting["value"] for key, setting in yaml.safe_load(text).items()}


def park_prefix(park: Any, label: str, vocabulary: Any) -> str:
    """``label`` preceded by the park's official name, unless the figure is the whole city's."""
    if isinstance(park, str) and park != CITY:
        return f"{vocabulary.park_name(park)}：{label}"
    return label


def display_unit(canonical: str, values: Sequence[float]) -> tuple[str, float]:
    """The largest unit of the same canonical unit in which the biggest value is still ≥ 1."""
    peak = max((abs(v) for v in values), default=0.0)
    best = (canonical, 1.0)
    for candidate in units().values():
        factor = float(candidate.factor)
        if candidate.canonical_unit == canonical and factor > best[1] and peak / factor >= 1:
            best = (candidate.symbol, factor)
    return best


def _get(row: Any, name: str) -> Any:
    # Rows come both as itertuples() tuples and as Series (iloc of a frame).
    return row[name] if isinstance(row, pd.Series) else getattr(row, name)
