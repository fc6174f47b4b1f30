"""The briefing's first paragraph: budget, the report's headline figures, scores, findings.

Figures are quoted as the report writes them (``value_text``), in the order it tells them;
how many of each theme is configuration (``headline_figures`` of ``config/briefing.yaml``).
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import pandas as pd

from parkmetrics.data.vocabulary import CITY
from parkmetrics.figures.formatting import report_number as as_number
from parkmetrics.report.briefing.settings import load_briefing_settings
from parkmetrics.report.narrative.common import city_subject
from parkmetrics.review import SEVERITY_LABELS
from parkmetrics.scoring.assessment import PARTIAL_NOTE, reported_total_mark
from parkmetrics.scoring.cells import block_unit, is_blank
from parkmetrics.scoring.rules import SEVERITIES

if TYPE_CHECKING:
    from parkmetrics.data.dataset import YearData



def headline(
    year_data: YearData,
    assessment: Any,
    findings: pd.DataFrame,
    limits: Mapping[str, int] | None = None,
) -> str:
    """The first paragraph: budget, the report's city-wide headline figures, scores, findings.

    Figures are quoted as written (``value_text``), so qualifiers stay: 近600家, 累计超70亿元.
    ``limits`` as in :func:`headline_phrases`.
    """
    sentences = []
    budget = _budget_sentence(year_data)
    if budget:
        sentences.append(budget)
    phrases = headline_phrases(year_data, limits)
    if phrases:
        # the labels may carry the subject already (“全市园区科技创新平台”): say it once
        subject = city_subject(year_data)
        phrases = [p.removeprefix(subject) for p in phrases]
        sentences.append(f"{year_data.year}年，{subject}" + "，".join(phrases))
    totals = assessment.totals
    reported, recomputed = totals["reported_total"], totals["recomputed_total"]
    score = (
        "项目自评得分未填写或不在原文中"
        if is_blank(reported)
        else f"项目自评得分{reported_total_mark(dict(totals))}{as_number(reported)}分"
        f"（{totals['reported_grade']}）"
    )
    if is_blank(recomputed):  # nothing could be re-scored: no total, no grade
        score += "，各项指标均无法按评分规则复算"
    elif totals.get("recomputed_partial"):
        score += f"，按评分规则可复算部分得分{as_number(recomputed)}分{PARTIAL_NOTE}"
    else:
        score += f"，按评分规则复算得分{as_number(recomputed)}分（{totals['recomputed_grade']}）"
        unscored = totals.get("unscored_weight")
        if not is_blank(unscored) and float(unscored) > 0:
            score += f"，其中{as_number(unscored)}分的指标无法按规则复算"
    sentences.append(score)
    sentences.append(_findings_count(findings))
    return "。".join(sentences) + "。"


def headline_phrases(year_data: YearData, limits: Mapping[str, int] | None = None) -> list[str]:
    """City-wide headline figures as the report writes them (“技工贸总收入5329亿元，增长13.1%”).

    A growth rate follows the figure it is the growth of, a completion rate the count it
    completes; each theme of ``limits`` (default: ``headline_figures`` of
    ``config/briefing.yaml``) contributes at most ``limits[theme]`` base figures.
    """
    if limits is None:
        limits = load_briefing_settings().headline_figures
    metrics = year_data.vocabulary.metrics.set_index("metric")
    figures = year_data.figures
    figures = figures[(figures["park"] == CITY) & figures["metric"].isin(metrics.index)].copy()
    figures["theme_"] = figures["metric"].map(metrics["theme"])
    figures = figures[figures["theme_"].isin(list(limits))]
    documents = year_data.source_texts
    figures["position_"] = [
        _position(documents, row.document, row.source_quote, row.value_text)
        for row in figures.itertuples()
    ]
    figures = figures.sort_values(["position_", "metric"], kind="stable").drop_duplicates("metric")

    def relation(column: str) -> dict[str, str]:
        return {m: str(b) for m, b in metrics[column].items() if not is_blank(b)}

    rides_on = {**relation("growth_of"), **relation("completion_of")}
    growth = relation("growth_of")
    texts = {row.metric: row.value_text for row in figures.itertuples()}
    taken: dict[str, int] = {}
    phrases = []
    for row in figures.itertuples():
        base = rides_on.get(row.metric)
        if base in texts:
            continue  # said together with its base figure below
        if row.value_text in row.label:
            continue  # a figure that qualifies others (“5000万以上产业项目”), not a headline
        if taken.get(row.theme_, 0) >= limits[row.theme_]:
            continue
        taken[row.theme_] = taken.get(row.theme_, 0) + 1
        phrase = f"{row.label}{row.value_text}"
        for rider, rider_base in rides_on.items():
            if rider_base == row.metric and rider in texts:
                word = "增长" if rider in growth else "完成年度任务的"
                phrase += (
                    f"，{word}{texts[rider]}" if rider in growth else f"（{word}{texts[rider]}）"
                )
        phrases.append(phrase)
    return phrases


def _position(texts: dict[str, str], document: str, quote: str, value_text: str) -> int:
    """Where a figure stands in its source text (unknown positions sort last)."""
    start = texts.get(document, "").find(quote)
    if start < 0:
        return sys.maxsize
    return start + max(quote.find(value_text), 0)


def _budget_sentence(year_data: YearData) -> str | None:
    budget = year_data.budget
    total = budget[budget["line"] == "total"]
    if total.empty or is_blank(total["full_year"].iloc[0]):
        return None
    row = total.iloc[0]
    unit = block_unit(year_data)
    text = f"{year_data.year}年项目全年预算{as_number(row['full_year'])}{unit}"
    if not is_blank(row["executed"]):
        text += f"，执行{as_number(row['executed'])}{unit}"
    if not is_blank(row["rate_text"]):
        text += f"，执行率{row['rate_text']}"
    return text


def _findings_count(findings: pd.DataFrame) -> str:
    if findings.empty:
        return "复核未发现问题"
    counts = findings["severity"].value_counts()
    # 条, as the HTML report counts findings (复核发现14条)
    parts = [f"{SEVERITY_LABELS[s]}{int(counts[s])}条" for s in SEVERITIES if counts.get(s, 0)]
    return f"复核发现{len(findings)}条，其中" + "、".join(parts)

