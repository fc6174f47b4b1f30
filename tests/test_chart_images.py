"""Every chart compared with its committed baseline image: the shipped year 2022, and a synthetic
year whose labels run to 300 characters and whose counts come in several units.

The images are drawn with the bundled font only (never a system font), at a fixed size and
DPI, and compared with their baselines as tests/chart_baselines.py says. After an intended
change to a chart,
look at the new images and refresh the baselines with

    PARKMETRICS_REFRESH_BASELINES=1 pytest tests/test_chart_images.py

then review ``git diff --stat tests/baseline_images`` and commit them.
"""

from __future__ import annotations

import shutil
from itertools import pairwise
from pathlib import Path

import pytest
from chart_baselines import BASELINES, assert_matches_baseline, bundled_font, rewrite_csv

from parkmetrics.report import charts
from parkmetrics.report.charts import drawing

ROOT = Path(__file__).parents[1]
LONG = 300  # characters of the longest labels


def long_text(start: str) -> str:
    """``start`` padded to :data:`LONG` characters with a sentence that does not repeat."""
    filler = "其中包括园区基础设施配套、标准厂房建设、公共服务平台运营"
    filler += "与企业服务专员制度的推进落实情况说明"
    text = start
    while len(text) < LONG:
        text += filler
    return text[:LONG]


def long_label_year(folder: Path) -> Path:
    """Synthetic 2024 (tests/fixtures/synthetic) with 300-character labels everywhere."""
    data = folder / "data"
    shutil.copytree(ROOT / "data" / "vocabulary", data / "vocabulary")
    shutil.copytree(ROOT / "tests" / "fixtures" / "synthetic" / "2024", data / "2024")

    def metric(n: int, row: dict) -> None:
        if n % 3 == 0:
            row["label"] = long_text(row["label"])

    def park(_n: int, row: dict) -> None:
        if row["kind"] == "official" and row["park"] != "city":
            row["name"] = long_text(row["name"])[:60]

    def labelled(_n: int, row: dict) -> None:
        row["label"] = long_text(row["label"])

    def indicator(_n: int, row: dict) -> None:
        row["level3"] = long_text(row["level3"])

    rewrite_csv(data / "vocabulary" / "metrics.csv", metric)
    rewrite_csv(data / "vocabulary" / "parks.csv", park)
    rewrite_csv(data / "2024" / "spending.csv", labelled)
    rewrite_csv(data / "2024" / "indicators.csv", indicator)
    return data


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> dict[str, charts.ChartInputs]:
    from parkmetrics.report import export

    shipped = export.compute(2022, ROOT / "data")
    synthetic = export.compute(2024, long_label_year(tmp_path_factory.mktemp("long")))
    return {
        "2022": charts.bundle(
            shipped.year_data, shipped.assessment, shipped.findings, shipped.derived
        ),
        "long-labels": charts.bundle(
            synthetic.year_data, synthetic.assessment, synthetic.findings, synthetic.derived
        ),
    }


@pytest.fixture
def bundled_font_only(monkeypatch):
    with bundled_font(drawing, monkeypatch):
        yield


@pytest.mark.parametrize("case", ["2022", "long-labels"])
@pytest.mark.parametrize("name", list(charts.ALL_CHARTS))
def test_chart_matches_its_baseline(case, name, inputs, bundled_font_only, tmp_path):
    _title, draw = charts.ALL_CHARTS[name]
    assert_matches_baseline(draw(inputs[case]), BASELINES / case / f"{name}.png", tmp_path)


GAP = 4  # px at the figure's 100 dpi (≈ 3 pt): labels side by side must not touch


@pytest.mark.parametrize("case", ["2022", "long-labels"])
@pytest.mark.parametrize("name", list(charts.ALL_CHARTS))
def test_long_labels_never_overlap(name, case, inputs, bundled_font_only):
    """Tick labels of 300 characters are wrapped to at most three lines and never overlap;
    labels side by side under the bars keep a gap."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    _title, draw = charts.ALL_CHARTS[name]
    fig = draw(inputs[case])
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    for ax in (ax for ax in fig.axes if ax.axison):  # an empty panel shows no axis
        labels = [t for t in ax.get_yticklabels() if t.get_text()]
        assert all(t.get_text().count("\n") < drawing.LABEL_LINES for t in labels)
        boxes = sorted((t.get_window_extent(renderer) for t in labels), key=lambda b: b.y0)
        for lower, upper in pairwise(boxes):
            assert lower.y1 <= upper.y0 + 1, (name, ax.get_title())
        ticks = [t for t in ax.get_xticklabels() if t.get_text()]
        spans = sorted((t.get_window_extent(renderer) for t in ticks), key=lambda b: b.x0)
        for left, right in pairwise(spans):
            assert left.x1 + GAP <= right.x0, (name, "x labels touch")
        width = fig.get_window_extent(renderer).x1
        assert all(b.x0 >= -1 and b.x1 <= width + 1 for b in boxes), name  # inside the figure
