"""How the briefing words values: blanks, numbers as the report writes them, severities.

Numbers are written by :func:`parkmetrics.figures.formatting.report_number`.
"""

from __future__ import annotations

from typing import Any

from parkmetrics.figures.formatting import BLANK_MARK
from parkmetrics.scoring.cells import is_blank

BLANK = BLANK_MARK  # a value that is blank or cannot be computed, in tables and notes


def as_text(value: Any) -> str:
    """The value as text; blank → empty."""
    return "" if is_blank(value) else str(value)
