"""Plausibility of the narrative's figures (check 10): relations related metrics must keep even
when a figure is written only once — a share of another metric within its band (taxes of
revenue), a share at most 100%, a count of parks at most the parks listed, a growth rate within
its band. A figure outside that a unit factor (万, 亿) brings inside is named a likely unit slip.
The relations are ``plausibility`` in rules.yaml; metric ids and growth relations come from the
vocabulary."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pandas as pd

from parkmetrics.data.tables import loaded_records
from parkmetrics.data.vocabulary import CITY
from parkmetrics.figures.formatting import format_number as fmt
from parkmetrics.review.evidence import figure_evidence
from parkmetrics.review.findings import Finding
from parkmetrics.review.matching import Match, exact
from parkmetrics.review.numbers import pct
from parkmetrics.scoring.assessment import Assessment
from parkmetrics.scoring.cells import is_blank
from parkmetrics.scoring.rules import Rules

if TYPE_CHECKING:
    from parkmetrics.data.dataset import YearData


def check_plausibility(
    year_data: YearData, assessment: Assessment, matches: list[Match], rules: Rules
) -> list[Finding]:
    """Narrative figures that break a plausibility relation of the rules."""
    relations = rules.plausibility
    if not relations:
        return []
    figures = year_data.figures
    by_metric: dict[str, list[dict[str, Any]]] = {}
    for f in loaded_records(figures):
        if not is_blank(f["canonical_value"]) and not is_blank(f["metric"]):
            by_metric.setdefault(f["metric"], []).append(f)
    found: list[Finding] = []
    for relation in relations.get("share_of", []):
        found += _share_of(by_metric, relation, rules)
    found += _shares(by_metric, relations)
    found += _park_counts(by_metric, relations, year_data.parks)
    found += _growth(by_metric, relations, year_data.vocabulary.metrics)
    return found


def _share_of(by_metric: dict, relation: dict[str, Any], rules: Rules) -> list[Finding]:
    """A metric within a share band of another, for the same park."""
    low, high = float(relation["low"]), float(relation["high"])
    found = []
    for part in by_metric.get(relation["metric"], []):
        wholes = [w for w in by_metric.get(relation["of"], []) if w["park"] == part["park"]]
        for whole in wholes[:1]:
            share = float(part["canonical_value"]) / float(whole["canonical_value"])
            if low <= share <= high or not float(whole["canonical_value"]):
                continue
            slip = next(
                (fac for fac in rules.unit_slip_factors
                 for scaled in (share * fac, share / fac) if low <= scaled <= high), None,
            )  # fmt: skip
            if slip is not None:
                fixed = share * slip if share < low else share / slip
                zh_slip = f"，按 {fmt(slip)} 倍换算后为 {pct(fixed)}，疑似单位错误"
                en_slip = f"; scaled by {fmt(slip)} it would be {pct(fixed)}: likely a unit slip"
            else:
                zh_slip = en_slip = ""
            found.append(
                Finding(
                    "implausible_figure", 10, part["metric"],
                    f"「{part['label']}」{part['value_text']} 是「{whole['label']}」"
                    f"{whole['value_text']} 的 {_share_text(share)}，不在合理区间 "
                    f"{pct(low)}–{pct(high)} 内{zh_slip}",
                    f"'{part['label']}' ({part['metric']}) {part['value_text']} is "
                    f"{_share_text(share)} of '{whole['label']}' ({whole['metric']}) "
                    f"{whole['value_text']}, outside the plausible {pct(low)}–{pct(high)}{en_slip}",
                    (figure_evidence(part), figure_evidence(whole)),
                    rule="plausibility",
                )
            )  # fmt: skip
    return found


def _share_text(share: float) -> str:
    """A share as a percentage, with enough digits to show a tiny one (0.00033%)."""
    return pct(share) if share >= 0.001 else f"{Decimal(f'{share * 100:.2g}'):f}%"


def _shares(by_metric: dict, relations: dict[str, Any]) -> list[Finding]:
    """A share of a whole (metric id ending _share, _rate) above 100%."""
    suffixes = tuple(relations.get("share_suffixes", ()))
    most = float(relations.get("share_max", 100))
    found = []
    for metric, rows in sorted(by_metric.items()):
        if not suffixes or not metric.endswith(suffixes):
            continue
        for f in rows:
            if f["canonical_unit"] == "%" and float(f["canonical_value"]) > most:
                found.append(
                    Finding(
                        "implausible_figure", 10, metric,
                        f"「{f['label']}」为 {f['value_text']}，占比不能超过 {fmt(most)}%",
                        f"'{f['label']}' ({metric}) is {f['value_text']}: a share cannot exceed "
                        f"{fmt(most)}%",
                        (figure_evidence(f),), rule="plausibility",
                    )
                )  # fmt: skip
    return found


def _park_counts(by_metric: dict, relations: dict[str, Any], parks: pd.DataFrame) -> list[Finding]:
    """A count of the city's parks above the number of parks the vocabulary lists."""
    listed = parks.loc[parks["park"] != CITY, "park"].nunique()
    found = []
    for metric in relations.get("park_counts", ()):
        for f in by_metric.get(metric, []):
            if f["park"] == CITY and exact(f) and float(f["canonical_value"]) > listed:
                found.append(
                    Finding(
                        "implausible_figure", 10, metric,
                        f"「{f['label']}」为 {f['value_text']}，多于所列园区数 {listed} 家",
                        f"'{f['label']}' ({metric}) is {f['value_text']}, more than the {listed} "
                        "parks listed",
                        (figure_evidence(f),), rule="plausibility",
                    )
                )  # fmt: skip
    return found


def _growth(by_metric: dict, relations: dict[str, Any], metrics: pd.DataFrame) -> list[Finding]:
    """A growth rate (vocabulary growth_of) outside the rules' band."""
    band = relations.get("growth")
    if not band:
        return []
    low, high = float(band["low"]), float(band["high"])
    growth_metrics = metrics.loc[~metrics["growth_of"].map(is_blank), "metric"]
    found = []
    for metric in growth_metrics:
        for f in by_metric.get(metric, []):
            value = float(f["canonical_value"])
            if f["canonical_unit"] == "%" and not low <= value <= high:
                found.append(
                    Finding(
                        "implausible_figure", 10, metric,
                        f"「{f['label']}」为 {f['value_text']}，不在合理增长区间 "
                        f"{fmt(low)}%–{fmt(high)}% 内",
                        f"'{f['label']}' ({metric}) is {f['value_text']}, outside the plausible "
                        f"growth of {fmt(low)}% to {fmt(high)}%",
                        (figure_evidence(f),), rule="plausibility",
                    )
                )  # fmt: skip
    return found
