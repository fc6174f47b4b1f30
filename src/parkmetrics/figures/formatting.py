"""The one number formatter: a number as a person writes it in a report, a table or a chart.

Every output writes numbers through :func:`format_number`; the callers differ only in the
options, decided here once:

- review messages: at most 4 decimals (a ratio's evidence keeps its digits), a blank as empty
  (:func:`format_number`'s defaults);
- sentences and tables of the report and the briefing: at most 2 decimals, a blank as ``—``
  (:func:`report_number`);
- chart labels and ticks: as review messages, with thousands separated from 10 000
  (:func:`chart_number`).
"""

from __future__ import annotations

import math
from numbers import Real
from typing import Any

DEFAULT_PLACES = 4
THOUSANDS_FROM = 10000  # 9999 reads at a glance; 12,345 needs its separator
REPORT_PLACES = 2  # a report writes 810.24万元, 105.4%: two decimals at most
BLANK_MARK = "—"  # a value that is blank or cannot be computed, in the report's tables


def is_missing(value: Any) -> bool:
    """None, NaN or a blank string: nothing to write."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, Real) and math.isnan(float(value))


def format_number(
    value: Any, places: int = DEFAULT_PLACES, *, blank: str = "", thousands: bool = False
) -> str:
    """``value`` rounded to ``places`` decimals, without trailing zeros or a negative zero.

    No thousands separators unless ``thousands`` (then from 10 000 up); ``blank`` for a
    missing value (None, NaN, an empty string).
    """
    if is_missing(value):
        return blank
    number = float(value)
    if not math.isfinite(number):
        return str(number)
    use_separator = thousands and abs(number) >= THOUSANDS_FROM
    text = f"{number:,.{places}f}" if use_separator else f"{number:.{places}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def report_number(value: Any, places: int = REPORT_PLACES) -> str:
    """A number in the report's or the briefing's sentences and tables (blank → ``—``)."""
    return format_number(value, places, blank=BLANK_MARK)


def chart_number(value: Any) -> str:
    """A number on a chart: a bar label or a tick (thousands separated from 10 000)."""
    return format_number(value, thousands=True)
