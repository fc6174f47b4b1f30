"""The review across a series' years, on the invented series of tests/fixtures/series/invented
(three years, 2021–2023, every figure made up; its README says what each year is built to show).

Expected values are hand computations on the fixture's figures, written out below; the
rounding ranges take each written value within half a unit of its last digit.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import parkmetrics as pm
from parkmetrics.errors import DataValidationError
from parkmetrics.review import across_years

ROOT = Path(__file__).resolve().parents[1]
SERIES = "invented"
FIXTURE = ROOT / "tests" / "fixtures" / "series" / SERIES
SYNTHETIC = ROOT / "tests" / "fixtures" / "synthetic"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """The shipped vocabulary with the invented series at data/invented/2021…2023."""
    folder = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "vocabulary", folder / "vocabulary")
    shutil.copytree(FIXTURE, folder / SERIES)
    return folder


def load_series(data: Path) -> list:
    return [pm.load_year(y, data, SERIES) for y in pm.available_years(data, SERIES)]


def row(table, year: int, metric: str) -> dict:
    found = table[(table["year"] == year) & (table["metric"] == metric) & (table["park"] == "city")]
    assert len(found) == 1, found
    return found.iloc[0].to_dict()


def test_a_restated_figure_is_kept_apart_from_the_years_own(data):
    d2023 = pm.load_year(2023, data, SERIES)
    # 2023 restates two 2022 figures (上年规模以上工业增加值1080亿元, 上年上交税金200亿元)
    assert sorted(d2023.restated["metric"]) == ["industrial_value_added", "tax_paid"]
    assert set(d2023.restated["about_year"]) == {2022} and set(d2023.restated["year"]) == {2023}
    # …and they are not 2023's figures: one tax_paid (220.5亿元), one industrial_value_added
    taxes = d2023.figures[d2023.figures["metric"] == "tax_paid"]
    assert taxes["value"].tolist() == [220.5]
    assert len(d2023.figures) == 11  # figures.csv: 13 rows, 2 of them about 2022


def test_growths_recomputed_from_consecutive_years(data):
    table = pm.growth_table(load_series(data))
    # 2021 is the first year: its growths cannot be recomputed
    first = row(table, 2021, "total_revenue_growth")
    assert (
        first["reported"] == 9
        and first["agrees"] is None
        and first["recomputed"] != first["recomputed"]
    )
    # 2022: 5500亿元 ÷ 5000亿元 − 1 = 10%, reported 10%
    revenue = row(table, 2022, "total_revenue_growth")
    assert revenue["recomputed"] == pytest.approx(10.0) and revenue["agrees"] is True
    # 2023: 6060 ÷ 5500 − 1 = 10.1818…%; rounding range 6059.5 ÷ 5500.5 − 1 = 10.1627% to
    # 6060.5 ÷ 5499.5 − 1 = 10.2009%; reported 10.2% (10.15–10.25%) overlaps it: agrees
    revenue = row(table, 2023, "total_revenue_growth")
    assert revenue["recomputed"] == pytest.approx(10.1818, abs=1e-4)
    assert revenue["low"] == pytest.approx(10.1627, abs=1e-4)
    assert revenue["high"] == pytest.approx(10.2009, abs=1e-4)
    assert revenue["agrees"] is True
    # 2023 (injected): 1166.4 ÷ 1080 − 1 = 8%, but the report says 12%
    value_added = row(table, 2023, "industrial_value_added_growth")
    assert value_added["recomputed"] == pytest.approx(8.0) and value_added["reported"] == 12
    assert value_added["agrees"] is False
    # taxes: 210 ÷ 200 − 1 = 5% and 220.5 ÷ 210 − 1 = 5%, reported 5% both years
    assert row(table, 2023, "tax_paid_growth")["recomputed"] == pytest.approx(5.0)
    assert table["agrees"].tolist().count(False) == 1


def test_audit_series_finds_the_injected_growth_and_the_restated_figure(data):
    found = pm.audit_series(load_series(data))
    assert sorted(found["code"]) == ["figure_restated", "growth_mismatch"]
    assert set(found["year"]) == {2023} and set(found["severity"]) == {"warning"}
    growth = found[found["code"] == "growth_mismatch"].iloc[0]
    assert growth["check"] == 1 and growth["subject"] == "2023/city/industrial_value_added_growth"
    assert (
        "12%" in growth["message_zh"] and "1166.4亿元 ÷ 1080亿元 − 1 = 8%" in growth["message_zh"]
    )
    assert "1166.4亿元 ÷ 1080亿元 − 1 = 8%" in growth["message_en"]
    quotes = [e["source_quote"] for e in growth["evidence"]]
    assert quotes == [
        "规模以上工业增加值1166.4亿元，增长12%",  # the growth, 2023's report
        "规模以上工业增加值1080亿元，增长8%",  # the base in 2022's report
        "规模以上工业增加值1166.4亿元，增长12%",  # the base in 2023's report
    ]
    restated = found[found["code"] == "figure_restated"].iloc[0]
    # 2023 says 上年上交税金200亿元; 2022's own report: 上交税金210亿元 (210 − 200 = 10亿元 > 0.5)
    assert restated["check"] == 2 and restated["subject"] == "2023/city/tax_paid"
    assert "200亿元" in restated["message_zh"] and "210亿元" in restated["message_zh"]
    assert "2022" in restated["message_en"] and "210亿元" in restated["message_en"]
    assert [e["source_quote"] for e in restated["evidence"]] == [
        "上年上交税金200亿元",
        "上交税金210亿元，增长5%",
    ]
    # the restated 上年规模以上工业增加值1080亿元 equals 2022's 1080亿元: no finding for it
    assert not (found["subject"] == "2023/city/industrial_value_added").any()


def test_a_growth_just_beyond_rounding_is_found(data):
    # 10.3% (10.25–10.35%) no longer meets the 10.1627–10.2009% the values allow
    for path in [
        data / SERIES / "2023" / "figures.csv",
        *(data / SERIES / "2023" / "source").iterdir(),
    ]:
        path.write_text(path.read_text(encoding="utf-8").replace("10.2", "10.3"), encoding="utf-8")
    found = pm.audit_series(load_series(data))
    assert "2023/city/total_revenue_growth" in set(found["subject"])


def test_tolerances_come_from_the_configuration(data, monkeypatch):
    settings = dict(across_years.series_settings())
    # with 4.5 points of slack, 12% ± (0.5 + 4.5) reaches down to 7%, within 7.95–8.05%
    monkeypatch.setattr(
        across_years, "series_settings", lambda: {**settings, "growth_slack_points": 4.5}
    )
    assert "growth_mismatch" not in set(pm.audit_series(load_series(data))["code"])
    # a 5% slack share: 210 × 5% = 10.5亿元 covers the restatement's 10亿元
    monkeypatch.setattr(
        across_years, "series_settings", lambda: {**settings, "restated_slack_share": 0.05}
    )
    assert "figure_restated" not in set(pm.audit_series(load_series(data))["code"])


def test_one_year_or_a_consistent_series_has_no_finding(data, tmp_path):
    assert pm.audit_series(load_series(data)[:1]).empty
    # the real 2022 and the synthetic 2023, 2024: 5800 ÷ 5329 − 1 = 8.84% (reported 8.8%),
    # 6264 ÷ 5800 − 1 = 8% (reported 8%)
    folder = tmp_path / "consistent"
    shutil.copytree(ROOT / "data", folder)
    for year in (2023, 2024):
        shutil.copytree(SYNTHETIC / str(year), folder / str(year))
    reports = [pm.load_year(y, folder) for y in (2022, 2023, 2024)]
    table = pm.growth_table(reports)
    assert row(table, 2023, "total_revenue_growth")["recomputed"] == pytest.approx(8.84, abs=0.005)
    assert row(table, 2024, "total_revenue_growth")["recomputed"] == pytest.approx(8.0)
    assert pm.audit_series(reports).empty


def test_a_figure_about_a_later_year_is_refused(data):
    path = data / SERIES / "2022" / "figures.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2] + "2023"  # line 3's about_year (the last column, blank) set to 2023
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataValidationError) as caught:
        pm.load_year(2022, data, SERIES)
    [problem] = caught.value.problems
    assert (problem.file, problem.line, problem.column, problem.value) == (
        "invented/2022/figures.csv",
        3,
        "about_year",
        "2023",
    )
    assert "2022" in problem.expected


def test_a_decline_is_a_negative_growth(data):
    # 2023 written as a decline: 上交税金199.5亿元，下降5%; 199.5 ÷ 210 − 1 = −5%, which follows
    year = data / SERIES / "2023"
    for path in [year / "figures.csv", *(year / "source").iterdir()]:
        text = path.read_text(encoding="utf-8")
        text = text.replace("上交税金220.5亿元，增长5%", "上交税金199.5亿元，下降5%")
        text = text.replace("220.5亿元,220.5,亿元,22050000000", "199.5亿元,199.5,亿元,19950000000")
        path.write_text(text, encoding="utf-8")
    tax = row(pm.growth_table(load_series(data)), 2023, "tax_paid_growth")
    assert tax["reported"] == -5 and tax["reported_text"] == "下降5%"
    assert tax["recomputed"] == pytest.approx(-5.0) and tax["agrees"] is True
