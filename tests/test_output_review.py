"""What a reader of the outputs noticed on the layout corpus, each fixed and held here.

Expected values are read off the fixtures (tests/fixtures/layouts/*/2023) and the shipped
vocabulary: unfilled_form's 项目名称 is the template's prompt （填写项目名称）, its budget line
has weight 10 and no indicator row a weight; budget_lines_yuan's block is in 元 (总额 4800000 /
4320000, 原因 部分工程款未到结算期) with no spending items; cut_off's 总分 is not in the source.
"""

from __future__ import annotations

import shutil
import zipfile

import docx
from test_layouts import YEAR, layout

from parkmetrics import assess, audit, load_year
from parkmetrics.data.dataset import resolve_data_dir
from parkmetrics.report import charts
from parkmetrics.report.briefing.sections import briefing_title, score_intro, shorten_what
from parkmetrics.report.briefing.word import Writer, new_document
from parkmetrics.report.markup import html_table
from parkmetrics.report.narrative import economy_text
from parkmetrics.scoring.derived import derive


def test_a_prompt_left_in_the_project_name_names_no_project(tmp_path):
    data = load_year(YEAR, layout("unfilled_form", tmp_path))
    assert data.header["project_name"] == "（填写项目名称）"
    assert briefing_title(data) == "2023年度项目支出绩效自评简报"


def test_the_city_wide_subject_is_the_vocabulary_s_name_of_the_city(tmp_path):
    folder = tmp_path / "county"
    shutil.copytree(resolve_data_dir(None), folder)
    parks = folder / "vocabulary" / "parks.csv"
    text = parks.read_text(encoding="utf-8")
    parks.write_text(text.replace("city,全市,official", "city,全县,official"), encoding="utf-8")
    data = load_year(2022, folder)
    assert economy_text(data, derive(data)).startswith("全县园区")


def test_the_weights_finding_says_both_sums(tmp_path):
    data = load_year(YEAR, layout("unfilled_form", tmp_path))
    findings = audit(data)
    [message] = findings.loc[findings["code"] == "weights_total", "message_zh"]
    # budget 10 + indicators 0 (every indicator weight blank) = 10, not 100
    assert message == "分值合计 10（预算执行率 10 + 指标 0），应为 100"


def test_a_shortened_label_keeps_its_brackets_and_the_cell_it_names():
    what = "自评表·第1行「新引进、新开工、新竣工5000万以上产业项目个数。」年度指标值"
    short = shorten_what(what, 24)
    assert short == "自评表·第1行「新引进、新开工、新…」年度指标值" and len(short) == 24
    assert shorten_what("一段很长的没有引号的说明文字", 6) == "一段很长的…"


def test_the_budget_block_s_own_reason_counts_as_a_reason(tmp_path):
    items = assess(load_year(YEAR, layout("budget_lines_yuan", tmp_path))).items
    budget = items.set_index("item").loc["budget"]
    # 4320000 ÷ 4800000 = 90%: below the rules' 100% a reason is due, and the 原因 cell gives one
    assert bool(budget["reason_required"]) and bool(budget["reason_present"])


def test_amounts_in_yuan_are_drawn_in_wan_yuan_without_an_empty_panel(tmp_path):
    data = load_year(YEAR, layout("budget_lines_yuan", tmp_path))
    fig = charts.budget_chart(data)
    [top] = fig.axes  # no spending items: one panel, not a 无数据 half
    assert top.get_ylabel() == "万元"
    labels = {t.get_text() for t in top.texts}
    assert {"480", "432"} <= labels  # 4800000元 and 4320000元 as 万元


def test_a_year_without_findings_has_no_findings_chart_or_table():
    import pandas as pd

    from parkmetrics.review.findings import FINDING_COLUMNS

    none = pd.DataFrame(columns=list(FINDING_COLUMNS))
    assert not charts.has_data(charts.findings_chart(none, year=2023))
    assert html_table(pd.DataFrame(columns=["编号", "说明"])) == ""


def test_a_cut_off_table_s_weights_are_not_called_full_marks(tmp_path):
    data = load_year(YEAR, layout("cut_off", tmp_path))
    text = score_intro(assess(data))
    assert "已知分值合计" in text and "满分" not in text.split("；")[0]
    assert "自评总分未填写或不在原文中" in text


def test_score_table_rows_are_not_split_across_pages(tmp_path):
    document = new_document()
    Writer(document).table("表1", [("项目", 5.0), ("分值", 2.0)], [["甲", "1"], ["乙", "2"]], 1)
    path = tmp_path / "t.docx"
    document.save(str(path))
    xml = zipfile.ZipFile(path).read("word/document.xml").decode("utf-8")
    assert xml.count("<w:cantSplit/>") == 2  # the two body rows; the heading row repeats
    assert len(docx.Document(str(path)).tables[0].rows) == 3


def test_a_part_of_a_listed_target_is_shown_with_the_list_s_unit():
    from parkmetrics.report.briefing.sections import score_rows

    rows = score_rows(assess(load_year(2022, resolve_data_dir(None))))
    parts = [row[1] for row in rows if row[0].startswith("\u3000（")]
    # row 1's target cell: 新引进、新开工、新竣工5000万以上产业项目145、130、110个
    assert parts == ["145个", "130个", "110个"]
