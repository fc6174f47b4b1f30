"""How the briefing words values: blanks, numbers as the report writes them, severities."""

from __future__ import annotations

from typing import Any

from parkmetrics.cells import is_blank

BLANK = "—"  # a value that is blank or cannot be computed, in tables and notes


def as_text(value: Any) -> str:
    """The value as text; blank → empty."""
    return "" if is_blank(value) else str(value)


def as_number(value: Any) -> str:
    """A number as the report writes it: at most two decimals, no trailing zeros; blank → —."""
    if is_blank(value):
        return BLANK
    number = round(float(value), 2)
    if number == int(number):
        return str(int(number))
    return f"{number:.2f}".rstrip("0").rstrip(".")
