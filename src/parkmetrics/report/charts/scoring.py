"""Charts of the scoring: the project pipeline against its tasks, the scores, the findings."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from parkmetrics.data.vocabulary import CITY
from parkmetrics.figures.formatting import BLANK_MARK
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
    plain,
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

# Characters per line under the groups of bars of a half-width panel, shared by its groups: a
# panel's axes are about 22 characters of 8 pt wide, and 16 of them leave a gap between the
# groups' labels (three stages: 5 characters a line; 7 would touch).
STAGE_CHARS = 16
SCORE_PLACES = 2  # scores are written to two decimals, as the report's table writes them
SUMMARY_WIDTH = 40  # characters per line of the scores chart's summary above the axes


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
    width = max(2, STAGE_CHARS // len(parts))
    stages = [wrap(vocabulary.metric_label(m), width) for m in parts["metric"]]
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
            (
                reported,
                TEXT["reported_rate"],
                parts["reported_text"],
                {"color": COLOURS["reported"]},
            ),
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


def scores_chart(assessment: Any, vocabulary: Any = None, year: int | None = None) -> Figure:
    """Per scored item (budget line and indicators): the reported and the recomputed score on
    the item's own scale (0 to its weight), so a difference shows as a gap between the marks.

    The line above says plainly what the scores come to: all full marks, or how many differ.
    """
    items = assessment.items
    items = items[items["kind"].isin(["budget", "indicator"])].iloc[::-1]  # first item on top
    labels = [_item_label(row, vocabulary) for row in items.itertuples()]
    lines = max((label.count("\n") + 1 for label in labels), default=1)
    fig, (ax,) = new_figure(3.6 + (0.35 + 0.28 * lines) * len(items))
    weight = items["weight"].to_numpy(dtype=float)
    reported = items["reported_score"].to_numpy(dtype=float)
    recomputed = items["recomputed_score"].to_numpy(dtype=float)
    if items.empty or np.isnan(weight).all():
        # no item with a weight (a narrative-only report; a form without weights): 无数据
        suptitle(fig, TITLES["scores"], year)
        empty_panel(ax)
        return fig
    y = np.arange(len(items))
    ax.hlines(y, 0, weight, color=COLOURS["weight"], linewidth=3, alpha=0.35,
              label=TEXT["weight_scale"])  # fmt: skip
    ax.scatter(reported, y, s=36, color=COLOURS["actual"], zorder=3, label=TEXT["reported_score"])
    ax.scatter(recomputed, y, s=90, marker="D", facecolors="none", linewidths=1.4,
               edgecolors=COLOURS["recomputed"], zorder=4,
               label=TEXT["recomputed_score"])  # fmt: skip
    for row, (w, r, c) in enumerate(zip(weight, reported, recomputed, strict=True)):
        note = _score_note(w, r, c)
        if note:
            colour = COLOURS["weight"] if np.isnan(c) else COLOURS["recomputed"]
            ax.annotate(note, (max(np.nan_to_num([w, r, c])), row), xytext=(8, 0),
                        textcoords="offset points", va="center", fontsize=NOTE_SIZE,
                        color=colour)  # fmt: skip
    ax.set_yticks(y, labels)
    ax.set_xlabel(TEXT["points"])
    ax.set_xlim(0, np.nanmax(weight) * 1.45)
    ax.set_ylim(-0.6, len(items) - 0.4)
    fig.legend(loc="outside lower center", ncols=3, fontsize=NOTE_SIZE, frameon=False)
    # the summary under the title, across the figure's width (the axes start right of labels)
    summary = _scores_summary(items, getattr(assessment, "totals", None) or {})
    suptitle(fig, f"{TITLES['scores']}\n{wrap(summary, SUMMARY_WIDTH)}", year)
    style_axes(ax, value_axis="x")
    return fig


def _score_note(weight: float, reported: float, recomputed: float) -> str:
    """What to say beside an item: not recomputed, or the difference recomputed − reported."""
    if np.isnan(recomputed):
        return TEXT["not_recomputed"]
    if np.isnan(reported) or abs(recomputed - reported) < 1e-9:
        return ""
    return TEXT["score_difference"].format(difference=_points(recomputed - reported))


def _scores_summary(items: pd.DataFrame, totals: Mapping[str, Any]) -> str:
    """One plain line: all full marks (and how many were recomputed so), or what differs."""
    count = len(items)
    full = items["reported_score"] == items["weight"]
    done = items[items["recomputed_score"].notna()]
    differ = done[(done["recomputed_score"] - done["reported_score"]).abs() > 1e-9]
    unscored = count - len(done)
    if full.all() and differ.empty:
        text = TEXT["all_full_marks"].format(count=count, recomputed=len(done))
    else:
        text = TEXT["scores_differ"].format(
            full=int(full.sum()), count=count, recomputed=len(done), differ=len(differ)
        )
    if unscored:
        text += TEXT["scores_unscored"].format(unscored=unscored)
    pair = [totals.get("reported_total"), totals.get("recomputed_total")]
    if {"reported_total", "recomputed_total"} <= set(totals) and not all(map(_unknown, pair)):
        # an unfilled form has neither total: no "自评总分分" clause with nothing in it
        text += TEXT["score_totals"].format(
            reported=_reported_total(totals), recomputed=_recomputed_total(totals)
        )
    return text


def _reported_total(totals: Mapping[str, Any]) -> str:
    """自评总分X分, or why there is none (never 自评总分—分)."""
    if not _unknown(totals["reported_total"]):
        return TEXT["reported_total"].format(points=_points(totals["reported_total"]))
    unknown = totals.get("unknown_cells")
    return TEXT["reported_total_unknown" if unknown else "reported_total_blank"]


def _recomputed_total(totals: Mapping[str, Any]) -> str:
    if _unknown(totals["recomputed_total"]):
        return TEXT["recomputed_total_none"]
    key = "recomputed_total_partial" if totals.get("recomputed_partial") else "recomputed_total"
    return TEXT[key].format(points=_points(totals["recomputed_total"]))


def _unknown(value: Any) -> bool:
    return value is None or value != value  # None or NaN


def _points(value: float) -> str:
    if _unknown(value):
        return BLANK_MARK
    return number(round(float(value), SCORE_PLACES))


def findings_chart(
    findings: pd.DataFrame | None,
    check_labels: Mapping[int, str] = CHECK_TITLES,
    year: int | None = None,
) -> Figure:
    """Number of findings per review check (复核), stacked by severity; says so when none."""
    findings = findings if findings is not None else pd.DataFrame(columns=["check", "severity"])
    checks = sorted({int(c) for c in findings["check"].dropna()}, reverse=True)
    fig, (ax,) = new_figure(4.5 + 0.6 * max(len(checks), 1))
    suptitle(fig, TITLES["findings"], year)
    if not checks:
        # the text says there are none; a chart of it would show nothing
        empty_panel(ax, f"{TEXT['no_findings']}（0）", nothing_drawn=True)
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
    # Room right of the longest bar: a zero-width segment stacked at its end would otherwise
    # make that end a sticky edge, and margins would not apply.
    ax.set_xlim(0, left.max() * 1.05)
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
    """The item's level-2 label and its own label, wrapped (and shortened past two lines)."""
    if row.kind == "budget":
        return TEXT["budget_item"]
    name = str(row.label)
    if vocabulary is None or not isinstance(row.level2, str):
        return wrap(name, 16, lines=2)
    return f"{plain(vocabulary.level_label(row.level2))}：{wrap(name, 16, lines=2)}"


def _percent(value: float) -> str:
    return "" if np.isnan(value) else f"{value:.1f}%"


def _nth(values: Sequence[str], index: int) -> str | None:
    return values[index] if 0 <= index < len(values) else None
