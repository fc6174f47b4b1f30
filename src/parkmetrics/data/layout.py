"""The template's variants, prepared before the cells are checked.

Real forms differ from the national template (data/README.md, "The format"): optional columns
(指标性质 / 度量单位 / the budget's 原因 cell) may be left out of a file; 一级/二级 cells are
written only on the first row of a merged group; placeholder rows (指标2, ……) are left in;
cells that are not in the source (a page cut off) are listed in ``cells_unknown``.
``prepare`` returns tables in which all of this is explicit, so the schema checks and the
frames see one shape. It never invents a value: a carried-down level is recorded as carried.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from parkmetrics.data.schemas import UNKNOWN, Field
from parkmetrics.data.tables import CARRIED, LINE, PLACEHOLDER, RawTable, read_csv
from parkmetrics.errors import DataValidationError, Problem

PLACEHOLDERS_FILE = "config/placeholders.csv"
LEVEL_COLUMNS = ("level1", "level2")
# Columns that are keys or our own annotation, never cells of the report: never unknown.
NOT_CELLS = {"row", "line", "field", "metrics", UNKNOWN}
# Indicator cells that, all blank, make a row whose 三级指标 is a placeholder not data.
_FILLED_CELLS = ("sign", "target", "unit", "actual", "weight", "score", "deviation_reason")


@cache
def placeholder_patterns() -> tuple[re.Pattern[str], ...]:
    """The placeholder 三级指标 texts of the template (``config/placeholders.csv``)."""
    path = Path(str(resources.files("parkmetrics") / PLACEHOLDERS_FILE))
    table, problems = read_csv(path, PLACEHOLDERS_FILE)
    if table is None:
        raise DataValidationError(problems)
    return tuple(re.compile(p) for p in table.column("pattern"))


def is_placeholder(level3: str) -> bool:
    """Whether a 三级指标 text is the template's placeholder (指标2, ……) or blank."""
    text = level3.strip()
    return not text or any(p.match(text) for p in placeholder_patterns())


def prepare(table: RawTable, fields: list[Field]) -> tuple[RawTable, list[Problem]]:
    """``table`` with its optional columns present, number columns in ASCII digits (NFKC), and,
    for indicators, levels carried down and placeholder rows marked; plus layout problems."""
    data = dict(table.data)  # new lists for changed columns: the read table stays as read
    absent = [f.name for f in fields if f.optional and f.name not in data]
    for name in absent:
        data[name] = [""] * len(table)
    for f in fields:
        if f.kind in ("number", "integer") and f.name in data:
            # full-width and other compatibility digits (１０, ５.５) are the same number
            data[f.name] = [unicodedata.normalize("NFKC", v).strip() for v in data[f.name]]
    prepared = replace(table, data=data, added=table.added | frozenset(absent))
    problems = _unknown_cells(prepared, fields)
    if {"row", *LEVEL_COLUMNS} <= set(data):
        prepared, found = _indicator_layout(prepared)
        problems += found
    return prepared, problems


def unknown_in(record: Mapping[str, Any]) -> tuple[str, ...]:
    """The columns of a loaded row (budget line, indicator) that are not in the source; empty
    for a row without them (or a frame built without the ``cells_unknown`` column)."""
    value = record.get(UNKNOWN)
    return tuple(value) if isinstance(value, tuple | list) else ()


def unknown_columns(text: str) -> tuple[str, ...]:
    """The column names a ``cells_unknown`` cell lists, in the order written."""
    return tuple(c.strip() for c in text.split(";") if c.strip())


def _unknown_cells(table: RawTable, fields: list[Field]) -> list[Problem]:
    """Each column ``cells_unknown`` names is a cell of this file, and that cell is blank."""
    if UNKNOWN not in table.data:
        return []
    cells = [f.name for f in fields if f.name not in NOT_CELLS]
    problems = []
    for record in table.rows():
        for column in unknown_columns(record[UNKNOWN]):
            line = int(record[LINE])
            if column not in cells:
                expected = "a cell column of this file (" + ", ".join(cells) + ")"
                problems.append(Problem(table.name, line, UNKNOWN, column, expected))
            elif record.get(column, ""):
                expected = f"blank, since {UNKNOWN} says this cell is not in the source"
                problems.append(Problem(table.name, line, column, record[column], expected))
    return problems


def _indicator_layout(table: RawTable) -> tuple[RawTable, list[Problem]]:
    """Carry 一级/二级 ids down their merged group (recorded in ``_carried``) and mark
    placeholder rows (``_placeholder``), in table (``row``) order."""
    data = dict(table.data)
    for column in LEVEL_COLUMNS:
        data[column] = list(data[column])  # changed below where a level is carried down
    numbers = [int(v) if v.isdigit() else 0 for v in data["row"]]
    order = sorted(range(len(numbers)), key=numbers.__getitem__)  # stable, as pandas' "stable"
    last = dict.fromkeys(LEVEL_COLUMNS, "")
    carried, placeholder = [""] * len(numbers), [""] * len(numbers)
    problems = []
    rows = table.rows()
    for index in order:
        record = rows[index]
        levels = {column: record[column] for column in LEVEL_COLUMNS}  # as carried down
        marks = []
        for column in LEVEL_COLUMNS:
            unknown = column in unknown_columns(record.get(UNKNOWN, ""))
            if record[column]:
                last[column] = record[column]
                if column == "level1" and not record["level2"]:
                    last["level2"] = ""  # a new 一级 group starts a new 二级 group too
            elif last[column] and not unknown:
                data[column][index] = levels[column] = last[column]
                marks.append(column)
        carried[index] = ";".join(marks)
        empty = all(not record.get(c, "") for c in _FILLED_CELLS)
        placeholder[index] = "yes" if empty and is_placeholder(record["level3"]) else ""
        if not placeholder[index]:
            for column in LEVEL_COLUMNS:
                unknown = column in unknown_columns(record.get(UNKNOWN, ""))
                if not levels[column] and not unknown:
                    expected = (
                        f"a {column} id, on this row or on a row above it in its merged group"
                    )
                    problems.append(Problem(table.name, int(record[LINE]), column, None, expected))
    data[CARRIED] = carried
    data[PLACEHOLDER] = placeholder
    return replace(table, data=data), problems
