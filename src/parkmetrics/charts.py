"""Charts of a year: functions that take frames and return a ``matplotlib.figure.Figure``.

Nothing here saves or shows a figure except :func:`save_figure`, which the runner and the
briefing call; there is no pyplot state. Every figure is 15 cm wide, the A4 text block of a
briefing (GB/T 9704: 156 mm). Labels come from the data and the vocabulary; the only Chinese
typed here are the words of the national template and of the charts themselves (:data:`TEXT`).

A figure written with a qualifier (近600家, 2700多家, 累计超70亿元) is drawn light and hatched and
labelled with its text as written, so it can never pass for an exact bar labelled 600.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter

from parkmetrics.fonts import use_cjk_font
from parkmetrics.rules import SEVERITIES
from parkmetrics.units import unit
from parkmetrics.vocabulary import CITY

CM = 1 / 2.54  # matplotlib sizes figures in inches
WIDTH_CM = 15.0  # ≤ 15.6 cm, the text block of an A4 briefing
PNG_DPI = 300
SVG_HASH_SALT = "parkmetrics"  # fixed ids in SVG output, so the same figure gives the same bytes

BUDGET_UNIT = "万元"  # the template's budget block (项目资金) is written in 万元
AREA_UNIT = "亩"  # land is compared in 亩, the unit the report's land tasks and disposals use
AREA_THEMES = ("land", "planning")
PIPELINE_THEME = "projects"
COUNT_UNIT = "个"  # canonical unit of counts (家, 项, 支, 条, 次 …)
FUNDS_THEME = "funds"
MONEY_UNIT = "元"

FONT_SIZE = 8.0
TITLE_SIZE = 10.0
NOTE_SIZE = 6.5

COLOURS = {
    "initial": "#D6E0F0",  # the budget set at the start of the year
    "plan": "#8FAADC",  # targets, budgets: the thing measured against
    "actual": "#2F5597",  # reported actuals and scores
    "recomputed": "#C55A11",  # our recomputation
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
    "initial": "年初预算数",
    "full_year": "全年预算数",
    "executed": "全年执行数",
    "rate": "执行率",
    "budget_lines": "预算资金",
    "spending": "支出构成",
    "spending_sum": "支出明细合计{total}{unit}，全年执行数{executed}{unit}",
    "blank_lines": "空白未填：{labels}",
    "growth": "增长率（%）",
    "levels": "总量与上年基数",
    "reported_year": "{year}年（报告值）",
    "previous_year": "{year}年（由增长率推算）",
    "target": "年度指标值",
    "actual": "实际完成值",
    "tasks": "年度任务与实际完成",
    "completion": "完成率（%）",
    "reported_rate": "报告的完成率",
    "recomputed_rate": "按实际÷任务复算",
    "weight": "分值",
    "reported_score": "自评得分",
    "recomputed_score": "复算得分",
    "not_recomputed": "未能复算",
    "budget_item": "预算执行率",
    "score_totals": "自评总分{reported}，复算总分{recomputed}（其中{unscored}分未能复算）",
    "area": "面积（{unit}）",
    "count": "条数",
    "findings_total": "共{total}条：{detail}",
    "no_findings": "未发现问题",
    "no_data": "本年度无可绘制的数据",
    "check": "复核第{check}项",
    "qualified": "浅色斜线：原文为约数或非精确数（近、多、超、以上等），标注原文",
    "error": "错误",
    "warning": "警告",
    "info": "提示",
}

# Short names of the ten review checks (复核) of the domain brief, for the findings chart's axis.
CHECK_TITLES = {
    1: "比率与其分子分母不符",
    2: "同一数量前后不一致",
    3: "实际值不是所列指标的数",
    4: "分项之和与合计不符",
    5: "必填内容空白或无意义",
    6: "大幅偏离未说明原因",
    7: "证据不能支撑满分",
    8: "分值构成异常",
    9: "同一园区两种名称",
    10: "单位与取整",
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


@dataclass(frozen=True)
class ChartInputs:
    """What the charts of a year are drawn from (the runner's and briefing's bundle)."""

    year_data: Any
    assessment: Any = None
    findings: pd.DataFrame | None = None
    derived: pd.DataFrame | None = None


def bundle(
    year_data: Any,
    assessment: Any = None,
    findings: pd.DataFrame | None = None,
    derived: pd.DataFrame | None = None,
) -> ChartInputs:
    """Bundle a year's data and results for :data:`ALL_CHARTS`."""
    return ChartInputs(year_data, assessment, findings, derived)


# ---------------------------------------------------------------------------------------------
# the charts


def budget_chart(year_data: Any) -> Figure:
    """Budget lines (年初预算数, 全年预算数, 全年执行数 in 万元) and the spending items."""
    budget = year_data.budget
    columns = ("initial", "full_year", "executed")
    filled = budget[list(columns)].notna().any(axis=1)
    lines, blank = budget[filled], budget.loc[~filled, "label"].tolist()
    spending = _spending_in(year_data.spending, BUDGET_UNIT)
    fig, (top, bottom) = _figure(13.0, nrows=2, height_ratios=(1.0, 1.0 + 0.15 * len(spending)))
    _suptitle(fig, year_data.year, TITLES["budget"])

    _grouped(
        top,
        [
            (lines[column], TEXT[column], None, {"color": COLOURS[colour]})
            for column, colour in zip(columns, ("initial", "plan", "actual"), strict=True)
        ],
    )
    ticks = [
        f"{label}\n{TEXT['rate']}{rate}" if isinstance(rate, str) else str(label)
        for label, rate in zip(lines["label"], lines["rate_text"], strict=True)
    ]
    top.set_xticks(np.arange(len(lines)), ticks)
    top.set_ylabel(BUDGET_UNIT, rotation=0, ha="right")  # CJK units read upright
    top.set_title(TEXT["budget_lines"], fontsize=FONT_SIZE + 1, loc="left")
    top.margins(y=0.18)
    _legend_above(top, ncols=3)
    _style(top, value_axis="y")
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

    if spending.empty:
        _empty(bottom, TEXT["no_data"])
    else:
        order = spending.sort_values("display", ascending=True, kind="stable")
        y = np.arange(len(order))
        bars = bottom.barh(y, order["display"], color=COLOURS["actual"], height=0.6)
        executed = lines.loc[lines["line"] == "total", "executed"]
        base = float(executed.iloc[0]) if len(executed) else float(spending["display"].sum())
        bottom.bar_label(
            bars,
            labels=[f"{_number(v)}{BUDGET_UNIT}（{v / base:.1%}）" for v in order["display"]],
            fontsize=NOTE_SIZE,
            padding=2,
        )
        bottom.set_yticks(y, [_wrap(label, 16) for label in order["label"]])
        bottom.set_xlabel(BUDGET_UNIT)
        bottom.margins(x=0.3)
        note = TEXT["spending_sum"].format(
            total=_number(spending["display"].sum()), executed=_number(base), unit=BUDGET_UNIT
        )
        bottom.set_title(f"{TEXT['spending']}　{note}", fontsize=FONT_SIZE + 1, loc="left")
        _style(bottom, value_axis="x")
    return fig


def growth_chart(year_data: Any, derived: pd.DataFrame | None = None) -> Figure:
    """Growth rates of the park economy; with ``derived``, each level beside its implied base."""
    vocabulary = year_data.vocabulary
    metrics = vocabulary.metrics
    growth_metrics = metrics.loc[metrics["growth_of"].notna(), "metric"].tolist()
    growth = _in_vocabulary_order(year_data.figures, growth_metrics)
    bases = _derived_bases(derived, metrics["metric"].tolist())
    panels = 2 if not bases.empty else 1
    height = 4.0 + 0.7 * len(growth) + (3.0 + 0.8 * len(bases) if panels == 2 else 0)
    fig, axes = _figure(
        height, nrows=panels, height_ratios=(len(growth) + 1, len(bases) + 1)[:panels]
    )
    left = axes[0]
    _suptitle(fig, year_data.year, TITLES["growth"])
    if growth.empty:
        _empty(left, TEXT["no_data"])
    else:
        labels = [_figure_label(row, vocabulary) for row in growth.itertuples()]
        _qualified_barh(left, growth, labels, COLOURS["actual"])
        left.axvline(0, color=COLOURS["weight"], linewidth=0.6)
        left.set_xlabel(TEXT["growth"])
        left.margins(x=0.15)
        _style(left, value_axis="x")
    if panels == 2:
        _levels_panel(axes[1], year_data, bases)
    _qualified_note(fig, [growth])
    return fig


def pipeline_chart(year_data: Any, assessment: Any) -> Figure:
    """Project pipeline: annual task vs actual per stage, reported vs recomputed completion."""
    vocabulary = year_data.vocabulary
    parts = _pipeline_parts(year_data, assessment)
    fig, (counts, rates) = _figure(9.5, ncols=2, width_ratios=(1.0, 1.0))
    _suptitle(fig, year_data.year, TITLES["pipeline"])
    if parts.empty:
        _empty(counts, TEXT["no_data"])
        _empty(rates, TEXT["no_data"])
        return fig
    stages = [_wrap(vocabulary.metric_label(m), 8) for m in parts["metric"]]
    reported = parts["reported_rate"]
    recomputed = parts["actual_value"] / parts["target_value"] * 100
    _grouped(
        counts,
        [
            (parts["target_value"], TEXT["target"], None, {"color": COLOURS["plan"]}),
            (parts["actual_value"], TEXT["actual"], None, {"color": COLOURS["actual"]}),
        ],
    )
    _grouped(
        rates,
        [
            (reported, TEXT["reported_rate"], parts["reported_text"], {"color": COLOURS["actual"]}),
            (
                recomputed,
                TEXT["recomputed_rate"],
                recomputed.map(_percent),
                {"color": COLOURS["recomputed"]},
            ),
        ],
    )
    x = np.arange(len(parts))
    counts.set_xticks(x, stages)
    counts.set_ylabel("、".join(parts["target_unit"].dropna().unique()), rotation=0, ha="right")
    counts.set_title(TEXT["tasks"], fontsize=FONT_SIZE + 1, loc="left")
    counts.margins(y=0.2)
    _style(counts, value_axis="y")
    rates.axhline(100, color=COLOURS["weight"], linewidth=0.8, linestyle="--")
    rates.set_xticks(x, stages)
    rates.set_ylabel("%", rotation=0, ha="right")
    rates.set_title(TEXT["completion"], fontsize=FONT_SIZE + 1, loc="left")
    handles = [*counts.get_legend_handles_labels()[0], *rates.get_legend_handles_labels()[0]]
    fig.legend(
        handles=handles, loc="outside lower center", ncols=4, fontsize=NOTE_SIZE, frameon=False
    )
    rates.margins(y=0.25)
    _style(rates, value_axis="y")
    return fig


def scores_chart(assessment: Any, vocabulary: Any = None) -> Figure:
    """Per scored item (budget line and indicators): weight, reported and recomputed score."""
    items = assessment.items
    items = items[items["kind"].isin(["budget", "indicator"])].iloc[::-1]  # first item on top
    height = 4.0 + 0.9 * len(items)
    fig, (ax,) = _figure(height)
    fig.suptitle(TITLES["scores"], fontsize=TITLE_SIZE, x=0.02, ha="left")
    if items.empty:
        _empty(ax, TEXT["no_data"])
        return fig
    recomputed = items["recomputed_score"]
    not_recomputed = recomputed.map(lambda v: TEXT["not_recomputed"] if pd.isna(v) else _number(v))
    weight_style = {"color": "white", "edgecolor": COLOURS["weight"], "linewidth": 0.8}
    _grouped(
        ax,
        [
            (items["weight"], TEXT["weight"], None, weight_style),
            (items["reported_score"], TEXT["reported_score"], None, {"color": COLOURS["actual"]}),
            (
                recomputed,
                TEXT["recomputed_score"],
                not_recomputed,
                {"color": COLOURS["recomputed"]},
            ),
        ],
        horizontal=True,
    )
    y = np.arange(len(items))
    ax.set_yticks(y, [_item_label(row, vocabulary) for row in items.itertuples()])
    ax.set_xlabel(TEXT["weight"])
    ax.margins(x=0.12)
    _legend_above(ax, ncols=3)
    totals = getattr(assessment, "totals", None) or {}
    if {"reported_total", "recomputed_total"} <= set(totals):
        ax.set_title(
            TEXT["score_totals"].format(
                reported=_number(totals["reported_total"]),
                recomputed=_number(totals["recomputed_total"]),
                unscored=_number(totals.get("unscored_weight", 0)),
            ),
            fontsize=FONT_SIZE,
            loc="left",
            pad=14,
        )
    _style(ax, value_axis="x")
    return fig


def land_chart(year_data: Any) -> Figure:
    """Land and floor areas of the planning and land themes, all in 亩 (one unit, one axis)."""
    vocabulary = year_data.vocabulary
    metrics = vocabulary.metrics
    area_unit = unit(AREA_UNIT)
    wanted = metrics.loc[metrics["theme"].isin(AREA_THEMES), "metric"].tolist()
    areas = _in_vocabulary_order(year_data.figures, wanted)
    areas = areas[areas["canonical_unit"] == area_unit.canonical_unit]
    values = areas["canonical_value"] / float(area_unit.factor)
    return _figures_chart(
        year_data.year,
        TITLES["land"],
        areas.assign(value=values),
        labels=[_wrap(_figure_label(row, vocabulary), 14) for row in areas.itertuples()],
        xlabel=TEXT["area"].format(unit=AREA_UNIT),
        texts=[_area_text(row, v) for row, v in zip(areas.itertuples(), values, strict=True)],
        margin=0.35,
    )


def counts_chart(year_data: Any) -> Figure:
    """Counts of the narrative (platforms, enterprises, funds, matters…), each as written.

    Project counts are left to :func:`pipeline_chart`, which sets them against their tasks.
    """
    vocabulary = year_data.vocabulary
    metrics = vocabulary.metrics
    wanted = metrics.loc[metrics["theme"] != PIPELINE_THEME, "metric"].tolist()
    counts = _in_vocabulary_order(year_data.figures, wanted)
    counts = counts[counts["canonical_unit"] == COUNT_UNIT]
    return _figures_chart(
        year_data.year,
        TITLES["counts"],
        counts.assign(value=counts["canonical_value"]),
        labels=[_wrap(_figure_label(row, vocabulary), 16) for row in counts.itertuples()],
        xlabel=COUNT_UNIT,
    )


def funds_chart(year_data: Any) -> Figure:
    """Fund sizes and finance volumes, one money unit, each labelled as the report words it."""
    vocabulary = year_data.vocabulary
    metrics = vocabulary.metrics
    wanted = metrics.loc[metrics["theme"] == FUNDS_THEME, "metric"].tolist()
    funds = _in_vocabulary_order(year_data.figures, wanted)
    money = unit(MONEY_UNIT).canonical_unit
    funds = funds[funds["canonical_unit"] == money]
    symbol, factor = _display_unit(money, funds["canonical_value"].tolist())
    return _figures_chart(
        year_data.year,
        TITLES["funds"],
        funds.assign(value=funds["canonical_value"] / factor),
        # Several funds share one metric (新设基金规模): the report's wording tells them apart.
        labels=[_wrap(_park_prefix(r.park, r.label, vocabulary), 18) for r in funds.itertuples()],
        xlabel=symbol,
    )


def findings_chart(
    findings: pd.DataFrame | None, check_labels: Mapping[int, str] = CHECK_TITLES
) -> Figure:
    """Number of findings per review check (复核), stacked by severity; says so when none."""
    findings = findings if findings is not None else pd.DataFrame(columns=["check", "severity"])
    checks = sorted({int(c) for c in findings["check"].dropna()}, reverse=True)
    fig, (ax,) = _figure(4.5 + 0.6 * max(len(checks), 1))
    fig.suptitle(TITLES["findings"], fontsize=TITLE_SIZE, x=0.02, ha="left")
    if not checks:
        _empty(ax, f"{TEXT['no_findings']}（0）")
        return fig
    counts = (
        findings.assign(check=findings["check"].astype(int))
        .groupby(["check", "severity"])
        .size()
        .unstack(fill_value=0)
        .reindex(index=checks, columns=list(SEVERITIES), fill_value=0)
    )
    y = np.arange(len(checks))
    left = np.zeros(len(checks))
    for severity in SEVERITIES:
        values = counts[severity].to_numpy(dtype=float)
        if values.sum() == 0:
            continue
        bars = ax.barh(y, values, 0.6, left=left, color=COLOURS[severity], label=TEXT[severity])
        ax.bar_label(
            bars,
            labels=[_number(v) if v else "" for v in values],
            label_type="center",
            fontsize=NOTE_SIZE,
            color="white",
        )
        left += values
    labels = [
        TEXT["check"].format(check=c) + (f"：{check_labels[c]}" if c in check_labels else "")
        for c in checks
    ]
    ax.set_yticks(y, labels)
    ax.set_xlabel(TEXT["count"])
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.margins(x=0.05)
    totals = "，".join(f"{TEXT[s]}{int(counts[s].sum())}" for s in SEVERITIES if counts[s].sum())
    ax.set_title(
        TEXT["findings_total"].format(total=len(findings), detail=totals),
        fontsize=FONT_SIZE,
        loc="left",
        pad=14,
    )
    _legend_above(ax, ncols=3)
    _style(ax, value_axis="x")
    return fig


# ---------------------------------------------------------------------------------------------
# the list the runner and the briefing iterate, and saving


def _budget(inputs: Any) -> Figure:
    return budget_chart(inputs.year_data)


def _growth(inputs: Any) -> Figure:
    return growth_chart(inputs.year_data, inputs.derived)


def _pipeline(inputs: Any) -> Figure:
    return pipeline_chart(inputs.year_data, inputs.assessment)


def _scores(inputs: Any) -> Figure:
    return scores_chart(inputs.assessment, inputs.year_data.vocabulary)


def _land(inputs: Any) -> Figure:
    return land_chart(inputs.year_data)


def _counts(inputs: Any) -> Figure:
    return counts_chart(inputs.year_data)


def _funds(inputs: Any) -> Figure:
    return funds_chart(inputs.year_data)


def _findings(inputs: Any) -> Figure:
    return findings_chart(inputs.findings)


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


def save_figure(fig: Figure, path_without_suffix: str | Path) -> list[Path]:
    """Save ``fig`` as ``<path>.png`` (300 dpi) and ``<path>.svg``; same figure, same bytes."""
    base = Path(path_without_suffix)
    base.parent.mkdir(parents=True, exist_ok=True)
    png, svg = Path(f"{base}.png"), Path(f"{base}.svg")
    # No software version or date in the files, and fixed SVG ids: reruns give identical bytes.
    with mpl.rc_context({"svg.hashsalt": SVG_HASH_SALT, "svg.fonttype": "path"}):
        fig.savefig(png, format="png", dpi=PNG_DPI, metadata={"Software": None}, facecolor="white")
        fig.savefig(svg, format="svg", metadata={"Date": None}, facecolor="white")
    return [png, svg]


# ---------------------------------------------------------------------------------------------
# helpers


def _figure(height_cm: float, nrows: int = 1, ncols: int = 1, **grid: Any) -> tuple[Figure, Any]:
    """A 15 cm wide figure with constrained layout and the CJK font list in place."""
    use_cjk_font()
    fig = Figure(figsize=(WIDTH_CM * CM, height_cm * CM), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False, gridspec_kw=grid or None)
    return fig, axes.ravel()


def _suptitle(fig: Figure, year: int, title: str) -> None:
    fig.suptitle(f"{year}年 {title}", fontsize=TITLE_SIZE, x=0.02, ha="left")


def _style(ax: Axes, value_axis: str) -> None:
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


def _empty(ax: Axes, message: str) -> None:
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


def _is_qualified(qualifier: Any) -> bool:
    return isinstance(qualifier, str) and qualifier not in ("", "exact")


def _lighten(colour: str, amount: float = QUALIFIED_LIGHTEN) -> tuple[float, float, float]:
    r, g, b = to_rgb(colour)
    return (r + (1 - r) * amount, g + (1 - g) * amount, b + (1 - b) * amount)


def _qualified_barh(
    ax: Axes,
    figures: pd.DataFrame,
    labels: Sequence[str],
    colour: str,
    texts: Sequence[str] | None = None,
) -> None:
    """Bars of ``figures.value``; qualified figures light, hatched and labelled as written."""
    y = np.arange(len(figures))[::-1]  # first figure on top
    qualified = [_is_qualified(q) for q in figures["qualifier"]]
    bars = ax.barh(
        y,
        figures["value"].to_numpy(dtype=float),
        0.6,
        color=[_lighten(colour) if q else colour for q in qualified],
        edgecolor=colour,
        linewidth=0.6,
    )
    for bar, q in zip(bars, qualified, strict=True):
        if q:
            bar.set_hatch(QUALIFIED_HATCH)
    if texts is None:
        texts = list(figures["value_text"])
    ax.bar_label(bars, labels=list(texts), fontsize=NOTE_SIZE, padding=2)
    ax.set_yticks(y, labels)


def _grouped(
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
        labels = [_number(v) for v in numbers] if texts is None else [t or "" for t in texts]
        ax.bar_label(bars, labels=labels, fontsize=NOTE_SIZE, padding=2)


def _figures_chart(
    year: int,
    title: str,
    figures: pd.DataFrame,
    labels: Sequence[str],
    xlabel: str,
    texts: Sequence[str] | None = None,
    margin: float = 0.15,
) -> Figure:
    """One horizontal bar per figure (``figures.value``), qualified ones hatched."""
    fig, (ax,) = _figure(4.5 + 0.8 * len(figures))
    _suptitle(fig, year, title)
    if figures.empty:
        _empty(ax, TEXT["no_data"])
        return fig
    _qualified_barh(ax, figures, labels, COLOURS["actual"], texts)
    ax.set_xlabel(xlabel)
    ax.margins(x=margin)
    _style(ax, value_axis="x")
    _qualified_note(fig, [figures])
    return fig


def _legend_above(ax: Axes, ncols: int) -> None:
    """A frameless legend just above the axes' top right corner, clear of the bars."""
    ax.legend(
        fontsize=NOTE_SIZE,
        frameon=False,
        loc="lower right",
        bbox_to_anchor=(1.0, 1.0),
        ncols=ncols,
        borderaxespad=0.2,
    )


def _qualified_note(fig: Figure, frames: Sequence[pd.DataFrame]) -> None:
    """Explain the hatching, only when a qualified figure is on the chart."""
    if any(frame["qualifier"].map(_is_qualified).any() for frame in frames if not frame.empty):
        handle = Patch(
            facecolor=_lighten(COLOURS["actual"]),
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


def _levels_panel(ax: Axes, year_data: Any, bases: pd.DataFrame) -> None:
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
        _empty(ax, TEXT["no_data"])
        return
    canonical = rows[0][1]["canonical_unit"]
    symbol, factor = _display_unit(canonical, [float(c["canonical_value"]) for _, c in rows])
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
        color=_lighten(COLOURS["derived"], 0.3),
        edgecolor=COLOURS["derived"],
        hatch=QUALIFIED_HATCH,
        linewidth=0.6,
        label=TEXT["previous_year"].format(year=year_data.year - 1),
    )
    ax.bar_label(bars_now, labels=[c["value_text"] for _, c in rows], fontsize=NOTE_SIZE, padding=2)
    ax.bar_label(
        bars_before,
        labels=[f"约{_number(v)}{symbol}" for v in before],
        fontsize=NOTE_SIZE,
        padding=2,
    )
    vocabulary = year_data.vocabulary
    ax.set_yticks(y, [_figure_label(c, vocabulary) for _, c in rows])
    ax.set_xlabel(symbol)
    ax.set_title(TEXT["levels"], fontsize=FONT_SIZE + 1, loc="left")
    _legend_above(ax, ncols=2)
    ax.margins(x=0.15)
    _style(ax, value_axis="x")


def _derived_bases(derived: pd.DataFrame | None, metric_order: Sequence[str]) -> pd.DataFrame:
    """The derived previous-year bases, in vocabulary order."""
    if derived is None or derived.empty:
        return pd.DataFrame(columns=["metric", "park", "canonical_value", "source_quote"])
    rows = derived[derived["derived"].astype(bool)] if "derived" in derived else derived
    return _in_vocabulary_order(rows, metric_order)


def _pipeline_parts(year_data: Any, assessment: Any) -> pd.DataFrame:
    """The parts of composite targets with their metric and reported completion rate."""
    items = assessment.items
    parts = items[items["kind"] == "part"].copy()
    if parts.empty:
        return parts
    metrics_of_row = {
        int(r.row): str(r.metrics).split(";")
        for r in year_data.indicators.itertuples()
        if isinstance(r.metrics, str)
    }
    parts["metric"] = [
        _nth(metrics_of_row.get(int(r.row), []), int(r.part) - 1) for r in parts.itertuples()
    ]
    parts = parts[parts["metric"].notna()]
    vocab = year_data.vocabulary.metrics
    themes = dict(zip(vocab["metric"], vocab["theme"], strict=True))
    in_theme = parts[parts["metric"].map(themes) == PIPELINE_THEME]
    parts = in_theme if not in_theme.empty else parts
    completion_metric = {
        of: m
        for m, of in zip(vocab["metric"], vocab["completion_of"], strict=True)
        if isinstance(of, str)
    }
    city_figures = year_data.figures[year_data.figures["park"] == CITY]
    reported_value, reported_text = [], []
    for metric in parts["metric"]:
        found = city_figures[city_figures["metric"] == completion_metric.get(metric)]
        reported_value.append(float(found["value"].iloc[0]) if not found.empty else np.nan)
        reported_text.append(str(found["value_text"].iloc[0]) if not found.empty else None)
    return parts.assign(reported_rate=reported_value, reported_text=reported_text)


def _spending_in(spending: pd.DataFrame, symbol: str) -> pd.DataFrame:
    """Spending items with their amount converted to ``symbol`` (column ``display``)."""
    target = unit(symbol)
    factors = [float(unit(u).factor) / float(target.factor) for u in spending["unit"]]
    return spending.assign(display=spending["amount"].astype(float) * factors)


def _in_vocabulary_order(figures: pd.DataFrame, metrics: Sequence[str]) -> pd.DataFrame:
    """The figures of ``metrics``, in vocabulary order, in the data's order within a metric."""
    order = {m: i for i, m in enumerate(metrics)}
    chosen = figures[figures["metric"].isin(order)]
    position = chosen["metric"].map(order)
    return chosen.iloc[np.argsort(position.to_numpy(), kind="stable")].reset_index(drop=True)


def _figure_label(row: Any, vocabulary: Any) -> str:
    """The vocabulary label of a figure's metric, with the park's name when not the city's."""
    return _park_prefix(_get(row, "park"), vocabulary.metric_label(_get(row, "metric")), vocabulary)


def _park_prefix(park: Any, label: str, vocabulary: Any) -> str:
    """``label`` preceded by the park's official name, unless the figure is the whole city's."""
    if isinstance(park, str) and park != CITY:
        return f"{vocabulary.park_name(park)}：{label}"
    return label


def _item_label(row: Any, vocabulary: Any) -> str:
    if row.kind == "budget":
        return TEXT["budget_item"]
    name = _shorten(str(row.label), 14)
    if vocabulary is None or not isinstance(row.level2, str):
        return name
    return f"{vocabulary.level_label(row.level2)}\n{name}"


def _area_text(row: Any, value: float) -> str:
    """Qualified: the text as written; converted: the 亩 value and the original text."""
    if _is_qualified(row.qualifier):
        return str(row.value_text)
    if row.unit == AREA_UNIT:
        return f"{_number(value)}{AREA_UNIT}"
    return f"{_number(value)}{AREA_UNIT}（{row.value_text}）"


def _display_unit(canonical: str, values: Sequence[float]) -> tuple[str, float]:
    """The largest unit of the same canonical unit in which the biggest value is still ≥ 1."""
    from parkmetrics.units import units

    peak = max((abs(v) for v in values), default=0.0)
    best = (canonical, 1.0)
    for candidate in units().values():
        factor = float(candidate.factor)
        if candidate.canonical_unit == canonical and factor > best[1] and peak / factor >= 1:
            best = (candidate.symbol, factor)
    return best


def _number(value: Any) -> str:
    """A number as a person writes it: no trailing zeros, thousands separated from 10 000."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    value = float(value)
    text = f"{value:,.4f}" if abs(value) >= 10000 else f"{value:.4f}"
    return text.rstrip("0").rstrip(".")


def _tick(value: float, _position: int) -> str:
    # The typographic minus, as matplotlib's own formatter writes it (axes.unicode_minus).
    return _number(value).replace("-", "\N{MINUS SIGN}")


def _percent(value: float) -> str:
    return "" if np.isnan(value) else f"{value:.1f}%"


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width)) or text


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _nth(values: Sequence[str], index: int) -> str | None:
    return values[index] if 0 <= index < len(values) else None


def _get(row: Any, name: str) -> Any:
    return row[name] if isinstance(row, pd.Series) else getattr(row, name)
