"""Chinese numerals as reports write them: ``十`` = 10, ``一百零五`` = 105, ``近万亩``'s ``万``,
``十点四`` = 10.4, and the half of ``两天半``.

Only the numeral itself is read here; where a numeral may stand in a figure (before a unit,
after 百分之, with 半 after the unit) is the figure grammar of :mod:`parkmetrics.figures.quantity`.

Decisions:

- **Strict place values**: within a group 千 > 百 > 十 must fall (``十百`` is no numeral), and 万
  and 亿 each come at most once per group, so a run of numeral characters that is really a name
  (``三一``, digit by digit) is rejected instead of being read as a number.
- **Leading units count one**: ``十`` is 10, ``万`` is 10000 (``近万亩``).
- **Decimals** only after ``点`` and only as single digits (``十点四``, not ``十点十``).
"""

from __future__ import annotations

from decimal import Decimal

DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
ZEROS = ("零", "〇")
SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
BIG_UNITS = {"万": 10**4, "亿": 10**8}
POINT = "点"
NUMERAL_CHARS = frozenset(DIGITS) | frozenset(SMALL_UNITS) | frozenset(BIG_UNITS) | {POINT}
HALF = "半"  # 两天半 = 2.5 天, 半天 = 0.5 天
HALF_VALUE = Decimal("0.5")


class NumeralError(ValueError):
    """A run of numeral characters that is not a numeral: ``reason`` and ``expected``."""

    def __init__(self, reason: str, expected: str) -> None:
        super().__init__(f"{reason}; expected {expected}")
        self.reason = reason
        self.expected = expected


def numeral_end(s: str, i: int) -> int:
    """The end of the run of numeral characters starting at ``s[i]`` (``i`` when there is none)."""
    while i < len(s) and s[i] in NUMERAL_CHARS:
        i += 1
    return i


def read_integer(run: str) -> int:
    """Value of a Chinese integer numeral (十 = 10, 一百零五 = 105, 万 = 10000, 两 = 2).

    Raises :class:`NumeralError` for a run that is not one numeral (``三一``, ``十十``).
    """
    not_numeral = NumeralError(f"{run!r} is not a Chinese numeral", "a numeral such as 二十五")
    total = section = current = 0
    digit: int | None = None
    last_small: int | None = None  # 千 > 百 > 十 within a group; 十十 or 十百 is not a numeral
    seen_wan = seen_yi = False
    for ch in run:
        if ch in ZEROS:
            if digit is not None:
                raise not_numeral
            continue
        if ch in DIGITS:
            if digit is not None:  # 三一, 二二: digit by digit, not a number
                raise not_numeral
            digit = DIGITS[ch]
        elif ch in SMALL_UNITS:
            if last_small is not None and SMALL_UNITS[ch] >= last_small:
                raise not_numeral
            current += (1 if digit is None else digit) * SMALL_UNITS[ch]
            last_small, digit = SMALL_UNITS[ch], None
        elif ch == "万":
            if seen_wan:
                raise not_numeral
            group = current + (digit or 0)
            section += (group or 1) * BIG_UNITS[ch]
            current, digit, last_small, seen_wan = 0, None, None, True
        elif ch == "亿":
            if seen_yi:
                raise not_numeral
            group = section + current + (digit or 0)
            total += (group or 1) * BIG_UNITS[ch]
            section = current = 0
            digit, last_small, seen_wan, seen_yi = None, None, False, True
    return total + section + current + (digit or 0)


def read_numeral(run: str) -> Decimal:
    """Value of a Chinese numeral with an optional decimal part (十点四 = 10.4).

    Raises :class:`NumeralError` naming the run and what was expected.
    """
    whole, point, fraction = run.partition(POINT)
    if point and (not fraction or any(c not in DIGITS for c in fraction)):
        raise NumeralError(f"{run!r} is not a Chinese numeral", "digits after 点, as in 十点四")
    if not whole:
        raise NumeralError(f"{run!r} is not a Chinese numeral", "a numeral before 点")
    integer = read_integer(whole)
    if not point:
        return Decimal(integer)
    return Decimal(f"{integer}.{''.join(str(DIGITS[c]) for c in fraction)}")


def is_magnitude(run: str) -> bool:
    """Whether ``run`` is magnitude words alone (``万``, ``亿``): a unit label unless qualified."""
    return set(run) <= set(BIG_UNITS)
