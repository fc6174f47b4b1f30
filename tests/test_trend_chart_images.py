"""Every trends chart compared with its committed baseline image: the invented series
(tests/fixtures/series/invented, 2021–2023), and the same series with 300-character metric
labels and 60-character park names.

Drawn with the bundled font only, at a fixed size and DPI, compared with
``matplotlib.testing.compare.compare_images`` as tests/test_chart_images.py does. After an
intended change, look at the new images and refresh with

    PARKMETRICS_REFRESH_BASELINES=1 pytest tests/test_trend_chart_images.py
"""

from __future__ import annotations

import shutil
from itertools import pairwise
from pathlib import Path

import pytest
from chart_baselines import BASELINES, assert_matches_baseline, bundled_font, rewrite_csv
from matplotlib.text import Text

from parkmetrics.report.charts import drawing
from parkmetrics.report.charts.trends import TREND_CHARTS, TREND_TITLES
from parkmetrics.report.trend_report import chart_labels
from parkmetrics.report.trends import compute_trends, trend_tables

ROOT = Path(__file__).parents[1]
SERIES = "invented"
FILLER = (
    "其中包括园区基础设施配套、标准厂房建设、公共服务平台运营与企业服务专员制度的推进落实情况说明"
)


def _lengthen(path: Path, column: str, length: int, when) -> None:
    def change(_number: int, row: dict[str, str]) -> None:
        if when(row):
            row[column] = (row[column] + FILLER * 10)[:length]

    rewrite_csv(path, change)


def _series(folder: Path, long: bool) -> dict:
    data = folder / "data"
    shutil.copytree(ROOT / "data" / "vocabulary", data / "vocabulary")
    shutil.copytree(ROOT / "tests" / "fixtures" / "series" / SERIES, data / SERIES)
    if long:
        _lengthen(data / "vocabulary" / "metrics.csv", "label", 300, lambda r: True)
        _lengthen(
            data / "vocabulary" / "parks.csv", "name", 60,
            lambda r: r["kind"] == "official" and r["park"] != "city",
        )  # fmt: skip
    results = compute_trends(SERIES, None, None, data)
    return {"tables": trend_tables(results), "span": results.span, "labels": chart_labels(results)}


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> dict[str, dict]:
    return {
        "invented": _series(tmp_path_factory.mktemp("invented"), long=False),
        "long-labels": _series(tmp_path_factory.mktemp("long"), long=True),
    }


@pytest.fixture
def bundled_font_only(monkeypatch):
    with bundled_font(drawing, monkeypatch):
        yield


def draw(name: str, case: dict):
    args = (case["labels"],) if name in ("growth", "parks") else ()
    return TREND_CHARTS[name](case["tables"], case["span"], *args)


@pytest.mark.parametrize("case", ["invented", "long-labels"])
@pytest.mark.parametrize("name", list(TREND_CHARTS))
def test_trend_chart_matches_its_baseline(case, name, inputs, bundled_font_only, tmp_path):
    fig = draw(name, inputs[case])
    # every title names the year range and the chart
    assert fig.get_suptitle() == f"2021–2023年 {TREND_TITLES[name]}"
    assert_matches_baseline(fig, BASELINES / "trends" / case / f"{name}.png", tmp_path)


@pytest.mark.parametrize("name", list(TREND_CHARTS))
def test_long_labels_stay_inside_and_apart(name, inputs, bundled_font_only):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = draw(name, inputs["long-labels"])
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    width = fig.get_window_extent(renderer).x1
    for ax in (ax for ax in fig.axes if ax.axison):
        labels = [t for t in ax.get_yticklabels() if t.get_text()]
        assert all(t.get_text().count("\n") < drawing.LABEL_LINES for t in labels)
        boxes = sorted((t.get_window_extent(renderer) for t in labels), key=lambda b: b.y0)
        for lower, upper in pairwise(boxes):
            assert lower.y1 <= upper.y0 + 1, name
        assert all(b.x0 >= -1 and b.x1 <= width + 1 for b in boxes), name
    # no text at all (panel titles of 300 characters included) runs off the figure's sides
    for text in fig.findobj(Text):
        if text.get_visible() and text.get_text().strip():
            box = text.get_window_extent(renderer)
            assert box.x0 >= -1 and box.x1 <= width + 1, (name, text.get_text()[:20])


def test_two_figures_of_one_park_are_listed_not_summed(tmp_path, bundled_font_only):
    """渌口经开区 sets up two funds in 2022 (雨花融城创投基金1亿元, 高分子新材料基金10亿元): the
    park comparison draws no bar for either alone and never 11亿元, and labels both as written; a
    growth the 2024 report does not give (上交税金) is marked 本年未报告, not drawn as 0."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    for year in (2023, 2024):
        shutil.copytree(ROOT / "tests" / "fixtures" / "synthetic" / str(year), data / str(year))
    results = compute_trends(None, None, None, data)
    tables = trend_tables(results)
    fig = TREND_CHARTS["parks"](tables, results.span, chart_labels(results))
    [ax] = [a for a in fig.axes if a.axison]
    texts = [t.get_text() for t in ax.texts]
    assert "10亿元、1亿元" in texts and "2.5亿元" in texts
    widths = sorted(round(p.get_width(), 6) for p in ax.patches)
    assert widths == [0.0, 2.5]  # 亿元: 株洲高新区 2.5, 渌口经开区 no bar (not 11)
    growth = TREND_CHARTS["growth"](tables, results.span, chart_labels(results))
    ticks = [t.get_text() for a in growth.axes for t in a.get_xticklabels()]
    assert "2024年\n本年未报告" in ticks and "2022年\n无上年数值" in ticks
