"""The scoring rules: configuration (rules.yaml, load_rules) and each formula of the domain
brief on hand-computed cases. Expected values are worked out from the brief's formulas."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from parkmetrics.errors import DataValidationError
from parkmetrics.scoring.formulas import (
    budget_score,
    combine_parts,
    direction_of,
    indicator_score,
    over_achieved,
    qualitative_band,
    qualitative_score,
    quantitative_fraction,
)
from parkmetrics.scoring.rules import default_rules_path, load_rules

RULES = load_rules()


def write(tmp_path, text: str, name: str = "province.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- the national defaults -------------------------------------------------------------------


def test_defaults_are_the_national_template():
    # 产出 50, 效益 30, 满意度 10, 预算执行率 10 (domain brief, Scoring rules)
    assert RULES.weights == {"output": 50, "benefit": 30, "satisfaction": 10, "budget": 10}
    assert RULES.total_weight == 100
    assert RULES.over_achievement_threshold == 1.3
    assert RULES.over_achievement_cut is None  # no automatic cut unless configured
    assert [(b, RULES.qualitative_bands[b].low, RULES.qualitative_bands[b].high)
            for b in ("achieved", "partial", "not_achieved")] == [
        ("achieved", 0.8, 1.0), ("partial", 0.6, 0.8), ("not_achieved", 0.0, 0.6),
    ]  # fmt: skip


def test_every_setting_has_a_reason_and_a_source():
    import yaml

    settings = yaml.safe_load(default_rules_path().read_text(encoding="utf-8"))
    for key, setting in settings.items():
        assert set(setting) == {"value", "reason", "source"}, key
        assert setting["reason"].strip() and setting["source"].strip(), key


@pytest.mark.parametrize(
    ("total", "grade"),
    [(100, "优"), (90, "优"), (89.9, "良"), (80, "良"), (79.5, "中"), (60, "中"), (59.9, "差"),
     (0, "差")],
)  # fmt: skip
def test_grade_cut_offs(total, grade):
    # 优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差 < 60
    assert RULES.grade(total) == grade


@pytest.mark.parametrize("text", [None, "", "0", "无", "/", "暂无", " 暂 无 ", "　/　"])
def test_texts_that_count_as_no_reason(text):
    assert RULES.is_empty_reason(text)


def test_a_real_reason_counts():
    assert not RULES.is_empty_reason("年初目标偏保守，下年度据实调高")


# --- quantitative formulas ---------------------------------------------------------------------


def test_at_least_met_scores_full_weight():
    # actual 177 ≥ target 145 → full weight
    assert indicator_score(">=", 145, 177, 5, RULES) == 5


def test_at_least_missed_scores_proportionally():
    # 117 of 130: 117 ÷ 130 × 10 = 9.0
    assert indicator_score(">=", 130, 117, 10, RULES) == pytest.approx(9.0)
    # > behaves as ≥
    assert indicator_score(">", 130, 117, 10, RULES) == pytest.approx(9.0)


def test_over_achievement_is_flagged_but_not_cut_by_default():
    # 145 of 110 = 131.8% ≥ 130%: flagged, still full marks
    assert over_achieved(">=", 145 / 110, RULES)
    assert not over_achieved(">=", 137 / 130, RULES)  # 105.4%
    assert indicator_score(">=", 110, 145, 5, RULES) == 5


def test_a_configured_cut_applies_to_over_achievement(tmp_path):
    rules = load_rules(
        write(
            tmp_path,
            "over_achievement_cut:\n  value: 0.9\n  reason: deduct 10%\n  source: a province\n",
        )
    )
    # 145 ÷ 110 ≥ 1.3 → 5 × 0.9 = 4.5; 137 ÷ 130 < 1.3 → untouched
    assert indicator_score(">=", 110, 145, 5, rules) == pytest.approx(4.5)
    assert indicator_score(">=", 130, 137, 5, rules) == 5


@pytest.mark.parametrize(
    ("actual", "score"),
    [
        (80, 10),  # under the ceiling: full
        (90, 10),  # at the ceiling: full
        (99, 9),  # 1 − (99 − 90) ÷ 90 = 0.9 → 9
        (135, 5),  # 1 − 45 ÷ 90 = 0.5 → 5
        (180, 0),  # twice the target: 0
        (200, 0),
    ],
)
def test_at_most_direction(actual, score):
    # ≤ 90万元, weight 10
    assert indicator_score("<=", 90, actual, 10, RULES) == pytest.approx(score)
    assert indicator_score("<", 90, actual, 10, RULES) == pytest.approx(score)


def test_equal_with_target_zero():
    # = 0: actual ≤ 0 → full, anything else → 0
    assert indicator_score("=", 0, 0, 5, RULES) == 5
    assert indicator_score("=", 0, 1, 5, RULES) == 0


def test_equal_with_a_positive_target_behaves_as_at_least():
    # = 8个: 8 → full; 6 → 6 ÷ 8 × 10 = 7.5
    assert indicator_score("=", 8, 8, 10, RULES) == 10
    assert indicator_score("=", 8, 6, 10, RULES) == pytest.approx(7.5)


def test_fraction_never_exceeds_one():
    assert quantitative_fraction(">=", 10, 1000, RULES) == 1.0


def test_direction_without_a_sign():
    assert direction_of(">=", 2, "quality", RULES) == ">="  # 2家及以上
    assert direction_of(None, 100, "timeliness", RULES) == ">="  # default
    assert direction_of(None, 810.24, "cost", RULES) == "<="  # a cost is a ceiling
    assert direction_of(None, 0, "ecological", RULES) == "="  # 安全事故发生率0%


def test_composite_parts_mean_of_capped_fractions():
    # parts at 122%, 90%, 131.8% → min(·, 1) = 1, 0.9, 1 → mean 2.9 ÷ 3
    assert combine_parts([1.0, 0.9, 1.0], RULES) == pytest.approx(2.9 / 3)


# --- budget ---------------------------------------------------------------------------------


def test_budget_fully_executed():
    assert budget_score(810.24, 810.24, 10, RULES) == pytest.approx(10)


def test_budget_below_full_execution():
    # 86% executed: 0.86 × 10 = 8.6 (often reported rounded as 9)
    assert budget_score(100, 86, 10, RULES) == pytest.approx(8.6)


def test_budget_above_full_execution_is_capped():
    assert budget_score(100, 110, 10, RULES) == pytest.approx(10)


# --- qualitative ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "band"),
    [
        ("已完成", "achieved"),
        ("达成预期指标", "achieved"),
        ("部分完成，效果一般", "partial"),
        ("未完成年度任务", "not_achieved"),  # not read as 完成
        ("效果明显", None),  # no band word: cannot be placed
    ],
)
def test_qualitative_bands_from_the_actual(text, band):
    found = qualitative_band(text, RULES)
    assert (found.name if found else None) == band


def test_qualitative_score_stays_within_its_band():
    achieved = RULES.qualitative_bands["achieved"]
    partial = RULES.qualitative_bands["partial"]
    # 达成 → 80–100% of 10: a reported 10 stands, a reported 7 is raised to 8
    assert qualitative_score(achieved, 10, 10, RULES) == 10
    assert qualitative_score(achieved, 7, 10, RULES) == 8
    # 部分达成 → 60–80% of 15: a reported 15 comes down to 12
    assert qualitative_score(partial, 15, 15, RULES) == pytest.approx(12)
    assert qualitative_score(partial, math.nan, 15, RULES) == pytest.approx(12)


# --- another rule set -------------------------------------------------------------------------


def test_a_province_variant_overrides_only_what_it_states(tmp_path):
    path = write(
        tmp_path,
        "grades:\n  value: {优: 80, 良: 70, 中: 60, 差: 0}\n  reason: provincial software\n"
        "  source: 某省财政厅\nover_achievement_threshold:\n  value: 1.2\n"
        "  reason: 120% in the software\n  source: software\n",
    )
    rules = load_rules(path)
    assert rules.grade(85) == "优" and RULES.grade(85) == "良"
    assert over_achieved(">=", 1.25, rules) and not over_achieved(">=", 1.25, RULES)
    assert rules.weights == RULES.weights  # not restated: the national value


def test_a_bad_rules_file_lists_every_problem_with_its_line(tmp_path):
    path = write(
        tmp_path,
        "over_achievement_threshold:\n  value: 0.5\n  reason: a\n  source: b\n"
        "grades:\n  value: {优: 80}\n  reason: a\n  source: b\n"
        "thresold:\n  value: 1\n  reason: typo\n  source: b\n",
    )
    with pytest.raises(DataValidationError) as caught:
        load_rules(path)
    problems = {(p.file, p.line, p.column) for p in caught.value.problems}
    given = str(path)  # the file as the caller named it, not only its base name
    assert problems == {
        (given, 1, "over_achievement_threshold"),  # must be ≥ 1
        (given, 5, "grades"),  # the lowest grade needs cut-off 0
        (given, 9, "thresold"),  # not a setting
    }


def test_a_setting_without_its_reason_is_refused(tmp_path):
    path = write(tmp_path, "score_tolerance:\n  value: 1\n")
    with pytest.raises(DataValidationError) as caught:
        load_rules(path)
    (problem,) = caught.value.problems
    assert (problem.line, problem.column) == (1, "score_tolerance")
    assert "reason" in problem.expected and "source" in problem.expected


def test_a_missing_rules_file_is_an_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        load_rules(tmp_path / "nowhere.yaml")


def test_the_example_variant_in_rules_yaml_loads(tmp_path):
    # The header of config/rules.yaml shows a province's variant; a user copies it as is.
    lines = default_rules_path().read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if "Example variant:" in line) + 2
    example = []
    for line in lines[start:]:
        if line.strip() == "#":
            break
        example.append(line.removeprefix("# "))
    path = tmp_path / "variant.yaml"
    path.write_text("\n".join(example) + "\n", encoding="utf-8")
    rules = load_rules(path)
    # 75 is 良 under the variant's 80/70/60 and 中 under the national 90/80/60.
    assert rules.grade(75) == "良"
    assert load_rules().grade(75) == "中"


def test_rule_packs_are_chosen_by_name():
    from parkmetrics.run.runner import make_jobs
    from parkmetrics.scoring.rules import resolve_rules, rule_packs

    assert {"national", "review-firm", "accept-overachievement"} <= set(rule_packs())
    # the national pack overrides nothing: the same rules as no --rules at all
    national, default = load_rules("national"), load_rules()
    assert national.reviewer == default.reviewer and national.severity == default.severity
    firm = load_rules("review-firm")
    assert firm.rule("satisfaction_without_survey")["priority"] == "P0"
    assert default.rule("satisfaction_without_survey") is None  # off in the national defaults
    assert firm.unscored_items == "zero" and default.unscored_items == "reported"
    assert resolve_rules("review-firm") == rule_packs()["review-firm"]
    data = Path(__file__).resolve().parents[1] / "data"
    job = make_jobs([2022], data, data.parent / "reports", "review-firm")[0]
    assert job.rules_path == rule_packs()["review-firm"].resolve()
