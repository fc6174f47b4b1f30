"""The review as a reviewer's work is tested: one realistic defect at a time injected into a
clean copy of the 2022 report (tests/fixtures/clean2022, README there), each found with the right
code, severity and numbers; legitimate variations of the clean copy raise nothing.

Every expected number is worked out by hand in the comment beside its case.
"""

# The cases quote whole CSV rows and sentences of the report, which do not break at 100 columns.
# ruff: noqa: E501

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from parkmetrics.data.dataset import load_year
from parkmetrics.review import audit
from parkmetrics.scoring.rules import load_rules

CLEAN = Path(__file__).resolve().parent / "fixtures" / "clean2022"
SOURCE = "source/zhuzhou-2022-park-fund-self-evaluation.txt"
IND, FIG, HEAD, BUD, SPEND, AWARDS = (
    "indicators.csv", "figures.csv", "header.csv", "budget.csv", "spending.csv", "awards.csv",
)  # fmt: skip
LATIN = re.compile(r"[A-Za-z]+")
QUOTED = re.compile(r"「([^」]*)」")
DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def rules():
    return {
        name: load_rules(name) for name in ("national", "review-firm", "accept-overachievement")
    }


@pytest.fixture
def clean(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(CLEAN, target, ignore=shutil.ignore_patterns("README.md"))
    return target


def mutate(folder: Path, edits: list[tuple]) -> None:
    """Apply ``(files, old, new)`` edits; ``old`` must occur exactly once in each file, or with
    a fourth element ``ALL`` at least once (every occurrence replaced)."""
    for files, old, new, *every in edits:
        for file in (files,) if isinstance(files, str) else files:
            path = folder / "2022" / file
            text = path.read_text(encoding="utf-8")
            count = text.count(old)
            assert count >= 1 if every else count == 1, (file, old, count)
            path.write_text(text.replace(old, new), encoding="utf-8")


ALL = "all"


def findings_of(folder: Path, rules):
    return audit(load_year(2022, folder), rules)


def english_words(text: str, source: str) -> list[str]:
    """ASCII-letter words of a Chinese text outside 「…」 quotations of the report's own words.

    The rule (README, "Messages"): a Chinese message or evidence holds Chinese, numbers, units and
    signs as the report writes them (810.24万元, 131.8%, ≥, ÷), and cells named the Chinese way
    (第1行「…」实际完成值, 自评表·年度资金总额·全年预算数) — never a code, an id, an A1
    reference or an English word. Latin letters are allowed only where a 「…」 quotes the report's
    own text (which may write 5G or ABCD)."""
    outside = QUOTED.sub(lambda m: "" if m.group(1) in source else m.group(0), text)
    return LATIN.findall(outside)


def assert_actionable(findings, source: str) -> None:
    """Every finding: a Chinese message and evidence without English words, its cell named, and
    where a rule gives a suggested deduction, the deduction said in both languages."""
    for f in findings.to_dict("records"):
        for text in (f["message_zh"], f["evidence_text"]):
            assert not english_words(text, source), (f["code"], text)
        assert f["evidence"], f["code"]  # the cell (or quote) the finding rests on
        if f["deduction"] is not None and f["deduction"] == f["deduction"]:
            # the deduction as written (to 4 decimals at most), in both languages
            zh = re.search(r"建议扣 (\d+(?:\.\d+)?) 分", f["message_zh"])
            en = re.search(r"suggested deduction (\d+(?:\.\d+)?) points", f["message_en"])
            assert zh and en, (f["code"], f["message_zh"], f["message_en"])
            assert float(zh[1]) == float(en[1]) == pytest.approx(f["deduction"], abs=5e-5)


def source_of(folder: Path) -> str:
    return (folder / "2022" / SOURCE).read_text(encoding="utf-8")


def test_english_words_rule():
    source = "园区实行ABCD四档管理"
    assert english_words("第1行「新开工产业项目」完成率应为 137个÷130个＝105.4%", source) == []
    assert english_words("按「ABCD四档管理」分类", source) == []  # the report's own words
    assert english_words("indicator-1.2 完成率不符", source) == ["indicator"]
    assert english_words("重算·>= at_least: 9.6", source) == ["at", "least"]
    assert english_words("「XYZ」不是原文", source) == ["XYZ"]  # not the report's text
    assert english_words("错误（error）", source) == ["error"]


@pytest.mark.parametrize("pack", ["national", "review-firm", "accept-overachievement"])
def test_the_2022_report_messages_a_reviewer_can_act_on(rules, pack):
    findings = audit(load_year(2022, DATA), rules[pack])
    # the 2022 report's 14 findings (README), 13 where the pack accepts the 131.8% overshoot:
    # the check is not vacuous
    assert len(findings) >= 13
    assert_actionable(findings, source_of(DATA))


def test_the_clean_copy_audits_without_any_finding(clean, rules):
    for pack in rules.values():
        assert findings_of(clean, pack).empty


@dataclass(frozen=True)
class Case:
    name: str
    edits: list[tuple]
    # (code, subject, severity) of every error or warning expected; the first is the defect's
    expected: list[tuple[str, str, str]]
    zh: tuple[str, ...] = ()  # texts (numbers) the first finding's Chinese message holds
    en: tuple[str, ...] = ()  # … and its English message
    pack: str = "national"
    deduction: float | None = None  # the first finding's suggested deduction
    info: list[tuple[str, str]] = field(default_factory=list)  # info findings expected


RATIOS = "122%、105%、132%"
TOTAL_LINE = "total,年度资金总额,万元,810.24,810.24,810.24,10,100%,100,10"
FISCAL_LINE = "fiscal_appropriation,其中：当年财政拨款,万元,810.24,810.24,810.24,10,100%,100,10"
ROW9 = "满意度100%,企业满意度调查满意度98%,10,9.8,2家企业反映审批时限偏长，已督促园区压缩办理时限,"
ROW5 = "10%,13.1%,10,10,技工贸总收入增长13.1%，超额完成，主要因新竣工项目集中投产,"
ROW1_REASON = "新竣工项目集中投产，年初任务偏保守，次年据此调高目标"
TOTAL_998 = [(HEAD, "total_score,99.8,", "total_score,{},"),
             (HEAD, "\t　99.8\"", "\t　{}\""), (SOURCE, "\t　99.8\n", "\t　{}\n")]  # fmt: skip


def total(value: str) -> list[tuple]:
    """The table's 总分 written ``value`` (header.csv and the source)."""
    return [(f, old, new.format(value)) for f, old, new in TOTAL_998]


def row9(actual: str, score: str, reason: str = "2家企业反映审批时限偏长，已督促园区压缩办理时限"):
    return (IND, ROW9, f"满意度100%,{actual},10,{score},{reason},")


SPEND_HEADER = "item,label,amount,unit,document,source_quote\n"
DOC = "zhuzhou-2022-park-fund-self-evaluation.txt"
PLAN_AT = "二、项目支出绩效情况 \n"


def plan(sentence: str, *items: tuple[str, str, str, str, str, str]) -> list[tuple]:
    """A spending plan: ``sentence`` written into the report's 项目支出 paragraph, and its items
    (item, label, amount, unit, line, quote) as spending.csv rows of stage ``planned``; the
    executed rows get the two new columns blank (executed, paid from the total)."""
    rows = "".join(f"{i},{label},{amount},{unit},{DOC},{quote},planned,{line}\n"
                   for i, label, amount, unit, line, quote in items)  # fmt: skip
    return [
        (SPEND, SPEND_HEADER, SPEND_HEADER.replace("source_quote", "source_quote,stage,line")),
        (SPEND, "万元\n", "万元,,\n", ALL),
        (SPEND, "相关费用11.24万元,,\n", "相关费用11.24万元,,\n" + rows),
        (SOURCE, PLAN_AT, PLAN_AT + sentence),
    ]


def initial_budget(value: str) -> list[tuple]:
    """年初预算数 ``value`` on both budget lines and in the narrative (full-year stays 810.24)."""
    return [
        (BUD, TOTAL_LINE, f"total,年度资金总额,万元,{value},810.24,810.24,10,100%,100,10"),
        (BUD, FISCAL_LINE, f"fiscal_appropriation,其中：当年财政拨款,万元,{value},810.24,810.24,10,100%,100,10"),
        (FIG, "年初预算,810.24万元,810.24,万元,8102400,",
         f"年初预算,{value}万元,{value},万元,{int(float(value) * 10000)},"),
        ((FIG, SOURCE), "其中年初预算 810.24万元", f"其中年初预算 {value}万元"),
    ]


REWARDS_PLAN = ("rewards_plan", "园区考核奖励金（计划）", "800", "万元", "", "计划安排园区考核奖励金800万元")


CASES = [
    # --- check 1: ratios ---------------------------------------------------------------------
    # 新竣工 rate written 128% (table and narrative): 145 ÷ 110 = 1.3182 → 131.8%
    Case("ratio_in_table_and_narrative",
         [((IND, SOURCE, FIG), RATIOS, "122%、105%、128%", ALL),
          (FIG, "新竣工项目完成年度任务,132%,132,%,132,", "新竣工项目完成年度任务,128%,128,%,128,")],
         [("ratio_mismatch", "indicator-1.3", "error")], ("145个÷110个", "131.8%", "128%"),
         ("131.8%", "reported as 128%")),
    # execution rate written 95%: 810.24 ÷ 810.24 = 100.0%
    Case("budget_rate_written_wrong", [(BUD, TOTAL_LINE, TOTAL_LINE.replace("100%,100,", "95%,95,"))],
         [("budget_rate_mismatch", "budget-total", "error")],
         ("全年执行数 810.24÷全年预算数 810.24＝100.0%", "95%"), ("full-year budget 810.24 = 100.0%", "95%")),
    # initial budget 900 (table and narrative), rate written 90%: 810.24 ÷ 900 = 0.9003 → 90.0%
    # (the initial base); on the full-year budget 810.24 ÷ 810.24 = 100.0%
    Case("rate_on_the_initial_budget",
         [(BUD, TOTAL_LINE, "total,年度资金总额,万元,900,810.24,810.24,10,90%,90,10"),
          (BUD, FISCAL_LINE, "fiscal_appropriation,其中：当年财政拨款,万元,900,810.24,810.24,10,90%,90,10"),
          (FIG, "年初预算,810.24万元,810.24,万元,8102400,", "年初预算,900万元,900,万元,9000000,"),
          ((FIG, SOURCE), "其中年初预算 810.24万元", "其中年初预算 900万元")],
         [("budget_rate_wrong_base", "budget-fiscal_appropriation", "error"),
          ("budget_rate_wrong_base", "budget-total", "error")],
         ("年初预算数", "810.24÷900＝90.0%", "810.24÷810.24＝100.0%"), ("initial budget", "90.0%")),
    # --- check 2: one quantity, two values ---------------------------------------------------
    # the table's 三类地 10056亩, the narrative's 10065亩 (9亩 apart, not a rounding)
    Case("table_against_narrative", [(IND, "10065亩", "10056亩")],
         [("value_conflict", "idle_land_disposed", "error")], ("10056亩", "10065亩"),
         ("table 10056亩", "narrative 10065亩")),
    # narrative 支出 801.24万元 against the table's 全年执行数 810.24
    Case("narrative_against_budget_block",
         [(FIG, "city,expenditure,支出,810.24万元,810.24,万元,8102400,",
           "city,expenditure,支出,801.24万元,801.24,万元,8012400,"),
          ((FIG, SOURCE), "2022 年支出 810.24万元", "2022 年支出 801.24万元")],
         [("value_conflict", "expenditure", "error")], ("801.24万元", "810.24万元"),
         ("801.24万元", "810.24万元")),
    # --- check 3: the actual is another quantity's figure -------------------------------------
    # row 5 (技工贸总收入增长) answered 10.4%, the narrative's 规工增加值增长
    Case("actual_of_another_quantity", [(IND, ROW5, ROW5.replace("10%,13.1%", "10%,10.4%"))],
         [("wrong_quantity", "indicator-5", "error")], ("10.4%", "规工增加值增长", "13.1%"),
         ("10.4%", "industrial_value_added_growth", "13.1%")),
    # --- check 4: parts and totals ------------------------------------------------------------
    # 770 + 19.5 + 19.5 + 11.24 = 820.24 ≠ 810.24
    Case("spending_items", [((SPEND, SOURCE), "园区考核奖励金 760 万元", "园区考核奖励金 770 万元"),
                            (SPEND, "园区考核奖励金,760,", "园区考核奖励金,770,")],
         [("sum_mismatch", "spending", "error")], ("820.24万元", "810.24万元"),
         ("820.24万元", "810.24万元")),
    # a carry-over line of 10 executed: 810.24 + 10 = 820.24 ≠ the total's 810.24
    Case("budget_detail_lines",
         [(BUD, "carryover,上年结转资金,万元,,,,,,,", "carryover,上年结转资金,万元,,,10,,,,")],
         [("sum_mismatch", "budget-executed", "error")], ("820.24万元", "810.24万元"),
         ("820.24万元", "810.24万元")),
    # 总分 written 100; the scores add up to 10 + 15 + 15 + 10 + 10 + 10 + 10 + 5 + 5 + 9.8 = 99.8
    Case("total_score", total("100"), [("total_score_mismatch", "total_score", "error")],
         ("99.8", "100"), ("99.8", "100")),
    # --- check 5: blank or template content ---------------------------------------------------
    Case("blank_goal", [(HEAD, "goal_expected,新引进、新开工、新竣工5000万以上产业项目145、130、110个，创建先进园区2家,",
                         "goal_expected,,")],
         [("blank_goal", "goal_expected", "error")], ("预期目标",), ("goal_expected",)),
    Case("blank_department", [(HEAD, "department,株洲市工业和信息化局,", "department,,")],
         [("blank_field", "department", "warning")], ("主管部门",), ("department",)),
    Case("blank_actual", [(IND, "安全事故发生率0%,全年园区0事故,", "安全事故发生率0%,,")],
         [("blank_cell", "indicator-7", "error")], ("第7行", "实际完成值"), ("row 7", "actual")),
    Case("template_prompt", [(IND, "3,output,timeliness,5月、7月、10月、以及次年1月进行园区工作考核,",
                              "3,output,timeliness,请填写三级指标,")],
         [("template_prompt", "indicator-3", "error")], ("请填写三级指标",), ("请填写三级指标",)),
    # --- check 6: deviations without a reason that explains them ------------------------------
    # row 5 without its reason: 13.1 ÷ 10 = 131.0% ≥ 130%
    Case("over_achievement_without_reason", [(IND, ROW5, "10%,13.1%,10,10,,")],
         [("over_achievement_no_reason", "indicator-5", "warning")],
         ("13.1%", "10%", "131.0%", "未填写偏差原因"), ("131.0%", "no deviation reason")),
    # row 9 without its reason: 98 ÷ 100 = 98.0%, 2% short
    Case("shortfall_without_reason", [row9("企业满意度调查满意度98%", "9.8", "")],
         [("under_achievement_no_reason", "indicator-9", "warning")],
         ("98%", "100%", "98.0%", "差 2%"), ("98.0%", "2% short")),
    # row 1's reason names only 新引进; 新竣工 145 ÷ 110 = 131.8% stays unexplained
    Case("reason_for_another_part", [(IND, ROW1_REASON, "新引进项目超额完成，招商力度加大")],
         [("over_achievement_no_reason", "indicator-1.3", "warning")],
         ("新竣工产业项目", "131.8%", "新引进项目超额完成"), ("131.8%", "does not explain")),
    # 新开工 120 of 130 (92.3%, written 92%) while row 1's reason explains only the 新竣工
    # overshoot: the short part is reported. Re-scored 15 × (1 + 120 ÷ 130 + 1) ÷ 3 = 14.615,
    # written 14.6 (a rounding at tenths: info); 总分 99.8 − 15 + 14.6 = 99.4. The timeliness row
    # at full marks while a task is short is the national pack's timeliness_unfinished.
    Case("composite_part_short_reason_for_the_overshoot",
         [((IND, FIG, SOURCE, HEAD), "177个、137个、145个", "177个、120个、145个", ALL),
          (FIG, "新开工5000万以上产业项目,137个,137,个,137,", "新开工5000万以上产业项目,120个,120,个,120,"),
          ((IND, SOURCE, FIG), "122%、105%、132%", "122%、92%、132%", ALL),
          (FIG, "新开工项目完成年度任务,105%,105,%,105,", "新开工项目完成年度任务,92%,92,%,92,"),
          (IND, "15,15,新竣工项目集中投产", "15,14.6,新竣工项目集中投产"), *total("99.4")],
         [("under_achievement_no_reason", "indicator-1.2", "warning"),
          ("timeliness_unfinished", "indicator-3", "error")],
         ("新开工产业项目", "120个", "130个", "92.3%", "差 10个"), ("92.3%", "10个 short"),
         info=[("score_rounded", "indicator-1")]),
    # row 9's reason speaks of an overshoot; 98% is a shortfall
    Case("reason_in_the_other_direction", [row9("企业满意度调查满意度98%", "9.8", "超额完成年度目标")],
         [("under_achievement_no_reason", "indicator-9", "warning")],
         ("98.0%", "所填偏差原因「超额完成年度目标」未说明"), ("does not explain this shortfall",)),
    # the cost ceiling (成本, ≤) written 780万元 for an actual 810.24万元: 30.24 over,
    # 810.24 ÷ 780 = 1.03877 → 103.9%; re-scored (1 − 30.24 ÷ 780) × 10 = 9.6123, reported 10:
    # 0.3877 above
    Case("cost_ceiling_exceeded", [(IND, "810.24万元,810.24万元,10,10,", "780万元,810.24万元,10,10,")],
         [("under_achievement_no_reason", "indicator-4", "warning"),
          ("score_differs", "indicator-4", "error")],
         ("810.24万元", "超过上限 780万元 30.24万元", "103.9%", "未填写偏差原因"),
         ("exceeds the ceiling 780万元 by 30.24万元", "103.9%")),
    # a ceiling of 600万元: 810.24 ÷ 600 = 1.3504 → 135.0% is an overrun, not an
    # over-achievement ("target set too low" would misdiagnose it); 210.24 over;
    # (1 − 210.24 ÷ 600) × 10 = 6.496 re-scored, 10 − 6.496 = 3.504 above
    Case("cost_overrun_beyond_130_percent", [(IND, "810.24万元,810.24万元,10,10,", "600万元,810.24万元,10,10,")],
         [("under_achievement_no_reason", "indicator-4", "warning"),
          ("score_differs", "indicator-4", "error")],
         ("超过上限 600万元 210.24万元", "135.0%"), ("exceeds the ceiling", "135.0%")),
    # full-year budget 940 (table and narrative 预算收入): 810.24 ÷ 940 = 0.86196 → 86.2% < 90%;
    # score 10 × 0.86196 = 8.62, written 8.6 (a rounding at the table's tenths: info); 总分
    # 8.6 + 15 + 15 + 10 + 10 + 10 + 10 + 5 + 5 + 9.8 = 98.4
    Case("low_execution_without_reason",
         [(BUD, TOTAL_LINE, "total,年度资金总额,万元,810.24,940,810.24,10,86.2%,86.2,8.6"),
          (BUD, FISCAL_LINE, "fiscal_appropriation,其中：当年财政拨款,万元,810.24,940,810.24,10,86.2%,86.2,8.6"),
          (FIG, "预算收入,810.24万元,810.24,万元,8102400,", "预算收入,940万元,940,万元,9400000,"),
          ((FIG, SOURCE), "2022年预算收入 810.24万元", "2022年预算收入 940万元"), *total("98.4")],
         [("under_achievement_no_reason", "budget", "warning")],
         ("810.24 ÷ 全年预算数 940", "86.2%", "低于 90%"), ("86.2%", "below 90%"),
         info=[("score_rounded", "budget")]),
    # 850万元 executed of a full-year budget of 810.24 (table, narrative 支出 and 专项支出, items
    # 799.76 + 19.5 + 19.5 + 11.24 = 850, the cost row at 850): 850 ÷ 810.24 = 1.04907 → 104.9%
    # > 100%, and no reason; the score stays min(1.049, 1) × 10 = 10
    Case("budget_executed_above_the_budget",
         [(BUD, TOTAL_LINE, "total,年度资金总额,万元,810.24,810.24,850,10,104.9%,104.9,10"),
          (BUD, FISCAL_LINE, "fiscal_appropriation,其中：当年财政拨款,万元,810.24,810.24,850,10,104.9%,104.9,10"),
          (FIG, "支出,810.24万元,810.24,万元,8102400,", "支出,850万元,850,万元,8500000,", ALL),
          ((FIG, SOURCE), "2022 年支出 810.24万元", "2022 年支出 850万元"),
          ((FIG, SOURCE), "2022年园区建设专项支出 810.24万元", "2022年园区建设专项支出 850万元"),
          ((SPEND, SOURCE), "园区考核奖励金 760 万元", "园区考核奖励金 799.76 万元"),
          (SPEND, "园区考核奖励金,760,", "园区考核奖励金,799.76,"),
          (IND, "810.24万元,810.24万元,10,10,", "850万元,850万元,10,10,")],
         [("budget_over_executed", "budget", "warning")], ("850", "810.24", "104.9%", "超过 100%"),
         ("104.9%", "above 100%")),
    # --- check 7: full marks the evidence does not support ------------------------------------
    Case("text_actual", [(IND, "完成率100%,完成率100%（4次考核均已完成）,", "完成率100%,已完成,")],
         [("text_actual_full_marks", "indicator-3", "warning")], ("完成率100%", "已完成"),
         ("已完成", "no figure")),
    # row 9 answered by a ranking at full marks (no award row backs it: a text without a rate);
    # 总分 then 100, and every row at full marks
    Case("ranking_for_satisfaction", [row9("株洲高新区获得全省营商环境10强", "10"), *total("100")],
         [("all_full_marks", "indicators", "warning"),
          ("text_actual_full_marks", "indicator-9", "warning")],
         ("9 项", "100"), ("all 9 indicators",)),
    # 争创3家 while the actual names 2 parks: 2 ÷ 3 × 15 = 10, reported 15 (5 above)
    Case("fewer_named_parks", [(IND, "争创2家及以上先进园区", "争创3家及以上先进园区")],
         [("score_differs", "indicator-2", "error"),
          ("fewer_named_items", "indicator-2", "warning"),
          ("under_achievement_no_reason", "indicator-2", "warning")],
         ("15", "10", "高出 5 分"), ("15", "10", "5 points above"), deduction=5.0),
    # 96% measured, 9.95 reported: 96 ÷ 100 × 10 = 9.6, 9.95 − 9.6 = 0.35 above, and the table is
    # written to hundredths (9.95), so no rounding covers it; 总分 90 + 9.95 = 99.95
    Case("over_scoring_is_not_rounding",
         [row9("企业满意度调查满意度96%", "9.95"), *total("99.95")],
         [("score_differs", "indicator-9", "error")], ("9.95", "9.6", "高出 0.35 分"),
         ("9.95", "9.6", "0.35 points above"), deduction=0.35),
    # 96% measured, 9 reported, every score whole: 9.6 rounds to 10 at whole points, not to 9;
    # 9 is 0.6 below (an under-scoring: no deduction suggested); 总分 90 + 9 = 99
    Case("under_scoring_at_whole_points", [row9("企业满意度调查满意度96%", "9"), *total("99")],
         [("score_differs", "indicator-9", "error")], ("9.6", "低于 0.6 分", "整数分"),
         ("0.6 points below", "whole points")),
    # row 9 at 10 for 98%: 9.8 rounds to 10 at whole points — every score is now whole, so it is a
    # rounding (info), and every row at full marks (warning)
    Case("whole_point_rounding_and_all_full", [row9("企业满意度调查满意度98%", "10"), *total("100")],
         [("all_full_marks", "indicators", "warning")], ("9 项",), ("all 9",),
         info=[("score_rounded", "indicator-9")]),
    # 近10% against ≥ 10%: 10 ≤ 10 ≤ 10 × 1.05, an approximation, not a proof
    Case("approximate_actual", [(IND, ROW5, ROW5.replace("10%,13.1%", "10%,近10%"))],
         [("approximate_actual", "indicator-5", "warning")], ("近10%", "近似数", "≥10%"),
         ("近10%", "approximation")),
    Case("about_actual", [(IND, ROW5, ROW5.replace("10%,13.1%", "10%,10%左右"))],
         [("approximate_actual", "indicator-5", "warning")], ("10%左右", "近似数"),
         ("10%左右",)),
    # 不足10% is below 10%: an upper bound cannot prove ≥ 10%
    Case("upper_bound_actual", [(IND, ROW5, ROW5.replace("10%,13.1%", "10%,不足10%"))],
         [("approximate_actual", "indicator-5", "warning")], ("不足10%", "上限"),
         ("不足10%", "upper bound")),
    # --- check 8: weights ---------------------------------------------------------------------
    # 成本 row 5 points, 经济效益 row 15: 产出 50 − 5 = 45, 效益 30 + 5 = 35 (declared so)
    Case("unusual_split",
         [(IND, "810.24万元,810.24万元,10,10,", "810.24万元,810.24万元,5,5,"),
          (IND, ROW5, ROW5.replace("10%,13.1%,10,10,", "10%,13.1%,15,15,")),
          (HEAD, "output_weight,50,", "output_weight,45,"), (HEAD, "(50分)", "(45分)"),
          (SOURCE, "(50分)", "(45分)"), (HEAD, "benefit_weight,30,", "benefit_weight,35,"),
          (HEAD, "（30分）", "（35分）"), (SOURCE, "（30分）", "（35分）")],
         [("weights_unusual_split", "weights", "warning")], ("45/35/10/10", "50/30/10/10"),
         ("45/35/10/10",)),
    # row 7 weighted 6 (and scored 6, 总分 100.8): 10 + 50 + 31 + 10 = 101 ≠ 100; 效益 declared 30,
    # its rows 10 + 10 + 6 + 5 = 31; the split 50/31/10/10 is not 50/30/10/10
    Case("weights_that_do_not_add_up",
         [(IND, "安全事故发生率0%,全年园区0事故,5,5,", "安全事故发生率0%,全年园区0事故,6,6,"),
          *total("100.8")],
         [("weights_total", "weights", "error"), ("weights_level1_mismatch", "benefit", "error"),
          ("weights_unusual_split", "weights", "warning")], ("101", "100"), ("101",)),
    # --- check 9: one entity, two names -------------------------------------------------------
    Case("park_two_names", [((IND, AWARDS, SOURCE), "荷塘产业开发区获评", "荷塘高新区获评")],
         [("park_two_names", "hetang", "warning")], ("荷塘产业开发区", "荷塘高新区"),
         ("荷塘高新区",)),
    # the alias used only in an unquoted sentence of the narrative (whole-text search)
    Case("park_alias_in_unquoted_text",
         [(SOURCE, "荷塘产业开发区钢铁产业链数字化生态平台", "荷塘高新区钢铁产业链数字化生态平台")],
         [("park_two_names", "hetang", "warning")], ("荷塘高新区",), ("荷塘高新区",)),
    Case("project_two_names", [(HEAD, "project_name,经济信息产业发展——园区建设专项,",
                                "project_name,经济信息产业发展——园区发展专项,")],
         [("project_two_names", "project_name", "warning")], ("园区发展专项", "园区建设专项"),
         ("园区发展专项",)),
    # a park the vocabulary does not know, in a table cell: reported, and still counted as one
    # park named (1 ≥ 1: no shortfall)
    Case("unknown_park_name", [(IND, "荷塘产业开发区获评省级绿色园区", "攸县工业集中区获评省级绿色园区")],
         [("unknown_park_name", "indicator-6", "warning")], ("攸县工业集中区", "第6行"),
         ("攸县工业集中区",)),
    # --- check 10: unit slips, roundings, plausibility ---------------------------------------
    # 10065公顷 against 10065亩: a factor of 15 (1 公顷 = 15 亩)
    Case("area_unit_slip", [(IND, "全年处置园区“三类地”10065亩", "全年处置园区“三类地”10065公顷")],
         [("unit_slip", "idle_land_disposed", "error")], ("10065公顷", "10065亩", "15 倍"),
         ("factor of about 15",)),
    # a spending item of 19.5元: 760 + 0.00195 + 19.5 + 11.24 = 790.74195万元; ×10000 it adds up
    Case("spending_unit_slip",
         [(SPEND, "政府购买株洲市亩均效益工业大数据平台运营服务,19.5,万元", "政府购买株洲市亩均效益工业大数据平台运营服务,19.5,元"),
          ((SPEND, SOURCE), "运营服务19.5万元", "运营服务19.5元")],
         [("unit_slip", "spending", "error")], ("19.5元", "10000 倍"), ("19.5元", "10000")),
    # taxes 175.6万元 beside revenue 5329亿元: 1756000 ÷ 532900000000 = 0.0000033 = 0.00033%,
    # outside 0.5%–30%; ×10000 it is 3.3%
    Case("taxes_unit_slip",
         [(FIG, "上交税金,175.6亿元,175.6,亿元,17560000000,", "上交税金,175.6万元,175.6,万元,1756000,"),
          ((FIG, SOURCE), "上交税金175.6亿元", "上交税金175.6万元", ALL)],
         [("implausible_figure", "tax_paid", "error")], ("175.6万元", "5329亿元", "0.00033%", "3.3%"),
         ("0.00033%", "3.3%", "unit slip")),
    # a share of 170%
    Case("share_above_100",
         [(FIG, "达到70%,70,%,70,", "达到170%,170,%,170,"),
          ((FIG, SOURCE), "全市园区主特产业营业收入占比达到70%", "全市园区主特产业营业收入占比达到170%")],
         [("implausible_figure", "leading_industry_revenue_share", "error")], ("达到170%", "100%"),
         ("170%", "100%")),
    # a city-wide count of 8 green parks while the vocabulary lists 6 parks (株洲高新区, 株洲经开区,
    # 醴陵经开区, 渌口经开区, 荷塘, 茶陵经开区): 8 > 6
    Case("more_parks_than_listed",
         [(FIG, "source_quote,note\n", "source_quote,note\ncity,green_parks,省级绿色园区,8家,8,家,8,个,exact,,zhuzhou-2022-park-fund-self-evaluation.txt,全市园区获评省级绿色园区8家,\n"),
          (SOURCE, "荷塘产业开发区获批省级绿色园区。", "全市园区获评省级绿色园区8家，荷塘产业开发区获批省级绿色园区。")],
         [("implausible_figure", "green_parks", "error")], ("8家", "多于所列园区数 6 家"),
         ("8家", "6 parks listed")),
    # tax growth 122% (outside −50%…100%)
    Case("growth_out_of_band",
         [(FIG, "上交税金增长,12.2%,12.2,%,12.2,", "上交税金增长,122%,122,%,122,"),
          ((FIG, SOURCE), "增长12.2%", "增长122%", ALL)],
         [("implausible_figure", "tax_paid_growth", "error")], ("122%", "-50%", "100%"),
         ("122%",)),
    # --- budget changes ------------------------------------------------------------------------
    # initial budget 1100 (table and narrative), full-year 810.24: 810.24 ÷ 1100 = 73.7% < 80%
    Case("budget_cut_without_reason",
         [(BUD, TOTAL_LINE, "total,年度资金总额,万元,1100,810.24,810.24,10,100%,100,10"),
          (BUD, FISCAL_LINE, "fiscal_appropriation,其中：当年财政拨款,万元,1100,810.24,810.24,10,100%,100,10"),
          (FIG, "年初预算,810.24万元,810.24,万元,8102400,", "年初预算,1100万元,1100,万元,11000000,"),
          ((FIG, SOURCE), "其中年初预算 810.24万元", "其中年初预算 1100万元")],
         [("budget_adjusted_no_reason", "budget", "warning")], ("810.24", "1100", "73.7%", "20%"),
         ("73.7%",)),
    # initial budget 600, full-year 810.24: 810.24 ÷ 600 = 1.3504 → 135.0% > 120%, raised
    Case("budget_raised_without_reason", initial_budget("600"),
         [("budget_adjusted_no_reason", "budget", "warning")], ("810.24", "600", "135.0%", "调增", "20%"),
         ("135.0%", "raised")),
    # --- the spending plan against the budget --------------------------------------------------
    # planned 800 + 20.24 = 820.24万元 against the full-year budget 810.24: 10 over,
    # 820.24 ÷ 810.24 = 1.01234 → 101.2%
    Case("plan_above_the_full_year_budget",
         plan("年初计划安排园区考核奖励金800万元、园区建设发展相关费用20.24万元。", REWARDS_PLAN,
              ("costs_plan", "园区建设发展相关费用（计划）", "20.24", "万元", "", "园区建设发展相关费用20.24万元")),
         [("plan_exceeds_budget", "plan-total", "error")],
         ("800＋20.24＝820.24万元", "全年预算数 810.24万元", "超出 10万元", "101.2%"),
         ("820.24万元", "full-year budget", "10万元", "101.2%")),
    # initial 1100 cut to 810.24 (no reason: 73.7%, see budget_cut_without_reason) while the plan
    # stays at 900 + 20 = 920: 920 − 810.24 = 109.76 over, 920 ÷ 810.24 = 1.13547 → 113.5%; the
    # plan fits the initial 1100, so it was not revised after the cut
    Case("plan_not_revised_after_a_cut",
         [*initial_budget("1100"),
          *plan("年初计划安排园区考核奖励金900万元、园区建设发展相关费用20万元。",
                ("rewards_plan", "园区考核奖励金（计划）", "900", "万元", "", "园区考核奖励金900万元"),
                ("costs_plan", "园区建设发展相关费用（计划）", "20", "万元", "", "园区建设发展相关费用20万元"))],
         [("plan_exceeds_budget", "plan-total", "error"), ("budget_adjusted_no_reason", "budget", "warning")],
         ("920万元", "超出 109.76万元", "113.5%", "计划未随预算调减修订", "年初预算数 1100"),
         ("920万元", "not revised after the cut")),
    # a plan item of 10.24万元 charged to 上年结转资金, a line the form has but leaves empty
    # (800 charged to the total: 800 ≤ 810.24, within the budget)
    Case("plan_item_on_an_empty_budget_line",
         plan("年初计划安排园区考核奖励金800万元，上年结转项目尾款10.24万元。", REWARDS_PLAN,
              ("carryover_plan", "上年结转项目尾款", "10.24", "万元", "carryover", "上年结转项目尾款10.24万元")),
         [("plan_item_unbudgeted", "plan-carryover_plan", "error")],
         ("上年结转项目尾款", "10.24万元", "上年结转资金", "均为空或为 0"),
         ("10.24万元", "no initial or full-year budget")),
    # a plan item charged to a sub-fund the budget block does not have
    Case("plan_item_on_a_missing_budget_line",
         plan("年初计划安排园区考核奖励金800万元，产业引导基金配套10万元。", REWARDS_PLAN,
              ("guidance_plan", "产业引导基金配套", "10", "万元", "industry_guidance_fund", "产业引导基金配套10万元")),
         [("plan_item_unbudgeted", "plan-guidance_plan", "error")],
         ("产业引导基金配套", "10万元", "预算表中没有其列支的预算行"),
         ("no such budget line", "industry_guidance_fund")),
    # --- reviewer rules (national pack) ----------------------------------------------------
    Case("cost_target_with_at_least", [(IND, "810.24万元,810.24万元,10,10,", "≥810.24万元,810.24万元,10,10,")],
         [("cost_at_least", "indicator-4", "warning")], ("≥810.24万元", "成本指标", "复核规则"),
         ("cost indicator", "review_cost_at_least")),
    # row 8 given row 2's 三级指标 (创建“五好”园区, 产出) under 效益: counted once, row 8's 5 points
    Case("same_indicator_in_two_blocks",
         [(IND, "8,benefit,sustainability,园区承载力,", "8,benefit,sustainability,创建“五好”园区,")],
         [("duplicate_indicator", "indicator-8", "warning")], ("第8行", "第2行", "建议扣 5 分"),
         ("repeats row 2",), deduction=5.0),
    # timeliness row 3 at full marks while row 7's actual says 尚未 (a task unfinished)
    Case("timeliness_while_unfinished",
         [(IND, "安全事故发生率0%,全年园区0事故,", "安全事故发生率0%,全年园区0事故，安全台账尚未完成,")],
         [("timeliness_unfinished", "indicator-3", "error")], ("时效指标", "第7行", "尚未"),
         ("timeliness", "row 7", "尚未完成")),
    # --- reviewer rules of the review-firm pack ----------------------------------------------
    # satisfaction answered 未收到投诉: 0 points, 9.8 suggested off
    Case("satisfaction_without_survey", [row9("全年未收到投诉", "9.8")],
         [("satisfaction_without_survey", "indicator-9", "error")], ("未收到投诉", "建议扣 9.8 分"),
         ("scores 0", "9.8"), pack="review-firm", deduction=9.8),
    # 已完成 for 完成率100%: boiler-plate, cut 60% of 10 = 6
    Case("unverifiable_boilerplate", [(IND, "完成率100%,完成率100%（4次考核均已完成）,", "完成率100%,已完成,")],
         [("unverifiable_cut", "indicator-3", "warning")], ("仅有套话", "60%", "建议扣 6 分"),
         ("60%", "6 points"), pack="review-firm", deduction=6.0),
    # a description without the rate: cut 30% of 10 = 3
    Case("unverifiable_description",
         [(IND, "完成率100%,完成率100%（4次考核均已完成）,", "完成率100%,按季度组织园区考核并通报结果,")],
         [("unverifiable_cut", "indicator-3", "warning")], ("仅有文字描述", "30%", "建议扣 3 分"),
         ("30%",), pack="review-firm", deduction=3.0),
    # 近10% for ≥ 10% under the review firm: not verifiable, its figure graded as a description,
    # cut 30% of 10 = 3
    Case("approximate_actual_cut_by_the_firm", [(IND, ROW5, ROW5.replace("10%,13.1%", "10%,近10%"))],
         [("unverifiable_cut", "indicator-5", "warning")],
         ("所写数字不能证明达到目标", "30%", "建议扣 3 分"), ("does not prove the target", "3 points"),
         pack="review-firm", deduction=3.0),
    # the review firm halves a timeliness score while a task is unfinished: 10 × 50% = 5
    Case("timeliness_cut_by_the_firm",
         [(IND, "安全事故发生率0%,全年园区0事故,", "安全事故发生率0%,全年园区0事故，安全台账尚未完成,")],
         [("timeliness_unfinished", "indicator-3", "error")], ("建议扣 5 分",), ("5 points",),
         pack="review-firm", deduction=5.0),
]  # fmt: skip

# the payment rule is P2 (info): a case of its own, the clean copy's errors and warnings unchanged
PAYMENT = [(IND, "新引进、新开工、新竣工5000万以上产业项目个数。,", "资金拨付及新引进、新开工、新竣工5000万以上产业项目个数。,")]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_one_defect_one_diagnosis(clean, rules, case):
    mutate(clean, case.edits)
    findings = findings_of(clean, rules[case.pack])
    serious = findings[findings["severity"] != "info"]
    got = sorted(zip(serious["code"], serious["subject"], serious["severity"], strict=True))
    assert got == sorted(case.expected), findings[["code", "subject", "message_zh"]].to_dict(
        "records"
    )
    info = findings[findings["severity"] == "info"]
    assert sorted(zip(info["code"], info["subject"], strict=True)) == sorted(case.info)
    code, subject, _ = case.expected[0]
    first = findings[(findings["code"] == code) & (findings["subject"] == subject)].iloc[0]
    for text in case.zh:
        assert text in first["message_zh"], (text, first["message_zh"])
    for text in case.en:
        assert text in first["message_en"], (text, first["message_en"])
    if case.deduction is not None:
        assert first["deduction"] == pytest.approx(case.deduction)
    # a reviewer reads the Chinese message without English inside it, the cell and the deduction
    assert_actionable(findings, source_of(clean))


def test_a_payment_indicator_filed_as_quantity_is_noted(clean, rules):
    mutate(clean, PAYMENT)
    findings = findings_of(clean, rules["national"])
    assert list(zip(findings["code"], findings["subject"], findings["severity"], findings["priority"],
                    strict=True)) == [("payment_as_quantity", "indicator-1", "info", "P2")]  # fmt: skip
    assert "资金拨付" in findings.iloc[0]["message_zh"]
    assert_actionable(findings, source_of(clean))


def test_over_achievement_accepted_by_its_pack(clean, rules):
    # row 5 without a reason at 131.0%: flagged by the national pack, accepted by the other
    mutate(clean, [(IND, ROW5, "10%,13.1%,10,10,,")])
    year = load_year(2022, clean)
    assert set(audit(year, rules["national"])["code"]) == {"over_achievement_no_reason"}
    assert audit(year, rules["accept-overachievement"]).empty


@pytest.mark.parametrize(("setting", "recomputed", "says"),
                         [("cannot_verify", None, "未予重算"), ("as_bound", 10.0, "按所写数值作为界限计分")])
def test_an_approximate_actual_by_the_rules_setting(clean, tmp_path, setting, recomputed, says):
    # 近10% against ≥ 10% (row 5, weight 10): cannot_verify leaves it unscored (the national
    # pack counts it at its reported 10); as_bound scores 10% as the value: 10 ≥ 10 → 10
    path = tmp_path / "approximate.yaml"
    path.write_text(f"approximate_actual:\n  value: {setting}\n  reason: test\n  source: test\n",
                    encoding="utf-8")
    rules = load_rules(path)
    mutate(clean, [(IND, ROW5, ROW5.replace("10%,13.1%", "10%,近10%"))])
    year = load_year(2022, clean)
    from parkmetrics.scoring.assessment import assess

    row5 = assess(year, rules).items.set_index("item").loc["indicator-5"]
    if recomputed is None:
        assert row5["recomputed_score"] != row5["recomputed_score"]  # NaN: not re-scored
    else:
        assert row5["recomputed_score"] == pytest.approx(recomputed)
        assert "taken as a bound" in row5["rule"]
    findings = audit(year, rules)
    assert list(findings["code"]) == ["approximate_actual"]
    assert says in findings.iloc[0]["message_zh"] and "≥10%" in findings.iloc[0]["message_zh"]


def test_the_review_firm_rescoring(clean, rules):
    # 未收到投诉 for satisfaction (9.8 → 0) and 已完成 for row 3 (10 → 10 × 40% = 4):
    # re-scored 99.8 − 9.8 − 6 = 84
    mutate(clean, [row9("全年未收到投诉", "9.8"),
                   (IND, "完成率100%,完成率100%（4次考核均已完成）,", "完成率100%,已完成,")])  # fmt: skip
    from parkmetrics.scoring.assessment import assess

    totals = assess(load_year(2022, clean), rules["review-firm"]).totals
    assert totals["reported_total"] == pytest.approx(99.8)
    assert totals["recomputed_total"] == pytest.approx(84.0)


LEGITIMATE = [
    # 19.5万元 written as 195000元 (= 19.5 × 10000): the items still add up to 810.24万元
    ("amounts_in_yuan",
     [(SPEND, "政府购买株洲市亩均效益工业大数据平台运营服务,19.5,万元", "政府购买株洲市亩均效益工业大数据平台运营服务,195000,元"),
      ((SPEND, SOURCE), "运营服务19.5万元", "运营服务195000元")]),
    # 800.24 appropriation + 10 carry-over = 810.24 in every column
    ("carry_over_that_adds_up",
     [(BUD, FISCAL_LINE, "fiscal_appropriation,其中：当年财政拨款,万元,800.24,800.24,800.24,10,100%,100,10"),
      (BUD, "carryover,上年结转资金,万元,,,,,,,", "carryover,上年结转资金,万元,10,10,10,10,100%,100,10")]),
    # target 11%: 13.1 ÷ 11 = 119.1% < 130%, with its reason
    ("overshoot_of_119_percent_with_a_reason", [(IND, ROW5, ROW5.replace("10%,13.1%", "11%,13.1%"))]),
    # 96.5% measured, 9.65 reported (96.5 ÷ 100 × 10); 总分 90 + 9.65 = 99.65
    ("decimal_score_that_is_right", [row9("企业满意度调查满意度96.5%", "9.65"), *total("99.65")]),
    # 超13% and 13%以上 prove ≥ 10%; 近12% too (12 > 10 × 1.05)
    ("over_qualifier_proves", [(IND, ROW5, ROW5.replace("10%,13.1%", "10%,超13%"))]),
    ("at_least_qualifier_proves", [(IND, ROW5, ROW5.replace("10%,13.1%", "10%,13%以上"))]),
    ("near_far_above_the_target", [(IND, ROW5, ROW5.replace("10%,13.1%", "10%,近12%"))]),
    # 10065亩 ÷ 15 = 671公顷: the same area in another unit
    ("area_in_hectares", [(IND, "全年处置园区“三类地”10065亩", "全年处置园区“三类地”671公顷")]),
    # full-width digits and sign
    ("full_width_digits", [(IND, ROW5, ROW5.replace("10%,13.1%", "10%,１３.１％"))]),
    # a low execution (86.2%, see the case above) explained in the narrative's budget sentence
    ("low_execution_explained_in_the_narrative",
     [(BUD, TOTAL_LINE, "total,年度资金总额,万元,810.24,940,810.24,10,86.2%,86.2,8.6"),
      (BUD, FISCAL_LINE, "fiscal_appropriation,其中：当年财政拨款,万元,810.24,940,810.24,10,86.2%,86.2,8.6"),
      (FIG, "预算收入,810.24万元,810.24,万元,8102400,", "预算收入,940万元,940,万元,9400000,"),
      ((FIG, SOURCE), "2022年预算收入 810.24万元", "2022年预算收入 940万元"), *total("98.4"),
      (SOURCE, "项目实施及绩效情况如下：", "因部分奖励资金延至次年拨付，执行率86.2%。项目实施及绩效情况如下：")]),
    # a budget adjustment of 810.24 ÷ 900 = 90.0% (within the 80% band)
    ("budget_adjusted_within_the_band",
     [(BUD, TOTAL_LINE, "total,年度资金总额,万元,900,810.24,810.24,10,100%,100,10"),
      (BUD, FISCAL_LINE, "fiscal_appropriation,其中：当年财政拨款,万元,900,810.24,810.24,10,100%,100,10"),
      (FIG, "年初预算,810.24万元,810.24,万元,8102400,", "年初预算,900万元,900,万元,9000000,"),
      ((FIG, SOURCE), "其中年初预算 810.24万元", "其中年初预算 900万元")]),
    # a plan that fits: 790 + 20.24 = 810.24万元, the full-year budget exactly
    ("plan_within_the_budget",
     plan("年初计划安排园区考核奖励金790万元、园区建设发展相关费用20.24万元。",
          ("rewards_plan", "园区考核奖励金（计划）", "790", "万元", "", "园区考核奖励金790万元"),
          ("costs_plan", "园区建设发展相关费用（计划）", "20.24", "万元", "", "园区建设发展相关费用20.24万元"))),
    # a plan in 元 charged to the appropriation line: 8000000元 + 102400元 = 8102400元 = 810.24万元
    ("plan_in_yuan_on_a_detail_line",
     plan("年初计划安排园区考核奖励金8000000元、园区建设发展相关费用102400元。",
          ("rewards_plan", "园区考核奖励金（计划）", "8000000", "元", "fiscal_appropriation", "园区考核奖励金8000000元"),
          ("costs_plan", "园区建设发展相关费用（计划）", "102400", "元", "fiscal_appropriation", "园区建设发展相关费用102400元"))),
    # a cut from 1100 to 810.24 (73.7%) explained in the budget paragraph
    ("budget_cut_with_a_reason",
     [*initial_budget("1100"),
      (SOURCE, "2022 年支出 810.24万元。", "2022 年支出 810.24万元。因部分项目延至次年实施，全年预算调减为810.24万元。")]),
    # a park's full legal name listed in the vocabulary and used beside its short name
    ("legal_name_beside_the_short_name",
     [("../vocabulary/parks.csv", "hetang,荷塘高新区,alias,",
       "hetang,株洲市荷塘产业开发区,legal,the full name\nhetang,荷塘高新区,alias,"),
      (SOURCE, "荷塘产业开发区钢铁产业链数字化生态平台", "株洲市荷塘产业开发区钢铁产业链数字化生态平台")]),
]  # fmt: skip


@pytest.mark.parametrize(("name", "edits"), LEGITIMATE, ids=[n for n, _ in LEGITIMATE])
def test_legitimate_variations_raise_nothing(clean, rules, name, edits):
    mutate(clean, edits)
    findings = findings_of(clean, rules["national"])
    serious = findings[findings["severity"] != "info"]
    assert serious.empty, serious[["code", "subject", "message_zh"]].to_dict("records")
    assert_actionable(findings, source_of(clean))  # the info findings too
