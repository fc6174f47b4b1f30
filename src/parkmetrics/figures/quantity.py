"""The parser for Chinese figures: ``近600家``, ``累计超70亿元``, ``≥100百分比``, ``两天半``.

Grammar of one figure (after NFKC normalisation, so ``１０.４％`` reads as ``10.4%``)::

    [sign] [prefix qualifiers] [第|前] [百分之] number [多|余] [unit] [半] [suffix qualifiers]

Decisions (each one a place where reports are ambiguous):

- **Magnitude words belong to the unit when digits are written**: ``5329亿元`` is 5329 in 亿元;
  ``5000万`` is 5000 in the bare magnitude ``万`` (canonical unit ``1``, canonical value 5e7) —
  the parser does not guess that 5000万 means 万元. A numeral written in Chinese is evaluated
  whole (:mod:`parkmetrics.figures.numerals` reads it): ``近万亩`` is 10000 亩, ``两天半`` is
2.5 天. A
  lone 万/亿 directly before a unit needs a qualifier (``近万亩``) — otherwise ``万元`` is a unit
  label, not a figure (qualitative).
- **Units** are the symbols of ``config/units.csv`` (longest match: ``个百分点`` before ``个``).
  The written unit is kept (``家`` stays ``家``, canonical ``个``), except that percent spellings
  are normalised (``％``, ``百分比`` → ``%``) and Traditional forms are read as Simplified
  (``810.24萬元`` is 810.24 ``万元``, ``累計`` is cumulative: ``config/traditional.csv``); the text
  stays as written.
- **Ranks**: ``第84位`` is 84 位 (qualifier ``exact``); ``前10`` is 10 位 with qualifier
  ``at_most`` — 前 only makes sense for a rank, so the unit 位 is implied. After 第/前 a written
  ``名`` is read as the rank ``位``.
- **A figure with no unit** (``1,234``, ``十``) has ``unit=None`` and canonical unit ``1``; only
  qualitative text has no canonical unit.
- **``0事故`` is an error**: ``事故`` is a noun, not a unit. :func:`find_quantities`, which reads
  sentences best-effort, returns such a number with no unit instead.
- **Qualitative text**: text with no Arabic digit, ``%`` or comparison sign that does not read as
  a whole figure (``已完成``, ``效果明显``, ``五好园区``) is ``qualitative=True``. Text that has
  digits but cannot be read raises :class:`QuantityError`. Empty text is an error.
- **The full-width comma ``，`` is punctuation**, never a thousands separator: ``145，130，110个``
  is three figures for :func:`parse_quantities`, while ``1,234`` is one thousand two hundred ….
- **Comparison** comes only from a written sign (``≥50个``); a qualifier word such as 以上 is
  kept as a qualifier and never turned into a sign.
- ``qualifier`` is ``exact`` when no qualifier word is written (also for qualitative text).

Figures are written back in their canonical spelling by :mod:`parkmetrics.figures.writing`.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache, wraps
from typing import Any, TypeVar, cast

from parkmetrics.figures.numerals import HALF, NUMERAL_CHARS
from parkmetrics.figures.reading import COMPARISONS as COMPARISONS  # callers import it from here
from parkmetrics.figures.reading import (
    DATE_WORDS,
    FULL_WIDTH_COMMA,
    LIST_SEPARATORS,
    PERCENT_WORDS,
    PREFIX_QUALIFIERS,
    RANK_PREFIX,
    SIGNS,
    TOP_PREFIX,
    NoFigure,
    Reading,
    longest_word,
    normalise,
    read_figure,
    skip_failed,
    skip_spaces,
    unit_list,
)
from parkmetrics.figures.units import to_canonical, unit, units_version


class QuantityError(ValueError):
    """A text that looks like a figure but cannot be read.

    ``text`` is the text as given, ``reason`` what is wrong, ``expected`` what was expected —
    enough for a loader to build a :class:`parkmetrics.errors.Problem`.
    """

    def __init__(self, text: str, reason: str, expected: str) -> None:
        self.text = text
        self.reason = reason
        self.expected = expected
        super().__init__(f"cannot read {text!r} as a figure: {reason}; expected {expected}")


@dataclass(frozen=True)
class Quantity:
    """One figure as written in a report, with its number, unit, qualifier and comparison.

    - ``text``: the text as given (full-width forms and spaces included);
    - ``value``, ``unit``: the number in the written unit (``5329``, ``亿元``); ``unit`` is None
      when none is written; percent spellings are normalised to ``%``;
    - ``canonical_value``, ``canonical_unit``: converted by ``config/units.csv`` (``1`` for a
      figure without unit);
    - ``qualifier``: ``exact`` or qualifiers joined by ``+`` in written order
      (``cumulative+over``); ``comparison``: ``>=``, ``>``, ``<=``, ``<``, ``=`` or None;
    - ``qualitative``: True for words with no figure (then value and units are None).
    """

    text: str
    value: Decimal | None
    unit: str | None
    canonical_value: Decimal | None
    canonical_unit: str | None
    qualifier: str = "exact"
    comparison: str | None = None
    qualitative: bool = False

    @property
    def qualifiers(self) -> tuple[str, ...]:
        """The qualifiers in written order; empty for an exact figure."""
        return () if self.qualifier == "exact" else tuple(self.qualifier.split("+"))

    @property
    def is_exact(self) -> bool:
        """True when the figure is a plain number (no qualifier word, no sign)."""
        return self.qualifier == "exact" and self.comparison is None and not self.qualitative


def _quantity(text: str, reading: Reading) -> Quantity:
    """Build the public :class:`Quantity` from a reading, converting to the canonical unit."""
    symbol = reading.unit
    found = unit(symbol) if symbol is not None else None
    if found is not None and found.kind == "percent" and found.factor == 1:
        symbol = found.canonical_unit  # ％ and 百分比 are spellings of %
    return Quantity(
        text=text,
        value=reading.value,
        unit=symbol,
        canonical_value=to_canonical(reading.value, symbol or "1"),
        canonical_unit=found.canonical_unit if found is not None else "1",
        qualifier="+".join(reading.qualifiers) or "exact",
        comparison=reading.comparison,
    )


def _qualitative(text: str) -> Quantity:
    return Quantity(text, None, None, None, None, "exact", None, True)


def _looks_numeric(s: str) -> bool:
    return any((c.isascii() and c.isdigit()) or c in "%‰≥≤≧≦<>=" for c in s)


_Reader = TypeVar("_Reader", bound=Callable[[str], Any])


def _kept_per_text(function: _Reader) -> _Reader:
    """Remember a reading of one text by the text and the unit table's version: a province's
    reports repeat their cells and sentences, and each was parsed again every time. Errors are
    not kept (raised afresh); lists are handed out as new lists."""

    @lru_cache(maxsize=1 << 15)
    def kept(text: str, _version: int) -> object:
        result = function(text)
        return tuple(result) if isinstance(result, list) else result

    @wraps(function)
    def reading(text: str) -> object:
        result = kept(text, units_version())
        return list(result) if isinstance(result, tuple) else result

    return cast(_Reader, reading)


@_kept_per_text
def parse_quantity(text: str) -> Quantity:
    """Read one figure such as ``5329亿元``, ``近600家``, ``≥100百分比`` or ``两天半``.

    Text with no figure (``已完成``) gives ``qualitative=True``. Raises :class:`QuantityError`
    (naming the text and what was expected) for empty text, a malformed number (``12..3万元``),
    an unknown unit (``12公倾``) or anything left over after the figure.
    """
    s, _ = normalise(text)
    s = s.strip()
    if not s:
        raise QuantityError(text, "the text is empty", "a figure such as 810.24万元, or words")
    numeric = _looks_numeric(s)
    try:
        reading = read_figure(s, 0, find=False)
    except NoFigure as problem:
        if numeric:
            raise QuantityError(text, problem.reason, problem.expected) from None
        return _qualitative(text)
    rest = s[reading.end :]
    if rest.strip():
        if not numeric:
            return _qualitative(text)
        if FULL_WIDTH_COMMA in rest or any(c in LIST_SEPARATORS for c in rest):
            raise QuantityError(
                text, "it holds several figures", "one figure (use parse_quantities for lists)"
            )
        if not reading.unit_written and not rest[0].isspace() and not rest[0].isdigit():
            word = re.match(r"[^\s0-9]+", rest).group()
            raise QuantityError(
                text,
                f"unknown unit {word!r}",
                f"a unit from config/units.csv ({', '.join(unit_list())})",
            )
        raise QuantityError(
            text, f"unexpected text {rest.strip()!r} after the figure", "one figure"
        )
    return _quantity(text, reading)


def _with_unit(q: Quantity, symbol: str) -> Quantity:
    """``q`` with a unit written elsewhere in its list (``145、130、110个``)."""
    found = unit(symbol)
    return replace(
        q,
        unit=symbol,
        canonical_value=to_canonical(q.value, symbol),
        canonical_unit=found.canonical_unit,
    )


def _share_units(quantities: list[Quantity], linked: list[bool]) -> list[Quantity]:
    """Give each unit-less figure the unit of the next figure of its list that has one.

    ``linked[k]`` tells whether item k and item k+1 belong to the same list.
    """
    result = list(quantities)
    for k in range(len(result) - 2, -1, -1):
        q, following = result[k], result[k + 1]
        if (
            linked[k]
            and not q.qualitative
            and q.unit is None
            and following.unit is not None
            and not following.qualitative
        ):
            result[k] = _with_unit(q, following.unit)
    return result


def parse_quantities(text: str) -> list[Quantity]:
    """Read a composite cell: ``145、130、110个`` → three figures of 个; ``≥50个、≤90万元`` → two.

    Parts are separated by ``、``, ``，`` or ``；``. A part with no unit takes the unit of the next
    part that has one (its ``text`` stays as written). A single figure gives a one-element list.
    """
    parts = re.split(f"[{LIST_SEPARATORS}]", text)
    if len(parts) > 1 and any(not p.strip() for p in parts):
        raise QuantityError(text, "an empty item in the list", "figures separated by 、")
    quantities = [parse_quantity(p.strip()) for p in parts]
    return _share_units(quantities, [True] * len(quantities))


@_kept_per_text
def find_quantities(sentence: str) -> list[tuple[int, int, Quantity]]:
    """Find figures in a sentence: ``(start, end, Quantity)``, ``sentence[start:end]`` the text.

    Best-effort: dates (``2022年``, ``10月``) and Chinese numerals without a unit (``五好``,
    ``第一批``) are skipped; a number followed by a word that is not a unit (``0事故``, ``10强``)
    is returned without unit; in a list ``145、130、110个`` every item gets the unit.
    """
    s, index = normalise(sentence)
    readings: list[Reading] = []
    i = 0
    while i < len(s):
        ch = s[i]
        after_word = i > 0 and (s[i - 1].isascii() and (s[i - 1].isalnum() or s[i - 1] in ".,"))
        starts = (
            (ch.isascii() and ch.isdigit())
            or ch in NUMERAL_CHARS
            or ch == HALF
            or longest_word(s, i, SIGNS)
            or longest_word(s, i, PREFIX_QUALIFIERS)
            or ch in (RANK_PREFIX, TOP_PREFIX)
            or s.startswith(PERCENT_WORDS, i)
        )
        if after_word or not starts:
            i += 1
            continue
        try:
            r = read_figure(s, i, find=True)
        except NoFigure:
            i = skip_failed(s, i)
            continue
        if r.chinese and not r.unit_written:
            i = skip_failed(s, i)
            continue
        if r.rank == RANK_PREFIX and not r.unit_written:  # 第1批: an ordinal, not a rank
            i = r.end
            continue
        k = skip_spaces(s, r.end)
        if not r.unit_written and k < len(s) and s[k] in DATE_WORDS:
            i = r.end
            continue
        readings.append(r)
        i = r.end
    found: list[tuple[int, int, Quantity]] = []
    for r in readings:
        start, end = index[r.start], index[r.end - 1] + 1
        found.append((start, end, _quantity(sentence[start:end], r)))
    linked = [s[a.end : b.start].strip() == "、" for a, b in itertools.pairwise(readings)]
    shared = _share_units([q for _, _, q in found], [*linked, False])
    return [(a, b, q) for (a, b, _), q in zip(found, shared, strict=True)]
