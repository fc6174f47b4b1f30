"""The declared schema of every data file: its ``Field``s (name, kind, required, allowed).

:mod:`parkmetrics.data.cell_checks` checks a file's text against them. Allowed values that
depend on the vocabulary or the unit table are named here and passed in there, not hard-coded.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # checking cells needs no pandas (the run's pre-flight); reporting a failure
    pass  # goes through pandera, which does

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
