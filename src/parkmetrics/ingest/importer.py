"""``parkmetrics import``: a report into a year of the data folder, validated, moved in whole.

The files are written into a temporary data folder beside the target (with a copy of the
vocabulary), loaded with ``load_year`` (the same validation as every year), and only then
renamed into place, so a failed import writes nothing and a year is never half written.
Existing data is replaced only with ``force``.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from parkmetrics.data.dataset import YearData, load_year
from parkmetrics.data.folder import resolve_data_dir
from parkmetrics.data.sources import SOURCE_FOLDER
from parkmetrics.data.tables import LINE, read_csv
from parkmetrics.data.vocabulary import Vocabulary, load_vocabulary
from parkmetrics.errors import DataValidationError, Problem
from parkmetrics.ingest.errors import IngestError
from parkmetrics.ingest.extract import (
    FIGURE_COLUMNS,
    UNMAPPED_COLUMNS,
    extract_figures,
    figure_rows,
)
from parkmetrics.ingest.files import source_name, source_text, write_csv
from parkmetrics.ingest.grid import Document
from parkmetrics.ingest.open import open_document
from parkmetrics.ingest.recognise import recognise
from parkmetrics.ingest.rows import CELL_COLUMNS, HEADER_COLUMNS, Rows, to_rows
from parkmetrics.ingest.template import template_rows, write_template

AWARD_COLUMNS = ("park", "award", "label", "level", "note", "document", "source_quote")
SPENDING_COLUMNS = ("item", "label", "amount", "unit", "document", "source_quote")
UNMAPPED_FILE = "figures_unmapped.csv"  # not read by load_year: the analyst's worklist
CELLS_FILE = "source_cells.csv"  # every imported cell's quote and location in the report


@dataclass(frozen=True)
class Imported:
    """What an import wrote: the loaded year and the counts a person is told."""

    year_data: YearData
    folder: Path
    figures: int
    unmapped: int
    notes: tuple[str, ...]


def _write_year(
    folder: Path,
    file: Path,
    doc: Document,
    rows: Rows,
    vocabulary: Vocabulary,
    text: str,
    entered: tuple[list[dict], list[dict]] | None,
) -> tuple[int, int]:
    name = source_name(file)
    (folder / SOURCE_FOLDER).mkdir(parents=True)
    if name == file.name:
        shutil.copyfile(file, folder / SOURCE_FOLDER / name)  # the text byte for byte
    else:
        (folder / SOURCE_FOLDER / name).write_text(text, encoding="utf-8", newline="")
        shutil.copyfile(file, folder / SOURCE_FOLDER / file.name)  # the original beside it
    if entered is not None:  # a filled entry template: its 数字 and 支出 sheets as entered
        (mapped, spending), unmapped = entered, []
    else:
        mapped, unmapped = figure_rows(extract_figures(text, doc.paragraphs, vocabulary), name)
        spending = []
    write_csv(folder / "header.csv", HEADER_COLUMNS, rows.header)
    write_csv(folder / "budget.csv", rows.budget_columns, rows.budget)
    write_csv(folder / "indicators.csv", rows.indicator_columns, rows.indicators)
    write_csv(folder / "figures.csv", FIGURE_COLUMNS, mapped)
    write_csv(folder / UNMAPPED_FILE, UNMAPPED_COLUMNS, unmapped)
    write_csv(folder / "awards.csv", AWARD_COLUMNS, [])
    write_csv(folder / "spending.csv", SPENDING_COLUMNS, spending)
    write_csv(folder / CELLS_FILE, CELL_COLUMNS, rows.cells)
    return len(mapped), len(unmapped)


def import_report(
    file: Path | str, year: int, data_dir: Path | str | None = None, force: bool = False
) -> Imported:
    """Read ``file``, write ``<data_dir>/<year>``, validate it, move it into place."""
    file = Path(file)
    data = resolve_data_dir(data_dir)
    target = data / str(year)
    if target.exists() and not force:
        already = f"{year} is already in the data folder (use --force to replace it)"
        raise IngestError(target, already)
    vocabulary = load_vocabulary(data)
    doc = open_document(file)
    evaluation = recognise(doc)
    text = source_text(file, doc)
    rows = to_rows(evaluation, vocabulary, source_name(file))
    template = template_rows(doc, vocabulary, source_name(file))
    problems = rows.problems + (template[2] if template else [])
    if problems:
        raise DataValidationError(problems)
    entered = (template[0], template[1]) if template else None
    with tempfile.TemporaryDirectory(prefix=f".import-{year}-", dir=data) as tmp:
        staging = Path(tmp)
        shutil.copytree(data / "vocabulary", staging / "vocabulary")
        figures, unmapped = _write_year(
            staging / str(year), file, doc, rows, vocabulary, text, entered
        )
        try:
            load_year(year, staging)  # the loader's validation; raises with every problem
        except DataValidationError as error:
            raise _in_the_report(error, staging / str(year), rows, file) from None
        if target.exists():
            target.rename(staging / "replaced")  # removed with the temporary folder
        (staging / str(year)).rename(target)
    year_data = load_year(year, data)
    return Imported(year_data, target, figures, unmapped, (*evaluation.notes, *rows.notes))


# the key column of each file the table's cells are written to (source_cells.csv's ``key``)
_KEYS = {"header.csv": "field", "budget.csv": "line", "indicators.csv": "row"}


def _in_the_report(
    error: DataValidationError, folder: Path, rows: Rows, file: Path
) -> DataValidationError:
    """The loader's problems of a staged year, named by the report and the cell each came from
    (the staged files are removed with the failed import, so naming them would send the user
    to a file that is not there)."""
    located = {(c["file"], c["key"], c["column"]): c["location"] for c in rows.cells}
    problems = []
    for problem in error.problems:
        prefix = f"{folder.name}/"
        if not problem.file.startswith(prefix):  # a vocabulary file: the user's own, as named
            problems.append(problem)
            continue
        table = problem.file.removeprefix(prefix)
        where = f"{table}:{problem.line}" if problem.line else table
        location = _cell_location(folder / table, table, problem, located)
        expected = f"{problem.expected} (as imported: {where}, column {problem.column})"
        problems.append(
            Problem(file.name, None, location or problem.column, problem.value, expected)
        )
    return DataValidationError(problems)


def _cell_location(
    path: Path, table: str, problem: Problem, located: dict[tuple[str, str, str], str]
) -> str | None:
    """Where in the report the cell of ``problem`` (a staged file's line and column) was read."""
    key = _KEYS.get(table)
    if key is None or problem.line is None or problem.column is None:
        return None
    raw, _ = read_csv(path, table)
    if raw is None or problem.line not in raw.data[LINE]:
        return None
    record = raw.data[LINE].index(problem.line)
    return located.get((table, raw.data[key][record], problem.column)) or None


def import_cli(file: Path, year: int, data_dir: Path | None, force: bool) -> int:
    """``parkmetrics import``: one line of what was written, the table's notes below it."""
    done = import_report(file, year, data_dir, force)
    yd = done.year_data
    print(
        f"{Path(file).name} → {done.folder}: {len(yd.budget)} budget lines, "
        f"{len(yd.indicators)} indicators, {len(yd.placeholders)} placeholder rows, "
        f"{done.figures} figures (+{done.unmapped} unmapped candidates in {UNMAPPED_FILE}); "
        f"validated"
    )
    for note in done.notes:
        print(f"  note: {note}")
    return 0


def template_cli(year: int, data_dir: Path | None, out: Path | None, force: bool) -> int:
    """``parkmetrics template``: the entry workbook (default ``entry-<year>.xlsx``)."""
    path = Path(out) if out is not None else Path(f"entry-{year}.xlsx")
    if path.exists() and not force:
        raise IngestError(path, "a new file: it exists (use --force to replace it)")
    write_template(path, year, load_vocabulary(resolve_data_dir(data_dir)))
    print(
        f"{path}: entry workbook for {year} (sheets 说明, 表头, 资金, 指标, 数字, 支出); "
        f"fill it in, then: parkmetrics import {path} --year {year}"
    )
    return 0
