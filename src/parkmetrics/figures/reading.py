"""Reading one figure out of normalised text: the grammar's words and the reader itself.

The grammar and its decisions are described in :mod:`parkmetrics.figures.quantity`, whose
public functions (``parse_quantity``, ``find_quantities``) drive :func:`read_figure` and build
the public :class:`~parkmetrics.figures.quantity.Quantity` from its :class:`Reading`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from parkmetrics.figures.characters import grammar_fold
from parkmetrics.figures.numerals import (
    HALF,
    HALF_VALUE,
    NUMERAL_CHARS,
    NumeralError,
    is_magnitude,
    numeral_end,
    read_numeral,
)
from parkmetrics.figures.units import units, units_version

# Qualifier words; at one position the longest word wins (超过 over 超, 不超过 over 超过).
PREFIX_QUALIFIERS: dict[str, str] = {
    "累计": "cumulative",
    "超过": "over",
    "超": "over",
    "逾": "over",
    "高于": "over",
    "大于": "over",
    "多于": "over",
    "不高于": "at_most",
    "不大于": "at_most",
    "不多于": "at_most",
    "不小于": "at_least",
    "小于": "under",
    "少于": "under",
    "不到": "under",
    "大约": "approx",
    "近": "approx",
    "约": "approx",
    "不少于": "at_least",
    "不低于": "at_least",
    "不超过": "at_most",
    "不足": "under",
    "低于": "under",
    "达到": "reached",
    "达": "reached",
}
SUFFIX_QUALIFIERS: dict[str, str] = {
    "及以上": "at_least",
    "以上": "at_least",
    "以下": "at_most",
    "以内": "at_most",
    "左右": "approx",
}
MORE_THAN_WORDS = ("多", "余")
RANK_PREFIX = "第"  # 第84位: a rank, no qualifier
TOP_PREFIX = "前"  # 前10: a rank, at most
PERCENT_WORDS = "百分之"  # 百分之十点四 = 10.4%
# Written signs after NFKC (＞= is already >=, ﹦ and ＝ are already =).
SIGNS: dict[str, str] = {
    ">=": ">=",
    "≥": ">=",
    "≧": ">=",
    "<=": "<=",
    "≤": "<=",
    "≦": "<=",
    "=": "=",
    ">": ">",
    "<": "<",
}
MINUS_SIGNS = "-−"
LIST_SEPARATORS = "、，;；"
FULL_WIDTH_COMMA = "，"
DATE_WORDS = "年月日号"  # 2022年, 10月: dates, not figures, in find_quantities

QUALIFIERS = (
    "exact",
    "approx",
    "over",
    "more_than",
    "at_least",
    "at_most",
    "under",
    "cumulative",
    "reached",
)
COMPARISONS = (">=", ">", "<=", "<", "=")

FORMAT_PREFIX = {
    "cumulative": "累计",
    "reached": "达到",
    "over": "超",
    "approx": "约",
    "under": "不足",
}
FORMAT_SUFFIX = {"at_least": "以上", "at_most": "以下"}
FORMAT_SIGN = {">=": "≥", "<=": "≤", "=": "=", ">": ">", "<": "<"}

# Loose token: everything a reader would take for one number, so that 12..3 and 5O0 are reported
# as malformed numbers instead of being read as 12 followed by junk.
LOOSE_NUMBER = re.compile(r"[0-9][0-9.,]*(?:[A-Za-z]+[0-9][0-9.,]*)*")
STRICT_NUMBER = re.compile(r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?")
NUMBER_EXPECTED = "a number such as 12, 12.3 or 1,234.5 (one decimal point, commas between threes)"


class NoFigure(Exception):
    """Internal: the text at this position is not a figure."""

    def __init__(self, reason: str, expected: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.expected = expected


@dataclass
class Reading:
    start: int
    end: int
    value: Decimal
    unit: str | None
    unit_written: bool
    qualifiers: list[str]
    comparison: str | None
    chinese: bool
    rank: str | None  # 第 or 前


def normalise(text: str) -> tuple[str, list[int]]:
    """NFKC per character, then the grammar's Traditional forms folded to Simplified (萬 → 万,
    累計 → 累计), keeping for each output character the index of its source character.

    The full-width comma stays as is: it separates list items and clauses, never thousands.
    """
    fold = grammar_fold()
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        norm = ch if ch == FULL_WIDTH_COMMA else unicodedata.normalize("NFKC", ch)
        norm = fold.get(norm, norm)
        out.append(norm)
        index.extend([i] * len(norm))
    return "".join(out), index


def grammar_characters() -> frozenset[str]:
    """The Chinese characters the grammar reads: units, qualifier, rank, date and percent words,
    numerals (``config/traditional.csv`` holds their Traditional forms)."""
    words = [
        *PREFIX_QUALIFIERS, *SUFFIX_QUALIFIERS, *MORE_THAN_WORDS, RANK_PREFIX, TOP_PREFIX,
        PERCENT_WORDS, DATE_WORDS, *NUMERAL_CHARS, HALF, *units(),
    ]  # fmt: skip
    return frozenset(c for word in words for c in word if unicodedata.category(c) == "Lo")


def written_units() -> tuple[str, ...]:
    """Unit symbols that can follow a number, longest first; ``1`` is not a written unit."""
    return _written_for(units_version())


@cache
def _written_for(version: int) -> tuple[str, ...]:
    symbols = [s for s in units() if not any(c.isdigit() for c in s)]
    return tuple(sorted(symbols, key=len, reverse=True))


def unit_list() -> list[str]:
    """Written unit symbols in table order, for error messages."""
    written = set(written_units())
    return [s for s in units() if s in written]


def longest_word(s: str, i: int, words) -> str | None:
    """The longest of ``words`` starting at ``s[i]``."""
    best = None
    for w in words:
        if s.startswith(w, i) and (best is None or len(w) > len(best)):
            best = w
    return best


def skip_spaces(s: str, i: int) -> int:
    while i < len(s) and s[i].isspace():
        i += 1
    return i


def read_figure(s: str, i: int, *, find: bool) -> Reading:
    """Read one figure starting at ``s[i]``; raise :class:`NoFigure` when there is none.

    ``find`` is the lenient sentence mode: trailing dots/commas end a number and minus signs are
    dashes, not signs.
    """
    start = i
    qualifiers: list[str] = []
    comparison: str | None = None
    rank: str | None = None
    while True:
        sign = longest_word(s, i, SIGNS)
        if sign and comparison is None:
            comparison = SIGNS[sign]
            i = skip_spaces(s, i + len(sign))
            continue
        word = longest_word(s, i, PREFIX_QUALIFIERS)
        if word:
            qualifiers.append(PREFIX_QUALIFIERS[word])
            i = skip_spaces(s, i + len(word))
            continue
        if rank is None and s.startswith(TOP_PREFIX, i):
            qualifiers.append("at_most")
            rank = TOP_PREFIX
            i += 1
            continue
        if rank is None and s.startswith(RANK_PREFIX, i):
            rank = RANK_PREFIX
            i += 1
            continue
        break
    has_prefix = bool(qualifiers)
    percent_words = s.startswith(PERCENT_WORDS, i)
    if percent_words:
        i += len(PERCENT_WORDS)
    negative = False
    if not find and i < len(s) and s[i] in MINUS_SIGNS:
        negative = True
        i += 1

    chinese = bare_magnitude = False
    run = ""
    if i < len(s) and s[i].isascii() and s[i].isdigit():
        token = LOOSE_NUMBER.match(s, i).group()
        if find:
            token = token.rstrip(".,")
        if not STRICT_NUMBER.fullmatch(token):
            raise NoFigure(f"the number {token!r} is malformed", NUMBER_EXPECTED)
        value = Decimal(token.replace(",", ""))
        i += len(token)
    elif i < len(s) and (s[i] in NUMERAL_CHARS or s[i] == HALF):
        j = numeral_end(s, i)
        run = s[i:j]
        if not run:  # 半天: a half on its own
            run, j = HALF, i + 1
            value = HALF_VALUE
        else:
            try:
                value = read_numeral(run)
            except NumeralError as problem:
                raise NoFigure(problem.reason, problem.expected) from None
        chinese = True
        bare_magnitude = is_magnitude(run)
        i = j
    else:
        raise NoFigure("there is no number", NUMBER_EXPECTED)
    if negative:
        value = -value

    if i < len(s) and s[i] in MORE_THAN_WORDS:
        qualifiers.append("more_than")
        i += 1
    end = i
    k = skip_spaces(s, i)
    symbol = longest_word(s, k, written_units())
    unit_written = symbol is not None
    if symbol:
        end = i = k + len(symbol)
    if percent_words:
        if symbol:
            raise NoFigure(f"百分之 followed by the unit {symbol!r}", "百分之 and a number only")
        symbol = "%"
    if i < len(s) and s[i] == HALF and not (chinese and run == HALF):
        value += HALF_VALUE
        end = i = i + 1
    while True:
        word = longest_word(s, i, SUFFIX_QUALIFIERS)
        if not word:
            break
        qualifiers.append(SUFFIX_QUALIFIERS[word])
        end = i = i + len(word)

    if rank is not None:
        if symbol is None or symbol == "名":
            symbol = "位"
        elif units()[symbol].kind != "rank":
            raise NoFigure(
                f"{rank} marks a rank but the unit is {symbol!r}",
                "位, 名次, 名 or no unit after 第/前",
            )
    if chinese and bare_magnitude and unit_written and not has_prefix:
        # 万元, 亿元 with nothing before: a unit label, not "ten thousand yuan"
        raise NoFigure(f"the unit {s[start:end]!r} has no number", "a number before the unit")
    return Reading(start, end, value, symbol, unit_written, qualifiers, comparison, chinese, rank)


def skip_failed(s: str, i: int) -> int:
    """Where to look next after no figure starts at ``s[i]``: past the whole number or numeral."""
    if s[i].isascii() and s[i].isdigit():
        return i + len(LOOSE_NUMBER.match(s, i).group())
    if s[i] in NUMERAL_CHARS:
        return numeral_end(s, i)
    return i + 1
