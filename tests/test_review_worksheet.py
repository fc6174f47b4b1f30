"""The reviewer's working sheet (复核意见表): written by ``parkmetrics audit --xlsx``, read back
with openpyxl — every finding a row, the decision column blank, the summary's totals and its
deviation (自评 − 复核) ÷ 自评 computed by hand, the same bytes every time."""

from __future__ import annotations

import re
import zipfile
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
    by_code = {r["rule"]: r for r in body}
    # review-firm: 未经调查的满意度 row 9 (10 points) → 0: 10 off; 已完成 row 3: 60% of 10 = 6 off
    survey = by_code["review_satisfaction_without_survey (satisfaction_without_survey)"]
    assert (survey["优先级"], survey["级别"], survey["建议扣分"]) == ("P0", "错误", 10)
    assert survey["规则"] == "满意度指标无调查计0分"  # the pack's own title of the rule
    cut = by_code["review_unverifiable_cut (unverifiable_cut)"]
    assert cut["规则"] == "无法核实指标分档扣减"
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
    assert summary["错误（条）"] == int((findings["severity"] == "error").sum())


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
    cell = openpyxl.load_workbook(path)[SHEET]["G2"]  # 复核意见
    # the text as written, a string cell with the quote prefix: never a formula
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("http://x")' and cell.quotePrefix
    with zipfile.ZipFile(path) as z:
        assert "<f>" not in z.read("xl/worksheets/sheet1.xml").decode()


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


CHINESE_COLUMNS = ("优先级", "级别", "复核项", "规则", "单元格", "复核意见", "证据")


def test_the_chinese_columns_hold_no_english(tmp_path, firm):
    # the reviewer hands the sheet on: rules and cells named in Chinese (P0/P1/P2 are the
    # priorities' own names); the ids are in the rule / subject columns beside the English
    rules, findings, assessment = firm
    path = write_worksheet(findings, assessment, rules, tmp_path / "w.xlsx", year=2022)
    rows = list(openpyxl.load_workbook(path)[SHEET].iter_rows(values_only=True))
    body = [dict(zip(HEADINGS, r, strict=True)) for r in rows[1:]]
    for row in body:
        for column in CHINESE_COLUMNS[1:]:
            assert not re.search(r"[A-Za-z]", str(row[column] or "")), (column, row[column])
        assert re.fullmatch(r"P[012]", row["优先级"])
    # the 2022 report's 137 ÷ 130 row: its rule said in words, its id for scripts
    ratio = next(r for r in body if r["subject"] == "indicator-1.2")
    assert ratio["规则"] == "完成率应等于实际完成值÷年度指标值"
    assert ratio["rule"] == "ratio_mismatch"
    assert ratio["复核项"] == "第1项 比率与分子分母不符"
    summary = openpyxl.load_workbook(path)[SUMMARY]
    labels = [label for (label,) in summary.iter_rows(max_col=1, values_only=True)]
    assert not [label for label in labels if re.search(r"[A-Za-z]", label)]


def test_every_finding_code_has_a_rule_title():
    from parkmetrics.review.findings import rule_title

    national = load_rules()
    for code in national.severity:
        zh, en = rule_title(code, national)
        assert zh != "复核规则" and not re.search(r"[A-Za-z]", zh), code
        assert re.search(r"[a-z]", en), code


def test_the_yearly_report_writes_the_worksheet(tmp_path):
    # the yearly run's writer (report.export, called by write_report_files in the notebook):
    # the 2022 sheet under the national rules in the report folder, the same bytes twice, and
    # the runner counts a report without it as incomplete
    from parkmetrics.report.export import WORKSHEET_NAME, YearResults
    from parkmetrics.report.export import write_worksheet as yearly
    from parkmetrics.report.html import missing_files

    year = load_year(2022, DATA)
    rules = load_rules()
    results = YearResults(year, assess(year, rules), audit(year, rules), None, rules)  # type: ignore[arg-type]
    assert WORKSHEET_NAME == "review-worksheet.xlsx"
    assert WORKSHEET_NAME in missing_files(tmp_path)
    a = yearly(results, tmp_path / WORKSHEET_NAME)
    b = yearly(results, tmp_path / "again.xlsx")
    assert a.read_bytes() == b.read_bytes()
    assert WORKSHEET_NAME not in missing_files(tmp_path)
    rows = list(openpyxl.load_workbook(a)[SHEET].iter_rows(values_only=True))
    assert len(rows) == 1 + 14  # every one of the 2022 report's 14 findings
    summary = summary_of(a)
    assert summary["年度"] == 2022 and summary["规则包"] == "national"  # config/rules.yaml
    assert summary["报告"].startswith("2022")


def test_the_workbook_dates_and_zip_times_are_fixed(tmp_path, firm):
    rules, findings, assessment = firm
    path = write_worksheet(findings, assessment, rules, tmp_path / "w.xlsx", year=2022)
    with zipfile.ZipFile(path) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode()
    assert core.count("2000-01-01T00:00:00Z") == 2  # created and modified


def test_no_cell_of_the_corpus_worksheet_is_a_formula(tmp_path):
    # the injection corpus (every label, name and quote carrying =, +, -, @ and tab payloads)
    # through the yearly writer: no cell a formula, a text that starts like one a string cell with
    # the quote prefix (test_same_findings_same_bytes_and_formulas_kept_as_text)
    import injection_corpus as corpus

    from parkmetrics.report import export

    results = export.compute(corpus.YEAR, corpus.build(tmp_path / "corpus"))
    assert not results.findings.empty
    path = export.write_worksheet(results, tmp_path / export.WORKSHEET_NAME)
    workbook = openpyxl.load_workbook(path)
    cells = [c for sheet in workbook for row in sheet.iter_rows() for c in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    starts = ("=", "+", "-", "@")
    risky = [c for c in cells if isinstance(c.value, str) and c.value.startswith(starts)]
    assert all(c.data_type == "s" and c.quotePrefix for c in risky)
    assert len(workbook[SHEET]["A"]) == 1 + len(results.findings)


def test_the_terminal_names_each_findings_rule(capsys):
    # parkmetrics audit: each finding's block says its rule in words, in both languages; a
    # reviewer rule by its pack's title
    cli_main(["audit", "--year", "2022", "--data", str(DATA), "--rules", "review-firm"])
    out = capsys.readouterr().out
    assert out.count("    规则 rule: ") == 14  # one per finding of the 2022 report under the pack
    ratio = "完成率应等于实际完成值÷年度指标值 — a completion rate is actual ÷ target"
    assert f"规则 rule: {ratio}" in out
    assert "规则 rule: 满意度指标无调查计0分 — review_satisfaction_without_survey" in out


def test_a_clean_report_gives_a_sheet_without_findings(tmp_path):
    # the clean copy of 2022 (tests/fixtures/clean2022) has no finding: the sheet is its heading
    # row alone, and the summary says 99.8 reported, 99.8 re-scored, (99.8 − 99.8) ÷ 99.8 = 0
    clean = Path(__file__).resolve().parent / "fixtures" / "clean2022"
    rules = load_rules()
    year = load_year(2022, clean)
    findings = audit(year, rules)
    path = write_worksheet(findings, assess(year, rules), rules, tmp_path / "w.xlsx", year=2022)
    assert len(list(openpyxl.load_workbook(path)[SHEET].iter_rows())) == 1
    summary = summary_of(path)
    assert summary["自评总分"] == pytest.approx(99.8)
    assert summary["复核总分（按所选规则包重算）"] == pytest.approx(99.8)
    assert summary["偏差率（自评 − 复核）÷ 自评"] == 0 and summary["建议扣分合计"] == 0
