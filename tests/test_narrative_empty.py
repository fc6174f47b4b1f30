"""The report's sentences on real-layout data with nothing (or not everything) filled in: every
section says plainly what is missing, never 'None', never an invented 0 (issue "Any real
self-evaluation", item 4). The full runs are tests/test_layouts.py (slow)."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pytest

from parkmetrics import assess, load_year
from parkmetrics.data.dataset import resolve_data_dir
from parkmetrics.report.narrative import economy, scores, summary

LAYOUTS = Path(__file__).parent / "fixtures" / "layouts"


def layout(name: str, tmp_path: Path) -> Path:
    """The fixture's year beside a copy of the shipped vocabulary (as tests/test_layouts.py)."""
    target = tmp_path / name
    shutil.copytree(resolve_data_dir(None) / "vocabulary", target / "vocabulary")
    shutil.copytree(LAYOUTS / name / "2023", target / "2023")
    return target


def texts(name: str, tmp_path: Path) -> dict[str, str]:
    data = load_year(2023, layout(name, tmp_path))
    result = assess(data)
    return {
        "total": summary.total_text(result),
        "budget": summary.budget_text(data),
        "pipeline": economy.pipeline_text(data, result),
        "table": economy.pipeline_table(data, result).to_string(),
        "scores": scores.scores_text(result),
    }


def test_an_unfilled_form_says_what_is_not_filled_in(tmp_path):
    said = texts("unfilled_form", tmp_path)
    assert "None" not in " ".join(said.values())
    # 总分 blank: no total, no grade; the budget line's 10 points cannot be re-scored either,
    # so no recomputed 0分（差）
    assert said["total"] == (
        "自评总分未填写，无自评等级，各项均未能按评分规则复算；各项分值合计10分。"
    )
    assert said["budget"] == "年度资金总额：预算数与执行数均未填写（无数据）。"
    # no project counts at all: a sentence saying so, no table of empty rows
    assert said["pipeline"] == "本年度未报告产业项目任务。"
    # nothing re-scored: no "复算得分与自评一致" (there is nothing to agree with)
    assert said["scores"] == "共1项（含预算执行率），自评满分0项；按规则复算0项，未能复算1项。"


def test_a_cut_off_table_says_its_total_is_not_in_the_source(tmp_path):
    said = texts("cut_off", tmp_path)
    # row 4's score is cut off with the pages: what is re-scored is a part, and gets no grade
    assert said["total"].startswith("自评总分不在原文中，无自评等级，按评分规则可复算部分")
    assert "不评定等级" in said["total"] and "差" not in said["total"]
    assert "None" not in said["total"]


def test_a_narrative_only_report_lists_only_the_counts_it_has(tmp_path):
    said = texts("narrative_only", tmp_path)
    # the narrative has 新开工 26个 only: one row, not the three project counts of 2022
    assert said["pipeline"] == "新开工产业项目26个。"
    assert "新引进" not in said["table"] and "新竣工" not in said["table"]
    assert said["budget"] == "本年度无预算数据。"
    assert "分值合计0分" not in said["total"]  # no table, no weights to add up


def test_the_2022_sentences_are_unchanged():
    data = load_year(2022)
    result = assess(data)
    assert summary.total_text(result) == (
        "自评总分100分（优），按评分规则复算100分（优），"
        "其中20分的指标未能按规则复算；各项分值合计100分。"
    )
    # all three counts of 2022 have a task and an actual: three rows as before
    assert len(economy.pipeline_table(data, result)) == 3


@pytest.mark.parametrize("name", ["unfilled_form", "cut_off", "narrative_only", "zero_total"])
def test_no_sentence_says_none(name, tmp_path):
    assert "None" not in " ".join(texts(name, tmp_path).values())


# --- nothing could be re-scored: no recomputed total (not 0, not 差) anywhere ------------------


def unfilled(tmp_path: Path):
    data = load_year(2023, layout("unfilled_form", tmp_path))
    return data, assess(data)


def test_an_unfilled_form_has_no_recomputed_total_or_grade(tmp_path):
    _, result = unfilled(tmp_path)
    totals = result.totals
    # the one scored item, the budget line (分值 10), has no amounts: nothing re-scored
    assert totals["weight_total"] == 10 and totals["unscored_weight"] == 10
    assert math.isnan(totals["recomputed_total"]) and totals["recomputed_grade"] is None
    assert math.isnan(totals["reported_total"]) and totals["reported_grade"] is None


def test_a_partly_filled_form_still_adds_up_what_was_re_scored(tmp_path):
    # the cut-off table: rows 1-3 re-scored, row 4's score cut off: a total of the rest
    result = assess(load_year(2023, layout("cut_off", tmp_path)))
    assert not math.isnan(result.totals["recomputed_total"])


def test_the_briefing_and_the_terminal_say_so_plainly(tmp_path):
    from parkmetrics import audit
    from parkmetrics.report.briefing.headline import headline
    from parkmetrics.report.briefing.sections import score_rows, short_score_rows
    from parkmetrics.review.terminal import format_assessment

    data, result = unfilled(tmp_path)
    opening = headline(data, result, audit(data))
    assert "项目自评得分未填写或不在原文中，各项指标均无法按评分规则复算" in opening
    assert "None" not in opening and "0分（差）" not in opening
    # the 等级 rows: a dash (the tables' mark for "cannot be computed"), never 'None'
    assert short_score_rows(result)[-1] == ["等级", "", "—", "—", ""]
    assert score_rows(result)[-1][-2:] == ["—", "—"]
    terminal = format_assessment(result)
    assert "None" not in terminal and "nan" not in terminal.lower()
    assert "报告 reported — (—), 重算 recomputed — (—)" in terminal


def test_the_scores_chart_names_no_total_it_cannot_know(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    from parkmetrics.report.charts.scoring import scores_chart

    _, result = unfilled(tmp_path)
    figure = scores_chart(result, year=2023)
    texts = [t.get_text() for t in figure.findobj(matplotlib.text.Text)]
    assert not any("nan" in t.lower() or "None" in t for t in texts), texts
    # neither total is known: the title has no "自评总分分，复算总分分" clause
    assert not any("总分" in t for t in texts), texts
    assert any("1项未能复算" in t for t in texts)


def shipped_without_total(tmp_path: Path, unknown: bool) -> Path:
    """The shipped 2022 report with its 总分 cell cut off (unknown) or left blank."""
    import csv
    import io

    target = tmp_path / "d"
    shutil.copytree(resolve_data_dir(None), target)
    header = target / "2022" / "header.csv"
    rows = list(csv.reader(io.StringIO(header.read_text(encoding="utf-8"))))
    rows[0].append("cells_unknown")
    for row in rows[1:]:
        total = row[0] == "total_score"
        if total:
            row[1] = row[2] = ""
        row.append("value" if total and unknown else "")
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    header.write_text(out.getvalue(), encoding="utf-8")
    return target


@pytest.mark.parametrize(
    ("unknown", "why"), [(True, "原表总分不在原文中"), (False, "原表总分未填写")]
)
def test_a_total_summed_from_the_scores_is_marked_as_such(tmp_path, unknown, why):
    from parkmetrics import audit
    from parkmetrics.review.terminal import format_assessment
    from parkmetrics.scoring.rules import load_rules

    data = load_year(2022, shipped_without_total(tmp_path, unknown))
    result = assess(data)
    # by hand: budget 10 + indicators 15+15+10+10+10+10+5+5+10 = 100, none of it the table's 总分
    assert result.totals["reported_total"] == 100
    assert result.totals["reported_total_from"] == "scores"
    said = summary.total_text(result)
    assert said.startswith(f"自评总分（各项得分合计，{why}）100分（优）")
    findings = audit(data, assessment=result)
    [full] = findings.loc[findings["code"] == "all_full_marks", "message_zh"]
    assert f"（各项得分合计 100，{why}）" in full and "None" not in full
    assert "各项得分合计" in format_assessment(result, load_rules())


def test_the_tables_own_total_is_not_marked():
    result = assess(load_year(2022))
    assert result.totals["reported_total_from"] == "total_score"
    assert summary.total_text(result).startswith("自评总分100分（优）")


def test_a_budget_written_in_yuan_is_said_in_yuan(tmp_path):
    # the block's heading says 项目资金（元）: 4320000 is 4320000元 (432万元), never 4320000万元
    from parkmetrics import audit
    from parkmetrics.report.briefing.headline import _budget_sentence

    data = load_year(2023, layout("budget_lines_yuan", tmp_path))
    result = assess(data)
    findings = audit(data, assessment=result)
    said = summary.headline(data, result, findings) + summary.budget_text(data)
    assert "全年执行4320000元" in said and "全年预算4800000元" in said
    assert "万元" not in said
    assert _budget_sentence(data) == "2023年项目全年预算4800000元，执行4320000元，执行率90%"
    budget = result.items.set_index("item").loc["budget"]
    assert (budget["target_text"], budget["actual_text"]) == ("4800000元", "4320000元")


def test_a_yuan_blocks_findings_give_their_amounts_in_yuan(tmp_path):
    # 单位资金 executed 240000 → 250000: the lines add up to 4330000元 against the total's
    # 4320000元 (by hand); the finding's evidence is in 元, as the block is written
    from parkmetrics import audit

    folder = layout("budget_lines_yuan", tmp_path)
    budget = folder / "2023" / "budget.csv"
    budget.write_text(budget.read_text(encoding="utf-8").replace(
        "300000,300000,240000", "300000,300000,250000"), encoding="utf-8")  # fmt: skip
    findings = audit(load_year(2023, folder))
    [row] = findings.loc[findings["subject"] == "budget-executed"].to_dict("records")
    assert {e["unit"] for e in row["evidence"]} == {"元"}


def test_a_report_without_weights_has_no_weight_total_and_a_cut_one_no_grade(tmp_path):
    narrative = assess(load_year(2023, layout("narrative_only", tmp_path)))
    assert math.isnan(narrative.totals["weight_total"])  # no table: not a 满分 of 0
    cut = assess(load_year(2023, layout("cut_off", tmp_path / "cut")))
    assert cut.totals["recomputed_partial"] and cut.totals["recomputed_grade"] is None


def test_a_report_with_no_table_has_one_finding_saying_so(tmp_path):
    from parkmetrics import audit

    findings = audit(load_year(2023, layout("narrative_only", tmp_path)))
    unknown = findings[findings["code"] == "unknown_cells"]
    assert list(unknown["subject"]) == ["table"]  # one, not one per cell of the form
    assert "未附自评表" in unknown["message_zh"].iloc[0]


@pytest.mark.parametrize(
    ("subject", "label"),
    [("weights", "分值结构"), ("header", "表头"), ("table", "自评表"),
     ("budget-executed", "预算明细·全年执行数"), ("budget-total", "年度资金总额"),
     ("budget-carryover", "上年结转资金"), ("indicator-3.2", "第3行指标第2项")],
)  # fmt: skip
def test_a_findings_subject_is_shown_in_chinese(subject, label):
    assert scores.subject_label(subject) == label


def test_years_without_a_total_draw_no_totals_trend_from_nothing(tmp_path):
    # two narrative-only years: no total in either; the chart says so, with no axis from
    # nothing (matplotlib warned of identical y limits there, into the trends page)
    import warnings

    from parkmetrics.report.charts.trends import totals_trend_chart
    from parkmetrics.report.trends import compute_trends, trend_tables

    folder = layout("narrative_only", tmp_path)
    shutil.copytree(folder / "2023", folder / "2024")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        figure = totals_trend_chart(trend_tables(compute_trends(None, data_dir=folder)), "")
    texts = [t.get_text() for ax in figure.axes for t in ax.texts]
    assert any("无可绘制" in t for t in texts)


def test_blank_weights_give_no_split_of_them(tmp_path):
    from parkmetrics import audit

    found = set(audit(load_year(2023, layout("unfilled_form", tmp_path)))["code"])
    assert "weights_unusual_split" not in found  # its 0/0/0/10 was invented for blank cells
    assert "weights_total" in found  # the sum of what the form writes: its budget's 10


def test_validate_says_why_a_year_has_no_total(tmp_path, capsys):
    from parkmetrics.cli import main

    main(["validate", "--data", str(layout("cut_off", tmp_path))])
    out = capsys.readouterr().out
    assert "reported total not in the source" in out and "None" not in out


def test_the_scores_charts_line_says_why_a_total_is_missing(tmp_path):
    from parkmetrics.report.charts.scoring import _scores_summary

    result = assess(load_year(2023, layout("cut_off", tmp_path)))
    items = result.items[result.items["kind"].isin(["budget", "indicator"])]
    line = _scores_summary(items, result.totals)
    assert "自评总分不在原文中" in line and "可复算部分" in line
    assert "—分" not in line


@pytest.mark.parametrize(
    ("title", "name"),
    [("2022 年度市经济信息产业发展专项资金绩效自评报告—园区建设专项",
      "市经济信息产业发展专项资金—园区建设专项"),
     ("东岚市2023年度开发区建设专项资金绩效自评表", "东岚市开发区建设专项资金"),
     ("项目支出绩效自评表（2023年度）", "开发区建设专项")],  # the table's 项目名称
)  # fmt: skip
def test_a_titles_year_and_kind_of_document_are_not_the_projects_name(title, name):
    from parkmetrics.report.titles import project_name

    assert project_name({"title": title, "project_name": "开发区建设专项"}) == name
