"""The assessment's rules, inferences and reasons said in Chinese for the workbook and briefing.

Each input below is a sentence as the scoring layer writes it; each expected text is written by
hand. The corpus test runs every layout fixture and the shipped report through the national
rules, the review-firm pack and the alternative text/approximate settings, and asserts no
English sentence reaches a Chinese column.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from parkmetrics import assess, load_year
from parkmetrics.data.dataset import resolve_data_dir
from parkmetrics.report.export import assessment_table
from parkmetrics.report.narrative import inferred_label, reason_label, rule_label
from parkmetrics.report.narrative.rule_text import untranslated
from parkmetrics.report.spreadsheet import display_table
from parkmetrics.scoring.rules import load_rules

LAYOUTS = Path(__file__).parent / "fixtures" / "layouts"


@pytest.mark.parametrize(
    ("rule", "said"),
    [
        (">= at_least", "≥型指标：完成值达到指标值得满分，否则按完成值÷指标值×分值"),
        ("= equal", "＝型指标：按达到指标值计分；指标值为0时完成值不大于0得满分，否则0分"),
        ("composite min_capped_ratio of 2 parts",
         "组合指标（2个分项）：各分项完成比例（以100%为限）的最小值×分值"),
        ("budget: min(全年执行数 ÷ 全年预算数, 1) × weight (amounts summed from the lines)",
         "预算执行率：min(全年执行数÷全年预算数, 1)×分值（金额由各资金行相加）"),
        (">= at_least (approximate actual 近600家 taken as a bound)"
         " (actual: number of parks named)",
         "≥型指标：完成值达到指标值得满分，否则按完成值÷指标值×分值（约数完成值近600家按界值计）"
         "（完成值按列出的园区个数计）"),
        (">= target, text actual: qualitative band partial",
         "≥型指标、完成值为文字：按定性档次「部分达成」计分"),
        ("qualitative band achieved (80%–100%), clamp_reported",
         "定性指标，档次「达成年度指标」（分值的80%–100%），自评得分在档内则保留，否则取最近的档限"),
        ("qualitative", "定性指标"),
    ],
)  # fmt: skip
def test_scoring_rules_are_said_in_chinese(rule, said):
    assert rule_label(rule) == said


def test_a_reviewer_rule_is_named_by_its_pack_title():
    rule = "review_duplicate_indicator: 100% cut (repeats row 3)"
    titles = {"duplicate_indicator": "同一指标重复计分只计一次"}
    assert rule_label(rule, titles) == (
        "复核规则「同一指标重复计分只计一次」：自评得分扣减100%（与第3行重复）"
    )
    # without the pack, the rule's own name stays (nothing is dropped)
    assert "duplicate_indicator" in rule_label(rule)


def test_an_unknown_rule_is_shown_as_written():
    assert rule_label("a rule of a later version") == "a rule of a later version"
    assert rule_label(None) == "" and rule_label("") == ""


@pytest.mark.parametrize(
    ("reason", "said"),
    [
        ("target, weight not in the source (unknown)", "年度指标值、分值不在来源中（未知）"),
        ("the actual states no figure in 个 to compare with the target 145个",
         "实际完成值未给出以个计、可与年度指标值145个比较的数字"),
        ("approximate actual: 近10% (approx) does not prove the target >= 10%",
         "完成值近10%带限定词（约数），不能证明达到年度指标值≥10%"),
        ("part(s) 1, 3 cannot be recomputed", "第1、3分项无法复算"),
        ("分值 of the budget line is blank: no weight to score by", "资金行的分值为空，无分值可计"),
        ("something new", "未能按评分规则复算（something new）"),  # shown, never dropped
        ("the actual states no figure in 1 to compare with the target 18",
         "实际完成值未给出可与年度指标值18比较的数字"),  # canonical unit 1: no unit
    ],
)  # fmt: skip
def test_reasons_are_said_in_chinese(reason, said):
    assert reason_label(reason) == said


def test_inferences_are_said_in_chinese_each_of_them():
    inferred = (
        "target read as ≥15宗地 (指标性质 | 指标值 | 度量单位 columns); "
        "actual 18 read as 18宗地: unit inferred from 度量单位"
    )
    assert inferred_label(inferred) == (
        "年度指标值由指标性质、指标值、度量单位三栏合成：≥15宗地；实际完成值18读作18宗地（单位取自度量单位栏）"
    )
    listed = "3 parts: the target's list 145个、130个、110个 (no metrics annotated)"
    assert inferred_label(listed) == (
        "年度指标值列出3项（145个、130个、110个），逐项计分（未标注指标）"
    )
    note = (
        "总额 line all zero: 全年预算数 and 全年执行数 summed from its lines"
        " (当年财政拨款、上年结转资金)"
    )
    assert inferred_label(note) == (
        "年度资金总额行全为0：全年预算数、全年执行数由各资金行（当年财政拨款、上年结转资金）相加"
    )


# an English word (Chinese characters around it or not); min( of the budget formula is allowed
ENGLISH = re.compile(r"(?!min\()[A-Za-z_]{3,}")
RULE_FILES = {
    "national": None,
    "review-firm": "review-firm",
    "alternatives": "text_actual_of_quantitative_target:\n  value: qualitative_band\n  reason: a\n"
    "  source: b\napproximate_actual:\n  value: as_bound\n  reason: a\n  source: b\n",
}


def _folders(tmp_path: Path) -> list[tuple[Path, int]]:
    found = [(resolve_data_dir(None), 2022)]
    for fixture in sorted(p for p in LAYOUTS.iterdir() if p.is_dir()):
        target = tmp_path / fixture.name
        own = fixture / "vocabulary"
        shutil.copytree(own if own.is_dir() else resolve_data_dir(None) / "vocabulary",
                        target / "vocabulary")  # fmt: skip
        for year_dir in fixture.iterdir():
            if year_dir.name.isdigit():
                shutil.copytree(year_dir, target / year_dir.name)
                found.append((target, int(year_dir.name)))
    return found


@pytest.mark.slow
@pytest.mark.parametrize("pack", sorted(RULE_FILES))
def test_no_english_sentence_reaches_the_workbook(tmp_path, pack):
    spec = RULE_FILES[pack]
    if spec is not None and "\n" in spec:
        (tmp_path / "rules.yaml").write_text(spec, encoding="utf-8")
        spec = str(tmp_path / "rules.yaml")
    rules = load_rules(spec)
    seen = 0
    for folder, year in _folders(tmp_path):
        data = load_year(year, folder)
        frame = assessment_table(assess(data, rules))
        for raw in frame.itertuples():
            # every sentence the assessment wrote has its Chinese pattern
            assert not untranslated(raw.rule, raw.inferred, raw.not_recomputed_reason), folder
        shown = display_table("assessment", frame, data.vocabulary, rules)
        for column in ("rule", "inferred", "not_recomputed_reason"):
            for value in shown[column].dropna():
                seen += bool(value)
                assert not ENGLISH.search(str(value)), (folder.name, column, value)
    assert seen > 30  # the corpus says many rules, inferences and reasons


def test_the_workbook_keeps_the_csv_codes():
    data = load_year(2022, resolve_data_dir(None))
    rules = load_rules()
    frame = assessment_table(assess(data, rules))
    # the CSV (for code) keeps the English rule and qualifier codes; the workbook translates
    assert ">= at_least" in set(frame["rule"]) and "exact" in set(frame["target_qualifier"])
    shown = display_table("assessment", frame, data.vocabulary, rules)
    shown_qualifiers = set(shown["target_qualifier"])
    assert "exact" not in shown_qualifiers and "精确" in shown_qualifiers
