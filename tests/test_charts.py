"""Charts: every function returns a 15 cm Figure with Chinese labels from the data, qualified
figures drawn as such, and the same bytes when saved twice.

Small hand-built inputs follow docs/architecture.md and use a made-up year (2031) with its own
labels, so nothing in a chart can be typed for 2022; the 2022 tests check the real report's
figures against values computed by hand from the source text. pytest's configuration makes a
missing glyph an error, so drawing a chart is also the test that its Chinese rendered.
"""

from __future__ import annotations

from types import SimpleNamespace

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

from parkmetrics.data.dataset import load_year
from parkmetrics.data.vocabulary import Vocabulary
from parkmetrics.report import charts, fonts
from parkmetrics.review import audit
from parkmetrics.scoring.assessment import assess
from parkmetrics.scoring.derived import derive

MAX_WIDTH_CM = 15.6

FIGURE_COLUMNS = [
    "year", "park", "metric", "label", "value_text", "value", "unit", "canonical_value",
    "canonical_unit", "qualifier", "comparison", "document", "source_quote", "note",
]  # fmt: skip
ITEM_COLUMNS = [
    "item", "kind", "row", "part", "level1", "level2", "label", "target_text", "target_value",
    "target_unit", "direction", "actual_text", "actual_value", "actual_unit", "ratio", "weight",
    "reported_score", "recomputed_score", "not_recomputed_reason", "difference", "rule",
    "reason_required", "reason_present",
]  # fmt: skip


@pytest.fixture(autouse=True)
def _restore_rc():
    with mpl.rc_context():
        yield


def render(fig: Figure) -> Figure:
    """Draw with Agg: this is where a missing glyph would warn (an error under pytest)."""
    FigureCanvasAgg(fig).draw()
    return fig


def texts(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.findobj(Text) if t.get_text()]


def bars(ax) -> list:
    return list(ax.patches)


def width_cm(fig: Figure) -> float:
    return fig.get_size_inches()[0] * 2.54


# ---------------------------------------------------------------------------------------------
# a small made-up year


def vocabulary() -> Vocabulary:
    metrics = pd.DataFrame(
        [
            ["output_value", "园区产值", "元", "economy", None, None],
            ["output_value_growth", "园区产值增长", "%", "economy", "output_value", None],
            ["export_growth", "出口额增长", "%", "economy", "export_value", None],
            ["export_value", "出口额", "元", "economy", None, None],
            ["boundary", "园区规划面积", "平方米", "planning", None, None],
            ["land_reserve", "储备用地", "平方米", "land", None, None],
            ["firms", "入园企业", "个", "planning", None, None],
            ["signed", "签约项目", "个", "projects", None, None],
            ["built", "建成项目", "个", "projects", None, None],
            ["signed_rate", "签约项目完成率", "%", "projects", None, "signed"],
            ["built_rate", "建成项目完成率", "%", "projects", None, "built"],
            ["fund_size", "基金规模", "元", "funds", None, None],
            ["fund_count", "基金数", "个", "funds", None, None],
        ],
        columns=["metric", "label", "canonical_unit", "theme", "growth_of", "completion_of"],
    ).assign(meaning="test")
    parks = pd.DataFrame(
        [["city", "全市", "official", None], ["east", "东城园", "official", None]],
        columns=["park", "name", "kind", "note"],
    )
    levels = pd.DataFrame(
        [
            [1, "output", "产出指标", None, 50, ""],
            [2, "quantity", "数量指标", "output", None, ""],
            [2, "timeliness", "时效指标", "output", None, ""],
        ],
        columns=["level", "id", "label", "parent", "default_weight", "meaning"],
    )
    header = pd.DataFrame(columns=["field", "label", "required", "meaning"])
    return Vocabulary(metrics=metrics, parks=parks, levels=levels, header_fields=header)


def figure_row(park, metric, label, text, value, unit_, canonical, canonical_unit, qualifier):
    return [2031, park, metric, label, text, value, unit_, canonical, canonical_unit, qualifier,
            None, "doc.txt", f"……{text}……", None]  # fmt: skip


FIGURES = [
    figure_row("city", "output_value", "产值", "300亿元", 300, "亿元", 3e10, "元", "exact"),
    figure_row("city", "output_value_growth", "产值增长", "7.5%", 7.5, "%", 7.5, "%", "exact"),
    figure_row("east", "export_growth", "出口增长", "超8%", 8, "%", 8, "%", "over"),
    figure_row("city", "boundary", "规划面积", "2000公顷", 2000, "公顷", 2e7, "平方米", "exact"),
    figure_row("city", "land_reserve", "储备用地", "近3000亩", 3000, "亩", 2e6, "平方米", "approx"),
    figure_row("city", "firms", "入园企业", "800多家", 800, "家", 800, "个", "more_than"),
    figure_row("city", "signed", "签约项目", "12个", 12, "个", 12, "个", "exact"),
    figure_row("city", "built", "建成项目", "9个", 9, "个", 9, "个", "exact"),
    figure_row("city", "signed_rate", "签约项目完成率", "125%", 125, "%", 125, "%", "exact"),
    figure_row("city", "built_rate", "建成项目完成率", "90%", 90, "%", 90, "%", "exact"),
    figure_row("east", "fund_size", "产业基金", "5亿元", 5, "亿元", 5e8, "元", "exact"),
    figure_row(
        "city", "fund_size", "引导基金", "累计超20亿元", 20, "亿元", 2e9, "元", "cumulative+over"
    ),
    figure_row("east", "fund_count", "基金", "3支", 3, "支", 3, "个", "exact"),
]

BUDGET = pd.DataFrame(
    [
        [2031, "total", "资金合计", 100.0, 120.0, 96.0, 10.0, "80%", 80.0, 8.0],
        [2031, "fiscal_appropriation", "财政拨款", 100.0, 100.0, 90.0, 10.0, "90%", 90.0, 9.0],
        [2031, "carryover", "结转资金", np.nan, np.nan, np.nan, np.nan, None, np.nan, np.nan],
    ],
    columns=["year", "line", "label", "initial", "full_year", "executed", "weight",
             "rate_text", "rate", "score"],
)  # fmt: skip

SPENDING = pd.DataFrame(
    [
        [2031, "rewards", "考核奖金", 90.0, "万元", "doc.txt", "考核奖金90万元"],
        [2031, "services", "咨询服务", 60000.0, "元", "doc.txt", "咨询服务60000元"],
    ],
    columns=["year", "item", "label", "amount", "unit", "document", "source_quote"],
)

INDICATORS = pd.DataFrame(
    [
        [2031, 1, "output", "产出指标", "quantity", "数量指标", "签约、建成项目个数", "10、10个",
         "12个、9个", 20.0, 20.0, None, "signed;built"],
        [2031, 2, "output", "产出指标", "timeliness", "时效指标", "按时考核", "完成率100%",
         "已完成", 10.0, 10.0, None, None],
    ],
    columns=["year", "row", "level1", "level1_label", "level2", "level2_label", "level3",
             "target", "actual", "weight", "score", "deviation_reason", "metrics"],
)  # fmt: skip


def item(**values):
    return {column: values.get(column) for column in ITEM_COLUMNS}


ITEMS = pd.DataFrame(
    [
        item(item="budget", kind="budget", label="资金合计", weight=10.0, reported_score=8.0,
             recomputed_score=8.0),
        item(item="indicator-1", kind="indicator", row=1, level1="output", level2="quantity",
             label="签约、建成项目个数", weight=20.0, reported_score=20.0, recomputed_score=19.0),
        item(item="indicator-1.1", kind="part", row=1, part=1, level1="output",
             level2="quantity", label="签约项目", target_value=10.0, target_unit="个",
             actual_value=12.0, actual_unit="个", weight=10.0, recomputed_score=10.0),
        item(item="indicator-1.2", kind="part", row=1, part=2, level1="output",
             level2="quantity", label="建成项目", target_value=10.0, target_unit="个",
             actual_value=9.0, actual_unit="个", weight=10.0, recomputed_score=9.0),
        item(item="indicator-2", kind="indicator", row=2, level1="output", level2="timeliness",
             label="按时考核", weight=10.0, reported_score=10.0, recomputed_score=np.nan),
    ],
    columns=ITEM_COLUMNS,
)  # fmt: skip

DERIVED = pd.DataFrame(
    [[2030, 2031, "city", "output_value", "园区产值（上年，由增长率推算）", 279.07, "亿元",
      2.7907e10, "元", "approx", True, "300亿元 ÷ (1 + 7.5%)", (), "", "……300亿元……"]],
    columns=["year", "report_year", "park", "metric", "label", "value", "unit",
             "canonical_value", "canonical_unit", "qualifier", "derived", "method", "inputs",
             "inputs_text", "source_quote"],
)  # fmt: skip

FINDINGS = pd.DataFrame(
    [
        ["F01", "ratio_mismatch", 1, "error", "indicator-1"],
        ["F02", "ratio_mismatch", 1, "error", "indicator-1"],
        ["F03", "all_full_marks", 7, "warning", "indicators"],
        ["F04", "rounding", 10, "info", "budget"],
        ["F05", "rounding", 10, "warning", "budget"],
    ],
    columns=["finding", "code", "check", "severity", "subject"],
).assign(message_zh="…", message_en="…", evidence=[()] * 5, evidence_text="")


@pytest.fixture
def year_data() -> SimpleNamespace:
    return SimpleNamespace(
        year=2031,
        figures=pd.DataFrame(FIGURES, columns=FIGURE_COLUMNS),
        budget=BUDGET.copy(),
        spending=SPENDING.copy(),
        indicators=INDICATORS.copy(),
        vocabulary=vocabulary(),
    )


@pytest.fixture
def assessment() -> SimpleNamespace:
    totals = {"reported_total": 38.0, "recomputed_total": 37.0, "unscored_weight": 10.0}
    return SimpleNamespace(items=ITEMS.copy(), totals=totals)


# ---------------------------------------------------------------------------------------------
# the charts on the made-up year


def test_budget_chart_draws_filled_lines_and_spending_in_wan_yuan(year_data):
    fig = render(charts.budget_chart(year_data))
    top, bottom = fig.axes
    # two lines with values × three columns; the blank carryover line is named, not drawn
    assert len(bars(top)) == 6
    assert sorted(round(b.get_height(), 6) for b in bars(top)) == [90, 96, 100, 100, 100, 120]
    # 60000元 is 6万元; 90万元 stays 90
    assert sorted(b.get_width() for b in bars(bottom)) == pytest.approx([6.0, 90.0])
    shown = texts(fig)
    assert "2031年 预算执行与支出构成" in shown
    assert any("资金合计" in t and "执行率80%" in t for t in shown)
    assert any("结转资金" in t for t in shown)
    assert "咨询服务" in shown and "考核奖金" in shown
    assert "万元" in shown


def test_growth_chart_marks_qualified_rates_and_shows_derived_bases(year_data):
    fig = render(charts.growth_chart(year_data, DERIVED))
    rates, levels = fig.axes
    growth_bars = bars(rates)
    assert len(growth_bars) == 2
    # first in vocabulary order on top: 园区产值增长 7.5% exact, then 东城园 出口额增长 超8%
    labels = [t.get_text() for t in rates.get_yticklabels()]
    assert labels == ["园区产值增长", "东城园：出口额增长"]
    exact, over = sorted(growth_bars, key=lambda b: -b.get_y())
    assert exact.get_width() == 7.5 and not exact.get_hatch()
    assert over.get_width() == 8 and over.get_hatch()
    assert [t.get_text() for t in rates.texts] == ["7.5%", "超8%"]  # never a bare "8"
    # this year's level and the derived base: 300亿元 and 279.07亿元, in 亿元
    assert sorted(b.get_width() for b in bars(levels)) == pytest.approx([279.07, 300.0])
    assert "2030年（由增长率推算）" in texts(fig)
    assert levels.get_xlabel() == "亿元"


def test_growth_chart_without_derived_has_one_panel(year_data):
    fig = render(charts.growth_chart(year_data))
    assert len(fig.axes) == 1


def test_pipeline_chart_targets_actuals_and_both_completion_rates(year_data, assessment):
    fig = render(charts.pipeline_chart(year_data, assessment))
    counts, rates = fig.axes
    assert [b.get_height() for b in bars(counts)] == [10, 10, 12, 9]
    # reported 125%, 90%; recomputed 12 ÷ 10 = 120%, 9 ÷ 10 = 90%
    assert [b.get_height() for b in bars(rates)] == pytest.approx([125, 90, 120, 90])
    assert [t.get_text() for t in counts.get_xticklabels()] == ["签约项目", "建成项目"]
    assert {"125%", "120.0%", "年度指标值", "实际完成值"} <= set(texts(fig))


def marks(ax) -> list[list[tuple[float, float]]]:
    """The points drawn by each scatter series: reported scores, then recomputed ones (an
    item that cannot be recomputed has no recomputed point)."""
    offsets = [
        np.ma.compress_rows(np.ma.masked_invalid(c.get_offsets())) for c in ax.collections[1:]
    ]
    return [[tuple(p) for p in points] for points in offsets]


def test_scores_chart_reported_against_recomputed_per_item(year_data, assessment):
    fig = render(charts.scores_chart(assessment, year_data.vocabulary, 2031))
    (ax,) = fig.axes
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[-1] == "预算执行率"  # first item on top; parts excluded
    assert labels[0] == "时效指标：按时考核"
    reported, recomputed = marks(ax)
    # items bottom-up: 按时考核 10 (not recomputed), 签约、建成 20 → 19, 预算执行率 8 → 8
    assert reported == [(10, 0), (20, 1), (8, 2)]
    assert recomputed == [(19, 1), (8, 2)]
    shown = texts(fig)
    assert "未能复算" in shown and "复算-1分" in shown  # 19 − 20
    title = fig.get_suptitle().replace("\n", "")  # wrapped to the figure's width
    assert title.startswith("2031年") and "自评总分38分，复算总分37分" in title
    assert "自评满分2项（共3项）；复算2项，1项与自评不同" in title  # the budget line has 8 of 10
    assert ax.get_xlabel() == "得分（分）"


def test_scores_chart_says_all_full_marks_plainly(year_data, assessment):
    items = assessment.items.assign(reported_score=assessment.items["weight"])
    items = items.assign(recomputed_score=items["weight"])
    full = SimpleNamespace(items=items, totals={})
    fig = render(charts.scores_chart(full, year_data.vocabulary, 2031))
    title = fig.get_suptitle().replace("\n", "")
    assert "全部3项自评满分；按规则复算3项，也都是满分" in title


def test_land_chart_converts_to_mu_and_keeps_qualified_text(year_data):
    fig = render(charts.land_chart(year_data))
    (ax,) = fig.axes
    boundary, reserve = sorted(bars(ax), key=lambda b: -b.get_y())
    assert boundary.get_width() == pytest.approx(2000 * 15)  # 1 公顷 = 15 亩
    assert reserve.get_width() == pytest.approx(3000)
    assert reserve.get_hatch() and not boundary.get_hatch()
    shown = texts(fig)
    assert "30,000亩（2000公顷）" in shown
    assert "近3000亩" in shown and "3000亩" not in shown
    assert ax.get_xlabel() == "面积（亩）"


def test_findings_chart_counts_by_check_and_severity():
    fig = render(charts.findings_chart(FINDINGS, year=2031))
    assert fig.get_suptitle().startswith("2031年")
    (ax,) = fig.axes
    widths = {(round(b.get_y() + b.get_height() / 2), b.get_x()): b.get_width() for b in bars(ax)}
    # y positions top-down: check 1 at y=2, check 7 at 1, check 10 at 0 (stacked by severity)
    assert widths[(2, 0.0)] == 2  # check 1: two errors
    assert widths[(1, 0.0)] == 1  # check 7: one warning
    assert widths[(0, 0.0)] == 1 and widths[(0, 1.0)] == 1  # check 10: warning then info
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[-1].startswith("复核第1项")
    assert any(t.startswith("共5条") for t in texts(fig))
    # the longest bar (2 findings) ends short of the frame: 2 × 1.05 = 2.1
    assert ax.get_xlim() == pytest.approx((0, 2.1))


def test_counts_chart_gives_each_unit_its_own_axis(year_data):
    fig = render(charts.counts_chart(year_data))
    firms_ax, funds_ax = fig.axes  # 家 and 支 never share a scale
    assert [t.get_text() for t in firms_ax.get_yticklabels()] == ["入园企业"]
    assert [t.get_text() for t in funds_ax.get_yticklabels()] == ["东城园：基金数"]
    (firms,), (funds,) = bars(firms_ax), bars(funds_ax)  # 签约/建成项目: the pipeline chart's
    assert firms.get_width() == 800 and firms.get_hatch()
    assert funds.get_width() == 3 and not funds.get_hatch()
    assert [t.get_text() for t in firms_ax.texts] == ["800多家"]
    assert (firms_ax.get_xlabel(), funds_ax.get_xlabel()) == ("家", "支")


def test_funds_chart_in_one_money_unit_with_the_reports_wording(year_data):
    fig = render(charts.funds_chart(year_data))
    (ax,) = fig.axes
    assert [t.get_text() for t in ax.get_yticklabels()] == ["东城园：产业基金", "引导基金"]
    east, city = sorted(bars(ax), key=lambda b: -b.get_y())
    assert (east.get_width(), city.get_width()) == pytest.approx((5, 20))
    assert city.get_hatch() and not east.get_hatch()
    assert [t.get_text() for t in ax.texts] == ["5亿元", "累计超20亿元"]
    assert ax.get_xlabel() == "亿元"


@pytest.mark.parametrize("findings", [None, FINDINGS.iloc[0:0]])
def test_findings_chart_with_no_findings_says_so(findings):
    fig = render(charts.findings_chart(findings))
    assert all(not bars(ax) for ax in fig.axes)
    assert any("未发现问题" in t for t in texts(fig))


def test_all_charts_draw_from_one_bundle_without_pyplot(year_data, assessment):
    bundle = charts.bundle(year_data, assessment, FINDINGS, DERIVED)
    assert list(charts.ALL_CHARTS) == [
        "budget", "growth", "pipeline", "scores", "land", "counts", "funds", "findings",
    ]  # fmt: skip
    for name, (title, draw) in charts.ALL_CHARTS.items():
        fig = render(draw(bundle))
        assert isinstance(fig, Figure), name
        assert width_cm(fig) <= MAX_WIDTH_CM
        assert any(title in t for t in texts(fig)), name
    assert plt.get_fignums() == []


def test_charts_do_not_modify_their_inputs(year_data, assessment):
    before = {
        "figures": year_data.figures.copy(),
        "budget": year_data.budget.copy(),
        "items": assessment.items.copy(),
        "findings": FINDINGS.copy(),
    }
    bundle = charts.bundle(year_data, assessment, FINDINGS, DERIVED)
    for _title, draw in charts.ALL_CHARTS.values():
        draw(bundle)
    pd.testing.assert_frame_equal(year_data.figures, before["figures"])
    pd.testing.assert_frame_equal(year_data.budget, before["budget"])
    pd.testing.assert_frame_equal(assessment.items, before["items"])
    pd.testing.assert_frame_equal(FINDINGS, before["findings"])


def test_save_figure_gives_identical_bytes(tmp_path, year_data, assessment):
    first = charts.save_figure(charts.pipeline_chart(year_data, assessment), tmp_path / "a")
    again = charts.save_figure(charts.pipeline_chart(year_data, assessment), tmp_path / "b")
    assert [p.name for p in first] == ["a.png", "a.svg"]
    for one, two in zip(first, again, strict=True):
        assert one.read_bytes() == two.read_bytes()
    png = first[0].read_bytes()
    assert png.startswith(b"\x89PNG") and b"Software" not in png
    assert b"<dc:date>" not in first[1].read_bytes()


def test_png_is_300_dpi_and_15_cm_wide(tmp_path):
    from PIL import Image

    png, _svg = charts.save_figure(charts.findings_chart(FINDINGS), tmp_path / "f")
    with Image.open(png) as image:
        assert image.size[0] == pytest.approx(15 / 2.54 * 300, abs=1)
        assert image.info["dpi"][0] == pytest.approx(300, abs=0.01)


# ---------------------------------------------------------------------------------------------
# the real 2022 report


@pytest.fixture(scope="module")
def year_2022():
    year_data = load_year(2022)
    return charts.bundle(year_data, assess(year_data), audit(year_data), derive(year_data))


def test_2022_pipeline_shows_reported_and_recomputed_completion(year_2022):
    fig = render(charts.pipeline_chart(year_2022.year_data, year_2022.assessment))
    counts, rates = fig.axes
    # 表: 年度指标值 145、130、110个; 实际 177个、137个、145个
    assert [b.get_height() for b in bars(counts)] == [145, 130, 110, 177, 137, 145]
    # reported 122%、102%、126%; recomputed 177/145, 137/130, 145/110
    expected = [122, 102, 126, 177 / 145 * 100, 137 / 130 * 100, 145 / 110 * 100]
    assert [b.get_height() for b in bars(rates)] == pytest.approx(expected)
    # three stages share the panel: 16 ÷ 3 → 5 characters a line, so the labels do not touch
    assert {"新引进产业\n项目", "新开工产业\n项目", "新竣工产业\n项目"} <= {
        t.get_text() for t in counts.get_xticklabels()
    }


def test_2022_budget_and_spending(year_2022):
    fig = render(charts.budget_chart(year_2022.year_data))
    top, bottom = fig.axes
    assert len(bars(top)) == 6  # 年度资金总额 and 当年财政拨款; 结转 and 其他 are blank
    assert all(b.get_height() == pytest.approx(810.24) for b in bars(top))
    assert sorted(b.get_width() for b in bars(bottom)) == pytest.approx([11.2446, 19.5, 19.5, 760])
    assert any("810.2446万元" in t for t in texts(fig))  # 760 + 19.5 + 19.5 + 11.2446


def test_2022_land_in_mu_and_floor_space_apart(year_2022):
    fig = render(charts.land_chart(year_2022.year_data))
    land, floor = fig.axes
    widths = sorted(b.get_width() for b in bars(land))
    # 近万亩; 10065亩; 6967公顷 = 6967 × 15 = 104505亩
    assert widths == pytest.approx([10000, 10065, 104505])
    assert "近万亩" in texts(fig)
    hatched = [b for b in bars(land) if b.get_hatch()]
    assert [b.get_width() for b in hatched] == pytest.approx([10000])
    # 盘活闲置标准厂房 12.3万平方米 is floor space: its own panel, in 万平方米, never 184.5亩
    assert [b.get_width() for b in bars(floor)] == pytest.approx([12.3])
    assert floor.get_xlabel() == "面积（万平方米）" and land.get_xlabel() == "面积（亩）"
    assert not any("184.5" in t for t in texts(fig))


def test_2022_province_wide_count_is_not_credited_to_a_park(year_2022):
    shown = texts(render(charts.counts_chart(year_2022.year_data)))
    # 醴陵经开区评为诚信园区（全省仅10家）: 10 is the province's count
    assert "全省诚信园区数" in shown
    assert not any("醴陵" in t and "诚信" in t for t in shown)
    units = [ax.get_xlabel() for ax in render(charts.counts_chart(year_2022.year_data)).axes]
    assert units == ["家", "次", "支", "条", "项"]  # one panel per unit, in the report's order


def test_2022_growth_rates_as_reported(year_2022):
    fig = render(charts.growth_chart(year_2022.year_data, year_2022.derived))
    rates = fig.axes[0]
    # 规工增加值 10.4%, 技工贸总收入 13.1%, 上交税金 12.2%, 高新技术产业 14%, 工业投资 0.88%
    assert sorted(b.get_width() for b in bars(rates)) == pytest.approx([0.88, 10.4, 12.2, 13.1, 14])
    assert len(bars(fig.axes[1])) == 2 * 4  # four levels, each with its implied 2021 base


def test_2022_qualified_counts_and_funds_are_hatched_and_labelled_as_written(year_2022):
    counts = render(charts.counts_chart(year_2022.year_data)).axes[0]
    hatched = sorted(b.get_width() for b in bars(counts) if b.get_hatch())
    assert hatched == [600, 2700]  # 近600家, 2700多家
    assert {"近600家", "2700多家"} <= {t.get_text() for t in counts.texts}
    assert not {"600", "2700", "600家", "2700家"} & {t.get_text() for t in counts.texts}
    funds = render(charts.funds_chart(year_2022.year_data)).axes[0]
    assert [b.get_width() for b in bars(funds) if b.get_hatch()] == pytest.approx([70])
    assert "累计超70亿元" in {t.get_text() for t in funds.texts}
    # 50 + 2.5 + 110.66 + 1 + 10 + 70 亿元, the report's fund and finance figures
    assert sum(b.get_width() for b in bars(funds)) == pytest.approx(244.16)


def test_2022_scores_have_every_scored_item(year_2022):
    fig = render(charts.scores_chart(year_2022.assessment, year_2022.year_data.vocabulary, 2022))
    # the budget line and nine indicators (表: 9 indicator rows)
    reported, recomputed = marks(fig.axes[0])
    assert (len(reported), len(recomputed)) == (10, 8)
    # every item scored full marks by the report; 2 rows (20 points) cannot be recomputed
    title = fig.get_suptitle().replace("\n", "")
    assert "全部10项自评满分；按规则复算8项，也都是满分，2项未能复算" in title


def test_2022_pipeline_legend_entries_are_distinct(year_2022):
    fig = render(charts.pipeline_chart(year_2022.year_data, year_2022.assessment))
    (legend,) = fig.legends
    colours = [tuple(h.get_facecolor()) for h in legend.legend_handles]
    assert len(set(colours)) == len(colours) == 4  # 年度指标值, 实际完成值, 报告的, 复算的


def test_2022_all_charts_with_the_bundled_font_alone(year_2022, monkeypatch):
    monkeypatch.setattr(font_manager, "get_font_names", lambda: ["DejaVu Sans"])
    for name, (_title, draw) in charts.ALL_CHARTS.items():
        fig = render(draw(year_2022))
        assert mpl.rcParams["font.sans-serif"][0] == fonts.BUNDLED_FAMILY, name
        assert width_cm(fig) <= MAX_WIDTH_CM


# --------------------------------------------------------------------------- label lines


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        # 40 characters a line would cut 90.92 after "90." (textwrap does): the number moves
        ("复算5项，3项与自评不同；自评总分99分，复算总分90.92分", 28,
         "复算5项，3项与自评不同；自评总分99分，复算总分\n90.92分"),
        # 5000 stays whole although 16 characters end inside it
        ("数量指标：新引进、新开工、新竣工5000万以上", 17,
         "数量指标：新引进、新开工、新竣工\n5000万以上"),
        # a line never starts with ， nor ends with （
        ("园区考核奖励金共计七百六十万元，用于", 15, "园区考核奖励金共计七百六十万\n元，用于"),
        ("园区考核奖励金共计七百六十（万元）", 14, "园区考核奖励金共计七百六十\n（万元）"),
        ("新引进产业项目", 5, "新引进产业\n项目"),
    ],
)  # fmt: skip
def test_wrapped_lines_never_split_a_number_or_start_with_closing_punctuation(
    text, width, expected
):
    from parkmetrics.report.charts.drawing import wrap

    assert wrap(text, width) == expected
    assert all(len(line) <= width for line in wrap(text, width).split("\n"))
