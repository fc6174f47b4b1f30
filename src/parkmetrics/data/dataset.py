"""Loading a year of data: read and check every file (``year_files``), then build the frames.

``load_year`` either returns a complete ``YearData`` or raises one ``DataValidationError``
listing every problem in every file: nothing is ever partially loaded.
"""

from __future__ import annotations

import sys
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from parkmetrics.data.folder import available_years, resolve_data_dir
from parkmetrics.data.layout import unknown_columns
from parkmetrics.data.schemas import UNKNOWN
from parkmetrics.data.tables import CARRIED, INTERNAL, PLACEHOLDER, RawTable, blank_as_none
from parkmetrics.data.vocabulary import Vocabulary, vocabulary_from
from parkmetrics.data.year_files import YearFiles, read_year_files
from parkmetrics.errors import DataValidationError


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
    return _build(read_year_files(year, data_dir, series))


def _build(files: YearFiles) -> YearData:
    """The typed frames of checked files: each built once, from the reader's lists, with its
    rows already chosen and ordered (a frame per step was most of loading a province)."""
    year, tables, vocabulary = files.year, files.tables, vocabulary_from(files.vocabulary)
    header_rows = tables["header.csv"].rows()
    header = {r["field"]: r["value"] or None for r in header_rows}
    header_unknown = frozenset(
        r["field"] for r in header_rows if "value" in unknown_columns(r[UNKNOWN])
    )

    figures = tables["figures.csv"]
    about = [int(v) if v else None for v in figures.column("about_year")]
    ordered = _order(figures, ["park", "metric", "source_quote"])
    earlier = [i for i in ordered if about[i] is not None and about[i] != year]
    restated = _frame(figures, year, earlier, _FIGURE_NUMBERS, skip={"about_year"})
    restated.insert(1, "about_year", pd.Series([about[i] for i in earlier], dtype="int64"))
    shown = [i for i in ordered if about[i] is None or about[i] == year]

    spending = tables["spending.csv"]
    # a spending plan (stage "planned") is checked against the budget, never counted as spent
    planned = [stage == "planned" for stage in spending.column("stage")]

    budget = tables["budget.csv"]  # in table order: the file's order (lines are the form's own)
    budget_frame = _frame(budget, year, range(len(budget)), _BUDGET_NUMBERS)
    budget_frame[UNKNOWN] = _tuples(budget.column(UNKNOWN))

    awards = tables["awards.csv"]
    return YearData(
        year=year,
        data_dir=files.folder,
        header=header,
        goals={"expected": header.get("goal_expected"), "actual": header.get("goal_actual")},
        figures=_frame(figures, year, shown, _FIGURE_NUMBERS, skip={"about_year"}),
        awards=_frame(awards, year, _order(awards, ["park", "award", "source_quote"])),
        spending=_frame(spending, year, [i for i, p in enumerate(planned) if not p], ("amount",)),
        spending_plan=_frame(spending, year, [i for i, p in enumerate(planned) if p], ("amount",)),
        budget=budget_frame,
        indicators=_indicators(tables["indicators.csv"], year, vocabulary),
        parks=vocabulary.parks.copy(),
        vocabulary=vocabulary,
        sources=files.sources,
        source_texts=files.texts,
        series=files.series,
        encodings=files.encodings,
        header_unknown=header_unknown,
        placeholders=_placeholders(tables["indicators.csv"], year),
        restated=restated,
    )


_FIGURE_NUMBERS = ("value", "canonical_value")
_BUDGET_NUMBERS = ("initial", "full_year", "executed", "weight", "rate", "score")
_INDICATOR_NUMBERS = ("row", "weight", "score")


def _indicators(table: RawTable, year: int, vocabulary: Vocabulary) -> pd.DataFrame:
    """The scored indicator rows in table (``row``) order, each level's label beside its id,
    the cells not in the source and the levels carried down as tuples of column names."""
    placeholder = table.column(PLACEHOLDER)
    rows = [i for i in _by_row(table) if placeholder[i] != "yes"]
    frame = _frame(table, year, rows, _INDICATOR_NUMBERS)
    frame["row"] = frame["row"].astype(int)
    frame[UNKNOWN] = _tuples([table.column(UNKNOWN)[i] for i in rows])
    frame["carried_down"] = _tuples([table.column(CARRIED)[i] for i in rows])
    labels = dict(zip(vocabulary.levels["id"], vocabulary.levels["label"], strict=True))
    for level in ("level1", "level2"):
        frame.insert(frame.columns.get_loc(level) + 1, f"{level}_label", frame[level].map(labels))
    return frame


def _placeholders(table: RawTable, year: int) -> pd.DataFrame:
    """The indicator block's placeholder rows (指标2, ……): row and level3, in table order."""
    placeholder = table.column(PLACEHOLDER)
    rows = [i for i in _by_row(table) if placeholder[i] == "yes"]
    frame = _frame(table, year, rows, ("row",))[["row", "level3"]]
    return frame.astype({"row": int})


def _by_row(table: RawTable) -> list[int]:
    """The indicator rows' positions in table order (row numbers are unique: checked)."""
    numbers = [int(v) for v in table.column("row")]
    return sorted(range(len(numbers)), key=numbers.__getitem__)


def _frame(
    table: RawTable,
    year: int,
    rows: Sequence[int],
    numbers: Collection[str] = (),
    skip: Collection[str] = (),
) -> pd.DataFrame:
    """The ``rows`` of ``table`` (in that order) as a typed frame: ``year`` first, then its cells
    (blank as None; a column the file leaves out as missing text), ``numbers`` as floats."""
    names = [c for c in table.data if c not in INTERNAL and c not in skip]
    cells = {c: blank_as_none([table.data[c][i] for i in rows]) for c in names}
    # one block of text columns, then the others put in place: a Series per column, aligned
    # on its own index, cost twice as much
    text = {c: v for c, v in cells.items() if c not in numbers and c not in table.added}
    frame = pd.DataFrame(text, index=pd.RangeIndex(len(rows)), dtype=object)
    frame.insert(0, "year", pd.Series([year] * len(rows), dtype="int64"))
    for at, name in enumerate(names, start=1):
        if name in numbers:
            frame.insert(at, name, pd.to_numeric(cells[name]).astype(float))
        elif name in table.added:
            frame.insert(at, name, pd.Series(cells[name], dtype="str"))
    return frame


def _order(table: RawTable, columns: list[str]) -> list[int]:
    """The row positions of ``table`` sorted (stably) by ``columns``, as
    ``sort_values(columns, kind="stable")`` orders the loaded frame: text as Python orders it,
    blank cells last."""
    keys = [table.column(c) for c in columns]
    return sorted(range(len(table)), key=lambda i: tuple((k[i] == "", k[i]) for k in keys))


def _tuples(cells: list[str]) -> pd.Series:
    """A column of column names (``cells_unknown``, ``_carried``) as the tuple each cell lists
    (a Series: a list of empty tuples assigned to a frame would be read as no columns)."""
    return pd.Series([unknown_columns(c) for c in cells], dtype=object)


def validate_cli(
    years: list[int] | None, data_dir: Path | None, series: list[str] | None = None
) -> int:
    """``parkmetrics validate``: load every report of the data folder (of every series, or the
    given series and years) and print a summary line each; the problems go to stderr, like
    every command's."""
    from parkmetrics.data.folder import select_reports

    folder = resolve_data_dir(data_dir)
    if not folder.is_dir():
        raise FileNotFoundError(f"data folder {folder} does not exist")
    chosen = select_reports(folder, series, years)
    if not chosen:
        print(f"parkmetrics validate: no year folders in {folder}", file=sys.stderr)
        return 2
    failed: list[str] = []
    for report in chosen:
        try:
            data = load_year(report.year, folder, report.series)
        except DataValidationError as error:
            failed.append(f"{report.name}: {error}")
            print(f"{report.name}: INVALID, {len(error.problems)} problem(s)")
            continue
        print(
            f"{report.name}: ok: {len(data.figures)} figures, {len(data.awards)} awards, "
            f"{len(data.spending)} spending items, {len(data.budget)} budget lines, "
            f"{len(data.indicators)} indicators, {data.parks['park'].nunique()} parks; "
            f"reported total {_total_shown(data)}"
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


def _total_shown(data: YearData) -> str:
    """The table's 总分 as validate prints it: as written, else why there is none."""
    total = data.header.get("total_score")
    if total:
        return str(total)
    return "not in the source" if "total_score" in data.header_unknown else "blank"
