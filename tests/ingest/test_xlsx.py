"""Excel workbooks: merged ranges, numbers with their displayed text, one sheet per block."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from parkmetrics.ingest import IngestError, open_document, recognise
from parkmetrics.ingest.xlsx import display_text

from .build import csv_rows
from .expected import assert_indicators_as_csv


def _indicator_sheet(ws, start: int = 1) -> None:
    ws.cell(start, 1, "绩效指标")
    for c, label in enumerate(
        [
            "一级指标",
            "二级指标",
            "三级指标",
            "年度指标值",
            "实际完成值",
            "分值",
            "得分",
            "偏差原因分析及改进措施",
        ],
        start=2,
    ):
        ws.cell(start, c, label)
    rows = csv_rows("indicators.csv")
    labels = {
        "output": "产出指标(50分)",
        "benefit": "效益指标（30分）",
        "satisfaction": "满意度指标（10分）",
    }
    level2 = {r["id"]: r["label"] for r in csv_rows("../vocabulary/indicator_levels.csv")}
    first: dict[str, int] = {}
    for i, row in enumerate(rows, start=start + 1):
        first.setdefault(row["level1"], i)
        ws.cell(i, 2, labels[row["level1"]]) if first[row["level1"]] == i else None
        ws.cell(i, 3, level2[row["level2"]])
        ws.cell(i, 4, row["level3"])
        ws.cell(i, 5, row["target"])
        ws.cell(i, 6, row["actual"])
        ws.cell(i, 7, int(row["weight"]))
        ws.cell(i, 8, int(row["score"]))
    last = start + len(rows)
    ws.merge_cells(start_row=start, end_row=last, start_column=1, end_column=1)
    for level, top in first.items():
        bottom = max(i for i, r in enumerate(rows, start=start + 1) if r["level1"] == level)
        if bottom > top:
            ws.merge_cells(start_row=top, end_row=bottom, start_column=2, end_column=2)
    ws.cell(last + 1, 1, "总分")
    ws.merge_cells(start_row=last + 1, end_row=last + 1, start_column=1, end_column=6)
    ws.cell(last + 1, 7, 100)
    ws.cell(last + 1, 8, 100)


def _budget_block(ws, top: int = 1) -> None:
    ws.cell(top, 1, "项目资金（万元）")
    ws.merge_cells(start_row=top, end_row=top + 2, start_column=1, end_column=2)
    for c, label in enumerate(
        ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"], start=4
    ):
        ws.cell(top, c, label)
    ws.cell(top + 1, 3, "年度资金总额")
    for c, v in enumerate([810.24, 810.24, 696.8064, 10], start=4):
        ws.cell(top + 1, c, v)
    rate = ws.cell(top + 1, 8, 0.86)
    rate.number_format = "0%"
    ws.cell(top + 1, 9, 9)
    ws.cell(top + 2, 3, "上年结转资金")


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "自评表"
    ws["A1"], ws["C1"] = "项目名称", "经济信息产业发展——园区发展专项"
    ws.merge_cells("A1:B1")
    ws.merge_cells("C1:I1")
    _budget_block(ws, 2)
    _indicator_sheet(ws, 6)
    path = tmp_path / "t.xlsx"
    wb.save(path)
    return path


def test_merged_ranges_are_continuations_and_numbers_keep_their_display(workbook: Path):
    grid = open_document(workbook).tables[0]
    assert grid.position(0, 1).is_continuation
    assert grid.position(3, 1).is_vertical_continuation  # 项目资金 merged down
    rate = grid.position(2, 7).cell
    assert (rate.text, rate.number, rate.location) == ("86%", 0.86, "自评表!H3")
    assert grid.position(3, 3).cell.text == ""  # a blank cell in the used range


def test_workbook_recognises_like_the_2022_table(workbook: Path):
    ev = recognise(open_document(workbook))
    assert_indicators_as_csv(ev)
    total = ev.budget.lines[0]
    assert (total.values["executed"].text, total.values["rate"].text) == ("696.8064", "86%")
    assert (total.values["rate"].number, total.values["weight"].number) == (0.86, 10)
    assert ev.budget.lines[1].line == "carryover"
    assert ev.header["project_name"].value.location == "自评表!C1"
    assert ev.indicators.rows[1].level1.carried_from == "自评表!B7"
    assert ev.total.score.text == "100"
    assert ev.indicators.header_location == "自评表 第6行"


def test_one_sheet_per_block(tmp_path: Path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "基本情况"
    ws["A1"], ws["B1"] = "项目名称", "园区发展专项"
    _budget_block(ws, 3)
    _indicator_sheet(wb.create_sheet("指标"))
    wb.save(tmp_path / "s.xlsx")
    ev = recognise(open_document(tmp_path / "s.xlsx"))
    assert ev.table == "指标"
    assert ev.header["project_name"].value.text == "园区发展专项"
    assert ev.budget.lines[0].values["initial"].location == "基本情况!D4"


@pytest.mark.parametrize(
    ("value", "fmt", "shown"),
    [
        (0.86, "0%", "86%"),
        (0.864, "0.0%", "86.4%"),
        (810.24, "General", "810.24"),
        (0.1 + 0.2, "General", "0.3"),
        (1234.5, "#,##0.00", "1,234.50"),
        (10, "0", "10"),
        (None, "General", ""),
        ("≥50家", "@", "≥50家"),
    ],
)
def test_displayed_text(value, fmt, shown):
    assert display_text(value, fmt) == shown


def test_a_corrupt_workbook_is_one_clear_error(tmp_path: Path):
    path = tmp_path / "bad.xlsx"
    path.write_text("x")
    with pytest.raises(IngestError, match=re.escape("bad.xlsx: an Excel .xlsx workbook")):
        open_document(path)


def test_a_formula_without_its_computed_value_is_unknown_not_blank(workbook: Path):
    # a workbook written by a program (not saved by Excel) keeps =SUM(…) without its result:
    # the total's value is not in the file, so it is unknown; the other cells are read as ever
    import openpyxl

    wb = openpyxl.load_workbook(workbook)
    ws = wb.active
    [total] = [row for row in ws.iter_rows() if row[0].value == "总分"]
    score = next(c for c in reversed(total) if c.value is not None)
    assert str(score.value) == "100"  # the fixture's 总分·得分, about to become a formula
    score.value = "=SUM(H7:H15)"
    wb.save(workbook)
    ev = recognise(open_document(workbook))
    assert ev.total.score.is_unknown
    assert ev.total.weight.text == "100"
    assert_indicators_as_csv(ev)


def test_a_workbooks_title_cell_is_the_forms_title(tmp_path: Path):
    # a workbook has no paragraphs: the title above the table is a cell (A1, merged across)
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "自评表"
    ws["A1"] = " 2022年度项目支出绩效自评表 "
    ws.merge_cells("A1:I1")
    _budget_block(ws, 2)
    _indicator_sheet(ws, 6)
    path = tmp_path / "titled.xlsx"
    wb.save(path)
    assert recognise(open_document(path)).title == "2022年度项目支出绩效自评表"
