"""A chart with nothing to draw this year: its files are written, the briefing and report skip it.

The narrative-only fixture has no 自评表 (no budget block, no indicator rows) and three figures
of the park economy; the shipped 2022 report has something in every chart.
"""

from __future__ import annotations

import docx
from matplotlib.figure import Figure
from test_layouts import YEAR, layout

from parkmetrics import assess, audit, derive, load_year
from parkmetrics.data.dataset import resolve_data_dir
from parkmetrics.report import charts
from parkmetrics.report.export import (
    APPENDIX_NAME,
    BRIEFING_NAME,
    CHARTS_DIR,
    YearResults,
    chart_files,
    chart_image,
    write_report_files,
)


def _results(folder, year):
    data = load_year(year, folder)
    assessment = assess(data)
    return YearResults(data, assessment, audit(data, None, assessment), derive(data), None)


def test_a_panel_that_says_no_data_is_marked_and_one_with_a_message_is_not():
    fig, (empty, said) = charts.drawing.new_figure(6.0, nrows=2)
    charts.drawing.empty_panel(empty)
    assert not charts.has_data(Figure())  # no panel at all: nothing drawn
    assert charts.has_data(fig)  # the second panel draws (nothing yet, but it is not 无数据)
    charts.drawing.empty_panel(said, "空白未填：年度资金总额")  # blank lines are information
    assert charts.has_data(fig)
    only, (alone,) = charts.drawing.new_figure(4.0)
    charts.drawing.empty_panel(alone)
    assert not charts.has_data(only)


def test_a_report_without_a_table_has_no_budget_or_score_chart(tmp_path):
    results = _results(layout("narrative_only", tmp_path), YEAR)
    assert results.year_data.budget.empty and results.year_data.indicators.empty
    files, empty = chart_files(results, tmp_path / "files")
    assert {"budget", "scores"} <= empty
    assert "findings" not in empty  # the review always has something to say of a year
    # every chart's files are still written (the charts folder is complete)
    assert {p.stem for p in files} == set(charts.ALL_CHARTS)


def test_the_briefing_and_the_report_leave_out_the_empty_charts(tmp_path):
    results = _results(layout("narrative_only", tmp_path), YEAR)
    out = tmp_path / "out"
    out.mkdir()
    r = results
    shown = write_report_files(r.year_data, r.assessment, r.findings, r.derived, None, out)
    _files, empty = chart_files(results, tmp_path / "again")
    assert set(shown) == set(charts.ALL_CHARTS) - empty
    assert (out / CHARTS_DIR / "budget.png").exists()
    appendix = docx.Document(str(out / APPENDIX_NAME))
    assert len(appendix.inline_shapes) == len(shown)  # 一、全部图表: the drawn charts only
    said = [p.text for p in appendix.paragraphs if p.text.startswith("本年度无可绘制的数据")]
    assert len(said) == 1 and charts.ALL_CHARTS["budget"][0] in said[0]  # named, not hidden
    briefing = docx.Document(str(out / BRIEFING_NAME))
    assert len(briefing.inline_shapes) <= len(shown)
    # the notebook shows a line where a chart was left out
    note = chart_image(shown.get("budget"))
    assert "本年度无可绘制的数据" in note.data


def test_the_shipped_report_shows_every_chart(tmp_path):
    results = _results(resolve_data_dir(None), 2022)
    _files, empty = chart_files(results, tmp_path)
    assert not empty
