"""What every chart is drawn with: sizes, colours, the charts' own words, and the helpers.

Every figure is 15 cm wide, the A4 text block of a briefing (GB/T 9704: 156 mm). The only
Chinese typed here are the words of the national template and of the charts themselves
(:data:`TEXT`, :data:`TITLES`); labels of figures come from the data and the vocabulary.

A figure written with a qualifier (近600家, 2700多家, 累计超70亿元) is drawn light and hatched and
labelled with its text as written, so it can never pass for an exact bar labelled 600.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.colors import to_rgb
from matplotlib.container import BarContainer
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter

from parkmetrics.data.template import budget_columns, indicator_columns
from parkmetrics.figures.formatting import chart_number as number
from parkmetrics.report.fonts import use_cjk_font

CM = 1 / 2.54  # matplotlib sizes figures in inches
WIDTH_CM = 15.0  # ≤ 15.6 cm, the text block of an A4 briefing

LABEL_LINES = 3  # a label of any length wraps to at most three lines
FONT_SIZE = 8.0
TITLE_SIZE = 10.0
NOTE_SIZE = 6.5

COLOURS = {
    "initial": "#D6E0F0",  # the budget set at the start of the year
    "plan": "#8FAADC",  # targets, budgets: the thing measured against
    "actual": "#2F5597",  # reported actuals and scores
    "recomputed": "#C55A11",  # our recomputation
    "reported": "#7FB3A8",  # a rate as the report states it (not the actual counts' blue)
    "weight": "#7F7F7F",
    "derived": "#A9D18E",
    "error": "#C00000",
    "warning": "#ED7D31",
    "info": "#8497B0",
}
QUALIFIED_HATCH = "////"
QUALIFIED_LIGHTEN = 0.6  # share of white mixed into a qualified bar's colour

# The template's and the charts' own words; everything else comes from data or vocabulary.
TEXT = {
    **{k: budget_columns()[k] for k in ("initial", "full_year", "executed", "rate")},
    **{k: indicator_columns()[k] for k in ("target", "actual", "weight")},
    "budget_lines": "预算资金",
    "spending": "支出构成",
    "spending_sum": "支出明细合计{total}{unit}，全年执行数{executed}{unit}",
    "blank_lines": "空白未填：{labels}",
    "growth": "增长率（%）",
    "levels": "总量与上年基数",
    "reported_year": "{year}年（报告值）",
    "previous_year": "{year}年（由增长率推算）",
    "tasks": "年度任务与实际完成",
    "completion": "完成率（%）",
    "reported_rate": "报告的完成率",
    "recomputed_rate": "按实际÷任务复算",
    "reported_score": "自评得分",
    "recomputed_score": "复算得分",
    "not_recomputed": "未能复算",
    "budget_item": "预算执行率",
    "score_totals": "；自评总分{reported}分，复算总分{recomputed}分",
    "all_full_marks": "全部{count}项自评满分；按规则复算{recomputed}项，也都是满分",
    "scores_differ": "自评满分{full}项（共{count}项）；复算{recomputed}项，{differ}项与自评不同",
    "scores_unscored": "，{unscored}项未能复算",
    "score_difference": "复算{difference}分",
    "weight_scale": "分值（满分）",
    "points": "得分（分）",
    "area": "面积（{unit}）",
    "land_area": "土地面积",
    "floor_area": "厂房建筑面积（不是土地面积）",
    "count_unit": "以“{unit}”计",
    "count": "条数",
    "findings_total": "共{total}条：{detail}",
    "no_findings": "未发现问题",
    "no_data": "本年度无可绘制的数据",
    "check": "复核第{check}项",
    "qualified": "浅色斜线：原文为约数或非精确数（近、多、超、以上等），标注原文",
}

TITLES = {
    "budget": "预算执行与支出构成",
    "growth": "园区经济增长",
    "pipeline": "产业项目任务完成情况",
    "scores": "绩效指标分值、自评得分与复算得分",
    "land": "园区用地与空间",
    "counts": "园区主要数量指标",
    "funds": "基金与金融规模",
    "findings": "复核发现",
}


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


def empty_panel(ax: Axes, message: str = TEXT["no_data"]) -> None:
    """No axes, only ``message`` in the middle (by default: nothing to draw this year)."""
    ax.set_axis_off()
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
# bars


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
    characters takes the room of ``lines`` lines, never more (the tables keep the full text)."""
    parts = textwrap.wrap(str(text), width) or [str(text)]
    if len(parts) > lines:
        parts = [*parts[: lines - 1], shorten(parts[lines - 1] + "…", width)]
    return plain("\n".join(parts))


def shorten(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters, the last one an ellipsis when cut."""
    return text if len(text) <= width else text[: width - 1] + "…"
