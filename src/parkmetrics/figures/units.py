"""The unit table: every unit symbol as written in reports, its canonical unit and exact factor.

The table lives in ``config/units.csv`` (columns ``unit, canonical_unit, factor, kind, meaning``).
Factors are exact: decimal strings or fractions such as ``10000/15`` (1 亩 = 10000/15 平方米),
read with :class:`fractions.Fraction` so that no float rounding creeps into conversions.

Canonical units: ``元`` (money), ``平方米`` (area), ``个`` (counts), ``%`` (rates, kept in percent),
``个百分点`` (percentage points), ``位`` (rank), ``天`` (duration) and ``1`` (a pure number: a
figure with no unit, or a bare magnitude such as ``万`` in "5000万以上产业项目").
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation, localcontext
from fractions import Fraction
from functools import cache
from pathlib import Path
from types import MappingProxyType

from parkmetrics.errors import DataValidationError, Problem
from parkmetrics.figures.unit_table import KINDS as KINDS
from parkmetrics.figures.unit_table import UNITS_FILE as UNITS_FILE
from parkmetrics.figures.unit_table import Unit as Unit
from parkmetrics.figures.unit_table import load_units as load_units
from parkmetrics.figures.unit_table import parse_factor as parse_factor
from parkmetrics.figures.unit_table import read_rows

# A conversion such as 近万亩 → 平方米 (factor 10000/15) has no finite decimal. Six decimal places
# is far below any precision a report states (square metres, yuan), and keeps CSV cells readable.
NON_TERMINATING_PLACES = 6


class UnknownUnitError(KeyError):
    """A unit symbol that is not in ``config/units.csv``."""

    def __init__(self, symbol: str) -> None:
        self.symbol = symbol
        known = ", ".join(units())
        super().__init__(f"unknown unit {symbol!r}: expected a unit from {UNITS_FILE} ({known})")

    def __str__(self) -> str:  # KeyError would otherwise repr() the message
        return str(self.args[0])


# Units a data folder adds (vocabulary/units.csv), laid over the package's table. Additions only
# (a conflicting definition is refused), so a unit means the same thing wherever it is known.
_ADDED: dict[str, Unit] = {}


@cache
def _package_units() -> Mapping[str, Unit]:
    return load_units()


@cache
def _merged(version: int) -> Mapping[str, Unit]:
    return MappingProxyType({**_package_units(), **_ADDED})


def units_version() -> int:
    """Changes whenever a data folder adds units (for caches built from the table)."""
    return len(_ADDED)


def units() -> Mapping[str, Unit]:
    """The unit table, symbol → :class:`Unit`: the package's ``config/units.csv`` and the units
    data folders added (read once, read-only)."""
    return _merged(units_version())


def add_units(
    path: Path,
    name: str,
    base: Mapping[str, Unit] | None = None,
    others: Mapping[str, tuple[Unit, str]] | None = None,
) -> Mapping[str, Unit]:
    """Add a data folder's unit table (``vocabulary/units.csv``) to :func:`units` and return
    the file's units; raise :class:`DataValidationError` for a bad row, a unit defined
    differently from ``base`` (default: the whole table) or from ``others`` (symbol → its
    unit and the file that defines it: the other series of the data folder, so that a conflict
    between two series is found whichever is loaded), or from a unit already added."""
    added = load_units(path, base=units() if base is None else base, name=name)
    # a unit added before (by any folder) or defined by another series must mean the same
    elsewhere = {s: (u, "the table") for s, u in _ADDED.items()} | dict(others or {})
    problems = []
    for line, row in read_rows(Path(path), name):
        new, (old, where) = added.get(row["unit"]), elsewhere.get(row["unit"], (None, ""))
        if new is None or old is None or _same_unit(old, new):
            continue
        expected = f"its definition in {where} ({old.factor} {old.canonical_unit})"
        problems.append(Problem(name, line, "unit", row["unit"], expected))
    if problems:
        raise DataValidationError(problems)
    _ADDED.update((s, u) for s, u in added.items() if s not in _package_units())
    return added


def _same_unit(a: Unit, b: Unit) -> bool:
    return (a.canonical_unit, a.factor) == (b.canonical_unit, b.factor)


def package_units() -> Mapping[str, Unit]:
    """The package's own unit table (``config/units.csv``), without any data folder's."""
    return _package_units()


def canonical_units() -> frozenset[str]:
    """The canonical unit symbols: 元, 平方米, 个, %, 个百分点, 位, 天 and 1."""
    return frozenset(u.canonical_unit for u in units().values())


def unit(symbol: str | None) -> Unit | None:
    """Look a unit up by symbol; None when unknown (no KeyError).

    Full-width forms and outer spaces are tolerated (``％`` and `` 万元 `` are found).
    """
    if symbol is None:
        return None
    table = units()
    found = table.get(symbol)
    if found is None:
        found = table.get(unicodedata.normalize("NFKC", symbol).strip())
    return found


def require_unit(symbol: str) -> Unit:
    """Like :func:`unit` but raises :class:`UnknownUnitError` naming the symbol and known units."""
    found = unit(symbol)
    if found is None:
        raise UnknownUnitError(symbol)
    return found


def fraction_to_decimal(value: Fraction) -> Decimal:
    """A Fraction as a Decimal: exact when its decimal expansion ends, else rounded.

    Non-terminating values are rounded half-even to :data:`NON_TERMINATING_PLACES` places.
    """
    numerator, denominator = value.numerator, value.denominator
    twos = fives = 0
    rest = denominator
    while rest % 2 == 0:
        rest //= 2
        twos += 1
    while rest % 5 == 0:
        rest //= 5
        fives += 1
    if rest == 1:
        places = max(twos, fives)
        return Decimal(numerator * (10**places // denominator)).scaleb(-places)
    with localcontext() as ctx:
        ctx.prec = len(str(abs(numerator))) + len(str(denominator)) + NON_TERMINATING_PLACES + 2
        quotient = Decimal(numerator) / Decimal(denominator)
        return quotient.quantize(Decimal(1).scaleb(-NON_TERMINATING_PLACES))


def to_canonical(value: Decimal | int | str | Fraction | float, symbol: str) -> Decimal:
    """Convert ``value`` written in unit ``symbol`` to its canonical unit, exactly.

    ``to_canonical(Decimal("810.24"), "万元") == Decimal("8102400")``;
    ``to_canonical(10065, "亩") == Decimal("6710000")``. A float (a cell of a pandas frame) is
    taken as the decimal it prints as: 1.1 亿元 converts to 110000000, not 110000000.00000001.
    Raises :class:`UnknownUnitError` for a symbol not in the table, ValueError for a non-number.
    """
    found = require_unit(symbol)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(f"not a number: {value!r}")
        value = repr(value)
    try:
        exact = value if isinstance(value, Fraction) else Fraction(Decimal(value))
    except (InvalidOperation, ValueError):
        raise ValueError(f"not a number: {value!r} (to convert from {symbol})") from None
    return fraction_to_decimal(exact * found.factor)
