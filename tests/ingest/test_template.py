"""``parkmetrics template``: the entry workbook, filled in and imported back through validation."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest

from parkmetrics.cli import main
from parkmetrics.data.dataset import load_year
from parkmetrics.errors import DataValidationError
from parkmetrics.ingest.importer import import_report

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def data(tmp_path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "vocabulary", folder / "vocabulary")
    return folder


@pytest.fixture
def blank(tmp_path, data, capsys) -> Path:
    path = tmp_path / "entry.xlsx"
    assert main(["template", "--year", "2024", "--data", str(data), "--out", str(path)]) == 0
    assert "parkmetrics import" in capsys.readouterr().out
    return path


def test_workbook_has_a_sheet_per_table_with_validation_and_frozen_headers(blank):
    wb = openpyxl.load_workbook(blank)
    assert wb.sheetnames == ["说明", "表头", "资金", "指标", "数字", "支出", "列表"]
    ind = wb["指标"]
    assert [c.value for c in ind[1]][:6] == [
        "一级指标",
        "二级指标",
        "三级指标",
        "指标性质",
        "指标值",
        "度量单位",
    ]
    assert ind.freeze_panes == "A2" and wb["资金"].freeze_panes == "A2"
    rules = {str(dv.sqref): dv for dv in ind.data_validations.dataValidation}
    assert rules["A2:A31"].type == "list" and rules["A2:A31"].showErrorMessage
    assert rules["E2:E31"].type == "decimal"
    assert ind.column_dimensions["C"].width == 30
    assert wb["列表"].sheet_state == "hidden"


def fill(path: Path, weight: object = 30) -> Path:
    wb = openpyxl.load_workbook(path)
    head = wb["表头"]
    head["B1"], head["B2"], head["B3"] = "园区服务专项", "东岚市工信局", "园区发展中心"
    head["B6"], head["C6"] = "服务企业100家", "服务企业120家"
    money = wb["资金"]
    for col, value in zip("BCDEFG", [200, 200, 180, 10, "90%", 9], strict=True):
        money[f"{col}2"] = value
    for col, value in zip("BCD", [200, 200, 180], strict=True):
        money[f"{col}3"] = value
    ind = wb["指标"]
    rows = [
        ["产出指标", "数量指标", "服务企业数", "≥", 100, "家", "120家", weight, 30],
        [None, "质量指标", "服务满意度", "≥", 90, "%", "95%", 30, 30],
        ["效益指标", "经济效益指标", "企业产值增长", "≥", 5, "%", "4%", 30, 24, "市场下行"],
    ]
    for r, values in enumerate(rows, 2):
        for c, value in enumerate(values, 1):
            ind.cell(r, c, value)
    ind["H32"], ind["I32"] = 90, 84
    fig = wb["数字"]
    for c, value in enumerate(
        [
            "全市",
            "innovation_platforms",
            "科技创新平台",
            "近600家",
            "全市园区科技创新平台已近600家",
            "",
        ],
        1,
    ):
        fig.cell(2, c, value)
    spend = wb["支出"]
    for c, value in enumerate(["services", "企业服务费", 180, "万元", "企业服务费180万元"], 1):
        spend.cell(2, c, value)
    wb.save(path)
    return path


def test_filled_template_round_trips_through_validation(blank, data):
    done = import_report(fill(blank), 2024, data)
    got = load_year(2024, data)
    assert got.header["project_name"] == "园区服务专项"
    assert (got.goals["expected"], got.goals["actual"]) == ("服务企业100家", "服务企业120家")
    assert (got.header["total_weight"], got.header["total_score"]) == ("90", "84")
    assert got.budget_unit == "万元"
    total = got.budget.iloc[0]
    assert (total["line"], total["executed"], total["rate"], total["score"]) == (
        "total",
        180,
        90,
        9,
    )
    assert got.budget["line"].tolist() == ["total", "fiscal_appropriation", "carryover", "other"]
    ind = got.indicators
    assert ind["level3"].tolist() == ["服务企业数", "服务满意度", "企业产值增长"]
    assert ind["sign"].tolist() == ["≥", "≥", "≥"] and ind["unit"].tolist() == ["家", "%", "%"]
    assert ind["target"].tolist() == ["100", "90", "5"]
    # row 2's 一级 left empty in the sheet: carried down by the loader and recorded
    assert ind["level1"].tolist() == ["output", "output", "benefit"]
    assert ind["carried_down"].iloc[1] == ("level1",)
    assert ind["score"].tolist() == [30, 30, 24]
    fig = got.figures.iloc[0]
    assert (fig["park"], fig["value"], fig["unit"], fig["qualifier"]) == (
        "city",
        600,
        "家",
        "approx",
    )
    assert got.spending["amount"].tolist() == [180]
    assert done.unmapped == 0


def test_bad_values_are_named_by_sheet_row_and_column(blank, data):
    path = fill(blank, weight="三十")
    wb = openpyxl.load_workbook(path)
    wb["数字"]["A2"] = "火星园区"  # not a park of the vocabulary
    wb.save(path)
    with pytest.raises(DataValidationError) as info:
        import_report(path, 2024, data)
    message = str(info.value)
    assert "column 指标!H2: value '三十': expected 分值: a number" in message
    assert "column 数字!A2: value '火星园区': expected 园区" in message
    assert sorted(p.name for p in data.iterdir()) == ["vocabulary"]  # nothing written
