"""Charts of money: the budget block with its spending items, and the funds and finance."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from parkmetrics.figures.units import unit
from parkmetrics.report.charts.drawing import (
    COLOURS,
    NOTE_SIZE,
    TEXT,
    TITLES,
    empty_panel,
    figures_chart,
    grouped_bars,
    label_bars,
    legend_above,
    new_figure,
    number,
    panel_title,
    style_axes,
    suptitle,
    wrap,
)
from parkmetrics.report.charts.select import display_unit, figures_by_theme, park_prefix
from parkmetrics.scoring.cells import BUDGET_UNIT

if TYPE_CHECKING:
    from parkmetrics.data.dataset import YearData

FUNDS_THEME = "funds"
MONEY_UNIT = "元"
AMOUNTS = ("initial", "full_year", "executed")  # a budget line's bars, left to right


def budget_chart(year_data: YearData) -> Figure:
    """Budget lines (年初预算数, 全年预算数, 全年执行数 in 万元) and the spending items."""
    budget = year_data.budget
    filled = budget[list(AMOUNTS)].notna().any(axis=1)
    lines, blank = budget[filled], budget.loc[~filled, "label"].tolist()
    # 万元 or 元, as the block records it (a frame without the column: the template's 万元)
    units = budget["unit"].dropna() if "unit" in budget.columns else []
    block_unit = str(units.iloc[0]) if len(units) else BUDGET_UNIT
    # amounts in 元 (4800000元) are drawn in 万元, as the largest unit they reach: bar labels of
    # seven digits ran into each other
    shown_unit = _chart_unit(block_unit, lines, year_data.spending)
    lines = _amounts_in(lines, block_unit, shown_unit)
    spending = _spending_in(year_data.spending, shown_unit)
    if spending.empty:  # no spending items: the budget lines alone, without an empty panel
        fig, (top,) = new_figure(7.5)
    else:
        heights = (1.0, 1.0 + 0.15 * len(spending))
        fig, (top, bottom) = new_figure(13.0, nrows=2, height_ratios=heights)
    suptitle(fig, TITLES["budget"], year_data.year)
    if lines.empty:  # no budget block, or every amount left blank (which the panel says)
        blanks = TEXT["blank_lines"].format(labels="、".join(blank)) if blank else TEXT["no_data"]
        empty_panel(top, blanks)
    else:
        _budget_lines(top, lines, blank, shown_unit)
    if not spending.empty:
        _spending_panel(bottom, lines, spending, shown_unit)
    return fig


def _chart_unit(block_unit: str, lines: pd.DataFrame, spending: pd.DataFrame) -> str:
    """The money unit the chart shows: the largest the biggest amount still reaches (never a
    smaller one than the block's own)."""
    block = unit(block_unit)
    if block is None:
        return block_unit
    values = [float(v) * float(block.factor) for c in AMOUNTS for v in lines[c].dropna()]
    values += [
        float(amount) * float(unit(u).factor)
        for amount, u in zip(spending["amount"], spending["unit"], strict=True)
    ]
    symbol, factor = display_unit(block.canonical_unit, values)
    return symbol if factor > float(block.factor) else block_unit


def _amounts_in(lines: pd.DataFrame, block_unit: str, symbol: str) -> pd.DataFrame:
    """Budget lines with their amounts converted from the block's unit to ``symbol``."""
    if symbol == block_unit:
        return lines
    scale = float(unit(block_unit).factor) / float(unit(symbol).factor)
    return lines.assign(**{c: lines[c].astype(float) * scale for c in AMOUNTS})


def _budget_lines(top: Axes, lines: pd.DataFrame, blank: list[str], block_unit: str) -> None:
    grouped_bars(
        top,
        [
            (lines[column], TEXT[column], None, {"color": COLOURS[colour]})
            for column, colour in zip(AMOUNTS, ("initial", "plan", "actual"), strict=True)
        ],
    )
    ticks = [
        f"{label}\n{TEXT['rate']}{rate}" if isinstance(rate, str) else str(label)
        for label, rate in zip(lines["label"], lines["rate_text"], strict=True)
    ]
    top.set_xticks(np.arange(len(lines)), ticks)
    top.set_ylabel(block_unit, rotation=0, ha="right")  # CJK units read upright
    panel_title(top, TEXT["budget_lines"])
    top.margins(y=0.18)
    legend_above(top, ncols=3)
    style_axes(top, value_axis="y")
    if blank:
        top.annotate(
            TEXT["blank_lines"].format(labels="、".join(blank)),
            (0, 0),
            xycoords="axes fraction",
            xytext=(0, -30),
            textcoords="offset points",
            fontsize=NOTE_SIZE,
            color=COLOURS["weight"],
            va="top",
        )


def _spending_panel(
    bottom: Axes, lines: pd.DataFrame, spending: pd.DataFrame, block_unit: str
) -> None:
    if spending.empty:
        empty_panel(bottom)
    else:
        order = spending.sort_values("display", ascending=True, kind="stable")
        y = np.arange(len(order))
        bars = bottom.barh(y, order["display"], color=COLOURS["actual"], height=0.6)
        executed = lines.loc[lines["line"] == "total", "executed"].dropna()
        base = float(executed.iloc[0]) if len(executed) else float(spending["display"].sum())
        # a total line left 0 (or blank) gives no base: the amounts are shown without shares
        labels = [
            f"{number(v)}{block_unit}" + (f"（{v / base:.1%}）" if base > 0 else "")
            for v in order["display"]
        ]
        label_bars(bottom, bars, labels)
        bottom.set_yticks(y, [wrap(label, 16) for label in order["label"]])
        bottom.set_xlabel(block_unit)
        bottom.margins(x=0.3)
        # without a total line's 全年执行数 the shares are of the items' own sum, said so
        said = "spending_sum" if len(executed) else "spending_only"
        note = TEXT[said].format(
            total=number(spending["display"].sum()), executed=number(base), unit=block_unit
        )
        panel_title(bottom, f"{TEXT['spending']}　{note}")
        style_axes(bottom, value_axis="x")


def funds_chart(year_data: YearData) -> Figure:
    """Fund sizes and finance volumes, one money unit, each labelled as the report words it."""
    vocabulary = year_data.vocabulary
    money = unit(MONEY_UNIT).canonical_unit
    funds = figures_by_theme(year_data, money, themes=[FUNDS_THEME])
    symbol, factor = display_unit(money, funds["canonical_value"].tolist())
    return figures_chart(
        year_data.year,
        TITLES["funds"],
        funds.assign(value=funds["canonical_value"] / factor),
        # Several funds share one metric (新设基金规模): the report's wording tells them apart.
        labels=[wrap(park_prefix(r.park, r.label, vocabulary), 18) for r in funds.itertuples()],
        xlabel=symbol,
    )


def _spending_in(spending: pd.DataFrame, symbol: str) -> pd.DataFrame:
    """Spending items with their amount converted to ``symbol`` (column ``display``)."""
    target = unit(symbol)
    factors = [float(unit(u).factor) / float(target.factor) for u in spending["unit"]]
    return spending.assign(display=spending["amount"].astype(float) * factors)
