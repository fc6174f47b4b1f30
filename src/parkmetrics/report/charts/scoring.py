"""Charts of the scoring: the project pipeline against its tasks, the scores, the findings."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from parkmetrics.data.vocabulary import CITY
from parkmetrics.report.charts.drawing import (
    COLOURS,
    NOTE_SIZE,
    TEXT,
    TITLES,
    empty_panel,
    grouped_bars,
    legend_above,
    new_figure,
    number,
    panel_title,
    shorten,
    style_axes,
    summary_title,
    suptitle,
    wrap,
)
from parkmetrics.report.charts.select import PIPELINE_THEME
from parkmetrics.review import CHECK_TITLES, SEVERITY_LABELS
from parkmetrics.scoring.assessment import metrics_of
from parkmetrics.scoring.rules import SEVERITIES

if TYPE_CHECKING:
    from parkmetrics.data.dataset import YearData


def pipeline_chart(year_data: YearData, assessment: Any) -> Figure:
    """Project pipeline: annual task vs actual per stage, reported vs recomputed completion."""
    vocabulary = year_data.vocabulary
    parts = _pipeline_parts(year_data, assessment)
    fig, (counts, rates) = new_figure(9.5, ncols=2, width_ratios=(1.0, 1.0))
    suptitle(fig, TITLES["pipeline"], year_data.year)
    if parts.empty:
        empty_panel(counts)
        empty_panel(rates)
        return fig
    stages = [wrap(vocabulary.metric_label(m), 8) for m in parts["metric"]]
    reported = parts["reported_rate"]
    recomputed = parts["actual_value"] / parts["target_value"] * 100
    grouped_bars(
        counts,
        [
            (parts["target_value"], TEXT["target"], None, {"color": COLOURS["plan"]}),
            (parts["actual_value"], TEXT["actual"], None, {"color": COLOURS["actual"]}),
        ],
    )
    grouped_bars(
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
    panel_title(counts, TEXT["tasks"])
    counts.margins(y=0.2)
    style_axes(counts, value_axis="y")
    rates.axhline(100, color=COLOURS["weight"], linewidth=0.8, linestyle="--")
    rates.set_xticks(x, stages)
    rates.set_ylabel("%", rotation=0, ha="right")
    panel_title(rates, TEXT["completion"])
    handles = [*counts.get_legend_handles_labels()[0], *rates.get_legend_handles_labels()[0]]
    fig.legend(
        handles=handles, loc="outside lower center", ncols=4, fontsize=NOTE_SIZE, frameon=False
    )
    rates.margins(y=0.25)
    style_axes(rates, value_axis="y")
    return fig


def scores_chart(assessment: Any, vocabulary: Any = None) -> Figure:
    """Per scored item (budget line and indicators): weight, reported and recomputed score."""
    items = assessment.items
    items = items[items["kind"].isin(["budget", "indicator"])].iloc[::-1]  # first item on top
    height = 4.0 + 0.9 * len(items)
    fig, (ax,) = new_figure(height)
    suptitle(fig, TITLES["scores"])
    if items.empty:
        empty_panel(ax)
        return fig
    recomputed = items["recomputed_score"]
    not_recomputed = recomputed.map(lambda v: TEXT["not_recomputed"] if pd.isna(v) else number(v))
    weight_style = {"color": "white", "edgecolor": COLOURS["weight"], "linewidth": 0.8}
    grouped_bars(
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
    legend_above(ax, ncols=3)
    totals = getattr(assessment, "totals", None) or {}
    if {"reported_total", "recomputed_total"} <= set(totals):
        summary_title(
            ax,
            TEXT["score_totals"].format(
                reported=number(totals["reported_total"]),
                recomputed=number(totals["recomputed_total"]),
                unscored=number(totals.get("unscored_weight", 0)),
            ),
        )
    style_axes(ax, value_axis="x")
    return fig


def findings_chart(
    findings: pd.DataFrame | None, check_labels: Mapping[int, str] = CHECK_TITLES
) -> Figure:
    """Number of findings per review check (复核), stacked by severity; says so when none."""
    findings = findings if findings is not None else pd.DataFrame(columns=["check", "severity"])
    checks = sorted({int(c) for c in findings["check"].dropna()}, reverse=True)
    fig, (ax,) = new_figure(4.5 + 0.6 * max(len(checks), 1))
    suptitle(fig, TITLES["findings"])
    if not checks:
        empty_panel(ax, f"{TEXT['no_findings']}（0）")
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
        bars = ax.barh(
            y, values, 0.6, left=left, color=COLOURS[severity], label=SEVERITY_LABELS[severity]
        )
        ax.bar_label(
            bars,
            labels=[number(v) if v else "" for v in values],
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
    totals = "，".join(
        f"{SEVERITY_LABELS[s]}{int(counts[s].sum())}" for s in SEVERITIES if counts[s].sum()
    )
    summary_title(ax, TEXT["findings_total"].format(total=len(findings), detail=totals))
    legend_above(ax, ncols=3)
    style_axes(ax, value_axis="x")
    return fig


def _pipeline_parts(year_data: YearData, assessment: Any) -> pd.DataFrame:
    """The parts of composite targets with their metric and reported completion rate."""
    items = assessment.items
    parts = items[items["kind"] == "part"].copy()
    if parts.empty:
        return parts
    metrics_of_row = {
        int(indicator["row"]): metrics_of(indicator)
        for indicator in year_data.indicators.to_dict("records")
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


def _item_label(row: Any, vocabulary: Any) -> str:
    if row.kind == "budget":
        return TEXT["budget_item"]
    name = shorten(str(row.label), 14)
    if vocabulary is None or not isinstance(row.level2, str):
        return name
    return f"{vocabulary.level_label(row.level2)}\n{name}"


def _percent(value: float) -> str:
    return "" if np.isnan(value) else f"{value:.1f}%"


def _nth(values: Sequence[str], index: int) -> str | None:
    return values[index] if 0 <= index < len(values) else None
