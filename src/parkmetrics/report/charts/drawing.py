"""What every chart is drawn with: the figure, its titles and axes, panels of bars, label text.

Sizes, colours and the charts' own words are in :mod:`.style`, bar drawing in :mod:`.bars`;
both are re-exported here, so every chart module (and anything drawing a chart of its own)
imports its drawing vocabulary from this one module.

A figure written with a qualifier (近600家, 2700多家, 累计超70亿元) is drawn light and hatched and
labelled with its text as written, so it can never pass for an exact bar labelled 600.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from parkmetrics.figures.formatting import chart_number as number
from parkmetrics.report.charts.bars import (
    grouped_bars,
    is_qualified,
    label_bars,
    lighten,
    qualified_barh,
    qualified_note,
)
from parkmetrics.report.charts.style import (
    CM,
    COLOURS,
    FONT_SIZE,
    LABEL_LINES,
    NOTE_SIZE,
    QUALIFIED_HATCH,
    QUALIFIED_LIGHTEN,
    TEXT,
    TITLE_SIZE,
    TITLES,
    WIDTH_CM,
)
from parkmetrics.report.fonts import use_cjk_font

__all__ = [
    "CM",
    "COLOURS",
    "FONT_SIZE",
    "LABEL_LINES",
    "NOTE_SIZE",
    "QUALIFIED_HATCH",
    "QUALIFIED_LIGHTEN",
    "TEXT",
    "TITLES",
    "TITLE_SIZE",
    "WIDTH_CM",
    "Panel",
    "break_lines",
    "empty_panel",
    "figures_chart",
    "grouped_bars",
    "has_data",
    "is_qualified",
    "label_bars",
    "legend_above",
    "lighten",
    "new_figure",
    "panel_title",
    "panels_chart",
    "plain",
    "qualified_barh",
    "qualified_note",
    "shorten",
    "style_axes",
    "summary_title",
    "suptitle",
    "use_cjk_font",
    "wrap",
]


# ---------------------------------------------------------------------------------------------
# figure, titles, axes


def new_figure(height_cm: float, nrows: int = 1, ncols: int = 1, **grid: Any) -> tuple[Figure, Any]:
    """A 15 cm wide figure with constrained layout and the CJK font list in place."""
    use_cjk_font()
    fig = Figure(figsize=(WIDTH_CM * CM, height_cm * CM), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False, gridspec_kw=grid or None)
    return fig, axes.ravel()


def suptitle(fig: Figure, title: str, year: int | None = None) -> None:
    """The figure's title at its top left, after the year when the chart is of one year."""
    text = title if year is None else f"{year}年 {title}"
    fig.suptitle(text, fontsize=TITLE_SIZE, x=0.02, ha="left")


def panel_title(ax: Axes, text: str) -> None:
    """The title of one panel of a figure, at its top left."""
    ax.set_title(text, fontsize=FONT_SIZE + 1, loc="left")


def summary_title(ax: Axes, text: str) -> None:
    """A line of totals above the axes, raised clear of the legend beside it."""
    ax.set_title(text, fontsize=FONT_SIZE, loc="left", pad=14)


def style_axes(ax: Axes, value_axis: str) -> None:
    """Quiet axes: no top/right frame, a light grid along the value axis only."""
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.grid(axis=value_axis, color="#D9D9D9", linewidth=0.5)
    ax.set_axisbelow(True)
    ax.tick_params(labelsize=FONT_SIZE, length=2)
    ax.xaxis.label.set_size(FONT_SIZE)
    ax.yaxis.label.set_size(FONT_SIZE)
    # Value ticks written like the bar labels: 100,000 rather than 100000.
    axis = ax.xaxis if value_axis == "x" else ax.yaxis
    axis.set_major_formatter(FuncFormatter(_tick))


NO_DATA_MARK = "_parkmetrics_no_data"  # set on a panel that only says there is nothing to draw


def empty_panel(
    ax: Axes, message: str = TEXT["no_data"], nothing_drawn: bool | None = None
) -> None:
    """No axes, only ``message`` in the middle. By default (the message 本年度无可绘制的数据, or
    ``nothing_drawn``) the panel is marked as drawing nothing: see :func:`has_data`."""
    ax.set_axis_off()
    if nothing_drawn is None:
        nothing_drawn = message == TEXT["no_data"]
    if nothing_drawn:
        setattr(ax, NO_DATA_MARK, True)
    ax.text(
        0.5,
        0.5,
        message,
        ha="center",
        va="center",
        fontsize=FONT_SIZE + 1,
        color=COLOURS["weight"],
        transform=ax.transAxes,
    )


def has_data(fig: Figure) -> bool:
    """Whether any panel of ``fig`` draws something: a chart whose every panel says 本年度无可绘制
    的数据 has nothing to show in the briefing or the HTML report (its files are still written)."""
    return any(not getattr(ax, NO_DATA_MARK, False) for ax in fig.axes)


def legend_above(ax: Axes, ncols: int) -> None:
    """A frameless legend just above the axes' top right corner, clear of the bars."""
    ax.legend(
        fontsize=NOTE_SIZE,
        frameon=False,
        loc="lower right",
        bbox_to_anchor=(1.0, 1.0),
        ncols=ncols,
        borderaxespad=0.2,
    )


# ---------------------------------------------------------------------------------------------
# panels of bars


def figures_chart(
    year: int,
    title: str,
    figures: pd.DataFrame,
    labels: Sequence[str],
    xlabel: str,
    texts: Sequence[str] | None = None,
    margin: float = 0.15,
) -> Figure:
    """One horizontal bar per figure (``figures.value``), qualified ones hatched."""
    return panels_chart(year, title, [Panel("", figures, labels, xlabel, texts)], margin)


@dataclass(frozen=True)
class Panel:
    """One panel of bars: its figures (``value`` drawn), their labels, its axis' unit."""

    title: str
    figures: pd.DataFrame
    labels: Sequence[str]
    xlabel: str
    texts: Sequence[str] | None = None


def panels_chart(year: int, title: str, panels: Sequence[Panel], margin: float = 0.15) -> Figure:
    """Bars in panels stacked one above the other, each with its own value axis and unit.

    Quantities in different units never share an axis: each unit gets its panel, as tall as
    its bars (small multiples); a chart without figures says so.
    """
    panels = [p for p in panels if not p.figures.empty]
    if not panels:
        fig, (ax,) = new_figure(4.5)
        suptitle(fig, title, year)
        empty_panel(ax)
        return fig
    rows = [len(p.figures) + (1.0 if p.title else 0.5) for p in panels]
    lines = [max(str(label).count("\n") + 1 for label in p.labels) for p in panels]
    per_bar = [0.5 + 0.3 * n for n in lines]
    height = 2.5 + sum(r * h for r, h in zip(rows, per_bar, strict=True)) + 1.1 * len(panels)
    fig, axes = new_figure(height, nrows=len(panels), height_ratios=[
        r * h for r, h in zip(rows, per_bar, strict=True)
    ])  # fmt: skip
    suptitle(fig, title, year)
    for ax, panel in zip(axes, panels, strict=True):
        qualified_barh(ax, panel.figures, panel.labels, COLOURS["actual"], panel.texts)
        ax.set_ylim(-0.7, len(panel.figures) - 0.3)  # a lone bar stays a bar, not a block
        ax.set_xlabel(panel.xlabel)
        if panel.title:
            panel_title(ax, panel.title)
        ax.margins(x=margin)
        style_axes(ax, value_axis="x")
    qualified_note(fig, [p.figures for p in panels])
    return fig


# ---------------------------------------------------------------------------------------------
# text


def _tick(value: float, _position: int) -> str:
    # The typographic minus, as matplotlib's own formatter writes it (axes.unicode_minus).
    return number(value).replace("-", "\N{MINUS SIGN}")


def plain(text: Any) -> str:
    """Text from the data as matplotlib must show it: a ``$`` is a dollar, never mathtext."""
    return str(text).replace("$", r"\$")


def wrap(text: str, width: int, lines: int = LABEL_LINES) -> str:
    """``text`` in lines of ``width`` characters (CJK has no spaces to break at), at most
    ``lines`` of them, the last ending in an ellipsis when the text is longer: a label of 300
    characters takes the room of ``lines`` lines, never more (the tables keep the full text).

    A line never breaks inside a number (100.5分, 5000万) and never starts with closing
    punctuation (，。；：、）」%) nor ends with opening punctuation (（「“).
    """
    parts = break_lines(str(text), width) or [str(text)]
    if len(parts) > lines:
        parts = [*parts[: lines - 1], shorten(parts[lines - 1] + "…", width)]
    return plain("\n".join(parts))


# A number with its decimals, thousands commas and sign letters is one unit of a line; the
# punctuation that may not start a line sticks to what precedes it, opening punctuation to
# what follows it (the usual Chinese line-breaking rules, 行首行尾禁则).
_WORD = re.compile(r"[0-9A-Za-z][0-9A-Za-z.,%‰]*|\s+|.", re.S)
_NO_LINE_START = set("，。、；：！？）」』》”’…%‰·,.;:!?)]}")
_NO_LINE_END = set("（「『《“‘([{")


def break_lines(text: str, width: int) -> list[str]:
    """``text`` cut into lines of at most ``width`` characters at allowed places; a unit longer
    than ``width`` (a long number) is cut where it must be."""
    units: list[str] = []
    for unit in _WORD.findall(text):
        if units and (unit[0] in _NO_LINE_START or units[-1][-1] in _NO_LINE_END):
            units[-1] += unit
        else:
            units.append(unit)
    result: list[str] = []
    line = ""
    for unit in units:
        if line and len(line) + len(unit.rstrip()) > width:
            result.append(line.strip())
            line = ""
        while len(unit) > width:  # longer than a line by itself: cut it
            result.append(unit[:width])
            unit = unit[width:]
        line += unit
    if line.strip():
        result.append(line.strip())
    return [part for part in result if part]


def shorten(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters, the last one an ellipsis when cut."""
    return text if len(text) <= width else text[: width - 1] + "…"
