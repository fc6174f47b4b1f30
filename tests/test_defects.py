"""Content defects are findings, not load errors (issue "Any real self-evaluation", item 2).

Each case writes one defect into a clean copy of the 2022 report (tests/fixtures/clean2022,
which audits without any finding), then checks both halves of the line drawn in
docs/architecture.md: ``load_year`` loads the cell as written (typed, with its text) and
``audit`` reports it. The malformed counterpart (a non-finite amount) is refused at load.
Expected numbers are worked out by hand beside each case.
"""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pytest

from parkmetrics import DataValidationError, audit, load_year

CLEAN = Path(__file__).resolve().parent / "fixtures" / "clean2022"
SOURCE = "source/zhuzhou-2022-park-fund-self-evaluation.txt"
TOTAL_LINE = "total,年度资金总额,万元,810.24,810.24,810.24,10,100%,100,10"
FISCAL_LINE = "fiscal_appropriation,其中：当年财政拨款,万元,810.24,810.24,810.24,10,100%,100,10"
CARRYOVER_LINE = "carryover,上年结转资金,万元,,,,,,,"


@pytest.fixture
def clean(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(CLEAN, target, ignore=shutil.ignore_patterns("README.md"))
    return target


def edit(folder: Path, file: str, old: str, new: str) -> None:
    """Replace ``old`` (which must occur exactly once) in ``2022/<file>``."""
    path = folder / "2022" / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, (file, old, text.count(old))
    path.write_text(text.replace(old, new), encoding="utf-8")


def errors_and_warnings(findings) -> set[tuple[str, str]]:
    kept = findings[findings["severity"].isin(["error", "warning"])]
    return set(zip(kept["code"], kept["subject"], strict=True))


def test_the_clean_copy_has_no_finding(clean):
    assert audit(load_year(2022, clean)).empty


def test_a_negative_amount_loads_and_is_a_finding(clean):
    # 上年结转资金 年初预算数 written -5: loaded as -5.0; the lines then make
    # 810.24 + (-5) = 805.24 against the total's 810.24, a second (consequent) finding
    edit(clean, "budget.csv", CARRYOVER_LINE, "carryover,上年结转资金,万元,-5,,,,,,")
    data = load_year(2022, clean)
    assert data.budget.set_index("line").loc["carryover", "initial"] == -5.0
    findings = audit(data)
    assert errors_and_warnings(findings) == {
        ("negative_amount", "budget-carryover"),
        ("sum_mismatch", "budget-initial"),
    }
    negative = findings[findings["code"] == "negative_amount"].iloc[0]
    assert "上年结转资金" in negative["message_zh"] and "-5" in negative["message_zh"]


def test_budget_lines_not_adding_up_load_and_are_a_finding(clean):
    # 其中：当年财政拨款 年初预算数 written 800: 800 + (blank) + (blank) = 800 ≠ 810.24
    edit(clean, "budget.csv", FISCAL_LINE, FISCAL_LINE.replace("万元,810.24,", "万元,800,", 1))
    data = load_year(2022, clean)
    assert data.budget.set_index("line").loc["fiscal_appropriation", "initial"] == 800.0
    findings = audit(data)
    sums = findings[findings["code"] == "sum_mismatch"]
    assert sums["subject"].tolist() == ["budget-initial"]
    assert "800" in sums.iloc[0]["message_zh"] and "810.24" in sums.iloc[0]["message_zh"]


def test_a_score_above_its_weight_loads_and_is_a_finding(clean):
    # the budget line's 得分 11 with 分值 10
    edit(clean, "budget.csv", TOTAL_LINE, TOTAL_LINE.removesuffix(",10") + ",11")
    data = load_year(2022, clean)
    assert data.budget.set_index("line").loc["total", "score"] == 11.0
    above = audit(data).query("code == 'score_above_weight'")
    assert above["subject"].tolist() == ["budget-total"]
    assert "11" in above.iloc[0]["message_zh"] and "10" in above.iloc[0]["message_zh"]


def test_a_negative_score_loads_and_is_a_finding(clean):
    # row 3 (考核, 分值 10) scored -2
    old = "完成率100%（4次考核均已完成）,10,10,"
    edit(clean, "indicators.csv", old, "完成率100%（4次考核均已完成）,10,-2,")
    data = load_year(2022, clean)
    assert data.indicators.set_index("row").loc[3, "score"] == -2.0
    negative = audit(data).query("code == 'negative_score'")
    assert negative["subject"].tolist() == ["indicator-3"]
    assert "-2" in negative.iloc[0]["message_zh"]


def test_a_header_number_written_in_words_loads_and_is_a_finding(clean):
    # the 总分 row's 分值 written 一百 in the table (source and header.csv alike)
    edit(clean, SOURCE, "总分\n\t100\n", "总分\n\t一百\n")
    edit(clean, "header.csv", 'total_weight,100,"总分\n\t100"', 'total_weight,一百,"总分\n\t一百"')
    edit(clean, "header.csv", '"总分\n\t100\n\t　99.8"', '"总分\n\t一百\n\t　99.8"')
    data = load_year(2022, clean)
    assert data.header["total_weight"] == "一百"  # the text as written, not a number
    words = audit(data).query("code == 'header_not_a_number'")
    assert words["subject"].tolist() == ["total_weight"]
    assert "一百" in words.iloc[0]["message_zh"]


def test_weights_not_adding_up_load_and_are_a_finding(clean):
    # row 3's 分值 written 15: 10 (budget) + 15+15+15+10 + 10+10+5+5 + 10 = 105 ≠ 100
    old = "完成率100%（4次考核均已完成）,10,10,"
    edit(clean, "indicators.csv", old, "完成率100%（4次考核均已完成）,15,10,")
    data = load_year(2022, clean)
    assert data.indicators.set_index("row").loc[3, "weight"] == 15.0
    total = audit(data).query("code == 'weights_total'")
    assert len(total) == 1 and "105" in total.iloc[0]["message_zh"]


@pytest.mark.parametrize("value", ["1e309", "-inf"])
def test_a_non_finite_amount_is_malformed_not_a_defect(clean, value):
    # no number can hold it: the loader refuses it, naming the cell (docs/architecture.md)
    edit(clean, "budget.csv", CARRYOVER_LINE, f"carryover,上年结转资金,万元,{value},,,,,,")
    with pytest.raises(DataValidationError) as caught:
        load_year(2022, clean)
    (problem,) = caught.value.problems
    # header line 1, total 2, fiscal 3, carryover 4
    assert (problem.file, problem.line, problem.column, problem.value) == (
        "2022/budget.csv",
        4,
        "initial",
        value,
    )
    assert not math.isfinite(float(value))
