"""Bars: grouped bars with their labels, and figures written with a qualifier.

A figure written with a qualifier (近600家, 2700多家, 累计超70亿元) is drawn light and hatched and
labelled with its text as written, so it can never pass for an exact bar labelled 600.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.colors import to_rgb
from matplotlib.container import BarContainer
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from parkmetrics.figures.formatting import chart_number as number
from parkmetrics.report.charts.style import (
    COLOURS,
    NOTE_SIZE,
    QUALIFIED_HATCH,
    QUALIFIED_LIGHTEN,
    TEXT,
)


def label_bars(ax: Axes, bars: BarContainer, labels: Sequence[str]) -> None:
    """Small labels just past the end of each bar."""
    ax.bar_label(bars, labels=list(labels), fontsize=NOTE_SIZE, padding=2)


def grouped_bars(
    ax: Axes,
    series: Sequence[tuple[Any, str, Any, dict[str, Any]]],
    horizontal: bool = False,
    width: float = 0.78,
) -> None:
    """Bars side by side, one group per row; ``series``: (values, legend, bar labels, style).

    Blank values draw no bar and no label (bar labels default to the values as numbers).
    """
    step = width / len(series)
    for i, (values, legend, texts, style) in enumerate(series):
        numbers = pd.Series(values, dtype=float).to_numpy()
        positions = np.arange(len(numbers)) + (i - (len(series) - 1) / 2) * step
        if horizontal:  # the first series on top within each group
            positions = np.arange(len(numbers)) - (i - (len(series) - 1) / 2) * step
        draw = ax.barh if horizontal else ax.bar
        bars = draw(positions, np.nan_to_num(numbers), step, label=legend, **style)
        labels = [number(v) for v in numbers] if texts is None else [t or "" for t in texts]
        label_bars(ax, bars, labels)


def is_qualified(qualifier: Any) -> bool:
    """Whether a figure was written with a qualifier (近, 多, 超, 以上 …), not as exact."""
    return isinstance(qualifier, str) and qualifier not in ("", "exact")


def lighten(colour: str, amount: float = QUALIFIED_LIGHTEN) -> tuple[float, float, float]:
    """``colour`` with ``amount`` of white mixed in."""
    r, g, b = to_rgb(colour)
    return (r + (1 - r) * amount, g + (1 - g) * amount, b + (1 - b) * amount)


def qualified_barh(
    ax: Axes,
    figures: pd.DataFrame,
    labels: Sequence[str],
    colour: str,
    texts: Sequence[str] | None = None,
) -> None:
    """Bars of ``figures.value``; qualified figures light, hatched and labelled as written."""
    y = np.arange(len(figures))[::-1]  # first figure on top
    qualified = [is_qualified(q) for q in figures["qualifier"]]
    bars = ax.barh(
        y,
        figures["value"].to_numpy(dtype=float),
        0.6,
        color=[lighten(colour) if q else colour for q in qualified],
        edgecolor=colour,
        linewidth=0.6,
    )
    for bar, q in zip(bars, qualified, strict=True):
        if q:
            bar.set_hatch(QUALIFIED_HATCH)
    label_bars(ax, bars, list(figures["value_text"]) if texts is None else texts)
    ax.set_yticks(y, labels)


def qualified_note(fig: Figure, frames: Sequence[pd.DataFrame]) -> None:
    """Explain the hatching, only when a qualified figure is on the chart."""
    if any(frame["qualifier"].map(is_qualified).any() for frame in frames if not frame.empty):
        handle = Patch(
            facecolor=lighten(COLOURS["actual"]),
            edgecolor=COLOURS["actual"],
            hatch=QUALIFIED_HATCH,
            linewidth=0.6,
        )
        fig.legend(
            [handle],
            [TEXT["qualified"]],
            loc="outside lower left",
            fontsize=NOTE_SIZE,
            frameon=False,
        )
