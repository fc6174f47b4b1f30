"""The reviewer's working sheet (复核意见表): written by ``parkmetrics audit --xlsx``, read back
with openpyxl — every finding a row, the decision column blank, the summary's totals and its
deviation (自评 − 复核) ÷ 自评 computed by hand, the same bytes every time."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from parkmetrics.cli import main as cli_main
from parkmetrics.data.dataset import load_year
from parkmetrics.review import audit
from parkmetrics.review.worksheet import COLUMNS, SHEET, SUMMARY, deviation, write_worksheet
from parkmetrics.scoring.assessment import assess
from parkmetrics.scoring.rules import load_rules

DATA = Path(__file__).resolve().parents[1] / "data"
HEADINGS = [h for h, _ in COLUMNS]


@pytest.fixture(scope="module")
def firm():
    rules = load_rules("review-firm")
    year = load_year(2022, DATA)
    return rules, audit(year, rules), assess(year, rules)


def summary_of(path: Path) -> dict:
    sheet = openpyxl.load_workbook(path)[SUMMARY]
    return {label: value for label, value in sheet.iter_rows(values_only=True)}


def test_the_sheet_holds_every_finding_with_a_blank_decision(tmp_path, firm):
    rules, findings, assessment = firm
    path = write_worksheet(findings, assessment, rules, tmp_path / "w.xlsx", year=2022)
    rows = list(openpyxl.load_workbook(path)[SHEET].iter_rows(values_only=True))
    assert list(rows[0]) == HEADINGS
    body = [dict(zip(HEADINGS, r, strict=True)) for r in rows[1:]]
    assert [r["编号"] for r in body] == list(findings["finding"])
    assert all(r["复核结论"] is None for r in body)  # the reviewer's column
    by_code = {r["规则"]: r for r in body}
    # review-firm: 未经调查的满意度 row 9 (10 points) → 0: 10 off; 已完成 row 3: 60% of 10 = 6 off
    survey = by_code["review_satisfaction_without_survey（satisfaction_without_survey）"]
    assert (survey["优先级"], survey["级别"], survey["建议扣分"]) == ("P0", "错误", 10)
    cut = by_code["review_unverifiable_cut（unverifiable_cut）"]
    assert (cut["优先级"], cut["建议扣分"]) == ("P1", 6)
    assert "第3行" in cut["单元格"] and "已完成" in cut["证据"]


def test_the_summary_and_its_deviation(tmp_path, firm):
    rules, findings, assessment = firm
    summary = summary_of(write_worksheet(findings, assessment, rules, tmp_path / "w.xlsx",
                                         year=2022))  # fmt: skip
    # reported 100; re-scored 100 − 10 (row 9) − 6 (row 3) = 84; (100 − 84) ÷ 100 = 0.16
    assert summary["自评总分"] == 100
    assert summary["复核总分（按所选规则包重算）"] == pytest.approx(84)
    assert summary["偏差率（自评 − 复核）÷ 自评"] == pytest.approx(0.16)
    assert summary["规则包"] == "review-firm"
    assert summary["建议扣分合计"] == pytest.approx(16)
    assert summary["错误（error）"] == int((findings["severity"] == "error").sum())


def test_deviation_by_hand():
    assert deviation(100, 84) == pytest.approx(0.16)
    assert deviation(99.8, 89.8) == pytest.approx(10 / 99.8)  # 0.1002…
    assert deviation(0, 10) != deviation(0, 10)  # NaN: no self-assessed total to divide by


def test_same_findings_same_bytes_and_formulas_kept_as_text(tmp_path, firm):
    rules, findings, assessment = firm
    a = write_worksheet(findings, assessment, rules, tmp_path / "a.xlsx", year=2022)
    b = write_worksheet(findings, assessment, rules, tmp_path / "b.xlsx", year=2022)
    assert a.read_bytes() == b.read_bytes()
    tricky = findings.copy()
    tricky.loc[0, "message_zh"] = '=HYPERLINK("http://x")'
    path = write_worksheet(tricky, assessment, rules, tmp_path / "c.xlsx", year=2022)
    cell = openpyxl.load_workbook(path)[SHEET]["H2"]
    assert cell.data_type == "s" and cell.value.startswith("'=")


def test_audit_xlsx_command_national_pack(tmp_path, capsys):
    out = tmp_path / "复核意见表.xlsx"
    code = cli_main(["audit", "--year", "2022", "--data", str(DATA), "--xlsx", str(out)])
    assert code == 1  # the 2022 report has error findings
    assert "复核意见表 written" in capsys.readouterr().out
    rows = list(openpyxl.load_workbook(out)[SHEET].iter_rows(values_only=True))
    assert len(rows) == 1 + 14  # the 14 findings of the 2022 report (README)
    summary = summary_of(out)
    # national rules: reported 100, re-scored 100 (the 20 unscored points at their reported
    # scores), (100 − 100) ÷ 100 = 0
    assert summary["自评总分"] == 100 and summary["复核总分（按所选规则包重算）"] == 100
    assert summary["偏差率（自评 − 复核）÷ 自评"] == 0
