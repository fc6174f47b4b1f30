# ruff: noqa: E501 (the pipe table below is a report as a web page writes it, one line a row)
"""The seed report's text dump and pipe tables recognise to the 2022 table as curated by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from parkmetrics.ingest import IngestError, open_document, recognise
from parkmetrics.ingest.text import parse_text, read_text

from .build import DATA
from .expected import assert_budget_as_csv, assert_header_as_csv, assert_indicators_as_csv

SEED = DATA / "source" / "zhuzhou-2022-park-fund-self-evaluation.txt"


@pytest.fixture(scope="module")
def seed():
    return recognise(open_document(SEED))


def test_seed_budget_lines_match_budget_csv(seed):
    assert_budget_as_csv(seed)
    assert seed.budget.unit == "万元"
    assert seed.budget.heading.quote == "项目资金\n（万元）"


def test_seed_indicator_rows_match_indicators_csv(seed):
    assert_indicators_as_csv(seed)


def test_seed_header_goals_and_total_match_header_csv(seed):
    assert_header_as_csv(seed)
    assert seed.title == "2022年度项目支出绩效自评表"


def test_seed_values_keep_their_verbatim_text_and_line(seed):
    first = seed.budget.lines[0]
    assert first.values["initial"].quote == "\u3000810.24"
    assert first.values["initial"].location == "第62行"
    assert seed.header["implementing_unit"].value.location == "第45行"
    assert seed.indicators.header_location == "第104行"


def test_seed_level1_written_once_is_carried_down_and_recorded(seed):
    rows = seed.indicators.rows
    assert rows[0].level1.carried_from is None
    assert rows[1].level1.carried_from == "第120行"  # 产出指标 (50分)
    assert rows[1].level1.quote == rows[0].level1.quote
    assert rows[5].level1.carried_from == "第162行"  # 效益指标（30分）
    assert any("carried down" in note for note in seed.notes)


def test_seed_blank_cells_are_blank_not_unknown(seed):
    carry = seed.budget.lines[2]
    assert all(v.is_blank and not v.is_unknown for v in carry.values.values())
    assert seed.goals.expected.is_blank


def test_seed_narrative_paragraphs_are_kept():
    doc = open_document(SEED)
    assert len(doc.tables) == 1
    assert any("株洲高新区获批国家安全应急产业基地创建名单" in p for p in doc.paragraphs)


PIPE = """2022年度项目支出绩效自评表
| 项目名称 | 园区发展专项 | | | | | | | |
|---|---|---|---|---|---|---|---|---|
| 主管部门 | 市工信局 | | 实施单位 | 园区发展科 | | | | |
| 项目资金（元） | | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 | |
| | 年度资金总额 | 7290000 | 7290000 | 6269400 | 10 | 86% | 9 | |
| | 其中：当年财政拨款 | 7290000 | 7290000 | 6269400 | — | — | — | |
| 绩效指标 | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |
| | 产出指标 | 数量指标 | 培训企业数 | ≥50家 | 62家 | 20 | 20 | |
| | | 质量指标 | 指标1 | | | | | |
| | | 时效指标 | 按时完成率 | 100% | 90% | 20 | 18 | 因疫情延后 |
| 总分 | | | | | | 40 | 38 | |
"""


def test_pipe_table_in_yuan_with_placeholder_dropped():
    ev = recognise(parse_text(PIPE, "web.md"))
    assert ev.budget.unit == "元"
    assert [line.line for line in ev.budget.lines] == ["total", "fiscal_appropriation"]
    assert ev.budget.lines[0].values["executed"].text == "6269400"
    assert [r.level3.text for r in ev.indicators.rows] == ["培训企业数", "按时完成率"]
    assert ev.indicators.placeholders_dropped == ("第10行",)
    assert ev.indicators.rows[1].level1.text == "产出指标"
    assert ev.indicators.rows[1].level1.carried_from == "第9行 第2列"
    assert ev.indicators.rows[1].deviation_reason.text == "因疫情延后"
    assert (ev.total.weight.text, ev.total.score.text) == ("40", "38")
    assert ev.header["department"].value.text == "市工信局"


def test_shifted_dump_rows_align_to_the_right():
    # the 一级 cell written only on the group's first row: later rows have fewer cells
    dump = (
        "\t三级指标\n\t年度指标值\n\t实际完成值\n\t分值\n\t得分\n\n"
        "\t数量\n\t个数\n\t10个\n\t12个\n\t50\n\t50\n\n"
        "\t天数\n\t≤5天\n\t4天\n\t40\n\t40\n"
    )
    ev = recognise(parse_text("\t一级指标\n" + dump, "x.txt"))
    second = ev.indicators.rows[1]
    assert (second.level3.text, second.weight.text) == ("天数", "40")
    assert ev.total is None
    assert any("ends before 总分" in n for n in ev.notes)


def test_text_that_is_not_a_self_evaluation_says_so(tmp_path: Path):
    path = tmp_path / "notes.txt"
    path.write_text("会议纪要\n\t姓名\n\t电话\n\n\t张三\n\t123\n", encoding="utf-8")
    with pytest.raises(IngestError, match="not a performance self-evaluation"):
        recognise(open_document(path))


def test_missing_actual_column_names_the_header_row():
    dump = "\t一级指标\n\t二级指标\n\t三级指标\n\t指标值\n\n\t产出\n\t数量\n\t个数\n\t3个\n"
    with pytest.raises(IngestError) as info:
        recognise(parse_text(dump, "x.txt"))
    message = str(info.value)
    assert "no column 实际完成值/实际值" in message
    assert "indicator header row 第1行: found 一级指标, 二级指标, 三级指标, 指标值" in message


def test_pipe_table_without_separator_rows():
    rows = [line for line in PIPE.splitlines() if not line.startswith("|---")]
    ev = recognise(parse_text("\n".join(rows), "converted.txt"))
    assert [r.level3.text for r in ev.indicators.rows] == ["培训企业数", "按时完成率"]


def test_one_line_per_row_flattened_export():
    rows = [
        line.strip().strip("|").replace(" | ", "\t").replace("|", "\t")
        for line in PIPE.splitlines()[1:]
        if not line.startswith("|---")
    ]
    dump = "\n".join("\t" + row.strip(" ") for row in rows)
    ev = recognise(parse_text(dump, "flat.txt"))
    assert [r.level3.text for r in ev.indicators.rows] == ["培训企业数", "按时完成率"]
    assert ev.budget.lines[0].values["executed"].text == "6269400"
    assert (ev.total.weight.text, ev.total.score.text) == ("40", "38")


def test_gbk_text_is_read_too(tmp_path: Path):
    path = tmp_path / "gbk.txt"
    path.write_bytes(PIPE.encode("gbk"))
    ev = recognise(open_document(path))
    assert ev.header["department"].value.text == "市工信局"


def test_a_dump_with_no_break_spaces_for_empty_cells(tmp_path: Path):
    # some converters write U+00A0 where the seed's dump has U+3000 alone in an empty cell:
    # the cells are blank (the report has them, empty), never unknown, and the table the same
    text = SEED.read_text(encoding="utf-8")
    assert text.count("\n\t\u3000\n") >= 10
    path = tmp_path / "nbsp.txt"
    path.write_text(text.replace("\n\t\u3000\n", "\n\t\u00a0\n"), encoding="utf-8")
    ev = recognise(open_document(path))
    assert_budget_as_csv(ev)
    assert_indicators_as_csv(ev)
    assert_header_as_csv(ev)
    carry = ev.budget.lines[2]  # 上年结转资金: every amount cell empty
    assert all(v.is_blank and not v.is_unknown for v in carry.values.values())
    assert ev.goals.expected.is_blank and not ev.goals.expected.is_unknown


def test_a_big5_text_is_refused_not_read_as_gibberish(tmp_path: Path):
    from opencc_purepy import OpenCC

    text = OpenCC("s2t").convert(SEED.read_text(encoding="utf-8"))
    path = tmp_path / "big5.txt"
    path.write_bytes(text.encode("big5", errors="replace"))
    with pytest.raises(IngestError, match="Big5"):
        read_text(path)


def test_a_dump_that_stops_inside_a_row_reads_that_row_from_the_left():
    # cut (a page lost, a truncated export) just after row 9's 年度指标值 满意度100% and a
    # first piece of its 实际完成值: the row keeps its left cells; the cut cell and those after
    # it are unknown, not shifted to the right under 分值 and 得分
    text = SEED.read_text(encoding="utf-8")
    cut = text.index("满意度100%") + len("满意度100%")
    ev = recognise(parse_text(text[:cut] + "\n\t　株洲高新区", str(SEED)))
    row9 = ev.indicators.rows[-1]
    assert (row9.level3.text, row9.target.text) == ("园区营商环境", "满意度100%")
    assert row9.actual.is_unknown and row9.weight.is_unknown and row9.score.is_unknown
    assert ev.total is None and any("stops inside a row" in n for n in ev.notes)


def test_a_whole_dump_is_not_taken_for_a_cut_one():
    text = SEED.read_text(encoding="utf-8")
    assert text.endswith("\n")
    ev = recognise(parse_text(text.rstrip("\n"), str(SEED)))  # no final line end: narrative last
    assert not any("stops inside a row" in n for n in ev.notes)
    assert ev.indicators.rows[-1].score.text == "10"
