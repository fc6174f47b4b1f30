"""A year's files read and checked, before any frame is built.

``read_year_files`` reads the year's six tables, its source documents and its vocabulary and
checks everything the loader checks, returning the checked tables (the CSV reader's lists) or
raising one ``DataValidationError`` with every problem. Valid files need no pandas (only
reporting a malformed cell or a repeated key does, through pandera and pandas): the run's
pre-flight validates every year with it before any kernel starts, and ``load_year`` builds the
frames from what it returns.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from parkmetrics.data.folder import available_years, resolve_data_dir, series_dir
from parkmetrics.data.integrity import check_cells, check_year
from parkmetrics.data.layout import prepare
from parkmetrics.data.schemas import SCHEMAS
from parkmetrics.data.sources import SOURCE_FOLDER, read_sources
from parkmetrics.data.tables import LINE, RawTable, read_csv
from parkmetrics.data.vocabulary_files import UNITS_FILE, read_vocabulary, vocabulary_folders
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
class YearFiles:
    """One year's checked files: its tables (prepared), its vocabulary's, its sources."""

    year: int
    folder: Path  # the data folder
    series: str | None
    tables: dict[str, RawTable]  # YEAR_FILES → the table, optional columns present
    vocabulary: dict[str, RawTable]  # the checked vocabulary tables (read_vocabulary)
    sources: dict[str, Path]  # every file of source/ (.docx too)
    texts: dict[str, str]  # text document name → its text
    encodings: dict[str, str]  # data file → the encoding it was read in, sorted by file


def read_year_files(
    year: int, data_dir: Path | str | None = None, series: str | None = None
) -> YearFiles:
    """Read and check one year (of one ``series`` of the data folder, None: its own years);
    raise ``DataValidationError`` listing every problem."""
    folder = resolve_data_dir(data_dir)
    year_dir = series_dir(folder, series) / str(year)
    if not year_dir.is_dir():
        where = folder if series is None else folder / series
        known = ", ".join(map(str, available_years(where))) if where.is_dir() else "none"
        raise LookupError(f"no data for year {year} in {where} (years available: {known})")

    vocabulary, problems = read_vocabulary(*vocabulary_folders(folder, series))
    prefix = str(year) if series is None else f"{series}/{year}"
    vocabulary_read = not problems
    tables: dict[str, RawTable] = {}
    read: dict[str, RawTable] = {}  # the files read and prepared without a problem
    for file in YEAR_FILES:
        table, found = read_csv(year_dir / file, f"{prefix}/{file}")
        problems += found
        if table is not None:
            table, prepared = prepare(table, SCHEMAS[file])
            problems += prepared
            tables[file] = table
            if not found and not prepared:
                read[file] = table
    sources, texts, source_encodings, found = read_sources(
        year_dir / SOURCE_FOLDER, f"{prefix}/{SOURCE_FOLDER}"
    )
    problems += found
    if problems or len(tables) < len(YEAR_FILES):
        if vocabulary_read and not found:
            # one file that cannot be read must not hide the cell problems of the others
            # (the checks across files need them all, and wait for a readable year)
            problems += check_cells(read, vocabulary, texts)
        raise DataValidationError(problems)

    problems += check_year(tables, vocabulary, texts)
    problems += _later_years(tables["figures.csv"], year)
    if problems:
        raise DataValidationError(problems)
    read = [t for f, t in vocabulary.items() if f != UNITS_FILE]  # the unit scope is not a file
    encodings = {t.name: t.encoding for t in [*read, *tables.values()]}
    encodings.update(source_encodings)
    return YearFiles(
        year, folder, series, tables, vocabulary, sources, texts, dict(sorted(encodings.items()))
    )


def _later_years(table: RawTable, year: int) -> list[Problem]:
    """A figure cannot be about a year after its report's (about_year is checked as integer)."""
    if "about_year" not in table.data:
        return []
    return [
        Problem(table.name, int(line), "about_year", text, f"a year ≤ {year} or blank")
        for text, line in zip(table.column("about_year"), table.column(LINE), strict=True)
        if text.isdigit() and int(text) > year
    ]
