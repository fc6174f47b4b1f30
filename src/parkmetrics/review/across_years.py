"""The review across a series' years: growths that do not follow from two consecutive years'
values, and figures a later report restates differently from the earlier year's own report.

``growth_table(reports)`` lists every reported growth (a metric with ``growth_of`` in the
vocabulary) beside the growth recomputed from its base metric's values in the report's year and
the year before; ``audit_series(reports)`` turns the disagreements, and every restated figure
(``YearData.restated``, figures.csv ``about_year``) that differs from the earlier report, into
findings shaped like ``audit``'s, with a ``year`` column: the report that makes the claim.
Tolerances: ``config/across_years.yaml``; severities: ``severity`` in rules.yaml.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import pandas as pd
import yaml

from parkmetrics.errors import DataValidationError, Problem
from parkmetrics.figures.formatting import format_number as fmt
from parkmetrics.review.evidence import Evidence
from parkmetrics.review.findings import Finding, findings_frame
from parkmetrics.review.numbers import half_last_digit
from parkmetrics.scoring.rules import Rules, load_rules

if TYPE_CHECKING:
    from parkmetrics.data.dataset import YearData

SETTINGS_FILE = "across_years.yaml"
GROWTH_CHECK, RESTATED_CHECK = 1, 2  # a rate against its own figures; one quantity, two values
GROWTH_COLUMNS = [
    "year", "park", "metric", "label", "base_metric", "reported", "reported_text",
    "previous_value", "previous_text", "value", "value_text", "unit", "recomputed", "low",
    "high", "agrees",
]  # fmt: skip


@cache
def series_settings() -> dict[str, Any]:
    """The values of ``config/across_years.yaml``, checked (a bad value is one clear error)."""
    text = (resources.files("parkmetrics") / "config" / SETTINGS_FILE).read_text(encoding="utf-8")
    values = {key: setting["value"] for key, setting in yaml.safe_load(text).items()}
    problems = [
        Problem(f"config/{SETTINGS_FILE}", None, key, repr(values.get(key)), "a number ≥ 0")
        for key in ("growth_slack_points", "restated_slack_share")
        if isinstance(values.get(key), bool)
        or not isinstance(values.get(key), int | float)
        or values[key] < 0
    ]
    for key in ("compared_qualifiers", "decline_words"):
        if not isinstance(values.get(key), list):
            problems.append(Problem(f"config/{SETTINGS_FILE}", None, key, None, "a list"))
    if problems:
        raise DataValidationError(problems)
    return values


def _exact_values(reports: Sequence[YearData], frame: str = "figures") -> pd.DataFrame:
    """The compared figures of every report; a (year, park, metric) written more than once is
    ambiguous and left out (which of two values would a growth be of?)."""
    qualifiers = series_settings()["compared_qualifiers"]
    parts = []
    for report in reports:
        figures = getattr(report, frame)
        if figures.empty:
            continue
        chosen = figures[figures["qualifier"].isin(qualifiers) & figures["canonical_value"].notna()]
        parts.append(chosen.assign(report_year=report.year))
    if not parts:
        return pd.DataFrame(columns=["year", "park", "metric", "canonical_value"])
    values = pd.concat(parts, ignore_index=True)
    if frame == "restated":
        return values
    return values[~values.duplicated(["year", "park", "metric"], keep=False)]


def _row(values: pd.DataFrame, year: int, park: str, metric: str) -> dict[str, Any] | None:
    found = values[
        (values["year"] == year) & (values["park"] == park) & (values["metric"] == metric)
    ]
    return found.iloc[0].to_dict() if len(found) == 1 else None


def _reach(figure: dict[str, Any]) -> float:
    """Half a unit of the figure's last written digit, in canonical units."""
    scale = figure["canonical_value"] / figure["value"] if figure["value"] else 1.0
    return half_last_digit(figure["value_text"]) * scale


def signed_growth(figure: dict[str, Any]) -> tuple[float, str]:
    """A growth figure's value in percent with its sign, and its text as written: a decline
    word right before the value text (下降5%) makes it negative (``decline_words``)."""
    quote, text = str(figure["source_quote"]), str(figure["value_text"])
    for word in series_settings()["decline_words"]:
        if f"{word}{text}" in quote:
            return -float(figure["canonical_value"]), f"{word}{text}"
    return float(figure["canonical_value"]), text


def growth_table(reports: Sequence[YearData]) -> pd.DataFrame:
    """Every exact reported growth of ``reports``, and where its base metric has one exact value
    in the report's year and in the year before, the growth recomputed from them (percent), the
    range the written values' rounding allows and ``agrees`` (within ``growth_slack_points``);
    otherwise those are NaN and ``agrees`` None."""
    values = _exact_values(reports)
    metrics = reports[0].vocabulary.metrics if reports else pd.DataFrame(columns=["growth_of"])
    base_of = {m: b for m, b in zip(metrics["metric"], metrics["growth_of"], strict=True) if b}
    slack = float(series_settings()["growth_slack_points"])
    rows = []
    growths = values[values["metric"].isin(base_of)]
    for g in growths.to_dict("records"):
        year, park, base = int(g["year"]), g["park"], base_of[g["metric"]]
        now, before = _row(values, year, park, base), _row(values, year - 1, park, base)
        if now is None or before is None or before["canonical_value"] <= 0:
            rows.append(_unmatched(g, base, now))
            continue
        v1, v0 = now["canonical_value"], before["canonical_value"]
        r1, r0 = _reach(now), _reach(before)
        low = ((v1 - r1) / (v0 + r0) - 1) * 100
        high = ((v1 + r1) / max(v0 - r0, 1e-12) - 1) * 100
        reach = half_last_digit(g["value_text"]) + slack
        reported, written = signed_growth(g)
        agrees = reported + reach >= low - 1e-9 and reported - reach <= high + 1e-9
        rows.append(
            [year, park, g["metric"], g["label"], base, reported, written,
             v0, before["value_text"], v1, now["value_text"], now["canonical_unit"],
             (v1 / v0 - 1) * 100, low, high, bool(agrees)]
        )  # fmt: skip
    table = pd.DataFrame(rows, columns=GROWTH_COLUMNS)
    # percentages to 1e-6 points: float noise (8.000000000000007) is no part of the arithmetic
    table[["recomputed", "low", "high"]] = table[["recomputed", "low", "high"]].round(6)
    return table.sort_values(["metric", "park", "year"], kind="stable").reset_index(drop=True)


def _unmatched(growth: dict[str, Any], base: str, now: dict[str, Any] | None) -> list[Any]:
    """A growth that cannot be recomputed (no previous year, or its base not written once)."""
    nan = float("nan")
    value, text, unit = (nan, None, None) if now is None else (
        now["canonical_value"], now["value_text"], now["canonical_unit"]
    )  # fmt: skip
    reported, written = signed_growth(growth)
    return [
        int(growth["year"]), growth["park"], growth["metric"], growth["label"], base,
        reported, written, nan, None, value, text, unit,
        nan, nan, nan, None,
    ]  # fmt: skip


def _evidence(figure: dict[str, Any], year: int) -> Evidence:
    return Evidence(
        what=f"{year}年报告·叙述·{figure['label']}",
        value_text=figure["value_text"],
        value=float(figure["value"]),
        unit=figure["unit"],
        source_quote=figure["source_quote"],
    )


def _growth_findings(reports: Sequence[YearData]) -> list[tuple[int, Finding]]:
    values = _exact_values(reports)
    found = []
    for g in growth_table(reports).query("agrees == False").to_dict("records"):
        year, park = g["year"], g["park"]
        growth = _row(values, year, park, g["metric"])
        now, before = (
            _row(values, year, park, g["base_metric"]),
            _row(values, year - 1, park, g["base_metric"]),
        )
        recomputed = fmt(g["recomputed"], 1)
        arithmetic = f"{now['value_text']} ÷ {before['value_text']} − 1 = {recomputed}%"
        found.append((year, Finding(
            code="growth_mismatch",
            check=GROWTH_CHECK,
            subject=f"{year}/{park}/{g['metric']}",
            message_zh=f"{year}年报告「{g['label']}」为 {g['reported_text']}，"
            f"与{year - 1}年、{year}年报告的「{now['label']}」不符：{arithmetic}",
            message_en=f"{year} report: '{g['label']}' is {g['reported_text']}, but the {year - 1} "
            f"and {year} reports' values give {arithmetic}",
            evidence=(_evidence(growth, year), _evidence(before, year - 1), _evidence(now, year)),
        )))  # fmt: skip
    return found


def _restated_findings(reports: Sequence[YearData]) -> list[tuple[int, Finding]]:
    values = _exact_values(reports)
    share = float(series_settings()["restated_slack_share"])
    found = []
    for r in _exact_values(reports, "restated").to_dict("records"):
        year, about, park = int(r["report_year"]), int(r["about_year"]), r["park"]
        own = _row(values, about, park, r["metric"])
        if own is None:
            continue
        reach = max(_reach(r), _reach(own)) + share * abs(own["canonical_value"])
        if abs(r["canonical_value"] - own["canonical_value"]) <= reach + 1e-9 * abs(
            own["canonical_value"]
        ):
            continue
        found.append((year, Finding(
            code="figure_restated",
            check=RESTATED_CHECK,
            subject=f"{year}/{park}/{r['metric']}",
            message_zh=f"{year}年报告称{about}年「{r['label']}」为 {r['value_text']}，"
            f"{about}年报告为 {own['value_text']}",
            message_en=f"the {year} report states {about}'s '{r['label']}' as {r['value_text']}; "
            f"the {about} report gives {own['value_text']}",
            evidence=(_evidence(r, year), _evidence(own, about)),
        )))  # fmt: skip
    return found


def audit_series(reports: Sequence[YearData], rules: Rules | None = None) -> pd.DataFrame:
    """Findings across a series' years (``reports``: its loaded years, any order): the findings
    table of ``audit`` plus ``year``, the report that makes the claim (docs/architecture.md)."""
    rules = rules or load_rules()
    ordered = sorted(reports, key=lambda r: r.year)
    found = _growth_findings(ordered) + _restated_findings(ordered)
    year_of = {f.subject: year for year, f in found}
    frame = findings_frame([f for _, f in found], rules)
    frame.insert(1, "year", frame["subject"].map(year_of).astype("Int64"))
    return frame
