"""Writing a figure back as text: the canonical spelling of a :class:`Quantity`.

Canonical spellings used by :func:`format_quantity` (so parse → format → parse is the identity):
sign ``≥ ≤ = > <``; prefixes ``累计`` (cumulative), ``达到`` (reached), ``超`` (over), ``约``
(approx — neutral, so ``近600家`` comes back as ``约600家``), ``不足`` (under); ``多`` between the
number and the unit (more_than); suffixes ``以上`` (at_least), ``以下`` (at_most); ranks as
``第84位`` and, when the only qualifier is at_most, ``前10位``. The text as written is always
kept in :attr:`Quantity.text`.
"""

from __future__ import annotations

from decimal import Decimal

from parkmetrics.figures.quantity import Quantity
from parkmetrics.figures.reading import (
    FORMAT_PREFIX,
    FORMAT_SIGN,
    FORMAT_SUFFIX,
    MORE_THAN_WORDS,
    QUALIFIERS,
    RANK_PREFIX,
)
from parkmetrics.figures.units import unit


def _format_number(value: Decimal) -> str:
    text = format(value, "f")
    return "0" if text in ("-0", "-0.0") else text


def format_quantity(q: Quantity) -> str:
    """Write a figure back as text, qualifier included, in the canonical spelling.

    ``近600家`` → ``约600家``; ``2700多家`` → ``2700多家``; ``超过70%`` → ``超70%``;
    ``累计超70亿元`` → ``累计超70亿元``; ``≥100百分比`` → ``≥100%``; ``前10`` → ``前10位``;
    ``第84位`` → ``第84位``. Qualitative text is returned as written (outer spaces removed).
    ``parse_quantity(format_quantity(q))`` gives back value, unit, qualifier and comparison.
    """
    if q.qualitative or q.value is None:
        return q.text.strip()
    qualifiers = list(q.qualifiers)
    rank = unit(q.unit).kind == "rank" if q.unit is not None else False
    head = FORMAT_SIGN[q.comparison] if q.comparison else ""
    more = ""
    tail = ""
    if rank and qualifiers == ["at_most"]:
        return f"{head}前{_format_number(q.value)}{q.unit}"
    for word in qualifiers:
        if word in FORMAT_PREFIX:
            head += FORMAT_PREFIX[word]
        elif word == "more_than":
            more = MORE_THAN_WORDS[0]
        elif word in FORMAT_SUFFIX:
            tail += FORMAT_SUFFIX[word]
        else:
            raise ValueError(f"unknown qualifier {word!r} in {q!r}; expected one of {QUALIFIERS}")
    if rank:
        head += RANK_PREFIX
    return f"{head}{_format_number(q.value)}{more}{q.unit or ''}{tail}"
