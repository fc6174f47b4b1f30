"""Loading a year of data: read every file, validate everything, then build the frames.

``load_year`` either returns a complete ``YearData`` or raises one ``DataValidationError``
listing every problem in every file: nothing is ever partially loaded.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from parkmetrics.data.folder import available_years, resolve_data_dir, series_dir
from parkmetrics.data.integrity import check_year
from parkmetrics.data.layout import prepare, unknown_columns
from parkmetrics.data.schemas import SCHEMAS, UNKNOWN
from parkmetrics.data.sources import SOURCE_FOLDER, read_sources
from parkmetrics.data.tables import CARRIED, LINE, PLACEHOLDER, RawTable, read_csv, records
from parkmetrics.data.vocabulary import (
    Vocabulary,
    read_vocabulary,
    vocabulary_folders,
    vocabulary_from,
)
from parkmetrics.errors import DataValidationError, Problem

YEAR_FILES = (
    "header.csv",
    "figures.csv",
    "awards.csv",
    "spending.csv",
    "budget.csv",
    "indicators.csv",
)


@dataclass(frozen=True)
class YearData:
    """One year's self-evaluation as tidy frames (columns: docs/architecture.md).

    The frames are the report as loaded: treat them as read-only. Lookups the checks build
    from a frame are kept per frame object (``data.tables.memo``), so to try a change, audit
    ``dataclasses.replace(year_data, figures=changed)`` with an edited copy, not a frame edited
    in place (that would be audited with the lookups of its old values).
    """

    year: int
    data_dir: Path
    header: dict[str, str | None]
    goals: dict[str, str | None]
    figures: pd.DataFrame
    awards: pd.DataFrame
    spending: pd.DataFrame
    budget: pd.DataFrame
    indicators: pd.DataFrame
    parks: pd.DataFrame
    vocabulary: Vocabulary
    sources: dict[str, Path] = field(default_factory=dict)  # every file of source/ (.docx too)
    source_texts: dict[str, str] = field(default_factory=dict)  # text document name → its text
    series: str | None = None  # the report series (None: the data folder's own years)
    # data file ("2022/budget.csv", "vocabulary/parks.csv", "2022/source/x.txt") → the encoding
    # it was read in ("utf-8" or "gb18030"), for the run manifest
    encodings: dict[str, str] = field(default_factory=dict)
    # header fields whose value is not in the source (cells_unknown), distinct from blank
    header_unknown: frozenset[str] = frozenset()
    # figures about an earlier year than the report's (figures.csv about_year): year, about_year,
    # then the figures columns; compared across years by review.across_years, never in the year
    restated: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["about_year"]))
    # the spending plan: spending.csv rows of stage "planned" (the spending columns); the
    # executed items alone are ``spending``
    spending_plan: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["amount"]))
    # the indicator block's placeholder rows (指标2, ……): row, level3; not data, not scored
    placeholders: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["row"]))

    @property
    def budget_unit(self) -> str | None:
        """The budget block's amount unit as recorded (万元 or 元); None without a block."""
        if "unit" not in self.budget.columns:
            return None
        units = self.budget["unit"].dropna()
        return str(units.iloc[0]) if not units.empty else None


def load_year(year: int, data_dir: Path | str | None = None, series: str | None = None) -> YearData:
    """Load and validate one year (of one ``series`` of the data folder, None: its own years);
    raise ``DataValidationError`` listing every problem."""
    folder = resolve_data_dir(data_dir)
    year_dir = series_dir(folder, series) / str(year)
    if not year_dir.is_dir():
        where = folder if series is None else folder / series
        known = ", ".join(map(str, available_years(where))) if where.is_dir() else "none"
        raise LookupError(f"no data for year {year} in {where} (years available: {known})")

    vocab_tables, problems = read_vocabulary(*vocabulary_folders(folder, series))
    prefix = str(year) if series is None else f"{series}/{year}"
    tables: dict[str, RawTable] = {}
    for file in YEAR_FILES:
        table, found = read_csv(year_dir / file, f"{prefix}/{file}")
        problems += found
        if table is not None:
            table, found = prepare(table, SCHEMAS[file])
            problems += found
            tables[file] = table
    sources, texts, source_encodings, found = read_sources(
        year_dir / SOURCE_FOLDER, f"{prefix}/{SOURCE_FOLDER}"
    )
    problems += found
    if problems or len(tables) < len(YEAR_FILES):
        raise DataValidationError(problems)

    vocabulary = vocabulary_from(vocab_tables)
    problems += check_year(tables, vocabulary, texts)
    problems += _later_years(tables["figures.csv"], year)
    if problems:
        raise DataValidationError(problems)
    encodings = {t.name: t.encoding for t in [*vocab_tables.values(), *tables.values()]}
    encodings.update(source_encodings)
    built = _build(year, folder, tables, vocabulary, sources, texts, series)
    return replace(built, encodings=dict(sorted(encodings.items())))


def _build(
    year: int,
    folder: Path,
    tables: dict[str, RawTable],
    vocabulary: Vocabulary,
    sources: dict[str, Path],
    texts: dict[str, str],
    series: str | None = None,
) -> YearData:
    def frame(file: str) -> pd.DataFrame:
        data = tables[file].cells()
        data.insert(0, "year", year)
        return data

    header_rows = frame("header.csv")
    header_records = records(header_rows)
    header = {r["field"]: r["value"] for r in header_records}
    header_unknown = frozenset(
        r["field"] for r in header_records if "value" in _unknown(r[UNKNOWN])
    )

    figures = frame("figures.csv")
    figures = _numeric(figures, ["value", "canonical_value"])
    figures = _sorted(figures, ["park", "metric", "source_quote"])
    about = pd.to_numeric(figures.pop("about_year")).astype("Int64")
    earlier = (about.notna() & (about != year)).to_numpy()
    restated = figures.loc[earlier].copy()
    restated.insert(1, "about_year", about[earlier].astype(int))
    figures = figures.loc[~earlier]

    spending = _numeric(frame("spending.csv"), ["amount"])
    # a spending plan (stage "planned") is checked against the budget, never counted as spent
    planned = (spending["stage"] == "planned").to_numpy()
    spending_plan = spending.loc[planned].reset_index(drop=True)
    spending = spending.loc[~planned]
    # the budget block in table order: the file's order (lines are the form's own)
    budget = _numeric(
        frame("budget.csv"),
        ["initial", "full_year", "executed", "weight", "rate", "score"],
    )
    budget[UNKNOWN] = budget[UNKNOWN].map(_unknown)

    raw = tables["indicators.csv"].frame
    indicators = _numeric(frame("indicators.csv"), ["weight", "score"])
    indicators["row"] = indicators["row"].astype(int)
    indicators[UNKNOWN] = indicators[UNKNOWN].map(_unknown)
    indicators["carried_down"] = [tuple(unknown_columns(c)) for c in raw[CARRIED]]
    is_placeholder = (raw[PLACEHOLDER] == "yes").to_numpy()
    placeholders = indicators.loc[is_placeholder, ["row", "level3"]].sort_values("row")
    indicators = indicators.loc[~is_placeholder].sort_values("row")
    labels = dict(zip(vocabulary.levels["id"], vocabulary.levels["label"], strict=True))
    indicators.insert(
        indicators.columns.get_loc("level1") + 1, "level1_label", indicators["level1"].map(labels)
    )
    indicators.insert(
        indicators.columns.get_loc("level2") + 1, "level2_label", indicators["level2"].map(labels)
    )

    awards = _sorted(frame("awards.csv"), ["park", "award", "source_quote"])
    return YearData(
        year=year,
        data_dir=folder,
        header=header,
        goals={"expected": header.get("goal_expected"), "actual": header.get("goal_actual")},
        figures=figures.reset_index(drop=True),
        awards=awards.reset_index(drop=True),
        spending=spending.reset_index(drop=True),
        spending_plan=spending_plan,
        budget=budget.reset_index(drop=True),
        indicators=indicators.reset_index(drop=True),
        parks=vocabulary.parks.copy(),
        vocabulary=vocabulary,
        sources=sources,
        source_texts=texts,
        series=series,
        header_unknown=header_unknown,
        placeholders=placeholders.reset_index(drop=True),
        restated=restated.reset_index(drop=True),
    )


def _later_years(table: RawTable, year: int) -> list[Problem]:
    """A figure cannot be about a year after its report's (about_year is checked as integer)."""
    frame = table.frame
    if "about_year" not in frame.columns:
        return []
    return [
        Problem(table.name, int(line), "about_year", text, f"a year ≤ {year} or blank")
        for text, line in zip(frame["about_year"], frame[LINE], strict=True)
        if text.isdigit() and int(text) > year
    ]


def _unknown(cell: object) -> tuple[str, ...]:
    return unknown_columns(cell) if isinstance(cell, str) else ()


def _sorted(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """``frame.sort_values(columns, kind="stable")``: for text keys, ordered as Python orders
    the tuples (as pandas orders text), a tenth of pandas' cost on a year's frames."""
    keys = [frame[c].tolist() for c in columns]
    if not all(set(map(type, k)) <= {str} for k in keys):  # a blank key: pandas puts it last
        return frame.sort_values(columns, kind="stable")
    rows = list(zip(*keys, strict=True))
    return frame.iloc[sorted(range(len(rows)), key=rows.__getitem__)]


def _numeric(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """``columns`` as floats, in place: ``frame`` is one ``_build`` has just made."""
    for column in columns:
        frame[column] = pd.to_numeric(frame[column]).astype(float)
    return frame


def validate_cli(years: list[int] | None, data_dir: Path | None) -> int:
    """``parkmetrics validate``: load every (or the given) year and print a summary line each;
    the problems go to stderr, like every command's."""
    folder = resolve_data_dir(data_dir)
    chosen = years or available_years(folder)
    if not chosen:
        print(f"parkmetrics validate: no year folders in {folder}", file=sys.stderr)
        return 2
    failed: list[str] = []
    for year in chosen:
        try:
            data = load_year(year, folder)
        except DataValidationError as error:
            failed.append(f"{year}: {error}")
            print(f"{year}: INVALID, {len(error.problems)} problem(s)")
            continue
        print(
            f"{year}: ok: {len(data.figures)} figures, {len(data.awards)} awards, "
            f"{len(data.spending)} spending items, {len(data.budget)} budget lines, "
            f"{len(data.indicators)} indicators, {data.parks['park'].nunique()} parks; "
            f"reported total {data.header.get('total_score')}"
        )
    for message in failed:
        print(message, file=sys.stderr)
    return 2 if failed else 0


__all__ = [
    "YearData",
    "available_years",
    "load_year",
    "resolve_data_dir",
    "validate_cli",
]
