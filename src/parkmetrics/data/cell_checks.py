"""Checking a file's text against its declared schema (``schemas.SCHEMAS``), cell by cell.

``check_table`` runs each column's tests on the reader's lists; only when a cell fails does it
build a pandera schema, which validates lazily (all failures at once) and gives the ``Problem``s
that name file, line, column and value. ``duplicate_keys`` finds rows that repeat a key.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import TYPE_CHECKING

from parkmetrics.data.schemas import BUDGET_LINES, SNAKE_ID, Field, is_number
from parkmetrics.data.tables import INTERNAL, LINE, RawTable
from parkmetrics.errors import Problem
from parkmetrics.figures.reading import QUALIFIERS

if TYPE_CHECKING:  # checking cells needs no pandas (the run's pre-flight); reporting a failure
    import pandas as pd  # goes through pandera, which does


_KIND_CHECKS: dict[str, tuple[Callable[[str], bool], str]] = {
    "number": (
        is_number,
        "a number (digits only; write units and qualifiers in their own columns)",
    ),
    "integer": (lambda v: v.isascii() and v.isdigit(), "a whole number"),
    "line": (
        lambda v: v == v.strip() and not any(c in v for c in ";\n"),
        "a budget-line id: a known one (" + ", ".join(BUDGET_LINES) + ") or the form's own",
    ),
    "columns": (
        lambda v: all(SNAKE_ID.match(part.strip()) for part in v.split(";")),
        "column names separated by ';'",
    ),
    "id": (lambda v: bool(SNAKE_ID.match(v)), "a snake_case id (a-z, 0-9, _)"),
    "qualifier": (
        lambda v: all(part in QUALIFIERS for part in v.split("+")),
        "qualifiers from " + ", ".join(QUALIFIERS) + " joined by '+'",
    ),
}


def _element_test(test: Callable[[str], bool]) -> Callable[[str], bool]:
    # Blank cells are the "required" check's business, so kind/allowed checks skip them.
    return lambda v: v == "" or test(v)


def _not_blank(value: str) -> bool:
    return value != ""


def _describe(values: Collection[str], source: str) -> str:
    shown = sorted(values)
    if len(shown) <= 8:
        return "one of " + ", ".join(shown) + (f" ({source})" if source else "")
    return f"a value listed in {source}" if source else "one of the known values"


def check_table(
    table: RawTable,
    fields: list[Field],
    allowed: Mapping[str, tuple[Collection[str], str]],
) -> list[Problem]:
    """Validate the text of ``table`` against ``fields``; every problem, none raised.

    ``allowed`` maps a field's ``allowed`` key to (allowed values, where they are defined).
    """
    present = table.data
    problems = [
        Problem(table.name, 1, f.name, None, "this column in the header")
        for f in fields
        if f.name not in present and not f.optional
    ]
    known = {f.name for f in fields} | set(INTERNAL)
    problems += [
        Problem(table.name, 1, c, c, "only the columns " + ", ".join(f.name for f in fields))
        for c in present
        if c not in known
    ]
    tests: dict[str, list[tuple[Callable[[str], bool], str]]] = {}
    for f in fields:
        if f.name not in present:
            continue
        tests[f.name] = []
        if f.required:
            tests[f.name].append((_not_blank, "a value (not blank)"))
        if f.kind in _KIND_CHECKS:
            test, error = _KIND_CHECKS[f.kind]
            tests[f.name].append((_element_test(test), error))
        if f.allowed is not None:
            values, source = allowed[f.allowed]
            value_set = frozenset(values)
            described = _describe(value_set, source)
            tests[f.name].append((_element_test(value_set.__contains__), described))
    if _all_pass(table, tests):  # the usual case, without building and running a schema
        return problems
    import pandera.pandas as pa  # imported only to report failures (0.3 s of CPU per process)

    columns = {  # every cell is text as read; checks decide
        name: pa.Column(None, [pa.Check(t, element_wise=True, error=e) for t, e in checks])
        for name, checks in tests.items()
    }
    try:
        pa.DataFrameSchema(columns, strict=False).validate(table.frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        problems += _problems_from(table, errors.failure_cases)
    return problems


def _all_pass(table: RawTable, tests: Mapping[str, list[tuple[Callable, str]]]) -> bool:
    """Whether every cell passes its column's tests (and none is missing): then pandera would
    find nothing. Plain loops over each column's values; at province scale the schema's own
    machinery was a fifth of loading. Any failure goes to pandera for its exact report."""
    try:
        for name, checks in tests.items():
            # each distinct value once: a test is a function of the value alone
            values = set(table.column(name))
            if not set(map(type, values)) <= {str}:  # a null: pandera reports it
                return False
            for test, _error in checks:
                if not all(map(test, values)):
                    return False
    except Exception:  # whatever a test cannot take, pandera reports as it always did
        return False
    return True


def _problems_from(table: RawTable, cases: pd.DataFrame) -> list[Problem]:
    import pandas as pd

    lines = table.frame[LINE]
    found = []
    for case in cases.itertuples(index=False):
        index = case.index
        line = int(lines.iloc[int(index)]) if pd.notna(index) else None
        value = None if pd.isna(case.failure_case) else str(case.failure_case)
        found.append(Problem(table.name, line, str(case.column), value, str(case.check)))
    return found


def duplicate_keys(table: RawTable, key: list[str]) -> list[Problem]:
    """A problem for every row whose ``key`` repeats an earlier row's."""
    if any(k not in table.data for k in key):
        return []
    keys = list(zip(*(table.column(k) for k in key), strict=True))
    if len(set(keys)) == len(keys):  # the usual case, without pandas' duplicated machinery
        return []
    frame = table.frame
    repeated = frame[frame.duplicated(subset=key, keep="first")]
    if repeated.empty:
        return []
    first_line = frame.drop_duplicates(subset=key).set_index(key)[LINE]
    problems = []
    for _, row in repeated.iterrows():
        value = " / ".join(row[k] for k in key)
        first = first_line.loc[tuple(row[k] for k in key) if len(key) > 1 else row[key[0]]]
        problems.append(
            Problem(
                table.name,
                int(row[LINE]),
                "+".join(key),
                value,
                f"a unique {'+'.join(key)} (already on line {int(first)})",
            )
        )
    return problems
