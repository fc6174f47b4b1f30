"""Word tables built in the test with raw XML merges, recognised like the 2022 table."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from parkmetrics.ingest import IngestError, open_document, recognise
from parkmetrics.ingest.docx import read_docx

from .build import (
    C,
    budget_rows,
    goal_rows,
    header_rows,
    indicator_rows,
    national_table,
    tbl_xml,
    total_row,
    traditional_rows,
    write_docx,
)
from .expected import assert_budget_as_csv, assert_header_as_csv, assert_indicators_as_csv

TITLE = "2022年度项目支出绩效自评表"


def test_national_layout_recognises_as_the_2022_csvs(tmp_path: Path):
    path = write_docx(tmp_path / "t.docx", [TITLE, national_table(), "一、基本情况"])
    ev = recognise(open_document(path))
    assert_budget_as_csv(ev)
    assert_indicators_as_csv(ev)
    assert_header_as_csv(ev)
    assert ev.title == TITLE
    assert ev.header["project_name"].value.location == "表1 第1行 第3列"


def test_grid_span_vmerge_and_blank_beside_a_continuation(tmp_path: Path):
    rows = [
        [C("项目资金\n（万元）", 2, "restart"), C(""), C("年初预算数")],
        [C(span=2, vmerge="continue"), C(""), C("5")],
    ]
    doc = read_docx(write_docx(tmp_path / "m.docx", [(rows, 4)]))
    grid = doc.tables[0]
    heading = grid.position(0, 0)
    assert heading.is_origin and heading.cell.colspan == 2 and heading.cell.rowspan == 2
    assert grid.position(0, 1).is_continuation  # gridSpan across
    assert grid.position(1, 0).is_vertical_continuation  # vMerge down
    blank = grid.position(1, 2)
    assert blank.is_origin and blank.cell.text == ""  # a blank cell, not a continuation
    assert grid.position(1, 3).cell.text == "5"


def test_grid_before_and_short_rows_leave_unknown_positions(tmp_path: Path):
    import docx

    path = tmp_path / "g.docx"
    d = docx.Document()
    from docx.oxml import parse_xml

    d.element.body.insert(
        0, parse_xml(tbl_xml([[C("a"), C("b"), C("c")], [C("x")]], 3, before={1: 1}))
    )
    d.save(str(path))
    grid = read_docx(path).tables[0]
    assert grid.position(1, 0).is_unknown  # w:gridBefore
    assert grid.position(1, 1).cell.text == "x"
    assert grid.position(1, 1).cell.location == "表1 第2行 第2列"
    assert grid.position(1, 2).is_unknown  # row cut short (w:gridAfter)


def test_table_split_by_a_page_break_is_joined(tmp_path: Path):
    rows, n = national_table()
    cut = 13  # a page break after the third indicator row
    path = write_docx(tmp_path / "split.docx", [TITLE, (rows[:cut], n), "\f", (rows[cut:], n)])
    doc = open_document(path)
    assert len(doc.tables) == 1
    ev = recognise(doc)
    assert_indicators_as_csv(ev)
    fourth = ev.indicators.rows[3]
    assert fourth.level3.location == "表2 第1行 第4列"
    # 产出指标 merged down across the page break
    assert fourth.level1.carried_from == "表1 第11行 第2列" and fourth.level1.merged


def test_tables_with_text_between_stay_apart(tmp_path: Path):
    rows = [[C("a"), C("b")]]
    doc = open_document(write_docx(tmp_path / "two.docx", [(rows, 2), "说明", (rows, 2)]))
    assert len(doc.tables) == 2 and doc.paragraphs == ["说明"]


def test_cut_off_table_has_no_total_and_says_so(tmp_path: Path):
    rows, n = national_table()
    ev = recognise(open_document(write_docx(tmp_path / "cut.docx", [(rows[:-3], n)])))
    assert ev.total is None
    assert len(ev.indicators.rows) == 7
    assert any("ends before 总分" in note for note in ev.notes)


SEPARATE = [
    {
        "level1": "output",
        "level2": "quantity",
        "level3": "新引进5000万以上产业项目",
        "sign": "≥",
        "target_value": "145",
        "unit": "个",
        "actual": "177",
        "weight": "15",
        "score": "15",
        "deviation_reason": "超额完成，招商力度加大",
    },
    {
        "level1": "benefit",
        "level2": "ecological",
        "level3": "安全事故发生率",
        "sign": "＝",
        "target_value": "0",
        "unit": "%",
        "actual": "0",
        "weight": "5",
        "score": "5",
        "deviation_reason": "",
    },
]


def test_separate_sign_value_unit_columns_kept_as_written(tmp_path: Path):
    ind = indicator_rows(SEPARATE, separate=True)
    rows = header_rows(11) + budget_rows(ncols=11) + ind + [total_row(11)]
    ev = recognise(open_document(write_docx(tmp_path / "sep.docx", [(rows, 11)])))
    first, second = ev.indicators.rows
    assert (first.sign.text, first.target_value.text, first.unit.text) == ("≥", "145", "个")
    assert first.target.is_unknown  # no 年度指标值 column in this form
    assert (second.sign.quote, second.actual.text) == ("＝", "0")
    assert first.deviation_reason.text == "超额完成，招商力度加大"
    assert (ev.total.weight.text, ev.total.score.text) == ("100", "100")


def test_ten_plus_ninety_form_without_satisfaction_block(tmp_path: Path):
    lines = [("总额", ["100", "100", "90", "10", "90%", "9"])]
    ind = [
        {
            "level1": "产出指标（60分）",
            "level2": "数量指标",
            "level3": "完成项目数",
            "target": "≥10个",
            "actual": "10个",
            "weight": "60",
            "score": "60",
            "deviation_reason": "",
        },
        {
            "level1": "效益指标（30分）",
            "level2": "社会效益指标",
            "level3": "带动就业",
            "target": "≥100人",
            "actual": "120人",
            "weight": "30",
            "score": "30",
            "deviation_reason": "",
        },
    ]
    rows = header_rows() + budget_rows(lines=lines) + indicator_rows(ind) + [total_row()]
    ev = recognise(open_document(write_docx(tmp_path / "1090.docx", [(rows, 9)])))
    assert ev.budget.lines[0].line == "total" and ev.budget.lines[0].label.text == "总额"
    assert ev.goals is None
    assert [r.weight.text for r in ev.indicators.rows] == ["60", "30"]
    assert not any("满意度" in (r.level1.text or "") for r in ev.indicators.rows)


def test_traditional_chinese_labels_match_but_text_stays_as_written(tmp_path: Path):
    rows = traditional_rows()
    ev = recognise(open_document(write_docx(tmp_path / "tw.docx", [(rows, 9)])))
    assert ev.header["project_name"].value.text == "園區發展專項"
    assert ev.budget.unit == "万元"  # the unit as a label; the heading keeps 萬元
    assert ev.budget.heading.text == "項目資金（萬元）"
    assert ev.budget.lines[0].line == "total"
    assert ev.budget.lines[0].label.text == "年度資金總額"
    assert ev.indicators.rows[0].level3.text == "培訓企業數"
    assert ev.total.score.text == "100"


def test_amounts_in_yuan_and_extra_lines_with_a_reason_column(tmp_path: Path):
    cols = ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分", "原因")
    lines = [
        ("年度资金总额", ["0", "0", "0", "10", "", "", ""]),
        ("其中：当年财政拨款", ["500000", "500000", "430000", "—", "86%", "—", "进度滞后"]),
        ("财政专户管理资金", ["", "", "", "", "", "", ""]),
        ("单位资金", ["20000", "20000", "20000", "", "", "", ""]),
        ("园区发展引导资金", ["1000", "1000", "0", "", "", "", "未拨付"]),
    ]
    rows = (
        header_rows(10)
        + budget_rows("元", lines, cols, ncols=10)
        + indicator_rows(SEPARATE[:1] and [dict(SEPARATE[0], target="≥145个")])
        + [total_row()]
    )
    ev = recognise(open_document(write_docx(tmp_path / "yuan.docx", [(rows, 10)])))
    assert ev.budget.unit == "元"
    assert [ln.line for ln in ev.budget.lines] == [
        "total",
        "fiscal_appropriation",
        "special_account",
        "unit_funds",
        None,
    ]
    assert ev.budget.lines[-1].label.text == "园区发展引导资金"
    assert ev.budget.lines[1].values["reason"].text == "进度滞后"
    assert ev.budget.lines[0].values["rate"].is_blank


def test_placeholder_rows_are_dropped_and_counted(tmp_path: Path):
    ind = [
        dict(SEPARATE[0], target="≥145个"),
        {
            "level1": "output",
            "level2": "quality",
            "level3": "指标1",
            "target": "",
            "actual": "",
            "weight": "",
            "score": "",
            "deviation_reason": "",
        },
        {
            "level1": "output",
            "level2": "quality",
            "level3": "……",
            "target": "",
            "actual": "",
            "weight": "",
            "score": "",
            "deviation_reason": "",
        },
    ]
    rows = header_rows() + budget_rows() + indicator_rows(ind) + [total_row()]
    ev = recognise(open_document(write_docx(tmp_path / "ph.docx", [(rows, 9)])))
    assert len(ev.indicators.rows) == 1
    assert len(ev.indicators.placeholders_dropped) == 2


def test_blank_group_cells_are_carried_down_when_not_merged(tmp_path: Path):
    rows = header_rows() + budget_rows() + indicator_rows(merged=False) + [total_row()]
    ev = recognise(open_document(write_docx(tmp_path / "blank.docx", [(rows, 9)])))
    assert_indicators_as_csv(ev)
    second = ev.indicators.rows[1]
    assert second.level1.carried_from == "表1 第9行 第2列" and not second.level1.merged


def test_missing_actual_column_is_named(tmp_path: Path):
    rows = [
        [C("绩效指标"), C("一级指标"), C("二级指标"), C("三级指标"), C("指标值")],
        [C(""), C("产出"), C("数量"), C("个数"), C("3个")],
    ]
    with pytest.raises(IngestError) as info:
        recognise(open_document(write_docx(tmp_path / "bad.docx", [(rows, 5)])))
    assert str(info.value).endswith(
        "no column 实际完成值/实际值 in the indicator header row 表1 第1行: "
        "found 绩效指标, 一级指标, 二级指标, 三级指标, 指标值"
    )


def test_a_word_file_that_is_not_a_self_evaluation(tmp_path: Path):
    path = write_docx(tmp_path / "memo.docx", ["关于召开会议的通知", ([[C("时间"), C("地点")]], 2)])
    expected = re.escape("memo.docx: not a performance self-evaluation")
    with pytest.raises(IngestError, match=expected):
        recognise(open_document(path))


def test_a_corrupt_docx_is_one_clear_error(tmp_path: Path):
    path = tmp_path / "broken.docx"
    path.write_bytes(b"not a zip")
    with pytest.raises(IngestError, match=re.escape("broken.docx: a Word .docx file")):
        open_document(path)


def test_goals_row_values_are_taken_from_the_row_below(tmp_path: Path):
    goals = goal_rows()
    goals[1] = [C(span=2, vmerge="continue"), C("完成园区考核", 4), C("已完成", 3)]
    rows = header_rows() + budget_rows() + goals + indicator_rows() + [total_row()]
    ev = recognise(open_document(write_docx(tmp_path / "goals.docx", [(rows, 9)])))
    assert (ev.goals.expected.text, ev.goals.actual.text) == ("完成园区考核", "已完成")


def test_a_row_cut_short_gives_unknown_values_not_blanks(tmp_path: Path):
    rows = header_rows() + budget_rows() + indicator_rows()
    rows[-1] = rows[-1][:6]  # the last row stops after 实际完成值 (no 分值/得分/偏差 cells)
    ev = recognise(open_document(write_docx(tmp_path / "short.docx", [(rows, 9)])))
    last = ev.indicators.rows[-1]
    assert last.actual.text == "株洲高新区再次获得全省营商环境10强"
    assert last.weight.is_unknown and last.score.is_unknown and last.deviation_reason.is_unknown
    assert ev.indicators.rows[0].deviation_reason.is_blank
