"""The real-layout corpus (tests/fixtures/layouts/): template variants entered without inventing
a cell. Each fixture is invented content in a real form's structure (see its source text); each
test loads it next to a copy of the shipped vocabulary (or the fixture's own) and checks what
the format must keep: lines as written, units as recorded, carried-down levels, placeholders,
unknown cells distinct from blank. Expected values are read off the fixture's source text.
"""

from __future__ import annotations

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
    assert sorted(unknown["subject"]) == ["indicator-4", "total_score", "total_weight"]
    assert (unknown["severity"] == "info").all()
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
