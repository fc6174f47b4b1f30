"""Check 1 for rows without metrics: the completion rates the actual cell states, by position.

The expected rates are read off the 2022 report's table (row 1: 新引进、新开工、新竣工 145、130、
110个; actual 177个、137个、145个，分别完成年度任务的122%、102%、126%) and computed by hand:
137 ÷ 130 = 105.4% (reported 102%), 145 ÷ 110 = 131.8% (reported 126%), 177 ÷ 145 = 122.1%
(reported 122%, which agrees at its precision).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from parkmetrics import assess, audit
from parkmetrics.data.dataset import resolve_data_dir
from parkmetrics.ingest.importer import import_report
from parkmetrics.review.completion import part_rate, stated_rates
from parkmetrics.scoring.rules import load_rules

RULES = load_rules()
ROW_1 = (
    "新引进、新开工、新竣工5000万以上产业项目177个、137个、145个，"
    "分别完成年度任务的122%、102%、126%"
)
SOURCE = resolve_data_dir(None) / "2022" / "source" / "zhuzhou-2022-park-fund-self-evaluation.txt"


@pytest.mark.parametrize(
    ("cell", "rates"),
    [
        (ROW_1, ["122%", "102%", "126%"]),
        ("完成率105%", ["105%"]),
        ("占园区总面积30%，完成率98%", ["98%"]),  # a share is not a completion rate
        ("完成年度任务，增长12%", []),  # a growth rate after the words is not one either
        ("完成任务的90%和95%", ["90%", "95%"]),
        ("完成年度任務的95%", ["95%"]),  # Traditional characters say the same
        ("完成率为80%", ["80%"]),
        ("完成了年度任务的95%", ["95%"]),
        ("完成率达到95%", ["达到95%"]),
        ("超额完成20%", []),  # the excess, not a rate
        ("超额完成任务的20%", []),
        ("未完成任务的10%", []),  # the shortfall
        ("完成12%的增长目标", []),
        ("已完成", []),
        (None, []),
    ],
)
def test_the_rates_an_actual_cell_states(cell, rates):
    assert [f.text for f in stated_rates(cell, RULES)] == rates


def test_a_rate_is_given_to_its_part_only_when_the_counts_agree():
    indicator = {"actual": ROW_1}
    assert part_rate(indicator, {"part": 2}, 3, RULES).text == "102%"
    assert part_rate(indicator, {"part": 1}, 2, RULES) is None  # three rates, two parts
    assert part_rate({"actual": "完成率105%"}, {"part": None}, 0, RULES).text == "105%"
    # a bound or an approximation is no exact rate: paired, not compared
    assert part_rate({"actual": "完成率105%以上"}, {"part": None}, 0, RULES) is None
    assert part_rate({"actual": "完成率近95%"}, {"part": None}, 0, RULES) is None


def test_an_imported_report_gets_the_ratio_errors_of_the_curated_one(tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(resolve_data_dir(None) / "vocabulary", data / "vocabulary")
    year_data = import_report(SOURCE, 2022, data).year_data
    assert year_data.indicators["metrics"].isna().all()  # the importer annotates no metrics
    findings = audit(year_data, RULES, assess(year_data, RULES))
    ratios = findings[findings["code"] == "ratio_mismatch"]
    assert sorted(ratios["subject"]) == ["indicator-1.2", "indicator-1.3"]
    said = " ".join(ratios["message_zh"])
    assert "137个÷130个＝105.4%，报告为 102%" in said and "145个÷110个＝131.8%，报告为 126%" in said
