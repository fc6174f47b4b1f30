"""The unit table: every unit symbol as written in reports, its canonical unit and exact factor.

The table lives in ``config/units.csv`` (columns ``unit, canonical_unit, factor, kind, meaning``).
Factors are exact: decimal strings or fractions such as ``10000/15`` (1 亩 = 10000/15 平方米),
read with :class:`fractions.Fraction` so that no float rounding creeps into conversions.

Canonical units: ``元`` (money), ``平方米`` (area), ``个`` (counts), ``%`` (rates, kept in percent),
``个百分点`` (percentage points), ``位`` (rank), ``天`` (duration) and ``1`` (a pure number: a
figure with no unit, or a bare magnitude such as ``万`` in "5000万以上产业项目").
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation, localcontext
from fractions import Fraction
from functools import cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType

from parkmetrics.errors import DataValidationError, Problem

UNITS_FILE = "config/units.csv"
KINDS = (
    "money",
    "area",
    "count",
    "percent",
    "percentage_points",
    "rank",
    "duration",
    "length",
    "points",
    "number",
)

# A conversion such as 近万亩 → 平方米 (factor 10000/15) has no finite decimal. Six decimal places
# is far below any precision a report states (square metres, yuan), and keeps CSV cells readable.
NON_TERMINATING_PLACES = 6


@dataclass(frozen=True)
class Unit:
    """One row of the unit table; ``symbol`` is the ``unit`` column (the unit as written)."""

    symbol: str
    canonical_unit: str
    factor: Fraction
    kind: str
    meaning: str

    @property
    def is_canonical(self) -> bool:
        """True for the canonical unit of its kind (factor 1 onto itself)."""
        return self.symbol == self.canonical_unit


class UnknownUnitError(KeyError):
    """A unit symbol that is not in ``config/units.csv``."""

    def __init__(self, symbol: str) -> None:
        self.symbol = symbol
        known = ", ".join(units())
        super().__init__(f"unknown unit {symbol!r}: expected a unit from {UNITS_FILE} ({known})")

    def __str__(self) -> str:  # KeyError would otherwise repr() the message
        return str(self.args[0])


def parse_factor(text: str) -> Fraction:
    """Read an exact factor: ``10000``, ``1e8``, ``0.5`` or a fraction ``10000/15``."""
    parts = text.strip().split("/")
    if len(parts) > 2 or not all(p.strip() for p in parts):
        raise ValueError(f"not a factor: {text!r}")
    numerator = Fraction(parts[0].strip())
    denominator = Fraction(parts[1].strip()) if len(parts) == 2 else Fraction(1)
    if denominator == 0:
        raise ValueError(f"not a factor: {text!r}")
    return numerator / denominator


COLUMNS = ("unit", "canonical_unit", "factor", "kind", "meaning")


def _read_rows(path: Path, name: str) -> list[tuple[int, dict[str, str]]]:
    """(line, row) for every record of a unit table; line 1 is the header, as in an editor.

    The unit table is configuration of the figure parser, so it is read here with the standard
    library: the data layer's schema machinery sits above this layer.
    """
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as error:
        raise DataValidationError(
            [Problem(name, None, None, None, f"a readable file ({error.strerror})")]
        ) from None
    except UnicodeDecodeError as error:
        raise DataValidationError(
            [Problem(name, None, None, None, f"UTF-8 text (undecodable byte at {error.start})")]
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [cell.strip() for cell in next(reader, [])]
    problems = [
        Problem(name, 1, c, None, "this column in the header") for c in COLUMNS if c not in header
    ]
    problems += [
        Problem(name, 1, c, c, "only the columns " + ", ".join(COLUMNS))
        for c in header
        if c not in COLUMNS
    ]
    if problems:
        raise DataValidationError(problems)  # without the right columns no row can be read
    rows = []
    for record in reader:
        if not any(cell.strip() for cell in record):
            continue
        line = reader.line_num
        cells = [cell.strip() for cell in record] + [""] * (len(header) - len(record))
        rows.append((line, dict(zip(header, cells, strict=False))))
    return rows


def load_units(
    path: Path | str | None = None, base: Mapping[str, Unit] | None = None, name: str = ""
) -> Mapping[str, Unit]:
    """Read and validate a unit table; every problem is reported at once.

    With no ``path`` the package's own ``config/units.csv`` is read. With ``base`` the file
    extends that table (a data folder's ``vocabulary/units.csv``): its units may convert to the
    base's canonical units, may repeat a base unit only with the same definition, and may bring
    a kind of their own when they define its canonical unit.
    Raises :class:`DataValidationError` naming file, line, column, value and what was expected.
    """
    if path is None:
        source, name = Path(str(resources.files("parkmetrics") / UNITS_FILE)), UNITS_FILE
    else:
        source, name = Path(path), name or Path(path).name
    base = base or {}
    problems: list[Problem] = []
    table: dict[str, Unit] = {}
    lines: dict[str, int] = {}
    for line, row in _read_rows(source, name):
        row_problems = [
            Problem(name, line, column, None, "a value (not blank)")
            for column in COLUMNS
            if not row[column]
        ]
        # an extension may bring a kind of its own; the canonical-unit check below then asks
        # that the kind's canonical unit be defined (in the file) with the same kind
        if row["kind"] and row["kind"] not in KINDS and not base:
            row_problems.append(
                Problem(name, line, "kind", row["kind"], "one of " + ", ".join(KINDS))
            )
        if row["unit"] in lines:
            row_problems.append(
                Problem(
                    name,
                    line,
                    "unit",
                    row["unit"],
                    f"a unique unit (already on line {lines[row['unit']]})",
                )
            )
        try:
            factor = parse_factor(row["factor"])
            if factor <= 0:
                raise ValueError(row["factor"])
        except (ValueError, ZeroDivisionError):
            if row["factor"]:
                row_problems.append(
                    Problem(
                        name,
                        line,
                        "factor",
                        row["factor"],
                        "a positive number or fraction like 10000/15",
                    )
                )
        problems += row_problems
        if row_problems:
            continue
        symbol = row["unit"]
        new = Unit(symbol, row["canonical_unit"], factor, row["kind"], row["meaning"])
        known = base.get(symbol)
        if known is not None and (known.canonical_unit, known.factor) != (
            new.canonical_unit,
            new.factor,
        ):
            expected = f"its definition in the table ({known.factor} {known.canonical_unit})"
            problems.append(Problem(name, line, "unit", symbol, expected))
            continue
        table[symbol] = new
        lines[symbol] = line
    for symbol, u in table.items():
        target = table.get(u.canonical_unit) or base.get(u.canonical_unit)
        if target is None or not target.is_canonical or target.factor != 1:
            expected = "a unit of the table that is its own canonical unit with factor 1"
        elif target.kind != u.kind:
            expected = f"a canonical unit of the same kind ({u.kind}, not {target.kind})"
        else:
            continue
        problems.append(Problem(name, lines[symbol], "canonical_unit", u.canonical_unit, expected))
    if problems:
        raise DataValidationError(problems)
    return MappingProxyType(table)


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


def add_units(path: Path, name: str) -> Mapping[str, Unit]:
    """Add a data folder's unit table (``vocabulary/units.csv``) to :func:`units` and return
    the file's units; raise :class:`DataValidationError` for a bad row or a unit defined
    differently from the table."""
    added = load_units(path, base=units(), name=name)
    _ADDED.update((s, u) for s, u in added.items() if s not in _package_units())
    return added


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
