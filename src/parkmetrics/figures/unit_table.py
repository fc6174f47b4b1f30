"""A unit table file read and checked: ``config/units.csv`` or a data folder's own.

Columns ``unit, canonical_unit, factor, kind, meaning``; factors are exact (decimal strings or
fractions such as ``10000/15``). :mod:`parkmetrics.figures.units` holds the table the parser
uses and converts by it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
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


def read_rows(path: Path, name: str) -> list[tuple[int, dict[str, str]]]:
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
    for line, row in read_rows(source, name):
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
