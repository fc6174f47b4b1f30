"""The park economy, the project pipeline and the land: sentences and display tables."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from parkmetrics.data.vocabulary import CITY
from parkmetrics.figures.formatting import report_number as number
from parkmetrics.figures.units import require_unit
from parkmetrics.report.charts.select import is_floor_area
from parkmetrics.report.narrative.common import (
    HECTARE,
    city_figure,
    city_subject,
    joined,
    park_name,
    qualifier_label,
    text_of,
)
from parkmetrics.scoring.assessment import metrics_of
from parkmetrics.scoring.cells import is_blank

if TYPE_CHECKING:
    from parkmetrics.data.dataset import YearData

# --------------------------------------------------------------------------- economy


def economy_table(year_data: YearData, derived: pd.DataFrame) -> pd.DataFrame:
    """Levels and growth rates of the park economy, with the previous-year bases they imply."""
    vocabulary = year_data.vocabulary
    metrics = vocabulary.metrics
    growth_of = {
        row.growth_of: row.metric
        for row in metrics.itertuples()
        if row.theme == "economy" and isinstance(row.growth_of, str) and row.growth_of
    }
    rows = []
    for base, growth in growth_of.items():
        level, rate = city_figure(year_data, base), city_figure(year_data, growth)
        if level is None and rate is None:
            continue
        previous = derived[(derived["metric"] == base) & (derived["park"] == CITY)]
        rows.append(
            {
                "指标": vocabulary.metric_label(base),
                f"{year_data.year}年（报告）": level["value_text"] if level else "",
                "增长（报告）": rate["value_text"] if rate else "",
                f"{year_data.year - 1}年（推算）": (
                    f"约{number(previous.iloc[0]['value'])}{previous.iloc[0]['unit']}"
                    if not previous.empty
                    else ""
                ),
            }
        )
    return pd.DataFrame(rows)


def economy_text(year_data: YearData, derived: pd.DataFrame) -> str:
    """One sentence per economic quantity: level, growth, and the implied previous-year base."""
    table = economy_table(year_data, derived)
    if table.empty:
        return "本年度未报告园区经济指标。"
    level_col, rate_col, base_col = table.columns[1:4]
    parts = []
    for row in table.to_dict("records"):
        text = f"{row['指标']}{row[level_col]}" if row[level_col] else row["指标"]
        if row[rate_col]:
            text += f"，增长{row[rate_col]}" if row[level_col] else f"增长{row[rate_col]}"
        if row[base_col]:
            text += f"（由增长率推算上年{row[base_col]}）"
        parts.append(text)
    note = "括号中的上年数值由报告的总量和增长率推算，不是报告数。"
    return f"{city_subject(year_data)}{joined(parts)}。{note}"


# --------------------------------------------------------------------------- project pipeline


def _indicator_metric_items(year_data: YearData, assessment: Any) -> dict[str, dict[str, Any]]:
    """Assessment item of each annotated metric: part k of a composite ↔ its k-th metric."""
    items = assessment.items.set_index("item")
    found: dict[str, dict[str, Any]] = {}
    for indicator in year_data.indicators.to_dict("records"):
        metrics, row = metrics_of(indicator), indicator["row"]
        for k, metric in enumerate(metrics, start=1):
            key = f"indicator-{row}.{k}" if len(metrics) > 1 else f"indicator-{row}"
            if key in items.index:
                found[metric] = items.loc[key].to_dict()
    return found


def pipeline_table(year_data: YearData, assessment: Any) -> pd.DataFrame:
    """Project counts: annual task (target), actual, completion as reported and recomputed."""
    vocabulary = year_data.vocabulary
    metrics = vocabulary.metrics
    by_metric = _indicator_metric_items(year_data, assessment)
    rows = []
    for row in metrics.itertuples():
        count = row.completion_of
        if row.theme != "projects" or not isinstance(count, str) or not count:
            continue
        actual, reported = city_figure(year_data, count), city_figure(year_data, row.metric)
        item = by_metric.get(count, {})
        target = item.get("target_value")
        if actual is None and reported is None and is_blank(target):
            continue  # the report has nothing on this count: no empty row
        actual_value = actual["canonical_value"] if actual else None
        recomputed = (
            actual_value / target * 100
            if not is_blank(target) and target and not is_blank(actual_value)
            else None
        )
        rows.append(
            {
                "项目": vocabulary.metric_label(count),
                "年度任务": (
                    f"{number(target)}{text_of(item.get('target_unit'))}"
                    if not is_blank(target)
                    else ""
                ),
                "实际完成": actual["value_text"] if actual else "",
                "报告完成率": reported["value_text"] if reported else "",
                "复算完成率": f"{number(recomputed, 1)}%" if recomputed is not None else "",
            }
        )
    return pd.DataFrame(rows)


def pipeline_text(year_data: YearData, assessment: Any) -> str:
    """Targets against actuals, and where the reported completion differs from actual ÷ task."""
    table = pipeline_table(year_data, assessment)
    if table.empty:
        return "本年度未报告产业项目任务。"
    parts = []
    for row in table.to_dict("records"):
        text = f"{row['项目']}{row['实际完成']}"
        if row["年度任务"]:
            text += f"（年度任务{row['年度任务']}）"
        if row["报告完成率"]:
            text += f"，报告完成率{row['报告完成率']}"
        if row["复算完成率"]:
            same = row["复算完成率"].rstrip("%") == row["报告完成率"].rstrip("%")
            text += "，与复算一致" if same else f"，按实际÷任务复算为{row['复算完成率']}"
        parts.append(text)
    return joined(parts) + "。"


# --------------------------------------------------------------------------- land


def land_table(year_data: YearData) -> pd.DataFrame:
    """Land and space figures as written, with the qualifier spelled out and land in 公顷.

    Factory floor space (``floor_area_metrics`` of config/charts.yaml) is measured in 平方米 too
    but is not land: it is never converted to 公顷.
    """
    vocabulary = year_data.vocabulary
    metrics = vocabulary.metrics_of_theme("land")
    figures = year_data.figures[year_data.figures["metric"].isin(metrics)]
    hectare = require_unit(HECTARE)
    rows = []
    for row in figures.itertuples():
        hectares = (
            number(row.canonical_value / float(hectare.factor), 1)
            if row.canonical_unit == hectare.canonical_unit
            and row.unit != HECTARE
            and not is_floor_area(row.metric)
            else ""
        )
        rows.append(
            {
                "指标": vocabulary.metric_label(row.metric),
                "园区": park_name(year_data, row.park),
                "原文": row.value_text,
                "限定": qualifier_label(row.qualifier),
                "折合公顷": hectares,
            }
        )
    return pd.DataFrame(rows)


def land_text(year_data: YearData) -> str:
    """The land figures as reported, qualifiers kept."""
    table = land_table(year_data)
    if table.empty:
        return "本年度未报告园区用地数据。"
    parts = [
        f"{row['指标']}{row['原文']}" + (f"（约{row['折合公顷']}公顷）" if row["折合公顷"] else "")
        for row in table.to_dict("records")
    ]
    return joined(parts) + "。"
