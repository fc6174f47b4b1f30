"""assess(): re-scoring the self-evaluation table.

Small hand-built years test each rule; the 2022 report tests the whole table. Every expected
value is worked out by hand from the cells and the rules of the domain brief.
``make_year`` is also used by test_review.py.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from parkmetrics.data.dataset import YearData, load_year
from parkmetrics.data.vocabulary import Vocabulary
from parkmetrics.scoring.assessment import assess
from parkmetrics.scoring.cells import parks_named

DATA = Path(__file__).resolve().parents[1] / "data"

METRICS = [
    # metric, label, canonical_unit, theme, growth_of, completion_of
    ("projects_new", "新引进项目", "个", "projects", None, None),
    ("projects_started", "新开工项目", "个", "projects", None, None),
    ("projects_started_completion", "新开工完成率", "%", "projects", None, "projects_started"),
    ("projects_done", "竣工项目", "个", "projects", None, None),
    ("projects_done_completion", "竣工完成率", "%", "projects", None, "projects_done"),
    ("revenue", "总收入", "元", "economy", None, None),
    ("revenue_growth", "总收入增长", "%", "economy", "revenue", None),
    ("value_added_growth", "增加值增长", "%", "economy", None, None),
    ("land_disposed", "处置土地", "平方米", "land", None, None),
    ("land_disposal_rate", "土地处置率", "%", "land", None, "land_disposed"),
    ("green_parks", "绿色园区数", "个", "green_safety", None, None),
    ("accident_rate", "事故率", "%", "green_safety", None, None),
    ("spending", "专项支出", "元", "budget", None, None),
    ("expenditure", "支出", "元", "budget", None, None),
    ("satisfaction_rate", "满意度", "%", "services", None, None),
    ("environment_rank", "营商环境排名", "位", "ranking", None, None),
]
PARKS = [
    ("city", "全市", "official"),
    ("north", "北区开发区", "official"),
    ("north", "北区高新区", "alias"),
    ("south", "南区经开区", "official"),
]
LEVELS = [
    (1, "output", "产出指标", None), (1, "benefit", "效益指标", None),
    (1, "satisfaction", "满意度指标", None), (2, "quantity", "数量指标", "output"),
    (2, "quality", "质量指标", "output"), (2, "timeliness", "时效指标", "output"),
    (2, "cost", "成本指标", "output"), (2, "economic", "经济效益指标", "benefit"),
    (2, "social", "社会效益指标", "benefit"), (2, "ecological", "生态效益指标", "benefit"),
    (2, "sustainability", "可持续影响指标", "benefit"),
    (2, "service_satisfaction", "服务对象满意度指标", "satisfaction"),
]  # fmt: skip
HEADER_FIELDS = [
    ("title", "报告标题"), ("project_name", "项目支出名称"), ("department", "主管部门"),
    ("implementing_unit", "实施单位"),
    ("goal_expected", "年度总体目标·预期目标"), ("goal_actual", "年度总体目标·实际完成情况"),
    ("total_weight", "总分·分值"), ("total_score", "总分·得分"),
    ("output_weight", "产出指标分值"), ("benefit_weight", "效益指标分值"),
    ("satisfaction_weight", "满意度指标分值"),
]  # fmt: skip


def vocabulary() -> Vocabulary:
    metrics = pd.DataFrame(
        [(*m, "meaning") for m in METRICS],
        columns=["metric", "label", "canonical_unit", "theme", "growth_of", "completion_of",
                 "meaning"],
    )  # fmt: skip
    parks = pd.DataFrame([(*p, None) for p in PARKS], columns=["park", "name", "kind", "note"])
    levels = pd.DataFrame(
        [(lv, i, label, parent, None, "m") for lv, i, label, parent in LEVELS],
        columns=["level", "id", "label", "parent", "default_weight", "meaning"],
    )
    fields = pd.DataFrame(
        [(f, label, "yes", "m") for f, label in HEADER_FIELDS],
        columns=["field", "label", "required", "meaning"],
    )
    return Vocabulary(metrics=metrics, parks=parks, levels=levels, header_fields=fields)


def indicator(row: int, level1: str, level2: str, target: str | None, actual: str | None,
              weight: float, score: float, metrics: str | None = None,
              reason: str | None = None, level3: str | None = None) -> dict:  # fmt: skip
    """One indicator row as load_year gives it."""
    return {
        "year": 2030, "row": row, "level1": level1, "level1_label": level1, "level2": level2,
        "level2_label": level2, "level3": level3 or f"指标{row}", "target": target,
        "actual": actual, "weight": float(weight), "score": float(score),
        "deviation_reason": reason, "metrics": metrics,
    }  # fmt: skip


def figure(metric: str, value_text: str, value: float, unit: str, canonical_value: float,
           canonical_unit: str, quote: str, park: str = "city", label: str | None = None,
           qualifier: str = "exact") -> dict:  # fmt: skip
    return {
        "year": 2030, "park": park, "metric": metric, "label": label or metric,
        "value_text": value_text, "value": value, "unit": unit,
        "canonical_value": canonical_value, "canonical_unit": canonical_unit,
        "qualifier": qualifier, "comparison": None, "document": "report.txt",
        "source_quote": quote, "note": None,
    }  # fmt: skip


def budget_lines(full_year: float = 100.0, executed: float = 100.0, rate: float = 100.0,
                 score: float = 10.0, weight: float = 10.0) -> list[dict]:  # fmt: skip
    total = {"line": "total", "label": "年度资金总额", "initial": full_year,
             "full_year": full_year, "executed": executed, "weight": weight,
             "rate_text": f"{rate:g}%", "rate": rate, "score": score}  # fmt: skip
    blank = dict.fromkeys(["initial", "full_year", "executed", "weight", "rate", "score"], math.nan)
    other = {"line": "other", "label": "其他资金", "rate_text": None, **blank}
    return [total, other]


# A consistent small year: weights 10 (budget) + 50 + 30 + 10 = 100, every part agreeing; row 1
# falls short (45 of 50 → 0.9 × 30 = 27) and says why. Total 10 + 27 + 20 + 30 + 10 = 97.
def base_indicators() -> list[dict]:
    return [
        indicator(1, "output", "quantity", "≥50个", "新开工45个", 30, 27, "projects_started",
                  "部分项目用地报批延后，已调整开工计划"),
        indicator(2, "output", "cost", "≤90万元", "90万元", 20, 20, "spending"),
        indicator(3, "benefit", "economic", "总收入增长10%", "12%", 30, 30, "revenue_growth"),
        indicator(4, "satisfaction", "service_satisfaction", "满意度≥90%", "满意度95%", 10, 10,
                  "satisfaction_rate"),
    ]  # fmt: skip


def base_header() -> dict:
    return {
        "title": "2030年度产业发展专项资金绩效自评报告—园区建设专项",
        "project_name": "产业发展——园区建设专项", "department": "市工信局",
        "implementing_unit": "园区科",
        "goal_expected": "完成年度任务", "goal_actual": "已完成年度任务",
        "total_weight": "100", "total_score": "97", "output_weight": "50",
        "benefit_weight": "30", "satisfaction_weight": "10",
    }  # fmt: skip


def make_year(
    indicators: list[dict] | None = None,
    budget: list[dict] | None = None,
    figures: list[dict] | None = None,
    header: dict | None = None,
    spending: list[dict] | None = None,
    awards: list[dict] | None = None,
) -> YearData:
    """A YearData built by hand (frames with the columns of docs/architecture.md)."""  # fmt: skip
    vocab = vocabulary()
    header = base_header() if header is None else header
    figure_columns = ["year", "park", "metric", "label", "value_text", "value", "unit",
                      "canonical_value", "canonical_unit", "qualifier", "comparison",
                      "document", "source_quote", "note"]  # fmt: skip
    return YearData(
        year=2030,
        data_dir=Path("."),
        header=header,
        goals={"expected": header.get("goal_expected"), "actual": header.get("goal_actual")},
        figures=pd.DataFrame(figures or [], columns=figure_columns),
        awards=pd.DataFrame(awards or [], columns=["year", "park", "award", "label", "level",
                                                   "note", "document", "source_quote"]),
        spending=pd.DataFrame(spending or [], columns=["year", "item", "label", "amount", "unit",
                                                       "document", "source_quote"]),
        budget=pd.DataFrame(budget or budget_lines()),
        indicators=pd.DataFrame(base_indicators() if indicators is None else indicators),
        parks=vocab.parks.copy(),
        vocabulary=vocab,
    )  # fmt: skip


def item(assessment, name: str) -> dict:
    rows = assessment.items[assessment.items["item"] == name]
    assert len(rows) == 1, name
    return rows.iloc[0].to_dict()


# --- hand-built cases ----------------------------------------------------------------------------


def test_a_consistent_year_recomputes_to_its_reported_scores():
    result = assess(make_year())
    assert list(result.items["item"]) == [
        "budget", "indicator-1", "indicator-2", "indicator-3", "indicator-4",
    ]  # fmt: skip
    assert (result.items["difference"] == 0).all()
    assert result.totals == {
        "weight_total": 100.0, "reported_total": 97.0, "recomputed_total": 97.0,
        "reported_grade": "优", "recomputed_grade": "优", "unscored_weight": 0.0,
        "unknown_cells": False, "reported_total_from": "total_score",
        "total_score_unknown": False, "recomputed_partial": False,
    }  # fmt: skip
    assert item(result, "indicator-1")["reason_required"]  # 0.9 < 1 …
    assert item(result, "indicator-1")["reason_present"]  # … and the reason is given


def test_a_missed_target_scores_in_proportion_and_needs_a_reason():
    year = make_year(
        [indicator(1, "output", "quantity", "≥50个", "40个", 10, 10, "projects_started")]
    )
    row = item(assess(year), "indicator-1")
    # 40 ÷ 50 = 0.8 → 0.8 × 10 = 8, two points below the reported 10
    assert row["ratio"] == pytest.approx(0.8)
    assert row["recomputed_score"] == pytest.approx(8)
    assert row["difference"] == pytest.approx(-2)
    assert row["direction"] == ">="
    assert row["reason_required"] and not row["reason_present"]


def test_a_reason_that_is_only_a_dash_is_no_reason():
    rows = [indicator(1, "output", "quantity", "≥50个", "40个", 10, 8, "projects_started", "/"),
            indicator(2, "output", "quantity", "≥50个", "40个", 10, 8, "projects_started",
                      "受疫情影响，部分项目延期开工")]  # fmt: skip
    result = assess(make_year(rows))
    assert not item(result, "indicator-1")["reason_present"]
    assert item(result, "indicator-2")["reason_present"]


def test_composite_target_mean_of_capped_part_ratios():
    rows = [indicator(1, "output", "quantity", "新引进、新开工、竣工5000万以上项目145、130、110个",
                      "150个、117个、143个", 15, 15,
                      "projects_new;projects_started;projects_done")]  # fmt: skip
    result = assess(make_year(rows))
    parts = result.items[result.items["kind"] == "part"]
    assert list(parts["item"]) == ["indicator-1.1", "indicator-1.2", "indicator-1.3"]
    # 150/145 = 1.034 → 1; 117/130 = 0.9; 143/110 = 1.3 → 1 (and ≥ 1.3: reason required)
    assert list(parts["ratio"].round(4)) == [round(150 / 145, 4), 0.9, 1.3]
    assert list(parts["recomputed_score"]) == pytest.approx([5, 4.5, 5])
    assert list(parts["reason_required"]) == [False, True, True]
    head = item(result, "indicator-1")
    # mean(1, 0.9, 1) × 15 = 14.5
    assert head["recomputed_score"] == pytest.approx(14.5)
    assert head["difference"] == pytest.approx(-0.5)
    assert head["reason_required"]


def test_at_most_target_over_its_ceiling():
    rows = [indicator(1, "output", "cost", "≤90万元", "99万元", 10, 10, "spending")]
    row = item(assess(make_year(rows)), "indicator-1")
    # 1 − (99 − 90) ÷ 90 = 0.9 → 9
    assert row["direction"] == "<="
    assert row["recomputed_score"] == pytest.approx(9)


def test_under_a_ceiling_needs_no_reason():
    rows = [indicator(1, "output", "cost", "≤90万元", "80万元", 10, 10, "spending")]
    row = item(assess(make_year(rows)), "indicator-1")
    # 80 ≤ 90: full marks; a ratio of 0.89 is the aim of a ceiling, not a shortfall
    assert row["recomputed_score"] == 10 and not row["reason_required"]


def test_a_cost_without_a_sign_is_a_ceiling():
    rows = [indicator(1, "output", "cost", "810.24万元", "810.24万元", 10, 10, "spending")]
    row = item(assess(make_year(rows)), "indicator-1")
    assert row["direction"] == "<=" and row["recomputed_score"] == 10


def test_zero_target():
    rows = [
        indicator(1, "benefit", "ecological", "安全事故发生率0%", "全年园区0事故", 5, 5,
                  "accident_rate"),
        indicator(2, "benefit", "ecological", "安全事故发生率0%", "事故发生率2%", 5, 5,
                  "accident_rate"),
    ]  # fmt: skip
    result = assess(make_year(rows))
    # = 0: a zero (of accidents, in any unit) earns full marks; 2% earns nothing
    assert item(result, "indicator-1")["recomputed_score"] == 5
    assert item(result, "indicator-1")["direction"] == "="
    assert item(result, "indicator-2")["recomputed_score"] == 0


# weight 10; a reported score inside its band stands, outside it is brought to the band's edge:
# 达成 80–100% → 10 stands, 7 raised to 8; 部分达成 60–80% → 10 cut to 8; 未达成 0–60% → 9 cut to 6
@pytest.mark.parametrize(
    ("actual", "reported", "recomputed"),
    [("已完成", 10, 10), ("已完成", 7, 8), ("部分完成", 10, 8), ("未完成", 9, 6)],
)
def test_qualitative_bands(actual, reported, recomputed):
    rows = [indicator(1, "output", "quality", "效果明显", actual, 10, reported)]
    row = item(assess(make_year(rows)), "indicator-1")
    assert row["direction"] == "qualitative"
    assert row["recomputed_score"] == pytest.approx(recomputed)


def test_qualitative_actual_without_a_band_is_not_recomputed():
    rows = [indicator(1, "output", "quality", "效果明显", "效果良好", 10, 10)]
    result = assess(make_year(rows))
    row = item(result, "indicator-1")
    assert math.isnan(row["recomputed_score"])
    assert "band" in row["not_recomputed_reason"]
    assert result.totals["unscored_weight"] == 10


def test_numeric_target_answered_by_text_is_not_recomputed():
    rows = [*base_indicators()[:3],
            indicator(4, "satisfaction", "service_satisfaction", "满意度100%",
                      "获得全省营商环境10强",
                      10, 10, "satisfaction_rate")]  # fmt: skip
    result = assess(make_year(rows))
    row = item(result, "indicator-4")
    assert math.isnan(row["recomputed_score"]) and "%" in row["not_recomputed_reason"]
    # kept at its reported 10 in the recomputed total (10 + 27 + 20 + 30 + 10 = 97);
    # 10 points rest on it
    assert result.totals["recomputed_total"] == 97
    assert result.totals["unscored_weight"] == 10


def test_count_of_parks_met_by_the_parks_named():
    rows = [indicator(1, "benefit", "social", "争创2家及以上绿色园区", "北区高新区获评省级绿色园区",
                      10, 10, "green_parks")]  # fmt: skip
    row = item(assess(make_year(rows)), "indicator-1")
    # one park named for a target of 2: 1 ÷ 2 × 10 = 5
    assert row["actual_value"] == 1
    assert row["recomputed_score"] == pytest.approx(5)


def test_parks_named_once_each_longest_name_first():
    parks = vocabulary().parks
    assert parks_named("北区高新区与北区开发区、南区经开区", parks) == ("north", "south")
    assert parks_named("全市园区", parks) == ()


def test_budget_below_full_execution_and_a_rounded_score():
    year = make_year(budget=budget_lines(100, 86, 86, score=9))
    result = assess(year)
    row = item(result, "budget")
    # 86 ÷ 100 = 86% → 0.86 × 10 = 8.6; reported rounded to 9
    assert row["ratio"] == pytest.approx(0.86)
    assert row["recomputed_score"] == pytest.approx(8.6)
    assert row["difference"] == pytest.approx(-0.4)
    assert row["reason_required"]  # below 90% execution
    # totals: reported as written in the header (总分) 97; recomputed 8.6 + 87 = 95.6
    assert result.totals["reported_total"] == 97
    assert result.totals["recomputed_total"] == pytest.approx(95.6)


def test_grades_follow_the_total():
    rows = [indicator(1, "output", "quantity", "≥50个", "20个", 90, 90, "projects_started")]
    result = assess(make_year(rows, header={**base_header(), "total_score": "100"}))
    # 10 (budget) + 20 ÷ 50 × 90 = 10 + 36 = 46 → 差
    assert result.totals["recomputed_total"] == pytest.approx(46)
    assert result.totals["recomputed_grade"] == "差"
    assert result.totals["reported_grade"] == "优"


# --- the 2022 report ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def y2022():
    return assess(load_year(2022, DATA))


def test_2022_items_in_table_order(y2022):
    assert list(y2022.items["item"]) == [
        "budget", "indicator-1", "indicator-1.1", "indicator-1.2", "indicator-1.3",
        *[f"indicator-{r}" for r in range(2, 10)],
    ]  # fmt: skip


def test_2022_budget(y2022):
    row = item(y2022, "budget")
    # 全年执行数 810.24 ÷ 全年预算数 810.24 = 100% → 10 of 10, as reported
    assert row["ratio"] == 1 and row["recomputed_score"] == 10 and row["reported_score"] == 10


def test_2022_projects_parts(y2022):
    # targets 145、130、110个, actuals 177、137、145个
    parts = [item(y2022, f"indicator-1.{k}") for k in (1, 2, 3)]
    assert [p["target_value"] for p in parts] == [145, 130, 110]
    assert [p["actual_value"] for p in parts] == [177, 137, 145]
    # 177/145 = 122.1%, 137/130 = 105.4% (reported 102%), 145/110 = 131.8% (reported 126%)
    assert [round(p["ratio"] * 100, 1) for p in parts] == [122.1, 105.4, 131.8]
    # only 131.8% ≥ 130% asks for a deviation reason, and the cell is blank
    assert [p["reason_required"] for p in parts] == [False, False, True]
    head = item(y2022, "indicator-1")
    # every part reaches its target: mean(1, 1, 1) × 15 = 15, as reported
    assert head["recomputed_score"] == 15 and head["reason_required"]
    assert not head["reason_present"]


def test_2022_advanced_parks_counted_from_the_names(y2022):
    row = item(y2022, "indicator-2")
    # 争创2家及以上先进园区: the actual names 醴陵经开区 and 株洲高新区 → 2 ≥ 2 → 15
    assert row["actual_value"] == 2 and row["recomputed_score"] == 15
    row = item(y2022, "indicator-6")
    # 争创1家及以上绿色园区: 荷塘高新区 → 1 ≥ 1 → 10
    assert row["actual_value"] == 1 and row["recomputed_score"] == 10


def test_2022_text_and_ranking_actuals_are_not_recomputed(y2022):
    # 完成率100% answered by 已完成; 满意度100% answered by a top-10 ranking
    for name in ("indicator-3", "indicator-9"):
        row = item(y2022, name)
        assert math.isnan(row["recomputed_score"]) and row["not_recomputed_reason"]


def test_2022_other_rows(y2022):
    # 810.24万元 ≤ 810.24万元 → 10; 10.4% ≥ 10% → 1.04 → 10; 0事故 for 0% → 5; 100% of 100% → 5
    assert item(y2022, "indicator-4")["recomputed_score"] == 10
    assert item(y2022, "indicator-5")["ratio"] == pytest.approx(1.04)
    assert item(y2022, "indicator-5")["recomputed_score"] == 10
    assert item(y2022, "indicator-7")["recomputed_score"] == 5
    assert item(y2022, "indicator-8")["actual_value"] == 100
    assert item(y2022, "indicator-8")["recomputed_score"] == 5


def test_2022_totals(y2022):
    # weights 10 + 15+15+10+10 + 10+10+5+5 + 10 = 100; reported 总分 100 (优).
    # Recomputed: every recomputable item agrees; rows 3 and 9 (10 + 10 points) keep their
    # reported scores → 100 (优), of which 20 points could not be recomputed.
    assert y2022.totals == {
        "weight_total": 100.0, "reported_total": 100.0, "recomputed_total": 100.0,
        "reported_grade": "优", "recomputed_grade": "优", "unscored_weight": 20.0,
        "unknown_cells": False, "reported_total_from": "total_score",
        "total_score_unknown": False, "recomputed_partial": False,
    }  # fmt: skip


def test_2022_with_unscored_items_counted_as_zero(tmp_path):
    from parkmetrics.scoring.rules import load_rules

    path = tmp_path / "strict.yaml"
    path.write_text("unscored_items:\n  value: zero\n  reason: strict\n  source: test\n",
                    encoding="utf-8")  # fmt: skip
    result = assess(load_year(2022, DATA), load_rules(path))
    # 100 − 10 (row 3) − 10 (row 9) = 80 → 良
    assert result.totals["recomputed_total"] == 80
    assert result.totals["recomputed_grade"] == "良"


def rules_with(tmp_path, key: str, value: str):
    from parkmetrics.scoring.rules import load_rules

    path = tmp_path / f"{key}.yaml"
    path.write_text(f"{key}:\n  value: {value}\n  reason: test\n  source: test\n", encoding="utf-8")
    return load_rules(path)


def test_text_actual_scored_as_a_band_when_configured(tmp_path):
    rows = [indicator(1, "output", "timeliness", "完成率100%", "已完成", 10, 10)]
    rules = rules_with(tmp_path, "text_actual_of_quantitative_target", "qualitative_band")
    row = item(assess(make_year(rows), rules), "indicator-1")
    # 已完成 → 达成 band (8–10 of 10): the reported 10 stands
    assert row["recomputed_score"] == 10 and "band" in row["rule"]


def test_composite_weakest_part_when_configured(tmp_path):
    rows = [indicator(1, "output", "quantity", "145、130、110个", "150个、117个、143个", 15, 15,
                      "projects_new;projects_started;projects_done")]  # fmt: skip
    rules = rules_with(tmp_path, "composite", "min_capped_ratio")
    # min(1, 117 ÷ 130 = 0.9, 1) × 15 = 13.5
    assert item(assess(make_year(rows), rules), "indicator-1")["recomputed_score"] == pytest.approx(
        13.5
    )


def test_a_listed_target_without_metrics_is_scored_part_by_part_in_order():
    # 145、130、110个 against 177个、137个、145个: the import leaves `metrics` blank, and each
    # part is its own actual (by hand: 177/145 = 122.1%, 137/130 = 105.4%, 145/110 = 131.8%)
    row = indicator(1, "output", "quantity", "5000万以上项目145、130、110个",
                    "5000万以上项目177个、137个、145个", 15, 15)  # fmt: skip
    result = assess(make_year([row]))
    parts = result.items[result.items["kind"] == "part"]
    assert list(parts["target_value"]) == [145, 130, 110]
    assert list(parts["actual_value"]) == [177, 137, 145]
    assert [round(r * 100, 1) for r in parts["ratio"]] == [122.1, 105.4, 131.8]
    assert "3 parts" in item(result, "indicator-1")["inferred"]  # marked as inferred
    assert all(label.startswith("指标1（") for label in parts["label"])


def test_figures_not_written_as_one_list_stay_one_target_without_metrics():
    # 新建2个，改造3个: two clauses, not a list; without metrics the last figure is the target
    row = indicator(1, "output", "quantity", "新建2个，改造3个", "改造3个", 10, 10)
    result = assess(make_year([row]))
    assert (result.items["kind"] == "part").sum() == 0
    assert item(result, "indicator-1")["target_value"] == 3


def test_the_figures_qualifiers_are_kept_and_shown_with_them():
    from parkmetrics.review.terminal import format_assessment
    from parkmetrics.scoring.rules import load_rules

    row = indicator(1, "benefit", "economic", "≥10%", "近10%", 10, 10, level3="收入增长")
    result = assess(make_year([row]))
    scored = item(result, "indicator-1")
    assert (scored["target_qualifier"], scored["actual_qualifier"]) == ("exact", "approx")
    [line] = [x for x in format_assessment(result, load_rules()).splitlines()
              if x.startswith("indicator-1")]  # fmt: skip
    assert "约10%" in line  # the parser's canonical spelling of 近10%: never a bare 10%
