"""The declared schema of every data file, checked with pandera on the text as read.

Each file is a list of ``Field``s; ``check_table`` turns them into a pandera schema, validates
lazily (all failures at once) and returns ``Problem``s that name file, line, column and value.
Allowed values that depend on the vocabulary or the unit table are passed in, not hard-coded.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from parkmetrics.data.tables import INTERNAL, LINE, RawTable
from parkmetrics.errors import Problem
from parkmetrics.figures.reading import QUALIFIERS

if TYPE_CHECKING:  # checking cells needs no pandas (the run's pre-flight); reporting a failure
    import pandas as pd  # goes through pandera, which does

THEMES = (
    "budget",
    "economy",
    "planning",
    "land",
    "platforms",
    "funds",
    "projects",
    "reform",
    "services",
    "green_safety",
    "ranking",
)
# Known budget-line ids (the template's lines and the variants seen in practice). A form's
# other lines (a named sub-fund…) use any id of their own; ``total`` is 年度资金总额 / 总额.
BUDGET_LINES = (
    "total",
    "fiscal_appropriation",
    "carryover",
    "other",
    "special_account",
    "unit_funds",
)
TOTAL_LINE = "total"
# Columns that record a table's layout rather than a cell of it.
UNKNOWN = "cells_unknown"  # the row's cells that are not in the source (cut off, illegible)
AWARD_LEVELS = ("national", "provincial", "city")
# spending.csv ``stage``: what the money went to (blank = executed), or the spending plan
SPENDING_STAGES = ("executed", "planned")
PARK_NAME_KINDS = ("official", "alias", "legal")  # legal: the full legal name
SNAKE_ID = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")


def is_number(text: str) -> bool:
    """True when ``text`` is a plain, finite decimal number in ASCII digits (no units, no
    qualifiers; 1e309, which no float holds, is refused; nor 1_000, which Python's readers
    take as 1000 but pandas' does not)."""
    if not text.isascii() or "_" in text:
        return False
    try:
        return Decimal(text).is_finite() and math.isfinite(float(text))
    except (InvalidOperation, ValueError):
        return False


@dataclass(frozen=True)
class Field:
    """One column of a data file: its kind, whether it may be blank, and its allowed values."""

    name: str
    kind: str = "text"  # text | number | integer | id | qualifier
    required: bool = True
    allowed: str | None = None  # key into the ``allowed`` mapping given to ``check_table``
    meaning: str = ""
    optional: bool = False  # the column may be left out of the file (then every cell is blank)


SOURCE = [Field("document", allowed="documents"), Field("source_quote")]
UNKNOWN_FIELD = Field(UNKNOWN, "columns", required=False, optional=True)

SCHEMAS: dict[str, list[Field]] = {
    "metrics.csv": [
        Field("metric", "id"),
        Field("label"),
        Field("canonical_unit", required=False, allowed="canonical_units"),
        Field("theme", allowed="themes"),
        Field("growth_of", required=False, allowed="metrics"),
        Field("completion_of", required=False, allowed="metrics"),
        Field("meaning"),
    ],
    "themes.csv": [Field("theme", "id"), Field("label"), Field("meaning", required=False)],
    "parks.csv": [
        Field("park", "id"),
        Field("name"),
        Field("kind", allowed="park_name_kinds"),
        Field("note", required=False),
    ],
    "indicator_levels.csv": [
        Field("level", "integer", allowed="levels"),
        Field("id", "id"),
        Field("label"),
        Field("parent", required=False),
        Field("default_weight", "number", required=False),
        Field("meaning"),
    ],
    "header_fields.csv": [
        Field("field", "id"),
        Field("label"),
        Field("required", allowed="yes_no"),
        Field("meaning"),
    ],
    "header.csv": [
        Field("field", allowed="header_fields"),
        Field("value", required=False),
        Field("source_quote", required=False),
        UNKNOWN_FIELD,
    ],
    "figures.csv": [
        Field("park", allowed="parks"),
        Field("metric", allowed="metrics"),
        Field("label"),
        Field("value_text"),
        Field("value", "number", required=False),
        Field("unit", required=False, allowed="units"),
        Field("canonical_value", "number", required=False),
        Field("canonical_unit", required=False, allowed="canonical_units"),
        Field("qualifier", "qualifier"),
        Field("comparison", required=False, allowed="comparisons"),
        *SOURCE,
        Field("note", required=False),
        # the year the figure is about when it is not the report's own (上年 restated); blank:
        # the report's year. Figures about an earlier year go to YearData.restated.
        Field("about_year", "integer", required=False, optional=True),
    ],
    "awards.csv": [
        Field("park", allowed="parks"),
        Field("award", "id"),
        Field("label"),
        Field("level", allowed="award_levels"),
        Field("note", required=False),
        *SOURCE,
    ],
    "spending.csv": [
        Field("item", "id"),
        Field("label"),
        Field("amount", "number"),
        Field("unit", allowed="units"),
        *SOURCE,
        Field("stage", required=False, allowed="spending_stages", optional=True),
        Field("line", "line", required=False, optional=True),  # the budget line it is paid from
    ],
    "budget.csv": [
        Field("line", "line"),
        Field("label"),
        Field("unit", allowed="money_units"),
        *[Field(n, "number", required=False) for n in ("initial", "full_year", "executed")],
        Field("weight", "number", required=False),
        Field("rate_text", required=False),
        Field("rate", "number", required=False),
        Field("score", "number", required=False),
        Field("reason", required=False, optional=True),
        UNKNOWN_FIELD,
    ],
    "indicators.csv": [
        Field("row", "integer"),
        Field("level1", required=False, allowed="level1"),
        Field("level2", required=False, allowed="level2"),
        Field("level3", required=False),
        Field("sign", required=False, optional=True),
        Field("target", required=False),
        Field("unit", required=False, optional=True),
        Field("actual", required=False),
        Field("weight", "number", required=False),
        Field("score", "number", required=False),
        Field("deviation_reason", required=False),
        Field("metrics", required=False),
        UNKNOWN_FIELD,
    ],
}

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
