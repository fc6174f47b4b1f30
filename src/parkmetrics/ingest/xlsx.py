"""Excel (.xlsx) reports: one grid per sheet, merged ranges as merges, numbers kept as numbers."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path
from typing import Any

from parkmetrics.ingest.errors import IngestError
from parkmetrics.ingest.grid import Cell, Document, Grid


def read_xlsx(path: str | Path) -> Document:
    """Read every sheet of a workbook as a grid (cached formula results, not formulas)."""
    import openpyxl

    path = Path(path)
    try:
        # data_only: a report's reader sees the values Excel last computed; the formulas are
        # read too, for a formula whose value was never computed (a file saved by a program,
        # not by Excel): that cell's value is not in the file, so it is unknown, not blank
        wb = openpyxl.load_workbook(str(path), data_only=True)
        formulas = openpyxl.load_workbook(str(path), data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise IngestError(path, f"an Excel .xlsx workbook ({type(exc).__name__}: {exc})") from exc
    tables = [
        _sheet_grid(ws, str(path), _uncomputed(ws, formulas[ws.title]))
        for ws in wb.worksheets
    ]
    return Document([t for t in tables if t.cells], [], path)


def _uncomputed(values: Any, formulas: Any) -> set[tuple[int, int]]:
    """(row, column) of the formula cells whose computed value the workbook does not hold."""
    return {
        (c.row, c.column)
        for row in formulas.iter_rows()
        for c in row
        if c.data_type == "f" and values.cell(c.row, c.column).value is None
    }


def _sheet_grid(ws: Any, source: str, uncomputed: set[tuple[int, int]]) -> Grid:
    from openpyxl.utils import get_column_letter

    spans: dict[tuple[int, int], tuple[int, int]] = {}
    covered: set[tuple[int, int]] = set()
    for rng in ws.merged_cells.ranges:
        spans[rng.min_row, rng.min_col] = (
            rng.max_row - rng.min_row + 1,
            rng.max_col - rng.min_col + 1,
        )
        covered |= {
            (r, c)
            for r in range(rng.min_row, rng.max_row + 1)
            for c in range(rng.min_col, rng.max_col + 1)
        } - {(rng.min_row, rng.min_col)}
    skipped = covered | uncomputed
    cells = []
    for row in ws.iter_rows(min_row=1, max_row=ws.max_row, max_col=ws.max_column):
        for xc in row:
            if (xc.row, xc.column) in skipped:
                continue  # a merge's continuation, or a value not in the file (unknown)
            rowspan, colspan = spans.get((xc.row, xc.column), (1, 1))
            number = (
                xc.value
                if isinstance(xc.value, int | float) and not isinstance(xc.value, bool)
                else None
            )
            cells.append(
                Cell(
                    display_text(xc.value, xc.number_format),
                    xc.row - 1,
                    xc.column - 1,
                    rowspan,
                    colspan,
                    f"{ws.title}!{get_column_letter(xc.column)}{xc.row}",
                    number=number,
                )
            )
    return Grid(tuple(cells), source, ws.title)


def display_text(value: Any, number_format: str | None) -> str:
    """The text Excel shows for a value under common formats (0.86 as 0% → ``86%``)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime | dt.date):
        return (
            value.isoformat()[:10]
            if not isinstance(value, dt.datetime) or value.time() == dt.time()
            else value.isoformat(sep=" ")
        )
    if not isinstance(value, int | float):
        return str(value)
    fmt = (number_format or "General").split(";")[0]
    decimals = len(m[1]) if (m := re.search(r"\.([0#]+)", fmt)) else 0
    if "%" in fmt:
        return f"{value * 100:.{decimals}f}%"
    if fmt == "General" or not re.search(r"[0#]", fmt):
        # General shows up to ~11 significant digits, no trailing zeros
        return f"{value:.11g}" if isinstance(value, float) else str(value)
    grouping = "," if "," in fmt else ""
    return f"{value:{grouping}.{decimals}f}"
