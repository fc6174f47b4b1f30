"""Charts of a series' years: budget and execution, totals, growths, findings, parks.

Each function takes the trends tables (``report.trends.trend_tables``: English ids) and the
year range as titles write it (``2021–2023年``), and returns a ``Figure`` drawn like the yearly
charts (:mod:`.drawing`: 15 cm wide, the bundled CJK font, the same colours and words).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from parkmetrics.report.charts.drawing import (
    COLOURS,
    FONT_SIZE,
    NOTE_SIZE,
    TEXT,
    empty_panel,
    grouped_bars,
    legend_above,
    new_figure,
    number,
    panel_title,
    style_axes,
    suptitle,
    wrap,
)
from parkmetrics.report.charts.select import display_unit
from parkmetrics.review import CHECK_TITLES

TREND_TITLES = {
    "budget": "预算与执行（逐年）",
    "totals": "自评总分与复算总分（逐年）",
    "growth": "增长率：报告值与按相邻两年数值复算",
    "findings": "复核发现：按复核项与年度",
    "parks": "园区对比",
}
TREND_TEXT = {
    "rate": "复算执行率",
    "reported_growth": "报告的增长率",
    "recomputed_growth": "按两年数值复算",
    "mismatch": "报告值与复算不符",
    "no_base": "无上年数值",
    "absent": "本年未报告",
    "total_across": "共{total}条，其中跨年度{across}条",
    "reported": "报告",
    "no_growth": "没有可按相邻两年数值复算的增长率",
    "no_parks": "没有两个以上园区填报的同一指标",
    "across_years": "跨年度",
    "year_label": "{year}年",
}
Tables = Mapping[str, pd.DataFrame]
# characters per line of a panel title (a metric's label from the vocabulary, any length): the
# width of the panel at the title's size; the parks panel is narrower (park names beside it)
GROWTH_TITLE_WIDTH, PARKS_TITLE_WIDTH = 40, 28


def year_shade(index: int, count: int) -> tuple[float, float, float, float]:
    """The ``index``-th of ``count`` years' blues, light (early) to dark (late)."""
    from matplotlib import colormaps

    return colormaps["Blues"](0.35 + 0.55 * (index / max(count - 1, 1)))


def _title(fig: Figure, name: str, span: str) -> None:
    suptitle(fig, f"{span} {TREND_TITLES[name]}".strip())


def _years(frame: pd.DataFrame) -> list[str]:
    return [TREND_TEXT["year_label"].format(year=int(y)) for y in frame["year"]]


def budget_trend_chart(tables: Tables, span: str) -> Figure:
    """全年预算数 and 全年执行数 by year (万元), each year's recomputed execution rate above."""
    budget = tables["budget"]
    fig, (ax,) = new_figure(8.0)
    _title(fig, "budget", span)
    if budget[["full_year", "executed"]].isna().all().all():
        empty_panel(ax)
        return fig
    grouped_bars(
        ax,
        [
            (budget["full_year"], TEXT["full_year"], None, {"color": COLOURS["plan"]}),
            (budget["executed"], TEXT["executed"], None, {"color": COLOURS["actual"]}),
        ],
    )
    rates = [
        (f"{TREND_TEXT['rate']}{number(round(r, 1))}%" if r == r else "")
        + (f"（{TREND_TEXT['reported']}{t}）" if isinstance(t, str) else "")
        for r, t in zip(budget["rate_recomputed"], budget["rate_text"], strict=True)
    ]
    ax.set_xticks(
        np.arange(len(budget)), [f"{y}\n{r}" for y, r in zip(_years(budget), rates, strict=True)]
    )
    ax.set_ylabel(str(budget["unit"].iloc[0]), rotation=0, ha="right")
    ax.margins(y=0.18)
    legend_above(ax, ncols=2)
    style_axes(ax, value_axis="y")
    return fig


def totals_trend_chart(tables: Tables, span: str) -> Figure:
    """自评总分 and 复算总分 by year, the difference under each year."""
    totals = tables["totals"]
    fig, (ax,) = new_figure(8.0)
    _title(fig, "totals", span)
    if totals[["reported_total", "recomputed_total"]].isna().all(axis=None):
        empty_panel(ax)  # no year has a total: nothing to draw, not an empty axis
        return fig
    grouped_bars(
        ax,
        [
            (totals["reported_total"], TEXT["reported_score"], None, {"color": COLOURS["actual"]}),
            (totals["recomputed_total"], TEXT["recomputed_score"], None,
             {"color": COLOURS["recomputed"]}),
        ],
    )  # fmt: skip
    notes = [
        TEXT["score_difference"].format(difference=f"{d:+g}") if d == d and d else ""
        for d in totals["difference"].round(2)
    ]
    ax.set_xticks(
        np.arange(len(totals)), [f"{y}\n{n}" for y, n in zip(_years(totals), notes, strict=True)]
    )
    weight = totals["weight_total"].max()
    ax.set_ylim(0, (weight if weight == weight else 100) * 1.15)
    ax.set_ylabel(TEXT["points"])
    legend_above(ax, ncols=2)
    style_axes(ax, value_axis="y")
    return fig


def growth_trend_chart(tables: Tables, span: str, labels: Mapping[str, str]) -> Figure:
    """One panel per growth metric (and park): the reported growth and the growth recomputed
    from the two years' values, by year; a disagreement is marked 不符."""
    growth = tables["growth"]
    comparable = growth[growth["recomputed"].notna()]
    keys = list(dict.fromkeys(zip(comparable["metric"], comparable["park"], strict=True)))
    years = sorted(set(tables["totals"]["year"]))
    fig, axes = new_figure(3.0 + 4.2 * max(len(keys), 1), nrows=max(len(keys), 1))
    _title(fig, "growth", span)
    if not keys:
        empty_panel(axes[0], TREND_TEXT["no_growth"])
        return fig
    for ax, (metric, park) in zip(axes, keys, strict=True):
        rows = growth[(growth["metric"] == metric) & (growth["park"] == park)]
        # every year of the range on every panel, so the panels' years line up; a year that
        # does not report this growth has no bar and no mark
        rows = pd.DataFrame({"year": years}).merge(rows, on="year", how="left")
        rows["agrees"] = rows["agrees"].astype(object).where(rows["reported"].notna(), "absent")
        rows["reported_text"] = rows["reported_text"].fillna("")
        recomputed = [f"{number(round(v, 2))}%" if v == v else "" for v in rows["recomputed"]]
        grouped_bars(
            ax,
            [
                (rows["reported"], TREND_TEXT["reported_growth"], list(rows["reported_text"]),
                 {"color": COLOURS["reported"]}),
                (rows["recomputed"], TREND_TEXT["recomputed_growth"], recomputed,
                 {"color": COLOURS["recomputed"]}),
            ],
        )  # fmt: skip
        notes = {
            False: f"\n{TREND_TEXT['mismatch']}", True: "", "absent": f"\n{TREND_TEXT['absent']}"
        }
        ticks = [
            y + notes.get(a, f"\n{TREND_TEXT['no_base']}")  # None (or NaN): no previous value
            for y, a in zip(_years(rows), rows["agrees"], strict=True)
        ]
        ax.set_xticks(np.arange(len(rows)), ticks)
        for tick, agrees in zip(ax.get_xticklabels(), rows["agrees"], strict=True):
            if agrees is False:
                tick.set_color(COLOURS["error"])
        ax.set_ylabel(TEXT["growth"])
        ax.margins(y=0.25)
        panel_title(ax, wrap(labels.get(f"{metric}|{park}", metric), GROWTH_TITLE_WIDTH))
        style_axes(ax, value_axis="y")
    _legend_below(fig, axes[0], ncols=2)
    return fig


def findings_trend_chart(tables: Tables, span: str) -> Figure:
    """Findings per review check (rows) and year (columns), the yearly audit's and those across
    years together, as a grid of counts."""
    counts = tables["findings_by_check"]
    fig, (ax,) = new_figure(4.0 + 0.7 * max(counts["check"].nunique(), 1))
    _title(fig, "findings", span)
    years = sorted(set(tables["totals"]["year"]))
    if counts.empty:
        empty_panel(ax, f"{TEXT['no_findings']}（0）")
        return fig
    grid = counts.pivot_table(index="check", columns="year", values="count", aggfunc="sum")
    grid = grid.reindex(columns=years).fillna(0)
    across = counts[counts["scope"] == "across_years"]
    across = across.pivot_table(index="check", columns="year", values="count", aggfunc="sum")
    across = across.reindex(index=grid.index, columns=years).fillna(0)
    ax.imshow(
        grid.to_numpy(), cmap="Oranges", aspect="auto", vmin=0, vmax=max(grid.max().max(), 1) * 1.6
    )
    for (i, j), value in np.ndenumerate(grid.to_numpy()):
        extra = int(across.iat[i, j])
        text = number(value) + (f"\n（{TREND_TEXT['across_years']}{extra}）" if extra else "")
        ax.text(j, i, text if value else "·", ha="center", va="center", fontsize=FONT_SIZE)
    checks = [int(c) for c in grid.index]
    ax.set_yticks(range(len(checks)), [
        wrap(TEXT["check"].format(check=c) + f"：{CHECK_TITLES.get(c, '')}", 16) for c in checks
    ])  # fmt: skip
    ax.set_xticks(range(len(years)), [TREND_TEXT["year_label"].format(year=y) for y in years])
    ax.tick_params(labelsize=FONT_SIZE, length=0)
    ax.xaxis.tick_top()
    for side in ax.spines.values():
        side.set_visible(False)
    ax.set_title(
        TREND_TEXT["total_across"].format(
            total=int(grid.to_numpy().sum()), across=int(across.to_numpy().sum())
        ),
        fontsize=NOTE_SIZE, loc="left", pad=18,
    )  # fmt: skip
    return fig


def parks_trend_chart(tables: Tables, span: str, labels: Mapping[str, str]) -> Figure:
    """For each metric written for two or more parks: each park's value by year (display unit
    of the metric's canonical unit); a qualified figure is labelled with its text."""
    parks = tables["parks"]
    metrics = list(dict.fromkeys(parks["metric"]))
    fig, axes = new_figure(3.0 + 5.0 * max(len(metrics), 1), nrows=max(len(metrics), 1))
    _title(fig, "parks", span)
    if not metrics:
        empty_panel(axes[0], TREND_TEXT["no_parks"])
        return fig
    for ax, metric in zip(axes, metrics, strict=True):
        rows = parks[parks["metric"] == metric]
        symbol, factor = display_unit(
            str(rows["canonical_unit"].iloc[0]), rows["canonical_value"].tolist()
        )
        names = list(dict.fromkeys(rows["park_name"]))
        years = sorted(set(rows["year"]))
        series = []
        for k, year in enumerate(years):
            of_year = rows[rows["year"] == year]
            values, texts = [], []
            for name in names:
                mine = of_year[of_year["park_name"] == name]
                # several figures of one park (two funds it set up): no bar of either alone, and
                # never their sum; the label lists them as written
                one = len(mine) == 1
                values.append(float(mine["canonical_value"].iloc[0]) / factor if one else np.nan)
                texts.append("、".join(mine["value_text"]))
            style = {"color": year_shade(k, len(years))}
            series.append((values, TREND_TEXT["year_label"].format(year=int(year)), texts, style))
        grouped_bars(ax, series, horizontal=True)
        ax.set_yticks(np.arange(len(names)), [wrap(n, 12) for n in names])
        ax.set_xlabel(symbol)
        ax.margins(x=0.25)
        panel_title(ax, wrap(labels.get(metric, metric), PARKS_TITLE_WIDTH))
        style_axes(ax, value_axis="x")
    _legend_below(fig, axes[0], ncols=4)
    return fig


def _legend_below(fig: Figure, ax: object, ncols: int) -> None:
    """One legend for every panel, under the last one: panel titles of any length keep the
    full width above their panel (the yearly charts' legend sits beside a short title)."""
    handles, texts = ax.get_legend_handles_labels()
    fig.legend(
        handles, texts, loc="outside lower center", ncols=ncols, frameon=False, fontsize=NOTE_SIZE
    )


TREND_CHARTS: dict[str, Callable[..., Figure]] = {
    "budget": budget_trend_chart,
    "totals": totals_trend_chart,
    "growth": growth_trend_chart,
    "findings": findings_trend_chart,
    "parks": parks_trend_chart,
}
