"""A series' years side by side: what the trends notebook computes, shows and writes.

``compute_trends`` loads, assesses and audits every year of a series in a year range and runs
the review across years (``review.across_years``); the table functions turn that into tidy
frames (English ids, for code: the CSV files) and :func:`display_tables` into the report's
tables (Chinese headings). ``write_trends_files`` writes the CSV tables and the charts
(``report.charts.trends``) into a trends folder: ``reports/<series>/trends/``, or
``reports/trends/`` for the data folder's own years.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from parkmetrics.report.export import YearResults
from parkmetrics.report.titles import project_name

if TYPE_CHECKING:
    from parkmetrics.scoring.rules import Rules

TRENDS_DIR = "trends"  # the trends report's folder beside the series' year folders
TABLE_NAMES = ("budget", "totals", "series", "growth", "findings", "findings_by_check", "parks")
BUDGET_UNIT = "万元"
CITY = "city"


@dataclass(frozen=True)
class SeriesResults:
    """A series' years (each computed as the yearly report does) and the review across them."""

    series: str | None
    reports: tuple[YearResults, ...]
    findings: pd.DataFrame  # audit_series: findings across years, with their year
    growth: pd.DataFrame  # growth_table: reported growth against recomputed
    rules: Rules | None = None

    @property
    def years(self) -> list[int]:
        """The years of the series in the report, ascending."""
        return [r.year_data.year for r in self.reports]

    @property
    def span(self) -> str:
        """The year range as titles write it: ``2021–2023年``."""
        return f"{self.years[0]}–{self.years[-1]}年" if self.years else ""

    @property
    def project(self) -> str:
        """The project as the latest year's report names it."""
        return project_name(self.reports[-1].year_data.header) if self.reports else ""


def compute_trends(
    series: str | None,
    first_year: int | None = None,
    last_year: int | None = None,
    data_dir: str | Path | None = None,
    rules_path: str | Path | None = None,
) -> SeriesResults:
    """Every year of ``series`` (None: the data folder's own) from ``first_year`` to
    ``last_year`` (None: no bound) computed as the yearly notebook does, and audited across."""
    from parkmetrics.data.dataset import available_years, load_year
    from parkmetrics.review import audit
    from parkmetrics.review.across_years import audit_series, growth_table
    from parkmetrics.scoring.assessment import assess
    from parkmetrics.scoring.derived import derive
    from parkmetrics.scoring.rules import load_rules

    rules = load_rules(rules_path or None)
    years = [
        y
        for y in available_years(data_dir, series)
        if (first_year is None or y >= first_year) and (last_year is None or y <= last_year)
    ]
    reports = []
    for year in years:
        data = load_year(year, data_dir, series)
        assessment = assess(data, rules)
        reports.append(
            YearResults(data, assessment, audit(data, rules, assessment), derive(data), rules)
        )
    loaded = [r.year_data for r in reports]
    return SeriesResults(
        series, tuple(reports), audit_series(loaded, rules), growth_table(loaded), rules
    )


def budget_table(results: SeriesResults) -> pd.DataFrame:
    """The budget block's total line by year in 万元, the reported execution rate and the rate
    recomputed as 全年执行数 ÷ 全年预算数 (NaN where the year has no total line or amount)."""
    from parkmetrics.figures.units import unit

    rows = []
    for report in results.reports:
        budget = report.year_data.budget
        total = budget[budget["line"] == "total"] if "line" in budget.columns else budget
        row = {"year": report.year_data.year, "unit": BUDGET_UNIT}
        if len(total):
            line = total.iloc[0]
            factor = float(unit(line["unit"]).factor) / float(unit(BUDGET_UNIT).factor)
            for column in ("initial", "full_year", "executed"):
                row[column] = line[column] * factor
            row["rate_text"], row["rate_reported"] = line["rate_text"], line["rate"]
            if line["full_year"] and line["full_year"] == line["full_year"]:
                row["rate_recomputed"] = line["executed"] / line["full_year"] * 100
        rows.append(row)
    columns = ["year", "unit", "initial", "full_year", "executed", "rate_text", "rate_reported",
               "rate_recomputed"]  # fmt: skip
    return pd.DataFrame(rows).reindex(columns=columns)


def totals_table(results: SeriesResults) -> pd.DataFrame:
    """Reported and recomputed totals and grades by year (assessment totals)."""
    keys = ["weight_total", "reported_total", "recomputed_total", "reported_grade",
            "recomputed_grade", "unscored_weight"]  # fmt: skip
    rows = [
        {"year": r.year_data.year, **{k: r.assessment.totals.get(k) for k in keys}}
        for r in results.reports
    ]
    frame = pd.DataFrame(rows, columns=["year", *keys])
    frame.insert(4, "difference", frame["recomputed_total"] - frame["reported_total"])
    return frame


def series_table(results: SeriesResults) -> pd.DataFrame:
    """Every figure of every year, tidy: ``year`` the year it is about, ``report_year`` the
    report stating it (they differ for a restated earlier year's figure)."""
    columns = ["year", "report_year", "park", "metric", "label", "value_text", "value", "unit",
               "canonical_value", "canonical_unit", "qualifier", "source_quote"]  # fmt: skip
    parts = []
    for report in results.reports:
        data = report.year_data
        parts.append(data.figures.assign(report_year=data.year))
        if len(data.restated):
            restated = data.restated.assign(report_year=data.year)
            parts.append(restated.assign(year=restated["about_year"]))
    frame = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)
    frame = frame.reindex(columns=columns)
    return frame.sort_values(["metric", "park", "year", "report_year"], kind="stable").reset_index(
        drop=True
    )


def findings_by_check(results: SeriesResults) -> pd.DataFrame:
    """How many findings each review check made in each year: the yearly audit's and those
    across years (``scope`` ``year`` / ``across_years``), by severity."""
    from parkmetrics.review import CHECK_TITLES

    parts = [
        r.findings.assign(year=r.year_data.year, scope="year")[
            ["year", "scope", "check", "severity"]
        ]
        for r in results.reports
    ]
    across = results.findings.assign(scope="across_years")
    parts.append(across[["year", "scope", "check", "severity"]])
    found = pd.concat([p for p in parts if len(p)], ignore_index=True) if any(
        len(p) for p in parts
    ) else pd.DataFrame(columns=["year", "scope", "check", "severity"])  # fmt: skip
    counts = found.groupby(["year", "scope", "check", "severity"]).size().rename("count")
    counts = counts.reset_index().astype({"year": int, "check": int})
    counts.insert(3, "check_title", counts["check"].map(CHECK_TITLES))
    return counts.sort_values(["check", "year", "scope", "severity"], kind="stable").reset_index(
        drop=True
    )


def parks_table(results: SeriesResults) -> pd.DataFrame:
    """Park-by-metric comparison: the figures of every park but the whole city's, for metrics
    written for two or more parks in some year, one row per (metric, park, year)."""
    figures = series_table(results)
    figures = figures[(figures["park"] != CITY) & (figures["year"] == figures["report_year"])]
    parks_per = figures.groupby(["metric", "year"])["park"].nunique()
    compared = set(parks_per[parks_per >= 2].index.get_level_values("metric"))
    chosen = figures[figures["metric"].isin(compared)].copy()
    vocabulary = results.reports[-1].year_data.vocabulary if results.reports else None
    chosen.insert(3, "park_name", [vocabulary.park_name(p) for p in chosen["park"]])
    columns = ["metric", "park", "park_name", "year", "label", "value_text", "canonical_value",
               "canonical_unit", "qualifier", "source_quote"]  # fmt: skip
    return chosen.reindex(columns=columns).reset_index(drop=True)


def trend_tables(results: SeriesResults) -> dict[str, pd.DataFrame]:
    """The trends report's CSV tables by file stem (``TABLE_NAMES``), English ids."""
    findings = results.findings.drop(columns=["evidence"], errors="ignore")
    return {
        "budget": budget_table(results),
        "totals": totals_table(results),
        "series": series_table(results),
        "growth": results.growth,
        "findings": findings,
        "findings_by_check": findings_by_check(results),
        "parks": parks_table(results),
    }
