"""derive(): previous-year bases implied by reported growth rates, marked as derived."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from test_assessment import figure, make_year

from parkmetrics.data.dataset import load_year
from parkmetrics.scoring.derived import derive, previous_year_base

DATA = Path(__file__).resolve().parents[1] / "data"
QUOTE = "技工贸总收入5329亿元，增长13.1%"


def revenue(value_text="5329亿元", value=5329.0, quote=QUOTE, park="city", qualifier="exact"):
    return figure("revenue", value_text, value, "亿元", value * 1e8, "元", quote, park=park,
                  label="技工贸总收入", qualifier=qualifier)  # fmt: skip


def growth(value_text="13.1%", value=13.1, quote=QUOTE, park="city"):
    return figure("revenue_growth", value_text, value, "%", value, "%", quote, park=park,
                  label="技工贸总收入增长")  # fmt: skip


def test_previous_year_base_formula():
    # 5329 ÷ 1.131 = 4711.759… → 4711.8 (one digit more than the value as written)
    assert previous_year_base(Decimal("5329"), Decimal("13.1"), 1) == Decimal("4711.8")
    # 100 ÷ 1.25 = 80 exactly; a fall of 20%: 80 ÷ 0.8 = 100
    assert previous_year_base(Decimal("100"), Decimal("25"), 1) == Decimal("80.0")
    assert previous_year_base(Decimal("80"), Decimal("-20"), 1) == Decimal("100.0")


def test_a_value_and_its_growth_give_the_previous_year():
    derived = derive(make_year(figures=[revenue(), growth()]))
    assert len(derived) == 1
    row = derived.iloc[0]
    assert (row["year"], row["report_year"], row["park"], row["metric"]) == (2029, 2030, "city",
                                                                            "revenue")  # fmt: skip
    assert row["value"] == pytest.approx(4711.8) and row["unit"] == "亿元"
    assert row["canonical_value"] == pytest.approx(471_180_000_000)
    assert bool(row["derived"]) and row["qualifier"] == "approx"
    assert row["method"] == "5329亿元 ÷ (1 + 13.1%) = 4711.8亿元"
    assert row["from_metrics"] == "revenue;revenue_growth"
    assert row["from_values"] == "5329亿元;13.1%"
    assert (
        row["from_text"]
        == f"技工贸总收入（2030年）5329亿元「{QUOTE}」；技工贸总收入增长（2030年）13.1%「{QUOTE}」"
    )
    assert row["source_quote"] == QUOTE


def test_a_growth_without_its_value_derives_nothing():
    assert derive(make_year(figures=[growth()])).empty


def test_a_cumulative_value_has_no_base():
    figures = [revenue("累计超70亿元", 70.0, qualifier="cumulative+over"), growth()]
    assert derive(make_year(figures=figures)).empty


def test_each_park_pairs_with_its_own_value():
    figures = [revenue(park="north", quote="北区总收入200亿元，增长25%", value_text="200亿元",
                       value=200.0),
               growth(park="north", quote="北区总收入200亿元，增长25%", value_text="25%",
                      value=25.0),
               growth()]  # fmt: skip
    derived = derive(make_year(figures=figures))
    # north: 200 ÷ 1.25 = 160.0; the city's growth has no city value
    assert list(derived["park"]) == ["north"]
    assert derived.iloc[0]["value"] == pytest.approx(160.0)


def test_several_values_use_the_one_quoted_with_the_growth():
    figures = [revenue(value_text="4000亿元", value=4000.0, quote="另一处总收入4000亿元"),
               revenue(), growth()]  # fmt: skip
    derived = derive(make_year(figures=figures))
    assert list(derived["value"]) == [pytest.approx(4711.8)]


def test_2022_previous_year_bases():
    derived = derive(load_year(2022, DATA)).set_index("metric")
    expected = {
        "total_revenue": 4711.8,  # 5329亿元 ÷ 1.131 = 4711.76
        "tax_paid": 156.51,  # 175.6亿元 ÷ 1.122 = 156.506
        "high_tech_revenue": 2537.7,  # 2893亿元 ÷ 1.14 = 2537.72
        "industrial_fixed_asset_investment": 640.4,  # 646亿元 ÷ 1.0088 = 640.36
    }
    # 规工增加值增长10.4% has no reported value of 规工增加值: nothing to derive
    assert set(derived.index) == set(expected)
    for metric, value in expected.items():
        assert derived.at[metric, "value"] == pytest.approx(value), metric
    assert set(derived["year"]) == {2021} and derived["derived"].all()
    assert set(derived["unit"]) == {"亿元"}
    assert derived.at["total_revenue", "source_quote"] == QUOTE
