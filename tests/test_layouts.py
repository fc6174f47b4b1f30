"""The real-layout corpus (tests/fixtures/layouts/): template variants entered without inventing
a cell. Each fixture is invented content in a real form's structure (see its source text); each
test loads it next to a copy of the shipped vocabulary (or the fixture's own) and checks what
the format must keep: lines as written, units as recorded, carried-down levels, placeholders,
unknown cells distinct from blank. Expected values are read off the fixture's source text.
"""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pytest

from parkmetrics import assess, audit, load_year
from parkmetrics.data.dataset import resolve_data_dir

LAYOUTS = Path(__file__).parent / "fixtures" / "layouts"
YEAR = 2023


def layout(name: str, tmp_path: Path) -> Path:
    """A data folder holding the fixture's year and its vocabulary (its own, else the shipped)."""
    target = tmp_path / name
    own = LAYOUTS / name / "vocabulary"
    shutil.copytree(own if own.is_dir() else resolve_data_dir(None) / "vocabulary",
                    target / "vocabulary")  # fmt: skip
    for year_dir in (LAYOUTS / name).iterdir():
        if year_dir.name.isdigit():
            shutil.copytree(year_dir, target / year_dir.name)
    return target


def codes(findings) -> list[str]:
    return findings["code"].tolist()


# --- budget block: any set of lines, unit recorded, a 原因 cell -------------------------------


def test_budget_lines_as_the_form_has_them_in_yuan(tmp_path):
    data = load_year(YEAR, layout("budget_lines_yuan", tmp_path))
    budget = data.budget
    # the form's five lines in table order, labels as written (总额, not 年度资金总额)
    assert budget["line"].tolist() == [
        "total", "fiscal_appropriation", "special_account", "unit_funds", "industry_guidance_fund",
    ]  # fmt: skip
    assert budget["label"].tolist() == [
        "总额", "其中：当年财政拨款", "财政专户管理资金", "单位资金", "产业引导资金",
    ]  # fmt: skip
    assert data.budget_unit == "元"  # 项目资金（元）
    assert budget.loc[0, "reason"] == "部分工程款未到结算期"
    # no carryover / other lines: the form has none, so none are forced
    assert "carryover" not in set(budget["line"])
    # the detail lines add up: 4000000 + 500000 + 300000 + 0 = 4800000 (全年预算数)
    assert budget.loc[1:, "full_year"].sum() == 4_800_000 == budget.loc[0, "full_year"]


def test_budget_in_yuan_is_rescored_in_yuan(tmp_path):
    data = load_year(YEAR, layout("budget_lines_yuan", tmp_path))
    items = assess(data).items.set_index("item")
    assert items.at["budget", "target_unit"] == "元"
    # 4320000 ÷ 4800000 = 0.9 → 0.9 × 10 = 9
    assert items.at["budget", "recomputed_score"] == pytest.approx(9.0)
    # 税收增长 6% against ≥8%: 6 ÷ 8 × 30 = 22.5, as reported
    assert items.at["indicator-3", "recomputed_score"] == pytest.approx(22.5)


# --- indicator block: separate columns, merged levels, placeholders, 10 + 90 ------------------


def test_separate_sign_value_unit_columns_are_kept_as_written(tmp_path):
    data = load_year(YEAR, layout("separate_columns", tmp_path))
    rows = data.indicators.set_index("row")
    assert rows.loc[1, ["sign", "target", "unit", "actual"]].tolist() == ["≥", "20", "户", "18"]
    assert rows.loc[6, ["sign", "target", "unit", "actual"]].tolist() == ["≥", "300", "人", "330"]


def test_levels_written_once_per_merged_group_are_carried_down_and_recorded(tmp_path):
    data = load_year(YEAR, layout("separate_columns", tmp_path))
    rows = data.indicators.set_index("row")
    # row 2 is written with empty 一级 and 二级: both carried from row 1
    assert rows.loc[2, ["level1", "level2"]].tolist() == ["output", "quantity"]
    assert rows.loc[2, "carried_down"] == ("level1", "level2")
    # row 3 writes its own 二级 (时效指标), carries 一级 only
    assert rows.loc[3, ["level1", "level2"]].tolist() == ["output", "timeliness"]
    assert rows.loc[3, "carried_down"] == ("level1",)
    assert rows.loc[1, "carried_down"] == ()  # written on the row itself


def test_placeholder_rows_are_not_data(tmp_path):
    data = load_year(YEAR, layout("separate_columns", tmp_path))
    # rows 4 (指标3) and 7 (……) are the template's placeholders: listed, not indicators
    assert data.placeholders.to_dict("records") == [
        {"row": 4, "level3": "指标3"}, {"row": 7, "level3": "……"},
    ]  # fmt: skip
    assert data.indicators["row"].tolist() == [1, 2, 3, 5, 6]


def test_a_ten_plus_ninety_form_loads_with_its_split_as_a_warning(tmp_path):
    data = load_year(YEAR, layout("separate_columns", tmp_path))
    # budget 10 + indicators 20 + 20 + 10 + 20 + 20 = 100: no weights_total finding
    assert data.indicators["weight"].sum() + 10 == 100
    found = codes(audit(data))
    assert "weights_total" not in found
    assert "weights_unusual_split" in found  # 50/40/0/10 against 50/30/10/10


# --- unknown cells: not in the source, distinct from blank -----------------------------------


def test_cells_cut_off_are_unknown_not_blank(tmp_path):
    data = load_year(YEAR, layout("cut_off", tmp_path))
    row4 = data.indicators.set_index("row").loc[4]
    assert row4["cells_unknown"] == ("actual", "weight", "score", "deviation_reason")
    assert row4["target"] == "≥20亿元"  # what the page still shows is kept
    assert data.header_unknown == {"total_weight", "total_score"}
    # the blank 上年结转资金 line is blank, not unknown
    assert data.budget.set_index("line").loc["carryover", "cells_unknown"] == ()


def test_unknown_cells_are_reported_once_and_never_as_blank(tmp_path):
    findings = audit(load_year(YEAR, layout("cut_off", tmp_path)))
    unknown = findings[findings["code"] == "unknown_cells"]
    # one finding for the header's unknown cells (总分's weight and score), one for row 4
    assert sorted(unknown["subject"]) == ["header", "indicator-4"]
    assert (unknown["severity"] == "info").all()
    [header] = unknown.loc[unknown["subject"] == "header", "evidence"]
    assert len(header) == 2 and all(e.get("unknown") for e in header)  # not in the source
    assert all("（不在原文中）" in text for text in unknown["evidence_text"])
    blank = findings[findings["code"].isin(["blank_cell", "blank_field"])]
    assert "indicator-4" not in set(blank["subject"])
    assert not {"total_weight", "total_score"} & set(blank["subject"])
    # a weight is unknown: the weights cannot be summed, so no weights_total finding
    assert "weights_total" not in codes(findings)


def test_an_unknown_cell_holding_a_value_is_malformed(tmp_path):
    from parkmetrics import DataValidationError

    folder = layout("cut_off", tmp_path)
    path = folder / "2023" / "indicators.csv"
    text = path.read_text(encoding="utf-8").replace("≥20亿元,,,,", "≥20亿元,21亿元,,,")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataValidationError) as caught:
        load_year(YEAR, folder)
    [problem] = caught.value.problems
    assert (problem.file, problem.line, problem.column, problem.value) == (
        "2023/indicators.csv", 5, "actual", "21亿元",
    )  # fmt: skip


# --- an unfilled form -------------------------------------------------------------------------


def test_an_unfilled_form_loads_and_its_gaps_are_findings(tmp_path):
    data = load_year(YEAR, layout("unfilled_form", tmp_path))
    # every indicator row is a placeholder (指标1, 指标2, ……): no data rows
    assert data.indicators.empty and len(data.placeholders) == 6
    assert data.budget[["initial", "full_year", "executed", "score"]].isna().all().all()
    found = codes(audit(data))
    assert found.count("template_prompt") == 3  # 项目名称 and both 年度总体目标 cells
    assert "weights_total" in found  # only the budget's 10 points are on the form


# --- re-scoring on real layouts -----------------------------------------------------------------


def items_of(name: str, tmp_path: Path, rules=None):
    return assess(load_year(YEAR, layout(name, tmp_path)), rules).items.set_index("item")


def test_separate_columns_are_rescored_with_the_inference_recorded(tmp_path):
    items = items_of("separate_columns", tmp_path)
    row1 = items.loc["indicator-1"]
    # 指标性质 ≥ | 指标值 20 | 度量单位 户 read as ≥20户; the bare actual 18 takes 户 from 度量单位
    assert (row1["target_text"], row1["target_value"], row1["target_unit"]) == ("≥20户", 20, "户")
    assert (row1["actual_value"], row1["actual_unit"]) == (18, "户")
    assert "度量单位" in row1["inferred"] and "18户" in row1["inferred"]
    # 18 ÷ 20 = 0.9 → 0.9 × 20 = 18, as reported
    assert row1["recomputed_score"] == pytest.approx(18.0)
    # 带动就业 330 人 against ≥300 人: met → full 20
    assert items.loc["indicator-6", "recomputed_score"] == pytest.approx(20.0)


def test_a_bare_actual_takes_the_unit_of_its_rows_target(tmp_path):
    folder = layout("budget_lines_yuan", tmp_path)
    path = folder / "2023" / "indicators.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",6%,", ",6,"), encoding="utf-8")
    item = assess(load_year(YEAR, folder)).items.set_index("item").loc["indicator-3"]
    assert item["actual_unit"] == "%" and "its row's target" in item["inferred"]
    assert item["recomputed_score"] == pytest.approx(22.5)  # 6 ÷ 8 × 30


def test_an_all_zero_total_line_is_rescored_from_its_lines_and_says_so(tmp_path):
    items = items_of("zero_total", tmp_path)
    budget = items.loc["budget"]
    # 全年预算数 800 + 200 = 1000, 全年执行数 720 + 180 = 900: 900 ÷ 1000 = 0.9 → 9
    assert (budget["target_value"], budget["actual_value"]) == (1000, 900)
    assert budget["recomputed_score"] == pytest.approx(9.0)
    assert "all zero" in budget["inferred"] and "summed from the lines" in budget["rule"]


def test_a_blank_total_line_is_rescored_from_its_lines_and_says_so(tmp_path):
    folder = layout("zero_total", tmp_path)
    path = folder / "2023" / "budget.csv"
    text = path.read_text(encoding="utf-8")
    # the form's 年度资金总额 amounts left empty (blank, not 0)
    path.write_text(text.replace("年度资金总额,万元,0,0,0,", "年度资金总额,万元,,,,"), "utf-8")
    data = load_year(YEAR, folder)
    assert data.budget.loc[0, ["initial", "full_year", "executed"]].isna().all()
    budget = assess(data).items.set_index("item").loc["budget"]
    # 全年预算数 800 + 200 = 1000, 全年执行数 720 + 180 = 900: 900 ÷ 1000 × 10 = 9
    assert (budget["target_value"], budget["actual_value"]) == (1000, 900)
    assert budget["recomputed_score"] == pytest.approx(9.0)
    assert "blank" in budget["inferred"] and "summed from the lines" in budget["rule"]
    # a blank total is not a total that disagrees with its lines (the 0 of the next test is)
    findings = audit(data)
    sums = findings[findings["code"] == "sum_mismatch"]
    assert not any(s.startswith("budget-") for s in sums["subject"])


def test_an_all_zero_total_line_is_a_sum_finding(tmp_path):
    findings = audit(load_year(YEAR, layout("zero_total", tmp_path)))
    sums = findings[findings["code"] == "sum_mismatch"]
    # the 0 written on 年度资金总额 is kept and does not make 800 + 200
    assert {"budget-full_year", "budget-executed"} <= set(sums["subject"])


def test_three_rows_total(tmp_path):
    # 9 + 50 + (4 ÷ 5 × 30 = 24) + 10 = 93
    data = load_year(YEAR, layout("zero_total", tmp_path))
    assert len(data.indicators) == 3
    assert assess(data).totals["recomputed_total"] == pytest.approx(93.0)


def test_recomputed_scores_are_not_rounded_by_the_assessment(tmp_path):
    items = items_of("whole_points", tmp_path)
    # 86 ÷ 100 × 10 = 8.6; 43 ÷ 50 × 40 = 34.4: the rounding is the review's comparison
    assert items.loc["budget", "recomputed_score"] == pytest.approx(8.6)
    assert items.loc["indicator-1", "recomputed_score"] == pytest.approx(34.4)


def test_reported_and_recomputed_compare_at_the_tables_precision(tmp_path):
    findings = audit(load_year(YEAR, layout("whole_points", tmp_path)))
    # every score is whole (9, 34, 40, 10): 8.6 → 9 and 34.4 → 34 are roundings
    assert set(findings.loc[findings["code"] == "score_rounded", "subject"]) == {
        "budget", "indicator-1",
    }  # fmt: skip
    assert "score_differs" not in codes(findings)


def test_a_table_writing_decimals_is_compared_in_decimals_unless_the_rule_says(tmp_path):
    from parkmetrics.scoring.rules import load_rules

    folder = layout("whole_points", tmp_path)
    path = folder / "2023" / "indicators.csv"
    # row 1 reported 34.4 (a decimal): the table now writes tenths, so the budget's 9 for 8.6
    # is not a rounding at its own precision …
    path.write_text(path.read_text(encoding="utf-8").replace(",40,34,", ",40,34.4,"), "utf-8")
    data = load_year(YEAR, folder)
    findings = audit(data)
    assert findings.loc[findings["code"] == "score_differs", "subject"].tolist() == ["budget"]
    # … unless the region's rule is whole points (score_precision 0): 8.6 → 9 is a rounding
    rules = load_rules(LAYOUTS / "whole_points" / "2023" / "rules.yaml")
    regional = audit(data, rules)
    assert "score_differs" not in codes(regional)
    assert "budget" in set(regional.loc[regional["code"] == "score_rounded", "subject"])


def test_a_form_without_a_budget_weight_invents_none(tmp_path):
    # 60/30/10: 产出 60, 效益 30, 满意度 10 and the budget line's 分值 blank
    data = load_year(YEAR, layout("table_only", tmp_path))
    result = assess(data)
    budget = result.items.set_index("item").loc["budget"]
    assert math.isnan(budget["weight"]) and "blank" in budget["not_recomputed_reason"]
    assert result.totals["weight_total"] == 100.0  # 30 + 30 + 30 + 10
    assert "weights_total" not in codes(audit(data))


def test_unknown_cells_are_not_rescored_and_the_total_is_not_known(tmp_path):
    result = assess(load_year(YEAR, layout("cut_off", tmp_path)))
    row4 = result.items.set_index("item").loc["indicator-4"]
    assert math.isnan(row4["recomputed_score"])
    assert "not in the source" in row4["not_recomputed_reason"]
    # 总分 cut off and row 4's score with it: the reported total is not known (not 59.5)
    assert math.isnan(result.totals["reported_total"]) and result.totals["unknown_cells"]


# --- narrative-only, table-only, 30 rows, a new city -------------------------------------------


def test_a_narrative_only_report_loads_with_its_table_unknown(tmp_path):
    data = load_year(YEAR, layout("narrative_only", tmp_path))
    assert data.budget.empty and data.indicators.empty
    assert len(data.figures) == 3
    assert "total_score" in data.header_unknown
    findings = audit(data)
    assert "weights_total" not in codes(findings)  # no table, no weights to add up
    assert "blank_field" not in codes(findings)  # the table's cells are unknown, not blank


def test_a_table_only_report_loads(tmp_path):
    data = load_year(YEAR, layout("table_only", tmp_path))
    assert data.figures.empty and data.awards.empty and data.spending.empty
    # 30 + 30 + 30 + 10 at full marks: recomputed 100 (the budget line has no weight)
    assert assess(data).totals["recomputed_total"] == pytest.approx(100.0)


def test_thirty_rows(tmp_path):
    data = load_year(YEAR, layout("thirty_rows", tmp_path))
    assert data.indicators["row"].tolist() == list(range(1, 31))
    # the 一级 of rows 2..10 is carried from row 1 (数量指标 group of ten rows)
    assert all("level1" in c for c in data.indicators["carried_down"].iloc[1:10])
    result = assess(data)
    # budget 600 ÷ 600 × 10 = 10, plus 30 rows × 3 points, each target met: 10 + 90 = 100
    assert result.totals["recomputed_total"] == pytest.approx(100.0)


def test_a_new_city_brings_its_parks_units_and_metrics(tmp_path):
    data = load_year(YEAR, layout("new_city", tmp_path))
    assert set(data.figures["park"]) == {"nanwan_hitech", "nanwan_port"}
    pv = data.figures.set_index("metric").loc["pv_capacity"]
    # 12.5 兆瓦 × 1000 = 12500 千瓦 (the city's own unit table)
    assert (pv["canonical_value"], pv["canonical_unit"]) == (12500.0, "千瓦")
    assert data.vocabulary.metrics_of_theme("new_energy") == ["pv_capacity"]
    items = assess(data).items.set_index("item")
    # 18宗地 ≥ 15宗地, 6.2公里 ≥ 6公里, 12.5兆瓦 ≥ 10兆瓦: full marks; 1900 ÷ 2000 × 10 = 9.5
    assert items.loc["indicator-1", "actual_value"] == 18.0
    assert items.loc["indicator-3", "actual_unit"] == "兆瓦"
    assert assess(data).totals["recomputed_total"] == pytest.approx(9.5 + 30 + 20 + 30 + 10)


ALL = sorted(p.name for p in LAYOUTS.iterdir() if p.is_dir())


def test_the_corpus_has_at_least_ten_layouts():
    assert len(ALL) >= 10, ALL


@pytest.mark.parametrize("name", ALL)
def test_every_layout_loads_assesses_and_audits(name, tmp_path):
    data = load_year(YEAR, layout(name, tmp_path))
    result = assess(data)
    assert len(result.items) >= 1  # the budget item at least
    findings = audit(data)
    assert set(findings["severity"]) <= {"error", "warning", "info"}


def test_the_budget_chart_draws_an_all_zero_total_line(tmp_path):
    # was a ZeroDivisionError: the spending shares of a 0 total line
    import matplotlib

    matplotlib.use("Agg")
    from parkmetrics.report.charts.money import budget_chart

    data = load_year(YEAR, layout("zero_total", tmp_path))
    figure = budget_chart(data)
    texts = [t.get_text() for ax in figure.axes for t in ax.texts]
    assert any(t.startswith("900万元") and "%" not in t for t in texts)  # no share of 0


@pytest.mark.slow
@pytest.mark.parametrize("name", ALL)
def test_every_layout_runs_to_a_report(name, tmp_path):
    # the yearly run (papermill, charts, tables, HTML, briefing) completes on every layout
    from parkmetrics.run import runner

    rules = LAYOUTS / name / str(YEAR) / "rules.yaml"
    data = layout(name, tmp_path)
    (data / str(YEAR) / "rules.yaml").unlink(missing_ok=True)  # a rules file, not a data file
    out = tmp_path / "reports"
    [result] = runner.run_years(
        data_dir=data, out_dir=out, rules_path=rules if rules.exists() else None
    )
    assert result.status == "ok", result.message
    assert (out / str(YEAR) / "report.html").is_file()
    assert (out / str(YEAR) / "briefing.docx").is_file()
