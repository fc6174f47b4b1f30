"""The unit table: exact factors from the domain (1 公顷 = 15 亩, 1 亿元 = 1e8 元), validation."""

from __future__ import annotations

import csv
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from parkmetrics.errors import DataValidationError
from parkmetrics.figures.units import (
    KINDS,
    UnknownUnitError,
    canonical_units,
    fraction_to_decimal,
    load_units,
    parse_factor,
    require_unit,
    to_canonical,
    unit,
    units,
)

METRICS_CSV = Path(__file__).resolve().parents[1] / "data" / "vocabulary" / "metrics.csv"


# (symbol, canonical unit, factor, kind) from the domain brief and the task's unit list
TABLE = [
    ("元", "元", Fraction(1), "money"),
    ("万元", "元", Fraction(10**4), "money"),
    ("亿元", "元", Fraction(10**8), "money"),
    ("万亿元", "元", Fraction(10**12), "money"),
    ("平方米", "平方米", Fraction(1), "area"),
    ("万平方米", "平方米", Fraction(10**4), "area"),
    ("公顷", "平方米", Fraction(10**4), "area"),
    ("亩", "平方米", Fraction(10**4, 15), "area"),
    ("万亩", "平方米", Fraction(10**8, 15), "area"),
    ("平方公里", "平方米", Fraction(10**6), "area"),
    ("个", "个", Fraction(1), "count"),
    ("家", "个", Fraction(1), "count"),
    ("项", "个", Fraction(1), "count"),
    ("支", "个", Fraction(1), "count"),
    ("条", "个", Fraction(1), "count"),
    ("次", "个", Fraction(1), "count"),
    ("座", "个", Fraction(1), "count"),
    ("户", "个", Fraction(1), "count"),
    ("名", "个", Fraction(1), "count"),
    ("%", "%", Fraction(1), "percent"),
    ("％", "%", Fraction(1), "percent"),
    ("百分比", "%", Fraction(1), "percent"),
    ("个百分点", "个百分点", Fraction(1), "percentage_points"),
    ("位", "位", Fraction(1), "rank"),
    ("名次", "位", Fraction(1), "rank"),
    ("天", "天", Fraction(1), "duration"),
    ("万", "1", Fraction(10**4), "number"),
    ("亿", "1", Fraction(10**8), "number"),
]


@pytest.mark.parametrize(("symbol", "canonical", "factor", "kind"), TABLE)
def test_table_rows(symbol: str, canonical: str, factor: Fraction, kind: str) -> None:
    found = unit(symbol)
    assert found is not None
    assert (found.symbol, found.canonical_unit, found.factor, found.kind) == (
        symbol,
        canonical,
        factor,
        kind,
    )
    assert found.meaning


def test_canonical_units() -> None:
    # the package's table; a data folder may add more (tests/test_vocabulary_open.py)
    assert {"元", "平方米", "个", "%", "个百分点", "位", "天", "米", "分", "1"} <= canonical_units()


def test_vocabulary_canonical_units_are_in_the_table() -> None:
    with METRICS_CSV.open(encoding="utf-8-sig") as f:
        used = {row["canonical_unit"] for row in csv.DictReader(f) if row["canonical_unit"]}
    assert used, "metrics.csv names no canonical unit"
    assert used <= canonical_units()


def test_every_kind_is_documented_and_used() -> None:
    assert {u.kind for u in load_units().values()} == set(KINDS)  # the package table


def test_table_is_read_only_and_cached() -> None:
    assert units() is units()
    with pytest.raises(TypeError):
        units()["斤"] = units()["元"]  # type: ignore[index]


@pytest.mark.parametrize(
    ("value", "symbol", "expected"),
    [
        (Decimal("810.24"), "万元", Decimal("8102400")),
        (Decimal("11.2446"), "万元", Decimal("112446")),
        ("5329", "亿元", Decimal("532900000000")),
        ("110.66", "亿元", Decimal("11066000000")),
        ("12.3", "万平方米", Decimal("123000")),
        (6967, "公顷", Decimal("69670000")),
        (10065, "亩", Decimal("6710000")),  # 10065 / 15 = 671 公顷
        (15, "亩", Decimal("10000")),  # 15 亩 = 1 公顷
        (10000, "亩", Decimal("6666666.666667")),  # 近万亩: no finite decimal, 6 places
        ("1.5", "万亩", Decimal("10000000")),
        (2, "平方公里", Decimal("2000000")),
        ("10.4", "%", Decimal("10.4")),  # percent stays percent, never 0.104
        ("10.4", "％", Decimal("10.4")),
        (5, "‰", Decimal("0.5")),
        (2700, "家", Decimal("2700")),
        (84, "名次", Decimal("84")),
        (5000, "万", Decimal("50000000")),
        (Fraction(5, 2), "天", Decimal("2.5")),
    ],
)
def test_to_canonical(value: object, symbol: str, expected: Decimal) -> None:
    assert to_canonical(value, symbol) == expected  # type: ignore[arg-type]


def test_to_canonical_is_exact() -> None:
    # exact decimal arithmetic: no binary rounding on the way
    assert str(to_canonical(Decimal("810.24"), "万元")) == "8102400"
    assert to_canonical("0.1", "万元") + to_canonical("0.2", "万元") == to_canonical("0.3", "万元")


def test_to_canonical_reads_floats_as_printed() -> None:
    assert 1.1 * 10**8 != 110000000  # the float product is off
    assert to_canonical(1.1, "亿元") == Decimal("110000000")
    assert to_canonical(810.24, "万元") == Decimal("8102400")
    assert to_canonical(0.88, "%") == Decimal("0.88")
    with pytest.raises(ValueError, match="nan"):
        to_canonical(float("nan"), "万元")
    with pytest.raises(ValueError, match=r"'12\.\.3'"):
        to_canonical("12..3", "万元")


def test_unknown_unit() -> None:
    assert unit("公倾") is None
    assert unit(None) is None
    with pytest.raises(UnknownUnitError) as caught:
        to_canonical(12, "公倾")
    message = str(caught.value)
    assert "'公倾'" in message
    assert "config/units.csv" in message
    assert "公顷" in message  # the known units are listed
    with pytest.raises(KeyError):
        require_unit("斤")


def test_lookup_tolerates_full_width_and_spaces() -> None:
    assert unit(" 万元\u3000").symbol == "万元"
    assert unit("％").canonical_unit == "%"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1", Fraction(1)),
        ("10000", Fraction(10000)),
        ("1e8", Fraction(10**8)),
        ("0.5", Fraction(1, 2)),
        ("10000/15", Fraction(2000, 3)),
        ("1e8/15", Fraction(10**8, 15)),
    ],
)
def test_parse_factor(text: str, expected: Fraction) -> None:
    assert parse_factor(text) == expected


@pytest.mark.parametrize("text", ["", "a", "1/0", "1/2/3", "/15", "10000/"])
def test_parse_factor_rejects(text: str) -> None:
    with pytest.raises((ValueError, ZeroDivisionError)):
        parse_factor(text)


def test_fraction_to_decimal() -> None:
    assert fraction_to_decimal(Fraction(1, 8)) == Decimal("0.125")
    assert fraction_to_decimal(Fraction(2, 3)) == Decimal("0.666667")
    assert fraction_to_decimal(Fraction(-1, 3)) == Decimal("-0.333333")


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "units.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_load_units_reports_every_problem(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "unit,canonical_unit,factor,kind,meaning\n"
        "元,元,1,money,yuan\n"
        "万元,元,1e4/0,money,bad factor\n"
        "亩,平方米,10000/15,area,canonical unit missing\n"
        "家,个,1,cnt,unknown kind\n"
        "元,元,1,money,given twice\n"
        "公顷,元,10000,area,canonical of another kind\n",
    )
    with pytest.raises(DataValidationError) as caught:
        load_units(path)
    found = {(p.file, p.line, p.column, p.value) for p in caught.value.problems}
    assert found == {
        ("units.csv", 3, "factor", "1e4/0"),
        ("units.csv", 4, "canonical_unit", "平方米"),
        ("units.csv", 5, "kind", "cnt"),
        ("units.csv", 6, "unit", "元"),
        ("units.csv", 7, "canonical_unit", "元"),
    }
    assert "units.csv:3: column factor: value '1e4/0'" in str(caught.value)


def test_load_units_checks_the_header(tmp_path: Path) -> None:
    path = _write(tmp_path, "symbol,canonical,factor\n元,元,1\n")
    with pytest.raises(DataValidationError) as caught:
        load_units(path)
    problems = caught.value.problems
    assert {p.line for p in problems} == {1}
    missing = {p.column for p in problems if p.expected == "this column in the header"}
    assert missing == {"unit", "canonical_unit", "kind", "meaning"}
    assert {p.value for p in problems if p.value} == {"symbol", "canonical"}


def test_load_units_reads_a_good_file(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "unit,canonical_unit,factor,kind,meaning\n元,元,1,money,yuan\n万元,元,10000,money,wan\n",
    )
    table = load_units(path)
    assert list(table) == ["元", "万元"]
    assert table["万元"].factor == 10000
