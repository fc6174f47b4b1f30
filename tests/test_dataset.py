"""The 2022 data files against the source report.

Expected values are read off the report by hand (the line of the source text is given), never
taken from the data files or the code. The files are read with the csv module here, so these
tests check the transcription even where the loader is not involved.
"""

from __future__ import annotations

import csv
import math
from decimal import Decimal
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "data"
YEAR = DATA / "2022"
DOCUMENT = "zhuzhou-2022-park-fund-self-evaluation.txt"
SOURCE = (YEAR / "source" / DOCUMENT).read_text(encoding="utf-8")
MU_M2 = Decimal(10000) / Decimal(15)  # 1 亩 = 10000/15 平方米 (1 公顷 = 15 亩)


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [{k: v.strip() for k, v in row.items()} for row in csv.DictReader(handle)]


FIGURES = rows(YEAR / "figures.csv")
AWARDS = rows(YEAR / "awards.csv")
SPENDING = rows(YEAR / "spending.csv")
BUDGET = {row["line"]: row for row in rows(YEAR / "budget.csv")}
INDICATORS = rows(YEAR / "indicators.csv")
HEADER = {row["field"]: row for row in rows(YEAR / "header.csv")}
METRICS = {row["metric"]: row for row in rows(DATA / "vocabulary" / "metrics.csv")}
PARKS = rows(DATA / "vocabulary" / "parks.csv")
LEVELS = {row["id"]: row for row in rows(DATA / "vocabulary" / "indicator_levels.csv")}
HEADER_FIELDS = {row["field"]: row for row in rows(DATA / "vocabulary" / "header_fields.csv")}


# --- quotes -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("file", "table"), [("figures", FIGURES), ("awards", AWARDS), ("spending", SPENDING)]
)
def test_every_quote_occurs_exactly_once_in_the_document(file: str, table: list[dict]) -> None:
    wrong = [
        (i + 2, row["source_quote"], SOURCE.count(row["source_quote"]))
        for i, row in enumerate(table)
        if row["document"] != DOCUMENT or SOURCE.count(row["source_quote"]) != 1
    ]
    assert wrong == [], f"{file}.csv lines whose quote is missing or ambiguous"


def test_header_quotes_are_verbatim() -> None:
    missing = [f for f, row in HEADER.items() if row["source_quote"] not in SOURCE]
    assert missing == []


def test_value_text_occurs_in_its_quote() -> None:
    wrong = [r["value_text"] for r in FIGURES if r["value_text"] not in r["source_quote"]]
    assert wrong == []


def test_figure_keys_are_unique() -> None:
    keys = [(r["park"], r["metric"], r["source_quote"]) for r in FIGURES]
    assert len(keys) == len(set(keys))


# --- figures as read by hand from the narrative ------------------------------------------

# (park, metric, value_text, value, unit, canonical value, canonical unit, qualifier)
EXPECTED_FIGURES = [
    # line 4-7: budget and spending
    ("city", "budget_revenue", "810.24万元", "810.24", "万元", "8102400", "元", "exact"),
    ("city", "budget_initial", "810.24万元", "810.24", "万元", "8102400", "元", "exact"),
    ("city", "expenditure", "810.24万元", "810.24", "万元", "8102400", "元", "exact"),
    ("city", "special_fund_expenditure", "810.24万元", "810.24", "万元", "8102400", "元", "exact"),
    # line 8: city-wide park economy
    ("city", "industrial_value_added_growth", "10.4%", "10.4", "%", "10.4", "%", "exact"),
    ("city", "total_revenue", "5329亿元", "5329", "亿元", "532900000000", "元", "exact"),
    ("city", "total_revenue_growth", "13.1%", "13.1", "%", "13.1", "%", "exact"),
    ("city", "tax_paid", "175.6亿元", "175.6", "亿元", "17560000000", "元", "exact"),
    ("city", "tax_paid_growth", "12.2%", "12.2", "%", "12.2", "%", "exact"),
    ("city", "high_tech_revenue", "2893亿元", "2893", "亿元", "289300000000", "元", "exact"),
    ("city", "high_tech_revenue_growth", "14%", "14", "%", "14", "%", "exact"),
    (
        "city",
        "industrial_fixed_asset_investment",
        "646亿元",
        "646",
        "亿元",
        "64600000000",
        "元",
        "exact",
    ),
    (
        "city",
        "industrial_fixed_asset_investment_growth",
        "0.88%",
        "0.88",
        "%",
        "0.88",
        "%",
        "exact",
    ),
    (
        "zhuzhou_hitech",
        "advanced_manufacturing_park_rank",
        "第84位",
        "84",
        "位",
        "84",
        "位",
        "exact",
    ),
    ("zhuzhou_hitech", "business_environment_rank", "前10", "10", "位", "10", "位", "at_most"),
    # line 9: planning and land
    ("city", "leading_industry_revenue_share", "达到70%", "70", "%", "70", "%", "reached"),
    ("city", "conforming_project_share", "达到78%", "78", "%", "78", "%", "reached"),
    ("city", "mapped_enterprises", "2700多家", "2700", "家", "2700", "个", "more_than"),
    ("city", "park_boundary_area", "6967公顷", "6967", "公顷", "69670000", "平方米", "exact"),
    (
        "city",
        "industrial_land_allocated",
        "近万亩",
        "10000",
        "亩",
        str(10000 * MU_M2),
        "平方米",
        "approx",
    ),
    # line 10: platforms and funds
    ("city", "innovation_platforms", "近600家", "600", "家", "600", "个", "approx"),
    ("city", "innovation_training_sessions", "9次", "9", "次", "9", "个", "exact"),
    ("city", "industry_mother_fund_size", "50亿元", "50", "亿元", "5000000000", "元", "exact"),
    ("zhuzhou_hitech", "new_fund_size", "2.5亿元", "2.5", "亿元", "250000000", "元", "exact"),
    ("zhuzhou_etdz", "registered_funds", "21支", "21", "支", "21", "个", "exact"),
    (
        "zhuzhou_etdz",
        "registered_funds_size",
        "110.66亿元",
        "110.66",
        "亿元",
        "11066000000",
        "元",
        "exact",
    ),
    ("lukou_etdz", "new_fund_size", "1亿元", "1", "亿元", "100000000", "元", "exact"),
    ("lukou_etdz", "new_fund_size", "10亿元", "10", "亿元", "1000000000", "元", "exact"),
    (
        "hetang",
        "supply_chain_finance_volume",
        "累计超70亿元",
        "70",
        "亿元",
        "7000000000",
        "元",
        "cumulative+over",
    ),
    # line 11: projects
    # 元 is not written after 5000万: a bare magnitude, canonical unit 1 (the metric's unit is 元)
    ("city", "project_size_threshold", "5000万以上", "5000", "万", "50000000", "1", "at_least"),
    ("city", "projects_introduced", "177个", "177", "个", "177", "个", "exact"),
    ("city", "projects_started", "137个", "137", "个", "137", "个", "exact"),
    ("city", "projects_completed", "145个", "145", "个", "145", "个", "exact"),
    ("city", "projects_introduced_completion", "122%", "122", "%", "122", "%", "exact"),
    ("city", "projects_started_completion", "102%", "102", "%", "102", "%", "exact"),
    ("city", "projects_completed_completion", "126%", "126", "%", "126", "%", "exact"),
    ("city", "cluster_count_rank", "第一", "1", "位", "1", "位", "exact"),
    # line 12: reform and land
    ("city", "industrial_chains", "13条", "13", "条", "13", "个", "exact"),
    ("city", "reform_progress", "达到80%", "80", "%", "80", "%", "reached"),
    ("zhuzhou_hitech", "professional_staff_share", "超过70%", "70", "%", "70", "%", "over"),
    ("city", "idle_land_disposed", "10065亩", "10065", "亩", "6710000", "平方米", "exact"),
    (
        "city",
        "idle_factory_space_revitalised",
        "12.3万平方米",
        "12.3",
        "万平方米",
        "123000",
        "平方米",
        "exact",
    ),
    ("city", "per_mu_hero_enterprises", "50家", "50", "家", "50", "个", "exact"),
    # line 13: services
    ("city", "delegated_powers", "115项", "115", "项", "115", "个", "exact"),
    ("zhuzhou_etdz", "approval_duration", "两天半", "2.5", "天", "2.5", "天", "exact"),
    # line 14: green and safety
    ("liling_etdz", "integrity_parks_in_province", "10家", "10", "家", "10", "个", "exact"),
    ("city", "wastewater_compliance_rate", "100%", "100", "%", "100", "%", "exact"),
]


def close(cell: str, expected: str) -> bool:
    return math.isclose(float(cell), float(expected), rel_tol=1e-9)


def test_every_narrative_figure_is_transcribed_once_and_nothing_else() -> None:
    found = sorted((r["park"], r["metric"], r["value_text"]) for r in FIGURES)
    expected = sorted((e[0], e[1], e[2]) for e in EXPECTED_FIGURES)
    assert found == expected


@pytest.mark.parametrize("expected", EXPECTED_FIGURES, ids=lambda e: f"{e[1]}={e[2]}")
def test_figure_values_units_and_qualifiers(expected: tuple) -> None:
    _park, metric, _text, value, unit, canonical, canonical_unit, qualifier = expected
    (row,) = [r for r in FIGURES if (r["park"], r["metric"], r["value_text"]) == expected[:3]]
    assert close(row["value"], value)
    assert row["unit"] == unit
    assert close(row["canonical_value"], canonical)
    assert row["canonical_unit"] == canonical_unit
    if canonical_unit != "1":
        assert canonical_unit == METRICS[metric]["canonical_unit"]
    assert row["qualifier"] == qualifier
    # the narrative writes no sign (≥, ＞=…); qualifier words are never turned into one
    assert row["comparison"] == ""


def test_figure_count_per_park() -> None:
    counts: dict[str, int] = {}
    for row in FIGURES:
        counts[row["park"]] = counts.get(row["park"], 0) + 1
    # Hand count of the narrative: 4 budget + 9 economy + 5 planning + 3 platforms/mother fund
    # + 7 projects + 1 cluster rank + 1 chains + 1 reform + 2 land + 1 英雄榜 + 1 赋权 + 1 达标率.
    assert counts == {
        "city": 36,
        "zhuzhou_hitech": 4,
        "zhuzhou_etdz": 3,
        "lukou_etdz": 2,
        "hetang": 1,
        "liling_etdz": 1,
    }


def test_the_two_land_disposal_figures_are_both_on_record() -> None:
    # Narrative line 12 says 10065亩; the table (line 202) says 10602亩. Neither is "fixed".
    assert [r["value"] for r in FIGURES if r["metric"] == "idle_land_disposed"] == ["10065"]
    (row8,) = [r for r in INDICATORS if r["row"] == "8"]
    assert "10602亩" in row8["actual"]


@pytest.mark.parametrize("row", FIGURES, ids=lambda r: r["value_text"])
def test_parser_reads_back_every_figure(row: dict[str, str]) -> None:
    from parkmetrics.figures.quantity import parse_quantity

    parsed = parse_quantity(row["value_text"])
    assert close(row["value"], str(parsed.value))
    assert row["unit"] == parsed.unit
    assert close(row["canonical_value"], str(parsed.canonical_value))
    assert row["canonical_unit"] == parsed.canonical_unit
    assert row["qualifier"] == parsed.qualifier
    assert row["comparison"] == (parsed.comparison or "")


# --- vocabulary ---------------------------------------------------------------------------


def test_every_metric_used_is_in_the_vocabulary() -> None:
    used = {r["metric"] for r in FIGURES}
    used |= {m for r in INDICATORS for m in r["metrics"].split(";") if m}
    used |= {METRICS[m][c] for m in METRICS for c in ("growth_of", "completion_of")} - {""}
    assert used - set(METRICS) == set()


def test_growth_rates_point_at_their_levels() -> None:
    assert METRICS["total_revenue_growth"]["growth_of"] == "total_revenue"
    assert METRICS["industrial_value_added_growth"]["growth_of"] == "industrial_value_added"
    assert METRICS["projects_introduced_completion"]["completion_of"] == "projects_introduced"
    for metric, row in METRICS.items():
        if row["growth_of"]:
            assert row["canonical_unit"] == "%", metric


@pytest.mark.parametrize(
    ("name", "park"),
    [
        ("株洲高新区", "zhuzhou_hitech"),
        ("株洲经开区", "zhuzhou_etdz"),
        ("醴陵经开区", "liling_etdz"),
        ("渌口经开区", "lukou_etdz"),
        ("荷塘产业开发区", "hetang"),  # narrative, line 10 and 14
        ("荷塘高新区", "hetang"),  # table, line 181
        ("茶陵经开区", "chaling_etdz"),
        ("全市", "city"),
    ],
)
def test_every_park_name_of_the_report_is_in_parks(name: str, park: str) -> None:
    assert name in SOURCE
    assert [r["park"] for r in PARKS if r["name"] == name] == [park]


def test_each_park_has_one_official_name() -> None:
    for park in {r["park"] for r in PARKS}:
        kinds = sorted(r["kind"] for r in PARKS if r["park"] == park)
        assert kinds.count("official") == 1, park
    assert {r["kind"] for r in PARKS if r["park"] == "hetang"} == {"official", "alias"}


def test_figures_and_awards_use_known_parks() -> None:
    parks = {r["park"] for r in PARKS}
    assert {r["park"] for r in FIGURES + AWARDS} <= parks


def test_indicator_levels_follow_the_table() -> None:
    assert LEVELS["economic"]["label"] == "经济效益指标"  # written 经济效\n益指标, line 166
    assert LEVELS["service_satisfaction"]["parent"] == "satisfaction"
    assert [LEVELS[i]["default_weight"] for i in ("output", "benefit", "satisfaction")] == [
        "50",
        "30",
        "10",
    ]


# --- the self-evaluation table ------------------------------------------------------------

# (一级, 二级, 三级指标, 年度指标值, 实际完成值, 分值, 得分) from lines 119-217 of the source
EXPECTED_INDICATORS = [
    (
        "output",
        "quantity",
        "新引进、新开工、新竣工5000万以上产业项目个数。",
        "新引进、新开工、新竣工5000万以上产业项目145、130、110个",
        "新引进、新开工、新竣工5000万以上产业项目177个、137个、145个，分别完成年度任务的122%、102%、126%",
        "15",
        "15",
    ),
    (
        "output",
        "quality",
        "创建“五好”园区",
        "争创2家及以上先进园区",
        "醴陵经开区获2022年度省政府真抓实干“五好”园区激励表彰，获评“全省先进园区”。"
        "株洲高新区获评位居全国先进制造业百强园第84位，全省营商环境排名前10的园区",
        "15",
        "15",
    ),
    (
        "output",
        "timeliness",
        "5月、7月、10月、以及次年1月进行园区工作考核",
        "完成率100%",
        "已完成",
        "10",
        "10",
    ),
    (
        "output",
        "cost",
        "考核奖励、亩均效益、园区建设发展相关费用",
        "810.24万元",
        "810.24万元",
        "10",
        "10",
    ),
    ("benefit", "economic", "全市园区技工贸总收入增长10%", "10%", "10.4%", "10", "10"),
    (
        "benefit",
        "social",
        "打造绿色园区，降低企业能耗",
        "争创1家及以上绿色园区",
        "荷塘高新区获评省级绿色园区",
        "10",
        "10",
    ),
    ("benefit", "ecological", "平安园区", "安全事故发生率0%", "全年园区0事故", "5", "5"),
    (
        "benefit",
        "sustainability",
        "园区承载力",
        "园区“三类地”年度处置盘活率100%",
        "全年处置园区“三类地”10602亩，完成100%",
        "5",
        "5",
    ),
    (
        "satisfaction",
        "service_satisfaction",
        "园区营商环境",
        "满意度100%",
        "株洲高新区再次获得全省营商环境10强",
        "10",
        "10",
    ),
]


def test_all_nine_indicator_rows_as_in_the_report() -> None:
    found = [
        (r["level1"], r["level2"], r["level3"], r["target"], r["actual"], r["weight"], r["score"])
        for r in sorted(INDICATORS, key=lambda r: int(r["row"]))
    ]
    assert found == EXPECTED_INDICATORS
    assert [r["row"] for r in INDICATORS] == [str(n) for n in range(1, 10)]


def test_indicator_cells_are_verbatim_cells_of_the_source() -> None:
    cells = {cell.strip() for cell in SOURCE.split("\t")}
    for row in INDICATORS:
        for column in ("level3", "target", "actual"):
            assert row[column] in cells, (row["row"], column)


def test_deviation_reasons_are_blank_as_in_the_report() -> None:
    assert [r["deviation_reason"] for r in INDICATORS] == [""] * 9


def test_weights_sum_to_the_total_of_100() -> None:
    by_level = {level: 0 for level in ("output", "benefit", "satisfaction")}
    for row in INDICATORS:
        by_level[row["level1"]] += int(row["weight"])
    assert by_level == {"output": 50, "benefit": 30, "satisfaction": 10}
    assert [
        HEADER[f]["value"] for f in ("output_weight", "benefit_weight", "satisfaction_weight")
    ] == ["50", "30", "10"]
    budget_weight = int(BUDGET["total"]["weight"])
    assert budget_weight + sum(by_level.values()) == 100 == int(HEADER["total_weight"]["value"])
    assert HEADER["total_score"]["value"] == "100"


def test_header_as_in_the_report() -> None:
    assert HEADER["project_name"]["value"] == "经济信息产业发展——园区发展专项"
    assert HEADER["implementing_unit"]["value"] == "园区发展科"
    assert HEADER["city"]["value"] == "株洲"
    assert HEADER["document"]["value"] == DOCUMENT
    # blank in the report (lines 43, 101-102): blank here, never filled in
    assert [HEADER[f]["value"] for f in ("department", "goal_expected", "goal_actual")] == [
        "",
        "",
        "",
    ]
    assert set(HEADER) == set(HEADER_FIELDS)


def test_budget_block_keeps_its_blank_lines() -> None:
    assert list(BUDGET) == ["total", "fiscal_appropriation", "carryover", "other"]
    for line in ("total", "fiscal_appropriation"):
        row = BUDGET[line]
        assert [row[c] for c in ("initial", "full_year", "executed")] == ["810.24"] * 3
        assert (row["weight"], row["rate_text"], row["rate"], row["score"]) == (
            "10",
            "100%",
            "100",
            "10",
        )
    for line in ("carryover", "other"):
        row = BUDGET[line]
        assert [row[c] for c in row if c not in ("line", "label", "unit")] == [""] * 7
    # the block's heading is 项目资金（万元）: every line records that unit
    assert "项目资金\n（万元）" in SOURCE
    assert {row["unit"] for row in BUDGET.values()} == {"万元"}


def test_spending_items_add_up_to_the_expenditure() -> None:
    amounts = {r["item"]: Decimal(r["amount"]) for r in SPENDING}
    assert sorted(amounts.values()) == sorted(
        Decimal(a) for a in ("760", "19.5", "19.5", "11.2446")
    )
    assert {r["unit"] for r in SPENDING} == {"万元"}
    total = sum(amounts.values())
    assert total == Decimal("810.2446")
    assert abs(total - Decimal(BUDGET["total"]["executed"])) < Decimal("0.005")


def test_awards_named_in_both_narrative_and_table() -> None:
    green = [r for r in AWARDS if r["award"] == "provincial_green_park"]
    assert {r["park"] for r in green} == {"hetang"}
    assert {r["source_quote"] for r in green} == {
        "荷塘产业开发区获批省级绿色园区",  # narrative, line 14
        "荷塘高新区获评省级绿色园区",  # table, line 181
    }
    assert {r["level"] for r in AWARDS} <= {"national", "provincial", "city"}
    liling = {r["award"] for r in AWARDS if r["park"] == "liling_etdz"}
    assert {"five_good_park_incentive", "provincial_advanced_park", "integrity_park"} <= liling


# --- through the loader (another engineer's module) --------------------------------------


@pytest.fixture(scope="module")
def year_2022():
    from parkmetrics import load_year

    return load_year(2022, DATA)


def test_load_year_accepts_2022(year_2022) -> None:
    assert len(year_2022.figures) == len(EXPECTED_FIGURES)
    assert year_2022.figures.groupby("park").size().to_dict()["zhuzhou_hitech"] == 4
    assert len(year_2022.indicators) == 9
    assert year_2022.header["department"] is None
    assert year_2022.goals == {"expected": None, "actual": None}


def test_load_year_keeps_nearly_ten_thousand_mu(year_2022) -> None:
    figures = year_2022.figures
    (row,) = figures[figures["value_text"] == "近万亩"].to_dict("records")
    assert (float(row["value"]), row["unit"], row["qualifier"]) == (10000.0, "亩", "approx")
    assert row["canonical_value"] == pytest.approx(10000 * 10000 / 15)


def test_load_year_budget_blanks_are_nan(year_2022) -> None:
    budget = year_2022.budget.set_index("line")
    assert budget.loc["carryover", ["initial", "full_year", "executed", "score"]].isna().all()
    assert budget.loc["total", "executed"] == pytest.approx(810.24)
