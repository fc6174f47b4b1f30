"""The Word briefing: content from the data, Chinese fonts everywhere, same inputs → same bytes.

Small hand-built inputs follow docs/architecture.md (YearData, Assessment, findings); their
figures are quoted from the 2022 report. The last tests run the real 2022 data end to end.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import zipfile
from pathlib import Path
from types import SimpleNamespace

import docx
import matplotlib
import pandas as pd
import pytest
from docx.oxml.ns import qn

import parkmetrics

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from parkmetrics.report.briefing import TEMPLATE_PATH, write_briefing

NAN = float("nan")
DOCUMENT = "zhuzhou-2022-park-fund-self-evaluation.txt"
REPORT = (
    "2022年，全市园区规工增加值增长10.4%，技工贸总收入5329亿元，增长13.1%。"
    "截止目前，全市园区科技创新平台已近600家。"
    "株洲经开区已注册备案基金21支，总规模110.66亿元。"
    "荷塘产业开发区钢铁产业链数字化生态平台已上线运营，供应链金融业务累计超70亿元规模。"
)
QUOTE = "技工贸总收入5329亿元，增长13.1%；上交税金175.6亿元，增长12.2%"  # holds a ；
TITLE = "2022 年度市经济信息产业发展专项资金绩效自评报告—园区建设专项"
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


FIGURE_COLUMNS = ["park", "metric", "label", "value_text", "source_quote"]
# Listed out of report order (the headline must follow the report); a park's figure and a fund
# figure are not city-wide headline figures.
FIGURES = [
    ("city", "innovation_platforms", "科技创新平台", "近600家", "全市园区科技创新平台已近600家"),
    ("city", "total_revenue_growth", "技工贸总收入增长", "13.1%", "5329亿元，增长13.1%"),
    ("city", "total_revenue", "技工贸总收入", "5329亿元", "技工贸总收入5329亿元，增长13.1%"),
    ("city", "industrial_value_added_growth", "规工增加值增长", "10.4%",
     "全市园区规工增加值增长10.4%"),
    ("zhuzhou_econ_dev", "registered_funds", "已注册备案基金", "21支",
     "株洲经开区已注册备案基金21支"),
    ("city", "supply_chain_finance_volume", "供应链金融业务", "累计超70亿元",
     "供应链金融业务累计超70亿元规模"),
]  # fmt: skip
METRICS = [  # metric, theme, growth_of
    ("industrial_value_added", "economy", None),
    ("industrial_value_added_growth", "economy", "industrial_value_added"),
    ("total_revenue", "economy", None),
    ("total_revenue_growth", "economy", "total_revenue"),
    ("innovation_platforms", "platforms", None),
    ("registered_funds", "funds", None),
    ("supply_chain_finance_volume", "funds", None),
]
ITEM_COLUMNS = [
    "item", "kind", "part", "label", "target_text", "actual_text",
    "weight", "reported_score", "recomputed_score",
]  # fmt: skip
# Values chosen by hand: a composite target in parts, an unscorable qualitative row.
ITEMS = [
    ("budget", "budget", NAN, "预算执行率", "100%", "100%", 10.0, 10.0, 10.0),
    ("indicator-1", "indicator", NAN, "新引进、新开工、新竣工5000万以上产业项目个数。",
     "145、130、110个", "177个、137个、145个", 15.0, 15.0, 15.0),
    ("indicator-1.1", "part", 1, "新引进产业项目", "145个", "177个", 5.0, NAN, 5.0),
    ("indicator-2", "indicator", NAN, "创建“五好”园区", "争创2家及以上先进园区",
     "醴陵经开区获评“全省先进园区”", 15.0, 15.0, NAN),
    ("indicator-5", "indicator", NAN, "全市园区技工贸总收入增长10%", "10%", "9.5%",
     10.0, 10.0, 9.5),
]  # fmt: skip
FINDINGS = [  # finding, code, severity, message_zh, evidence_text — deliberately unsorted
    ("F03", "all_full_marks", "info", "所有指标均为满分", "总分：100"),
    ("F01", "ratio_mismatch", "error", "完成率与数据不符", "新引进：177个\n年度任务：145个"),
    ("F02", "value_conflict", "warning", "技工贸总收入增长两处不一", "13.1%；10.4%"),
]


@pytest.fixture
def year_data(tmp_path: Path) -> SimpleNamespace:
    data = tmp_path / "data"
    (data / "2022" / "source").mkdir(parents=True)
    (data / "vocabulary").mkdir()
    (data / "2022" / "source" / DOCUMENT).write_text(REPORT, encoding="utf-8")
    (data / "2022" / "budget.csv").write_text("line,full_year\ntotal,810.24\n", encoding="utf-8")
    (data / "vocabulary" / "metrics.csv").write_text("metric\ntotal_revenue\n", encoding="utf-8")
    figures = pd.DataFrame(FIGURES, columns=FIGURE_COLUMNS).assign(year=2022, document=DOCUMENT)
    metrics = pd.DataFrame(METRICS, columns=["metric", "theme", "growth_of"]).assign(
        completion_of=None
    )
    budget = pd.DataFrame(
        [["total", "年度资金总额", 810.24, 810.24, 810.24, 10.0, "100%", 100.0, 10.0]],
        columns=["line", "label", "initial", "full_year", "executed", "weight", "rate_text",
                 "rate", "score"],
    )  # fmt: skip
    return SimpleNamespace(
        year=2022,
        data_dir=data,
        header={
            "title": TITLE,
            "project_name": "经济信息产业发展——园区发展专项",
            "city": "株洲",
            "document": DOCUMENT,
        },
        goals={"expected": None, "actual": None},
        figures=figures,
        budget=budget,
        budget_unit="万元",  # the block's unit, as YearData.budget_unit gives it
        # the shipped vocabulary's name of the city row: 全市
        vocabulary=SimpleNamespace(metrics=metrics, park_name={"city": "全市"}.__getitem__),
        sources={DOCUMENT: data / "2022" / "source" / DOCUMENT},
        source_texts={DOCUMENT: (data / "2022" / "source" / DOCUMENT).read_text(encoding="utf-8")},
    )


@pytest.fixture
def assessment() -> SimpleNamespace:
    totals = {
        "weight_total": 50.0,
        "reported_total": 50.0,
        "recomputed_total": 34.5,
        "reported_grade": "优",
        "recomputed_grade": "差",
        "unscored_weight": 15.0,
    }
    return SimpleNamespace(items=pd.DataFrame(ITEMS, columns=ITEM_COLUMNS), totals=totals)


@pytest.fixture
def findings() -> pd.DataFrame:
    frame = pd.DataFrame(
        FINDINGS, columns=["finding", "code", "severity", "message_zh", "evidence_text"]
    )
    # F02 carries structured evidence (read in preference to evidence_text); the others do not
    evidence = [
        (),
        (),
        (
            {"what": "叙述", "value_text": "13.1%", "source_quote": QUOTE},
            {"what": "自评表·第5行实际完成值", "value_text": "10.4%", "source_quote": "10.4%"},
            {"what": "自评表·第5行偏差原因", "value_text": None, "source_quote": None},
        ),
    ]
    return frame.assign(check=1, subject="x", message_en="", evidence=evidence)


@pytest.fixture
def charts(tmp_path: Path) -> list[tuple[str, Path]]:
    paths = []
    for name in ("fixture_a", "fixture_b"):  # not chart names of parkmetrics.report.charts
        fig, ax = plt.subplots(figsize=(2, 1))
        ax.bar([0, 1], [1, 2])
        path = tmp_path / f"{name}.png"
        fig.savefig(path, dpi=40, metadata={"Software": None})
        plt.close(fig)
        paths.append(path)
    return [("预算执行情况", paths[0]), ("主要经济指标增长", paths[1])]


@pytest.fixture
def written(tmp_path, year_data, assessment, findings, charts) -> docx.document.Document:
    path = write_briefing(year_data, assessment, findings, None, charts, tmp_path / "b.docx")
    return docx.Document(str(path))


@pytest.fixture
def appendix(written, tmp_path) -> docx.document.Document:
    """The appendix written beside the 简报 of ``written`` (appendix: document, the default)."""
    return docx.Document(str(tmp_path / "b-appendix.docx"))


def texts(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def by_style(document, style: str) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == style]


def test_title_date_and_headings(written, appendix):
    # the project as the report's own title names it (园区建设专项), not the table's 项目名称
    # (园区发展专项): TITLE less "2022 年度" in front and "绩效自评报告"
    assert by_style(written, "Title") == [
        "2022年度市经济信息产业发展专项资金—园区建设专项绩效自评简报"
    ]
    # the date comes from the data (the report year), never from the clock
    assert by_style(written, "Subtitle") == ["（2022年度）"]
    headings = by_style(written, "Heading 1")
    assert headings == [
        "一、绩效指标评分复核",
        "二、主要图表",
        "三、主要复核发现（共3条）",
        "四、资料来源",
    ]
    assert by_style(appendix, "Title") == [
        "2022年度市经济信息产业发展专项资金—园区建设专项绩效自评简报附件"
    ]
    headings = by_style(appendix, "Heading 1")
    assert headings[:3] == ["一、全部图表", "二、绩效指标评分复核（详表）", "三、复核发现（共3条）"]
    assert headings[-1].endswith("资料来源与数据版本")


def test_headline_quotes_figures_with_qualifiers_in_report_order(written):
    headline = texts(written)[2]
    assert headline == (
        "2022年项目全年预算810.24万元，执行810.24万元，执行率100%。"
        "2022年，全市园区规工增加值增长10.4%，技工贸总收入5329亿元，增长13.1%，科技创新平台近600家。"
        "项目自评得分50分（优），按评分规则复算得分34.5分（差），其中15分的指标无法按规则复算。"
        "复核发现3条，其中错误1条、警告1条、提示1条。"
    )


def test_one_picture_per_chart_with_numbered_captions(written, appendix, charts):
    pictures = written.inline_shapes
    assert len(pictures) == len(charts)  # charts not of ALL_CHARTS: the caller's, all shown
    assert all(abs(p.width.cm - 15) < 0.01 for p in pictures)
    assert by_style(written, "Caption")[1:] == ["图1　预算执行情况", "图2　主要经济指标增长"]
    assert len(appendix.inline_shapes) == len(charts)
    assert by_style(appendix, "Caption")[:2] == ["附图1　预算执行情况", "附图2　主要经济指标增长"]


def test_captions_stay_on_their_figures_page(written):
    """图 captions sit below their figure: the figure paragraph keeps with the next one (the
    caption), the caption does not (GB/T 9704 practice), checked in the document XML."""
    body = list(written.element.body.iterchildren(qn("w:p")))
    figures = [p for p in body if p.find(f".//{qn('w:drawing')}") is not None]
    assert len(figures) == 2
    for figure in figures:
        ppr = figure.find(qn("w:pPr"))
        assert ppr.find(qn("w:keepNext")) is not None
        assert ppr.find(qn("w:keepNext")).get(qn("w:val"), "1") in ("1", "true", "on")
        caption = figure.getnext()
        assert caption.find(qn("w:pPr")).find(qn("w:pStyle")).get(qn("w:val")) == "Caption"
        keep = caption.find(qn("w:pPr")).find(qn("w:keepNext"))
        assert keep is not None and keep.get(qn("w:val")) in ("0", "false", "off")


def test_short_score_table_shows_the_indicators(written):
    (table,) = written.tables
    cells = [[c.text for c in row.cells] for row in table.rows]
    assert cells[0] == ["指标", "分值", "自评得分", "复算得分", "差额"]
    assert cells[1] == ["预算执行率", "10", "10", "10", "0"]
    assert cells[2][1:] == ["15", "15", "15", "0"]  # the composite row; its parts are not listed
    assert cells[3] == ["创建“五好”园区", "15", "15", "—", "—"]  # not recomputable
    assert cells[4][1:] == ["10", "10", "9.5", "-0.5"]  # 9.5 − 10
    assert cells[5] == ["合计", "50", "50", "34.5", "-15.5"]  # 34.5 − 50
    assert cells[6] == ["等级", "", "优", "差", ""]


def test_score_table_shows_the_assessment(appendix):
    (table,) = appendix.tables
    cells = [[c.text for c in row.cells] for row in table.rows]
    assert cells[0] == ["指标", "年度指标值", "实际完成值", "分值", "自评得分", "复算得分"]
    assert cells[1] == ["预算执行率", "100%", "100%", "10", "10", "10"]
    assert cells[2][3:] == ["15", "15", "15"]
    assert cells[3] == ["　（1）新引进产业项目", "145个", "177个", "5", "—", "5"]
    assert cells[4][0] == "创建“五好”园区" and cells[4][5] == "—"  # not recomputable
    assert cells[5][3:] == ["10", "10", "9.5"]
    assert cells[6] == ["合计", "", "", "50", "50", "34.5"]
    assert cells[7][0] == "等级" and cells[7][4:] == ["优", "差"]


def test_top_findings_with_one_line_of_evidence(written):
    body = texts(written)
    starts = [i for i, t in enumerate(body) if re.match(r"^F0\d【", t)]
    assert [body[i][:3] for i in starts] == ["F01", "F02", "F03"]
    assert body[starts[0] + 1] == "依据：新引进：177个；年度任务：145个"
    # structured evidence: values only (quotes are in the appendix), one line
    assert (
        body[starts[1] + 1]
        == "依据：叙述：13.1%；自评表·第5行实际完成值：10.4%；自评表·第5行偏差原因：（空）"
    )


def test_at_most_the_configured_findings_in_the_briefing(tmp_path, year_data, assessment, findings):
    settings = tmp_path / "briefing.yaml"
    settings.write_text(
        "headline_figures:\n  economy: {value: 1, reason: one}\n"
        "top_findings: {value: 1, reason: only the worst}\n",
        encoding="utf-8",
    )
    path = write_briefing(
        year_data, assessment, findings, None, [], tmp_path / "b.docx", settings_path=settings
    )
    body = texts(docx.Document(str(path)))
    assert [t[:3] for t in body if re.match(r"^F0\d【", t)] == ["F01"]  # the error only
    assert "三、主要复核发现（共3条，列出最重要的1条）" in body
    appendix = texts(docx.Document(str(tmp_path / "b-appendix.docx")))
    assert [t[:3] for t in appendix if re.match(r"^F0\d【", t)] == ["F01", "F02", "F03"]


def test_appendix_as_a_section_or_not_at_all(tmp_path, year_data, assessment, findings, charts):
    for choice, expected in (("section", True), ("none", False)):
        settings = tmp_path / f"{choice}.yaml"
        settings.write_text(
            "headline_figures:\n  economy: {value: 1, reason: one}\n"
            f"appendix: {{value: {choice}, reason: test}}\n",
            encoding="utf-8",
        )
        out = tmp_path / choice / "briefing.docx"
        write_briefing(year_data, assessment, findings, None, charts, out, settings_path=settings)
        headings = by_style(docx.Document(str(out)), "Heading 1")
        assert ("附件" in headings) is expected
        assert not (out.parent / "briefing-appendix.docx").exists()


def test_findings_most_severe_first_with_evidence(appendix):
    body = texts(appendix)
    starts = [i for i, t in enumerate(body) if re.match(r"^F0\d【", t)]
    assert [body[i] for i in starts] == [
        "F01【错误】完成率与数据不符",
        "F02【警告】技工贸总收入增长两处不一",
        "F03【提示】所有指标均为满分",
    ]
    assert body[starts[0] + 1 : starts[0] + 3] == ["依据1：新引进：177个", "依据2：年度任务：145个"]
    assert body[starts[1] + 1 : starts[1] + 4] == [
        f"依据1：叙述：13.1%「{QUOTE}」",
        "依据2：自评表·第5行实际完成值：10.4%",  # a quote that is the value itself is not repeated
        "依据3：自评表·第5行偏差原因：（空）",
    ]
    assert body[starts[2] + 1] == "依据：总分：100"


def test_sources_note_names_report_data_version_and_software(written, appendix):
    line = " ".join(by_style(written, "Evidence"))
    assert f"资料来源：《{TITLE}》；数据版本 SHA-256 " in line
    assert "见附件（briefing-appendix.docx）" in line
    note = " ".join(by_style(appendix, "Evidence"))
    assert f"报告原文：《{TITLE}》（{DOCUMENT}）。" in note
    assert re.search(
        r"SHA-256 [0-9a-f]{12}（2个数据文件：2022/budget.csv、vocabulary/metrics.csv）", note
    )
    assert f"parkmetrics {parkmetrics.__version__}" in note  # the software version that wrote it


def east_asian_font(run, document) -> str | None:
    """The w:eastAsia font of a run: its own, else its paragraph style chain, else defaults."""
    fonts = run._r.rPr.rFonts if run._r.rPr is not None else None
    if fonts is not None and fonts.get(qn("w:eastAsia")):
        return fonts.get(qn("w:eastAsia"))
    style = run._parent.style
    while style is not None:
        rpr = style.element.rPr
        if rpr is not None and rpr.rFonts is not None and rpr.rFonts.get(qn("w:eastAsia")):
            return rpr.rFonts.get(qn("w:eastAsia"))
        style = style.base_style
    return None


def all_paragraphs(document):
    yield from document.paragraphs
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs


def test_every_chinese_run_has_an_east_asian_font(written):
    chinese_runs = [run for p in all_paragraphs(written) for run in p.runs if CJK.search(run.text)]
    assert len(chinese_runs) > 30
    missing = [run.text for run in chinese_runs if not east_asian_font(run, written)]
    assert missing == []
    # headings are 黑体 and body text 仿宋 (GB/T 9704)
    heading_run = next(p for p in written.paragraphs if p.style.name == "Heading 1").runs[0]
    assert east_asian_font(heading_run, written) == "黑体"
    assert east_asian_font(written.paragraphs[2].runs[0], written) == "仿宋_GB2312"


def test_page_and_language_follow_the_chinese_template(written):
    section = written.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(m.mm) for m in margins] == [37, 35, 28, 26]
    body = written.styles["Normal"].font
    assert body.size.pt == 16
    language = written.settings.element.find(qn("w:themeFontLang"))
    assert language.get(qn("w:eastAsia")) == "zh-CN"


def test_template_declares_chinese_not_japanese():
    with zipfile.ZipFile(TEMPLATE_PATH) as template:
        settings = template.read("word/settings.xml").decode()
        styles = template.read("word/styles.xml").decode()
    assert 'w:eastAsia="zh-CN"' in settings and "ja-JP" not in settings
    assert "eastAsiaTheme" not in styles  # theme fonts would override the explicit Chinese fonts


def test_fixed_core_properties(written):
    properties = written.core_properties
    assert properties.author == "parkmetrics"
    assert properties.revision == 1
    # no date given: 1 January after the report year 2022 (a self-evaluation is written early in
    # the following year), never the clock
    assert properties.created == properties.modified == dt.datetime(2023, 1, 1, tzinfo=dt.UTC)


def test_two_writes_give_identical_bytes(tmp_path, year_data, assessment, findings, charts):
    first = write_briefing(year_data, assessment, findings, None, charts, tmp_path / "1.docx")
    second = write_briefing(year_data, assessment, findings, None, charts, tmp_path / "2.docx")
    with zipfile.ZipFile(first) as a, zipfile.ZipFile(second) as b:
        assert a.read("word/document.xml") == b.read("word/document.xml")
        assert {i.date_time for i in a.infolist()} == {(2023, 1, 1, 0, 0, 0)}
    assert first.read_bytes() == second.read_bytes()


def test_given_date_is_printed_and_stamped(tmp_path, year_data, assessment, findings, charts):
    path = write_briefing(
        year_data,
        assessment,
        findings,
        None,
        charts,
        tmp_path / "b.docx",
        date=dt.date(2023, 3, 15),
    )
    document = docx.Document(str(path))
    assert by_style(document, "Subtitle") == ["（2023年3月15日）"]
    assert document.core_properties.created == dt.datetime(2023, 3, 15, tzinfo=dt.UTC)


def test_write_replaces_atomically_and_leaves_no_temporary_file(
    tmp_path, year_data, assessment, findings, charts
):
    out = tmp_path / "reports" / "2022" / "briefing.docx"
    out.parent.mkdir(parents=True)
    out.write_bytes(b"old")
    write_briefing(year_data, assessment, findings, None, charts, out)
    assert zipfile.is_zipfile(io.BytesIO(out.read_bytes()))
    assert sorted(p.name for p in out.parent.iterdir()) == [
        "briefing-appendix.docx",
        "briefing.docx",
    ]
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask  # readable like any report, not private


# --- the real 2022 data ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def year_2022():
    from parkmetrics.data.dataset import load_year

    return load_year(2022)


@pytest.fixture(scope="module")
def assessment_2022(year_2022):
    # a plain import: a broken assessment module must fail these tests, not skip them
    from parkmetrics.scoring.assessment import assess

    return assess(year_2022)


def test_2022_headline_states_the_reports_figures_as_written(year_2022, assessment_2022):
    from parkmetrics.report.briefing.headline import headline

    text = headline(year_2022, assessment_2022, pd.DataFrame(columns=["severity"]))
    # each piece is quoted from the report; the qualifier 近 must survive
    assert text.startswith("2022年项目全年预算810.24万元，执行810.24万元，执行率100%。")
    assert "科技创新平台近600家" in text and "平台600家" not in text
    assert "技工贸总收入5329亿元，增长13.1%" in text
    assert "规工增加值增长10.4%" in text
    assert "新引进5000万以上产业项目177个（完成年度任务的122%）" in text
    assert "全市园区全市园区" not in text


def test_2022_score_table_equals_the_assessment(tmp_path, year_2022, assessment_2022):
    findings = pd.DataFrame(columns=["finding", "severity", "message_zh", "evidence_text"])
    write_briefing(year_2022, assessment_2022, findings, None, [], tmp_path / "b.docx")
    (table,) = docx.Document(str(tmp_path / "b-appendix.docx")).tables
    items = assessment_2022.items
    body = [[c.text for c in row.cells] for row in table.rows][1 : 1 + len(items)]
    # as written, except a part of a list (145 of 145、130、110个), which takes the list's unit
    expected = [
        (t or "") + (u if kind == "part" and (t or "").isdigit() else "")
        for t, u, kind in zip(
            items["target_text"], items["target_unit"], items["kind"], strict=True
        )
    ]
    assert [row[1] for row in body] == expected
    assert [row[2] for row in body] == [t or "" for t in items["actual_text"]]
    # the table's own numbers: indicator 1 (row 2 of the report table) has weight and score 15
    first = body[items.index[items["item"] == "indicator-1"][0]]
    assert first[3:5] == ["15", "15"]
    for row, value in zip(body, items["recomputed_score"], strict=True):
        assert row[5] == ("—" if pd.isna(value) else f"{value:g}")


def test_bare_chart_paths_keep_their_order_and_are_titled_by_name(
    tmp_path, year_data, assessment, findings, charts
):
    from parkmetrics.report.briefing import chart_entries

    paths = [path for _title, path in charts]
    entries = chart_entries(paths)
    assert [path for _title, path in entries] == paths  # names unknown to ALL_CHARTS: kept order
    assert all(title for title, _path in entries)
    out = write_briefing(year_data, assessment, findings, None, paths, tmp_path / "b.docx")
    assert len(docx.Document(str(out)).inline_shapes) == 2


def test_pdf_is_skipped_with_a_message_without_libreoffice(tmp_path, monkeypatch, capsys):
    from parkmetrics.report.briefing import pdf as briefing

    monkeypatch.setattr(briefing.shutil, "which", lambda name: None)
    assert briefing.convert_to_pdf(tmp_path / "briefing.docx") is None
    assert "LibreOffice" in capsys.readouterr().err


def test_briefing_command_writes_the_2022_briefing(tmp_path, capsys):
    from parkmetrics.cli import main
    from parkmetrics.report import charts
    from parkmetrics.report.briefing.settings import load_briefing_settings

    assert main(["briefing", "--year", "2022", "--out", str(tmp_path)]) == 0
    path = tmp_path / "2022" / "briefing.docx"
    assert capsys.readouterr().out.strip() == str(path)
    files = sorted(p.name for p in (tmp_path / "2022").iterdir())
    assert files == ["briefing-appendix.docx", "briefing.docx"]  # no charts left
    document = docx.Document(str(path))
    main = load_briefing_settings().main_charts
    assert len(document.inline_shapes) == len(main)
    expected = [f"图{n}　{charts.ALL_CHARTS[name][0]}" for n, name in enumerate(main, start=1)]
    assert by_style(document, "Caption")[1:] == expected  # after 表1's caption
    assert any("近600家" in t for t in texts(document))
    appendix = docx.Document(str(tmp_path / "2022" / "briefing-appendix.docx"))
    assert len(appendix.inline_shapes) == len(charts.ALL_CHARTS)
    titles = [title for title, _draw in charts.ALL_CHARTS.values()]
    expected = [f"附图{n}　{title}" for n, title in enumerate(titles, start=1)]
    assert by_style(appendix, "Caption")[: len(titles)] == expected


def test_shipped_template_is_what_the_script_builds(tmp_path):
    import importlib.util

    script = Path(__file__).parents[1] / "tools" / "make_briefing_template.py"
    spec = importlib.util.spec_from_file_location("make_briefing_template", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    built = module.build_template(tmp_path / "template.docx")

    def entries(path):  # compared uncompressed: deflate bytes may differ between zlib builds
        with zipfile.ZipFile(path) as archive:
            return [(i.filename, i.date_time, archive.read(i)) for i in archive.infolist()]

    assert entries(built) == entries(TEMPLATE_PATH)


# --- what the headline quotes, and the rules named (configuration) ---------------------------


def test_headline_quotes_at_most_the_configured_figures_per_theme(year_data):
    from parkmetrics.report.briefing.headline import headline_phrases

    # in report order the first economy figure is 规工增加值增长10.4%; a theme at 0 is not quoted
    assert headline_phrases(year_data, {"economy": 1}) == ["规工增加值增长10.4%"]
    assert headline_phrases(year_data, {"platforms": 1, "funds": 0}) == ["科技创新平台近600家"]


def test_shipped_headline_settings_name_vocabulary_themes_with_reasons():
    from parkmetrics.report.briefing.settings import load_briefing_settings

    settings = load_briefing_settings()
    metrics = pd.read_csv(Path(__file__).parents[1] / "data" / "vocabulary" / "metrics.csv")
    # a misspelt theme would silently quote nothing
    assert set(settings.headline_figures) <= set(metrics["theme"])
    assert all(len(settings.reasons[theme]) > 20 for theme in settings.headline_figures)


def test_bad_headline_settings_list_every_problem(tmp_path):
    from parkmetrics.errors import DataValidationError
    from parkmetrics.report.briefing.settings import load_briefing_settings

    path = tmp_path / "briefing.yaml"
    path.write_text(
        "headline_figures:\n"  # line 1
        "  economy:\n"
        "    value: -1\n"
        "    reason: too many\n"
        "  projects:\n"  # line 5
        "    value: 3\n"
        "headline: 5\n",  # line 7
        encoding="utf-8",
    )
    with pytest.raises(DataValidationError) as caught:
        load_briefing_settings(path)
    problems = {(p.file, p.line, p.column, p.value) for p in caught.value.problems}
    assert problems == {
        ("briefing.yaml", 7, "headline", None),
        ("briefing.yaml", 2, "headline_figures.economy", "-1"),
        ("briefing.yaml", 5, "headline_figures.projects", None),
    }


def test_sources_note_names_the_rules_the_run_used(
    tmp_path, year_data, assessment, findings, charts
):
    import hashlib

    from parkmetrics.report.export import YearResults
    from parkmetrics.report.export import write_briefing as export_briefing
    from parkmetrics.scoring.rules import load_rules

    variant = tmp_path / "province.yaml"
    variant.write_text(
        "grades:\n  value: {优: 80, 良: 70, 中: 60, 差: 0}\n  reason: provincial cut-offs\n"
        "  source: 某省财政厅评价软件\n",
        encoding="utf-8",
    )
    digest = hashlib.sha256(variant.read_bytes()).hexdigest()[:12]
    results = YearResults(year_data, assessment, findings, None, load_rules(variant))
    export_briefing(results, [], tmp_path / "province.docx")
    note = " ".join(by_style(docx.Document(str(tmp_path / "province-appendix.docx")), "Evidence"))
    assert f"评分规则：province.yaml（SHA-256 {digest}，覆盖默认规则 config/rules.yaml）" in note
    assert str(tmp_path) not in note  # no folder of this machine in the document

    default = YearResults(year_data, assessment, findings, None, load_rules())
    export_briefing(default, [], tmp_path / "national.docx")
    note = " ".join(by_style(docx.Document(str(tmp_path / "national-appendix.docx")), "Evidence"))
    assert "评分规则：config/rules.yaml（默认）。" in note


def test_malformed_headline_settings_name_the_line(tmp_path):
    from parkmetrics.errors import DataValidationError
    from parkmetrics.report.briefing.settings import load_briefing_settings

    path = tmp_path / "briefing.yaml"
    path.write_text("headline_figures:\n  economy: {value: 5\n", encoding="utf-8")
    with pytest.raises(DataValidationError) as caught:
        load_briefing_settings(path)
    (problem,) = caught.value.problems
    assert (problem.file, problem.line) == ("briefing.yaml", 3)  # the mapping is never closed
    assert "well-formed YAML" in problem.expected
