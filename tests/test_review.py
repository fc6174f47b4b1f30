"""audit() of parkmetrics.review: the review checks. Hand-built years for each check (and for no
false alarms), the 2022 report's findings with the arithmetic behind each, mutation tests on a
copy of the 2022 data, and the ``parkmetrics audit`` command."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_assessment import (
    base_header,
    base_indicators,
    budget_lines,
    figure,
    indicator,
    make_year,
)

from parkmetrics.cli import main as cli_main
from parkmetrics.data.dataset import load_year
from parkmetrics.review import FINDING_COLUMNS, audit, run_cli
from parkmetrics.review.terminal import display_width, fit

DATA = Path(__file__).resolve().parents[1] / "data"


def codes(findings) -> set[tuple[str, str]]:
    return set(zip(findings["code"], findings["subject"], strict=True))


def one(findings, code: str, subject: str | None = None) -> dict:
    rows = findings[findings["code"] == code]
    if subject is not None:
        rows = rows[rows["subject"] == subject]
    assert len(rows) == 1, (code, subject, codes(findings))
    return rows.iloc[0].to_dict()


# --- hand-built years ---------------------------------------------------------------------------


def test_a_consistent_year_has_no_finding():
    findings = audit(make_year())
    assert list(findings.columns) == FINDING_COLUMNS
    assert findings.empty


def test_check1_completion_rates_that_do_not_follow_from_their_figures():
    rows = [
        *base_indicators()[1:],
        indicator(1, "output", "quantity", "新开工、竣工项目130、110个",
                  "新开工、竣工项目137个、118个，分别完成年度任务的102%、107%", 30, 30,
                  "projects_started;projects_done"),
    ]  # fmt: skip
    narrative = [figure("projects_started_completion", "102%", 102, "%", 102, "%",
                        "分别完成年度任务的102%、107%")]  # fmt: skip
    findings = audit(
        make_year(rows, figures=narrative, header={**base_header(), "total_score": "100"})
    )
    # 137 ÷ 130 = 105.4%, not 102%; 118 ÷ 110 = 107.3%, written 107% (a rounding: no finding)
    assert {s for c, s in codes(findings) if c == "ratio_mismatch"} == {"indicator-1.1"}
    found = one(findings, "ratio_mismatch")
    assert found["severity"] == "error" and found["check"] == 1
    assert "105.4%" in found["message_zh"] and "102%" in found["message_en"]
    quotes = [e["source_quote"] for e in found["evidence"]]
    assert "分别完成年度任务的102%、107%" in quotes  # the narrative's figure is cited too


def test_check1_budget_execution_rate():
    findings = audit(make_year(budget=budget_lines(100, 95, 100, score=10)))
    found = one(findings, "budget_rate_mismatch")
    # 95 ÷ 100 = 95.0%, reported 100%
    assert "95.0%" in found["message_en"] and found["subject"] == "budget-total"


def land_year(table_actual: str, narrative_text: str, value: float, unit: str, canonical: float):
    rows = [*base_indicators()[:2],
            indicator(3, "benefit", "sustainability", "土地处置率100%", table_actual, 30, 30,
                      "land_disposal_rate")]  # fmt: skip
    rows.append(base_indicators()[3])
    narrative = [figure("land_disposed", narrative_text, value, unit, canonical, "平方米",
                        f"处置低效用地{narrative_text}")]  # fmt: skip
    return make_year(rows, figures=narrative)


def test_check2_one_quantity_two_values():
    # 10602亩 in the table, 10065亩 in the narrative
    findings = audit(land_year("全年处置10602亩，完成100%", "10065亩", 10065, "亩", 6710000))
    found = one(findings, "value_conflict", "land_disposed")
    assert found["check"] == 2 and found["severity"] == "error"
    assert [e["value_text"] for e in found["evidence"]] == ["10602亩", "10065亩"]


def test_check2_the_same_quantity_in_another_unit_agrees():
    # 10602亩 = 10602 × 10000/15 平方米 = 706.8公顷
    findings = audit(land_year("全年处置10602亩，完成100%", "706.8公顷", 706.8, "公顷", 7068000))
    assert findings.empty


def test_check10_a_unit_slip():
    # 10602亩 vs 10602公顷: the same digits, a factor of 15 apart
    findings = audit(land_year("全年处置10602亩，完成100%", "10602公顷", 10602, "公顷", 106020000))
    assert codes(findings) == {("unit_slip", "land_disposed")}
    assert one(findings, "unit_slip")["check"] == 10


def growth_year(with_value_added: bool):
    narrative = [
        figure("revenue_growth", "13.1%", 13.1, "%", 13.1, "%", "总收入5329亿元，增长13.1%")
    ]
    if with_value_added:
        narrative.append(
            figure("value_added_growth", "10.4%", 10.4, "%", 10.4, "%", "增加值增长10.4%")
        )
    rows = base_indicators()
    rows[2] = indicator(3, "benefit", "economic", "10%", "10.4%", 30, 30, "revenue_growth",
                        level3="总收入增长10%")  # fmt: skip
    return make_year(rows, figures=narrative)


def test_check3_the_actual_is_the_figure_of_another_quantity():
    findings = audit(growth_year(with_value_added=True))
    assert codes(findings) == {("wrong_quantity", "indicator-3")}
    found = one(findings, "wrong_quantity")
    assert found["check"] == 3 and found["severity"] == "error"
    assert {e["value_text"] for e in found["evidence"]} == {"10.4%", "13.1%"}


def test_check3_without_a_namesake_is_a_value_conflict():
    findings = audit(growth_year(with_value_added=False))
    assert codes(findings) == {("value_conflict", "revenue_growth")}


@pytest.mark.parametrize(("text", "value", "found"), [("810.24万元", 810.24, False),
                                                     ("801.24万元", 801.24, True)])  # fmt: skip
def test_check2_narrative_budget_against_the_table(text, value, found):
    spent = figure("expenditure", text, value, "万元", value * 10000, "元", f"2022年支出{text}")
    year = make_year(budget=budget_lines(810.24, 810.24, 100), figures=[spent])
    # 支出 restates 年度资金总额·全年执行数 (rules: budget_block_metrics)
    assert codes(audit(year)) == ({("value_conflict", "expenditure")} if found else set())


def spending(*amounts: float) -> list[dict]:
    return [{"year": 2030, "item": f"item{k}", "label": f"支出{k}", "amount": a, "unit": "万元",
             "document": "report.txt", "source_quote": f"支出{k}{a}万元"}
            for k, a in enumerate(amounts)]  # fmt: skip


def test_check4_spending_items_within_rounding_are_info():
    year = make_year(
        budget=budget_lines(810.24, 810.24, 100), spending=spending(760, 19.5, 19.5, 11.2446)
    )
    # 760 + 19.5 + 19.5 + 11.2446 = 810.2446; the total 810.24 covers 810.235–810.245
    found = one(audit(year), "rounding", "spending")
    assert found["severity"] == "info" and "810.2446" in found["message_zh"]


def test_check4_spending_items_that_do_not_add_up():
    year = make_year(
        budget=budget_lines(810.24, 810.24, 100), spending=spending(770, 19.5, 19.5, 11.2446)
    )
    # 770 + 19.5 + 19.5 + 11.2446 = 820.2446 ≠ 810.24
    assert codes(audit(year)) == {("sum_mismatch", "spending")}


def test_check10_a_spending_item_in_the_wrong_unit():
    # 11.2446万元 entered as 112446 (its value in 元) under 万元: scaled by 1/10000 it fits
    year = make_year(
        budget=budget_lines(810.24, 810.24, 100), spending=spending(760, 19.5, 19.5, 112446)
    )
    found = one(audit(year), "unit_slip", "spending")
    assert "112446" in found["message_zh"] and found["severity"] == "error"


def test_check4_budget_lines_and_total_score():
    lines = budget_lines(100, 100, 100)
    lines[1].update(initial=60.0, full_year=60.0, executed=60.0)  # 其他资金 alone 60 of 100
    header = {**base_header(), "total_score": "99"}
    found = codes(audit(make_year(budget=lines, header=header)))
    # the detail line (60) does not make the total (100) in each column; scores add to 97, not 99
    assert {("sum_mismatch", f"budget-{c}") for c in ("initial", "full_year", "executed")} <= found
    assert ("total_score_mismatch", "total_score") in found


def test_check5_blank_and_template_content():
    header = {**base_header(), "goal_expected": None, "department": "", "goal_actual": "请填写"}
    rows = base_indicators()
    rows[1]["actual"] = None
    findings = audit(make_year(rows, header=header))
    assert {("blank_goal", "goal_expected"), ("blank_field", "department"),
            ("template_prompt", "goal_actual"),
            ("blank_cell", "indicator-2")} <= codes(findings)  # fmt: skip
    assert one(findings, "blank_goal")["severity"] == "error"
    assert one(findings, "blank_field")["severity"] == "warning"


def test_check6_over_and_under_achievement_without_reason():
    rows = base_indicators()
    rows[0] = indicator(1, "output", "quantity", "≥50个", "66个", 30, 30, "projects_started")
    rows[3] = indicator(4, "satisfaction", "service_satisfaction", "满意度≥90%", "满意度81%", 10, 9,
                        "satisfaction_rate", reason="无")  # fmt: skip
    findings = audit(make_year(rows, header={**base_header(), "total_score": "99"}))
    # 66 ÷ 50 = 132% ≥ 130%; 81 ÷ 90 = 0.9 < 1 with "无" as its reason
    assert {("over_achievement_no_reason", "indicator-1"),
            ("under_achievement_no_reason", "indicator-4")} <= codes(findings)  # fmt: skip
    assert "132.0%" in one(findings, "over_achievement_no_reason")["message_zh"]


def test_check6_a_given_reason_silences_it():
    rows = base_indicators()
    rows[0] = indicator(1, "output", "quantity", "≥50个", "66个", 30, 30, "projects_started",
                        "年初目标偏保守，下年度调高")  # fmt: skip
    findings = audit(make_year(rows, header={**base_header(), "total_score": "100"}))
    # now every indicator has full marks: that alone remains
    assert codes(findings) == {("all_full_marks", "indicators")}


def test_check7_full_marks_without_evidence_and_every_indicator_full():
    rows = [
        indicator(1, "output", "timeliness", "完成率100%", "已完成", 30, 30,
                  "projects_started_completion"),
        *base_indicators()[1:3],
        indicator(4, "satisfaction", "service_satisfaction", "满意度100%",
                  "北区开发区营商环境排名第3位",
                  10, 10, "satisfaction_rate"),
    ]  # fmt: skip
    findings = audit(make_year(rows, header={**base_header(), "total_score": "100"}))
    assert codes(findings) == {
        ("text_actual_full_marks", "indicator-1"),
        ("ranking_for_percentage", "indicator-4"),
        ("all_full_marks", "indicators"),
    }


def test_check7_fewer_named_parks_than_the_target_counts():
    rows = base_indicators()
    rows[2] = indicator(3, "benefit", "social", "争创2家及以上绿色园区", "北区开发区获评绿色园区",
                        30, 30, "green_parks")  # fmt: skip
    findings = audit(make_year(rows))
    # one park named for a target of 2: full marks are not supported; 1 ÷ 2 × 30 = 15 ≠ 30
    assert {("fewer_named_items", "indicator-3"), ("score_differs", "indicator-3")} <= codes(
        findings
    )


def test_check8_weights():
    rows = base_indicators()
    rows[1]["weight"] = rows[1]["score"] = 25.0  # output now 55, total 105
    findings = audit(make_year(rows, header={**base_header(), "total_score": "102"}))
    assert {("weights_total", "weights"), ("weights_level1_mismatch", "output"),
            ("weights_unusual_split", "weights")} <= codes(findings)  # fmt: skip


def test_check8_another_split_is_only_a_warning():
    # 10 + 90 with no satisfaction block: declared so, adding up to 100
    rows = [indicator(1, "output", "quantity", "≥50个", "50个", 60, 60, "projects_started"),
            indicator(2, "benefit", "economic", "10%", "12%", 30, 30,
                      "revenue_growth")]  # fmt: skip
    header = {
        **base_header(),
        "total_score": "100",
        "output_weight": "60",
        "satisfaction_weight": None,
    }
    findings = audit(make_year(rows, header=header))
    assert {c for c in codes(findings) if c[0].startswith("weights")} == {
        ("weights_unusual_split", "weights")
    }
    assert one(findings, "weights_unusual_split")["severity"] == "warning"


def test_check9_one_park_under_two_names():
    rows = base_indicators()
    rows[2] = indicator(3, "benefit", "social", "争创1家及以上绿色园区", "北区高新区获评绿色园区",
                        30, 30, "green_parks")  # fmt: skip
    quote = "北区开发区获批省级绿色园区"
    narrative = [figure("green_parks", "1家", 1, "家", 1, "个", quote, park="north")]
    findings = audit(make_year(rows, figures=narrative))
    found = one(findings, "park_two_names", "north")
    assert {e["value_text"] for e in found["evidence"]} == {"北区开发区", "北区高新区"}
    # the same name in both places: nothing to report
    rows[2]["actual"] = "北区开发区获评绿色园区"
    assert audit(make_year(rows, figures=narrative)).empty


@pytest.mark.parametrize(
    ("name", "title", "found"),
    [
        ("产业发展——园区发展专项", "2030年度产业发展专项资金绩效自评报告—园区建设专项", True),
        ("产业发展——园区建设专项", "2030年度产业发展专项资金绩效自评报告—园区建设专项", False),
        (
            "园区建设专项",
            "2030年度园区建设专项资金绩效自评报告",
            False,
        ),  # no dash: nothing to compare
    ],
)
def test_check9_the_project_under_two_names(name, title, found):
    header = {**base_header(), "project_name": name, "title": title}
    expected = {("project_two_names", "project_name")} if found else set()
    assert codes(audit(make_year(header=header))) == expected


def test_a_rounded_reported_score_is_info_and_a_wrong_one_an_error():
    # 86% executed: 8.6 points. Reported 9 is a rounding (info); reported 10 is wrong (error).
    rounded = audit(make_year(budget=budget_lines(100, 86, 86, score=9)))
    assert one(rounded, "score_rounded", "budget")["severity"] == "info"
    assert "score_differs" not in set(rounded["code"])
    wrong = audit(make_year(budget=budget_lines(100, 86, 86, score=10)))
    assert one(wrong, "score_differs", "budget")["severity"] == "error"


# --- the 2022 report ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def y2022():
    return audit(load_year(2022, DATA))


def test_2022_findings(y2022):
    expected = {
        # 年度总体目标: 预期目标 and 实际完成情况 both blank in the table
        ("blank_goal", "goal_expected", "error"),
        ("blank_goal", "goal_actual", "error"),
        # 新开工 137 ÷ 130 = 105.4% but 102% reported; 新竣工 145 ÷ 110 = 131.8% but 126%
        ("ratio_mismatch", "indicator-1.2", "error"),
        ("ratio_mismatch", "indicator-1.3", "error"),
        # 三类地 disposed: 10602亩 in the table (row 8), 10065亩 in the narrative
        ("value_conflict", "idle_land_disposed", "error"),
        # row 5 技工贸总收入增长: actual 10.4% is 规工增加值增长; 技工贸总收入 grew 13.1%
        ("wrong_quantity", "indicator-5", "error"),
        # 9 of 9 indicators at full marks
        ("all_full_marks", "indicators", "warning"),
        # 主管部门 blank
        ("blank_field", "department", "warning"),
        # 145 ÷ 110 = 131.8% ≥ 130% with a blank deviation-reason cell
        ("over_achievement_no_reason", "indicator-1.3", "warning"),
        # 荷塘高新区 (table, row 6) and 荷塘产业开发区 (narrative)
        ("park_two_names", "hetang", "warning"),
        # 项目支出名称 "经济信息产业发展——园区发展专项" vs the title "…—园区建设专项"
        ("project_two_names", "project_name", "warning"),
        # 满意度100% met by "全省营商环境10强", a ranking
        ("ranking_for_percentage", "indicator-9", "warning"),
        # 完成率100% met by "已完成"
        ("text_actual_full_marks", "indicator-3", "warning"),
        # 760 + 19.5 + 19.5 + 11.2446 = 810.2446 ≈ 810.24 (within half a 0.01)
        ("rounding", "spending", "info"),
    }
    assert set(zip(y2022["code"], y2022["subject"], y2022["severity"], strict=True)) == expected
    assert len(y2022) == len(expected)


def test_2022_findings_sorted_and_numbered(y2022):
    order = {"error": 0, "warning": 1, "info": 2}
    ranks = [order[s] for s in y2022["severity"]]
    assert ranks == sorted(ranks)
    assert list(y2022["finding"]) == [f"F{k:02d}" for k in range(1, len(y2022) + 1)]


def test_2022_evidence_cites_the_report(y2022):
    source = (DATA / "2022" / "source" / "zhuzhou-2022-park-fund-self-evaluation.txt").read_text(
        encoding="utf-8"
    )
    flat = "".join(source.split())
    for evidence in y2022["evidence"]:
        for e in evidence:
            assert set(e) == {"what", "value_text", "value", "unit", "source_quote"}
            if e["source_quote"]:
                # table cells lose their line breaks and tabs in the dump; compare without spaces
                assert "".join(e["source_quote"].split()) in flat, e
    conflict = one(y2022, "value_conflict")
    assert [e["value_text"] for e in conflict["evidence"]] == ["10602亩", "10065亩"]
    wrong = one(y2022, "wrong_quantity")
    assert "规工增加值" in wrong["message_zh"] and "13.1%" in wrong["message_zh"]
    started = one(y2022, "ratio_mismatch", "indicator-1.2")
    assert "105.4%" in started["message_zh"] and "102%" in started["message_zh"]
    assert "10602亩" in conflict["evidence_text"] and "10065亩" in conflict["evidence_text"]


# --- mutations of a copy of the 2022 data ---------------------------------------------------------


@pytest.fixture
def copy2022(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(DATA / "vocabulary", target / "vocabulary")
    shutil.copytree(DATA / "2022", target / "2022")
    return target


SOURCE = "source/zhuzhou-2022-park-fund-self-evaluation.txt"


def mutate(folder: Path, files: str | tuple[str, ...], old: str, new: str) -> None:
    """Replace ``old`` (written once in each file) by ``new`` in the copied year's files."""
    for file in (files,) if isinstance(files, str) else files:
        path = folder / "2022" / file
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, (file, old)
        path.write_text(text.replace(old, new), encoding="utf-8")


def diff(folder: Path, before) -> tuple[set, set]:
    after = audit(load_year(2022, folder))
    return codes(after) - codes(before), codes(before) - codes(after)


@pytest.mark.parametrize(
    ("file", "old", "new", "added", "removed"),
    [
        # target 130 → 134: 137 ÷ 134 = 102.2%, which the reported 102% now rounds
        ("indicators.csv", "145、130、110个", "145、134、110个", set(),
         {("ratio_mismatch", "indicator-1.2")}),
        # 年度总体目标·预期目标 filled in
        ("header.csv", "goal_expected,,", "goal_expected,新引进项目145个、新开工130个,", set(),
         {("blank_goal", "goal_expected")}),
        # 主管部门 filled in
        ("header.csv", "department,,", "department,株洲市工业和信息化局,", set(),
         {("blank_field", "department")}),
        # a deviation reason for row 1 (145 ÷ 110 = 131.8%)
        ("indicators.csv", "15,15,,projects_introduced",
         "15,15,新竣工项目集中投产，年初目标偏保守,projects_introduced", set(),
         {("over_achievement_no_reason", "indicator-1.3")}),
        # the table's 三类地 made to agree with the narrative's 10065亩
        ("indicators.csv", "10602亩", "10065亩", set(), {("value_conflict", "idle_land_disposed")}),
        # row 5's actual made the 技工贸总收入 growth of the narrative: no longer another
        # quantity, but 13.1 ÷ 10 = 131% ≥ 130% now asks for a deviation reason
        ("indicators.csv", "10%,10.4%,", "10%,13.1%,",
         {("over_achievement_no_reason", "indicator-5")}, {("wrong_quantity", "indicator-5")}),
        # the park named in the table as in the narrative (the table's text is also quoted by
        # awards.csv, whose quotes must be verbatim in the source)
        (("indicators.csv", "awards.csv", SOURCE), "荷塘高新区获评", "荷塘产业开发区获评", set(),
         {("park_two_names", "hetang")}),
        # the table's project name made the title's
        ("header.csv", "project_name,经济信息产业发展——园区发展专项,",
         "project_name,经济信息产业发展——园区建设专项,", set(),
         {("project_two_names", "project_name")}),
        # a spending item changed: 770 + 19.5 + 19.5 + 11.2446 = 820.2446 ≠ 810.24
        ("spending.csv", "园区考核奖励金,760,", "园区考核奖励金,770,",
         {("sum_mismatch", "spending")}, {("rounding", "spending")}),
    ],
)  # fmt: skip
def test_one_change_one_finding(copy2022, y2022, file, old, new, added, removed):
    mutate(copy2022, file, old, new)
    assert diff(copy2022, y2022) == (added, removed)


# --- the command -------------------------------------------------------------------------------


def test_fit_aligns_chinese_by_display_width():
    assert display_width("荷塘ab") == 6
    assert fit("荷塘", 6) == "荷塘  "
    assert display_width(fit("全市园区技工贸总收入增长", 9)) == 9
    assert fit("全市园区技工贸总收入增长", 9).endswith("…")


def test_run_cli_2022_prints_scores_and_findings_and_exits_1(capsys):
    assert run_cli(2022, DATA, None) == 1  # error-severity findings
    out = capsys.readouterr().out
    assert "重算得分" in out and "复核发现" in out
    # the 14 findings of test_2022_findings: 6 errors, 7 warnings, 1 info (F14, the rounding)
    assert "6 error, 7 warning, 1 info" in out
    assert "F01 [error]" in out and "F14 [info] rounding" in out
    assert "报告 reported 100 (优), 重算 recomputed 100 (优)" in out


def test_cli_exit_0_when_the_rules_make_no_error(tmp_path, capsys):
    # the whole severity setting is replaced: codes it does not name are warnings
    codes_ = ["ratio_mismatch", "value_conflict", "wrong_quantity", "blank_goal"]
    lines = "\n".join([*(f"    {c}: warning" for c in codes_), "    rounding: info"])
    rules = tmp_path / "lenient.yaml"
    rules.write_text(f"severity:\n  value:\n{lines}\n  reason: test\n  source: test\n",
                     encoding="utf-8")  # fmt: skip
    assert cli_main(["audit", "--year", "2022", "--data", str(DATA), "--rules", str(rules)]) == 0
    # the 6 errors of 2022 (four codes) become warnings: 6 + 7 = 13; the rounding stays info
    assert "0 error, 13 warning, 1 info" in capsys.readouterr().out


def test_cli_exit_2_on_bad_input(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("grades:\n  value: 5\n  reason: x\n  source: y\n", encoding="utf-8")
    assert cli_main(["audit", "--year", "2022", "--data", str(DATA), "--rules", str(bad)]) == 2
    assert "bad.yaml:1: column grades" in capsys.readouterr().err
    assert cli_main(["audit", "--year", "1999", "--data", str(DATA)]) == 2


def test_the_package_function_survives_importing_the_module():
    import parkmetrics
    import parkmetrics.review  # a submodule import must not shadow the function

    findings = parkmetrics.audit(make_year())
    assert list(findings.columns) == FINDING_COLUMNS


def test_check7_a_full_width_percent_target_met_by_a_ranking():
    rows = base_indicators()
    rows[3] = indicator(4, "satisfaction", "service_satisfaction", "满意度≥90％",
                        "北区开发区营商环境排名第3位", 10, 10, "satisfaction_rate")  # fmt: skip
    assert ("ranking_for_percentage", "indicator-4") in codes(audit(make_year(rows)))
