"""Safe outputs: data escaped before it reaches HTML, formulas neutralised in CSV and XLSX, and a
workbook an Excel user reads as it is (Chinese headings and values, percent-formatted ratios).

The injection corpus (tests/injection_corpus.py) puts ``<script>``, ``<svg onload>``,
``](javascript:``, Markdown control characters and spreadsheet formulas into every text field.
"""

from __future__ import annotations

import csv
import datetime as dt
from html.parser import HTMLParser
from pathlib import Path

import injection_corpus as corpus
import openpyxl
import pandas as pd
import pytest

from parkmetrics.report import markup, spreadsheet


class Executable(HTMLParser):
    """Collects what a browser would run: script-like elements, on* handlers, javascript: URLs."""

    DANGEROUS = frozenset({"script", "svg", "iframe", "object", "embed", "math", "img"})

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        data_image = tag == "img" and all(
            (v or "").startswith("data:image/") for k, v in attrs if k == "src"
        )
        if tag in self.DANGEROUS and not data_image:
            self.found.append((tag, str(attrs)))
        for name, value in attrs:
            if name.lower().startswith("on"):
                self.found.append((tag, name))
            if value and value.strip().lower().startswith(("javascript:", "vbscript:")):
                self.found.append((tag, value))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def executable(page: str) -> tuple[list[tuple[str, str]], str]:
    parser = Executable()
    parser.feed(page)
    return parser.found, "".join(parser.text)


# --------------------------------------------------------------------------- escaping


@pytest.mark.parametrize(
    "render",
    [markup.paragraph, markup.heading, lambda t: markup.html_table(pd.DataFrame({t: [t]}))],
)
def test_every_payload_is_shown_as_text_never_run(render):
    page = render(corpus.PAYLOAD)
    found, text = executable(page)
    assert found == []
    assert corpus.SCRIPT in text and corpus.LINK in text  # shown as the characters they are
    assert "$" not in page  # a page with MathJax would typeset $x^2$


def test_links_to_attachments_keep_relative_paths_only():
    page = markup.link_list("附件：", [("x", "javascript:alert(1)"), ("表", "a b/c.csv")])
    found, _text = executable(page)
    assert found == []  # the colon is percent-encoded: a relative path, never a scheme
    assert 'href="a%20b/c.csv"' in page


@pytest.mark.parametrize(
    ("cell", "number"),
    [
        ("105.4%", True),
        ("近600家", True),
        ("145个", True),
        ("10分", True),
        ("约4711.8亿元", True),
        ("145、130、110个", True),
        ("-0.5分", True),
        ("第5行指标", False),
        ("新引进产业项目", False),
        ("F03", False),
        ("实际完成值未给出可与年度指标值比较的数字", False),
    ],
)
def test_number_cells_are_told_from_text(cell, number):
    assert markup.is_number_cell(cell) is number


def test_display_table_aligns_text_left_and_numbers_right():
    table = markup.html_table(
        pd.DataFrame({"项目": ["新开工产业项目", "新竣工"], "实际完成": ["137个", "145个"]})
    )
    assert '<th class="pm-text">项目</th><th class="pm-num">实际完成</th>' in table
    assert '<td class="pm-text">新开工产业项目</td><td class="pm-num">137个</td>' in table


# --------------------------------------------------------------------------- formulas


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+1+1", "'+1+1"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("=", "'="),  # the shipped assessment's direction of 平安园区 (安全事故发生率0%)
        ("1-2", "1-2"),
        ("技工贸总收入", "技工贸总收入"),
        ("", ""),
        (3.5, 3.5),
        (None, None),
    ],
)
def test_formula_cells_are_neutralised(value, written):
    assert spreadsheet.neutralise(value) == written


@pytest.fixture(scope="module")
def corpus_results(tmp_path_factory):
    from parkmetrics.report import export

    data = corpus.build(tmp_path_factory.mktemp("corpus"))
    return export.compute(corpus.YEAR, data)


@pytest.fixture(scope="module")
def corpus_tables(tmp_path_factory, corpus_results):
    from parkmetrics.report import export

    folder = tmp_path_factory.mktemp("tables")
    export.write_tables(corpus_results, folder)
    return folder


def test_no_csv_cell_of_the_corpus_starts_a_formula(corpus_tables):
    checked = 0
    for path in sorted(corpus_tables.glob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as file:
            for row in csv.reader(file):
                for cell in row:
                    checked += 1
                    assert not cell.startswith(spreadsheet.FORMULA_STARTS), (path.name, cell)
    assert checked > 500
    labels = pd.read_csv(corpus_tables / "figures.csv", dtype=str)["label"]
    # the text itself is kept after the apostrophe: nothing lost
    assert labels.str.startswith("'=HYPERLINK(").any() and labels.str.startswith("'@SUM").any()


def test_no_xlsx_cell_of_the_corpus_is_a_formula(corpus_tables, corpus_results):
    workbook = openpyxl.load_workbook(corpus_tables / "report.xlsx")
    cells = [c for sheet in workbook for row in sheet.iter_rows() for c in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    # the text stays as written in the workbook, a string cell with the quote prefix
    spending = corpus_results.year_data.figures["label"].tolist()
    sheet = workbook["指标数据"]
    labels = [c.value for c in sheet["E"][1:]]
    assert labels == spending
    risky = [c for c in sheet["E"][1:] if c.value.startswith(spreadsheet.FORMULA_STARTS)]
    assert {c.value[0] for c in risky} == {"=", "+", "-", "@"}  # the loader strips a tab
    assert all(c.data_type == "s" and c.quotePrefix for c in risky)


# --------------------------------------------------------------------------- the workbook


@pytest.fixture(scope="module")
def workbook_2022(tmp_path_factory):
    from parkmetrics.report import export

    folder = tmp_path_factory.mktemp("xlsx")
    export.write_tables(export.compute(2022, Path(__file__).parents[1] / "data"), folder)
    return folder


def test_each_table_has_its_sheet_with_chinese_headings(workbook_2022):
    workbook = openpyxl.load_workbook(workbook_2022 / "report.xlsx")
    assert workbook.sheetnames == ["指标数据", "评分复核", "复核发现", "推算数据"]
    for sheet in workbook:
        headings = [c.value for c in sheet[1]]
        assert all(any("\u4e00" <= ch <= "\u9fff" for ch in h) for h in headings), headings
        assert sheet.freeze_panes == "A2"  # the heading row stays in view
        widths = [sheet.column_dimensions[c.column_letter].width for c in sheet[1]]
        assert all(w >= spreadsheet.MIN_WIDTH for w in widths)
    findings = workbook["复核发现"]
    assert "说明（英文）" not in [c.value for c in findings[1]]  # English stays in the CSV


def test_workbook_names_parks_and_speaks_chinese(workbook_2022):
    workbook = openpyxl.load_workbook(workbook_2022 / "report.xlsx")
    figures = workbook["指标数据"]
    headings = [c.value for c in figures[1]]
    park, name = headings.index("园区代码"), headings.index("园区名称")
    assert name == park + 1  # the name beside the id
    rows = list(figures.iter_rows(min_row=2, values_only=True))
    assert ("city", "全市") in {(r[park], r[name]) for r in rows}
    assert ("zhuzhou_hitech", "株洲高新区") in {(r[park], r[name]) for r in rows}
    findings = workbook["复核发现"]
    severity = [c.value for c in findings[1]].index("级别")
    levels = {r[severity] for r in findings.iter_rows(min_row=2, values_only=True)}
    assert levels == {"错误", "警告", "提示"}  # the review found 6 errors, 7 warnings, 1 info
    scores = workbook["评分复核"]
    level1 = [c.value for c in scores[1]].index("一级指标")
    assert {r[level1] for r in scores.iter_rows(min_row=2, values_only=True)} >= {"产出指标"}


def test_ratios_are_percent_formatted_numbers(workbook_2022):
    sheet = openpyxl.load_workbook(workbook_2022 / "report.xlsx")["评分复核"]
    headings = [c.value for c in sheet[1]]
    item, ratio = headings.index("项目代码") + 1, headings.index("完成比例") + 1
    rows = {sheet.cell(r, item).value: sheet.cell(r, ratio) for r in range(2, sheet.max_row + 1)}
    started = rows["indicator-1.2"]  # 新开工: 137 of 130 = 1.0538… shown as 105.4%
    assert started.number_format == "0.0%"
    assert started.value == pytest.approx(137 / 130)


def test_large_amounts_are_written_out_not_in_scientific_notation(workbook_2022):
    """技工贸总收入 5329亿元 is 5329 × 10^8 = 532,900,000,000 元 in the canonical column: Excel's
    General format would show 5.329E+11."""
    sheet = openpyxl.load_workbook(workbook_2022 / "report.xlsx")["指标数据"]
    headings = [c.value for c in sheet[1]]
    text, canonical = headings.index("原文数值") + 1, headings.index("换算数值") + 1
    rows = range(2, sheet.max_row + 1)
    cells = {sheet.cell(r, text).value: sheet.cell(r, canonical) for r in rows}
    revenue = cells["5329亿元"]
    assert revenue.value == 532_900_000_000 and revenue.number_format == "#,##0"
    assert cells["137个"].number_format == "General"  # small numbers as they are


def test_workbook_bytes_are_reproducible(tmp_path, workbook_2022):
    from parkmetrics.report import export

    export.write_tables(export.compute(2022, Path(__file__).parents[1] / "data"), tmp_path)
    assert (tmp_path / "report.xlsx").read_bytes() == (workbook_2022 / "report.xlsx").read_bytes()


def test_workbook_dates_are_the_reports_not_the_clock(workbook_2022):
    properties = openpyxl.load_workbook(workbook_2022 / "report.xlsx").properties
    assert properties.created == dt.datetime(2023, 1, 1)  # 1 January after the report year


# --------------------------------------------------------------------------- the terminal


def test_run_summary_names_each_years_folder(tmp_path, monkeypatch, capsys):
    from parkmetrics.run import runner
    from parkmetrics.run.batch import YearResult

    (tmp_path / "2023.FAILED").mkdir()
    results = [YearResult(2022, "ok", seconds=1.0), YearResult(2023, "failed", "cell 3: boom")]
    monkeypatch.setattr(runner, "run_years", lambda *args, **kwargs: results)
    assert runner.run_cli(None, None, tmp_path, 1, False, None) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        f"2022: ok in 1.0s → {tmp_path / '2022'}/",
        f"2023: FAILED — cell 3: boom → {tmp_path / '2023.FAILED'}/",
    ]
