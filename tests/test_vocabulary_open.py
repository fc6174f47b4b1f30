"""Open vocabularies: units and themes a data folder adds; the comparison words of real tables;
numerals that are names, never figures."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from parkmetrics import DataValidationError, load_year, parse_quantity
from parkmetrics.data.dataset import resolve_data_dir
from parkmetrics.figures.quantity import find_quantities
from parkmetrics.figures.units import unit


@pytest.mark.parametrize(
    ("text", "value", "unit_", "canonical", "qualifier"),
    [
        ("300人", "300", "人", "个", "exact"),
        ("1200人次", "1200", "人次", "个", "exact"),
        ("5所", "5", "所", "个", "exact"),
        ("20套", "20", "套", "个", "exact"),
        ("12台", "12", "台", "个", "exact"),
        ("8.5公里", "8.5", "公里", "米", "exact"),  # canonical 8500 米
        ("≥90分", "90", "分", "分", "exact"),
        ("30户", "30", "户", "个", "exact"),
    ],
)
def test_units_of_real_tables(text, value, unit_, canonical, qualifier):
    q = parse_quantity(text)
    assert (q.value, q.unit, q.canonical_unit, q.qualifier) == (
        Decimal(value), unit_, canonical, qualifier,
    )  # fmt: skip


def test_kilometres_convert_to_metres():
    assert parse_quantity("8.5公里").canonical_value == Decimal("8500")  # 8.5 × 1000


def test_thirty_minutes_are_not_thirty_points():
    assert parse_quantity("30分钟").unit == "分钟"


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("大于90%", "over"),
        ("高于80%", "over"),
        ("小于5%", "under"),
        ("低于3%", "under"),
        ("不低于90%", "at_least"),
        ("不小于95%", "at_least"),
        ("不少于10个", "at_least"),
        ("不高于100万元", "at_most"),
        ("不超过100万元", "at_most"),
        ("不大于2天", "at_most"),
    ],
)
def test_comparison_words_keep_their_qualifier(text, qualifier):
    q = parse_quantity(text)
    assert q.qualifier == qualifier
    assert q.text == text  # the word stays in the figure's text


@pytest.mark.parametrize(
    "text", ["三类地", "一级指标", "十四五规划", "四上企业", "二级指标", "五好园区"]
)
def test_numerals_that_are_names_are_never_figures(text):
    assert find_quantities(text) == []


def test_a_names_numeral_beside_a_figure_leaves_only_the_figure():
    found = [q.text for _, _, q in find_quantities("处置三类地10602亩，新增四上企业12家")]
    assert found == ["10602亩", "12家"]


# --- a data folder's own units and themes ------------------------------------------------------


@pytest.fixture()
def data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(resolve_data_dir(None), target)
    return target


def test_a_data_folder_adds_a_unit_with_its_conversion(data):
    (data / "vocabulary/units.csv").write_text(
        "unit,canonical_unit,factor,kind,meaning\n"
        "标准地,个,1,count,parcels offered as 标准地 (a city's own classifier)\n"
        "千瓦,千瓦,1,power,kilowatt: a kind of the city's own, with its canonical unit\n"
        "兆瓦,千瓦,1000,power,megawatt\n",
        encoding="utf-8",
    )
    load_year(2022, data)  # the units are added when the vocabulary is read
    assert unit("标准地").canonical_unit == "个"
    q = parse_quantity("2.5兆瓦")
    assert (q.unit, q.canonical_value, q.canonical_unit) == ("兆瓦", Decimal("2500"), "千瓦")


def test_a_data_folder_may_not_redefine_a_unit(data):
    (data / "vocabulary/units.csv").write_text(
        "unit,canonical_unit,factor,kind,meaning\n万元,元,1000,money,wrong\n", encoding="utf-8"
    )
    with pytest.raises(DataValidationError) as caught:
        load_year(2022, data)
    [problem] = caught.value.problems
    assert (problem.file, problem.line, problem.column) == ("vocabulary/units.csv", 2, "unit")


def test_a_data_folder_adds_a_theme(data):
    metrics = data / "vocabulary/metrics.csv"
    rows = metrics.read_text(encoding="utf-8").splitlines()
    rows.append("new_energy_capacity,新能源装机容量,,new_energy,,,installed renewable capacity")
    metrics.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(DataValidationError) as caught:
        load_year(2022, data)  # not a built-in theme
    assert any(p.column == "theme" and p.value == "new_energy" for p in caught.value.problems)
    (data / "vocabulary/themes.csv").write_text(
        "theme,label,meaning\nnew_energy,新能源,renewable energy\n", encoding="utf-8"
    )
    loaded = load_year(2022, data)
    assert loaded.vocabulary.metrics_of_theme("new_energy") == ["new_energy_capacity"]
