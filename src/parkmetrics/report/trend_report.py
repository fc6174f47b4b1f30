"""The trends report as a reader sees it: sentences, tables with Chinese headings, the files.

The trends notebook (``notebooks/trends.py``) calls :func:`write_trends_files` once (every
table and chart drawn once, then shown from the saved PNG) and shows the sentences and
:func:`display_tables`. Numbers are written with the report's formatter; texts from the data
are escaped by ``markup`` when shown, and neutralised in the CSV files (``export.write_table``).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from parkmetrics.figures.formatting import report_number as num
from parkmetrics.report.charts.select import park_prefix
from parkmetrics.report.charts.style import TEXT
from parkmetrics.report.export import write_table
from parkmetrics.report.html import CHARTS_DIR
from parkmetrics.report.markup import heading, html_table, paragraph, subheading
from parkmetrics.report.trends import (
    TABLE_NAMES,
    TRENDS_DIR,
    SeriesResults,
    compute_trends,
    trend_tables,
)

__all__ = [
    "TABLE_NAMES", "TRENDS_DIR", "SeriesResults", "attachments_text", "budget_text",
    "chart_labels", "chart_title", "compute_trends", "display_tables", "findings_text",
    "growth_text", "heading", "html_table", "missing_files", "paragraph", "subheading", "title",
    "totals_text", "write_trends_files",
]  # fmt: skip

AGREEMENT = {True: "相符", False: "不符", None: "无法复算"}
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
ATTACHMENTS_INTRO = "随本报告输出的文件（逐年表格为逗号分隔文件，图表为位图和矢量图）："


def _pct(value: float) -> str:
    return "—" if value != value or value is None else f"{num(round(value, 2))}%"


def _year(value: int) -> str:
    return f"{int(value)}年"


def chart_title(name: str) -> str:
    """The title of the trends chart ``name`` (its image's alt text in the HTML report)."""
    from parkmetrics.report.charts.trends import TREND_TITLES

    return TREND_TITLES[name]


def chart_labels(results: SeriesResults) -> dict[str, str]:
    """Panel titles: a metric's vocabulary label, with the park's name when not the city's."""
    if not results.reports:
        return {}
    vocabulary = results.reports[-1].year_data.vocabulary
    labels = {m: vocabulary.metric_label(m) for m in vocabulary.metrics["metric"]}
    for metric, park in zip(results.growth["metric"], results.growth["park"], strict=True):
        labels[f"{metric}|{park}"] = park_prefix(park, vocabulary.metric_label(metric), vocabulary)
    return labels


def write_trends_files(results: SeriesResults, folder: str | Path = ".") -> dict[str, Path]:
    """Write the trends tables (CSV, UTF-8 with BOM, formulas neutralised) and every chart
    (PNG 300 dpi and SVG) into ``folder``; returns each chart's PNG by name."""
    from parkmetrics.report.charts import save_figure
    from parkmetrics.report.charts.trends import TREND_CHARTS

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    tables = trend_tables(results)
    for stem in TABLE_NAMES:
        write_table(tables[stem], folder / f"{stem}.csv")
    labels = chart_labels(results)
    pngs = {}
    for name, draw in TREND_CHARTS.items():
        args = (labels,) if name in ("growth", "parks") else ()
        written = save_figure(draw(tables, results.span, *args), folder / CHARTS_DIR / name)
        pngs[name] = written[0]
    return pngs


def missing_files(folder: Path) -> list[str]:
    """The trends files a notebook should have written but did not (for the runner)."""
    from parkmetrics.report.charts.trends import TREND_CHARTS

    names = [f"{stem}.csv" for stem in TABLE_NAMES]
    names += [f"{CHARTS_DIR}/{name}.png" for name in TREND_CHARTS]
    return [name for name in names if not (Path(folder) / name).is_file()]


def title(results: SeriesResults) -> str:
    """The report's title: the year range and the project."""
    return f"{results.span} {results.project} 逐年对比".strip()


def budget_text(results: SeriesResults) -> str:
    """One sentence: each year's recomputed execution rate (全年执行数 ÷ 全年预算数)."""
    budget = trend_tables(results)["budget"]
    parts = [
        f"{_year(r.year)}{num(r.executed)}÷{num(r.full_year)}＝{_pct(r.rate_recomputed)}"
        + (f"（报告{r.rate_text}）" if isinstance(r.rate_text, str) else "")
        for r in budget.itertuples()
        if r.rate_recomputed == r.rate_recomputed
    ]
    if not parts:
        return "各年度均无可复算的预算执行率。"
    return (
        f"{TEXT['executed']}÷{TEXT['full_year']}（{budget['unit'].iloc[0]}）："
        + "；".join(parts)
        + "。"
    )


def totals_text(results: SeriesResults) -> str:
    """One sentence: each year's reported and recomputed total and grade."""
    totals = trend_tables(results)["totals"]
    parts = [
        f"{_year(r.year)}自评{num(r.reported_total)}分（{r.reported_grade or '—'}），"
        f"复算{num(r.recomputed_total)}分（{r.recomputed_grade or '—'}）"
        for r in totals.itertuples()
    ]
    return "；".join(parts) + "。"


def growth_text(results: SeriesResults) -> str:
    """How many reported growths could be recomputed, and each that does not follow."""
    growth = results.growth
    compared = growth[growth["recomputed"].notna()]
    wrong = results.findings[results.findings["code"] == "growth_mismatch"]
    text = (
        f"共有{len(growth)}个报告的增长率，其中{len(compared)}个可按相邻两年报告的数值复算，"
        f"{len(wrong)}个不符"
    )
    details = "；".join(wrong["message_zh"])
    return text + (f"：{details}。" if details else "。")


def findings_text(results: SeriesResults) -> str:
    """The findings across years, each with its message."""
    found = results.findings
    if found.empty:
        return "跨年度复核未发现问题（增长率与相邻两年数值相符，各年报告所述往年数字一致）。"
    lines = [
        f"{f.finding}［{SEVERITY_ZH.get(f.severity, f.severity)}］{f.message_zh}"
        for f in found.itertuples()
    ]
    return f"跨年度复核发现{len(found)}条：" + "；".join(lines) + "。"


def display_tables(results: SeriesResults) -> dict[str, pd.DataFrame]:
    """The report's tables with Chinese headings, numbers as the report writes them."""
    tables = trend_tables(results)
    vocabulary = results.reports[-1].year_data.vocabulary if results.reports else None
    budget = pd.DataFrame({
        "年度": tables["budget"]["year"].map(_year),
        f"{TEXT['initial']}（万元）": tables["budget"]["initial"].map(num),
        f"{TEXT['full_year']}（万元）": tables["budget"]["full_year"].map(num),
        f"{TEXT['executed']}（万元）": tables["budget"]["executed"].map(num),
        "报告执行率": tables["budget"]["rate_text"].fillna("—"),
        "复算执行率": tables["budget"]["rate_recomputed"].map(_pct),
    })  # fmt: skip
    t = tables["totals"]
    totals = pd.DataFrame({
        "年度": t["year"].map(_year), "满分": t["weight_total"].map(num),
        "自评总分": t["reported_total"].map(num), "复算总分": t["recomputed_total"].map(num),
        "差额": t["difference"].map(num), "自评等级": t["reported_grade"].fillna("—"),
        "复算等级": t["recomputed_grade"].fillna("—"),
    })  # fmt: skip
    g = tables["growth"]
    names = [
        park_prefix(p, label, vocabulary) for p, label in zip(g["park"], g["label"], strict=True)
    ]
    growth = pd.DataFrame({
        "指标": names,
        "年度": g["year"].map(_year), "报告增长率": g["reported_text"],
        "上年值": g["previous_text"].fillna("—"), "本年值": g["value_text"].fillna("—"),
        "复算增长率": g["recomputed"].map(_pct), "复核": g["agrees"].map(AGREEMENT),
    })  # fmt: skip
    return {
        "budget": budget,
        "totals": totals,
        "series": _by_year(tables["series"], vocabulary, "指标"),
        "growth": growth,
        "findings": _findings_grid(tables["findings_by_check"], results.years),
        "across_years": _findings_list(results.findings),
        "parks": _by_year(tables["parks"], vocabulary, "指标·园区"),
    }


def _by_year(figures: pd.DataFrame, vocabulary: object, heading: str) -> pd.DataFrame:
    """Figures as written, one row per (metric, park), one column per year; a restated earlier
    year's figure is shown after the year's own, marked with the report that restates it."""
    if figures.empty:
        return pd.DataFrame(columns=[heading])
    rows: dict[str, dict[str, list[str]]] = {}
    for f in figures.itertuples():
        name = park_prefix(f.park, vocabulary.metric_label(f.metric), vocabulary)
        text = f.value_text
        if getattr(f, "report_year", f.year) != f.year:
            text = f"{text}（{_year(f.report_year)}报告所述）"
        rows.setdefault(name, {}).setdefault(_year(f.year), []).append(text)
    years = sorted({_year(y) for y in figures["year"]})
    table = [
        {heading: name, **{y: "；".join(cells.get(y, ["—"])) for y in years}}
        for name, cells in rows.items()
    ]
    return pd.DataFrame(table, columns=[heading, *years])


def _findings_grid(counts: pd.DataFrame, years: list[int]) -> pd.DataFrame:
    from parkmetrics.review import CHECK_TITLES

    if counts.empty:
        return pd.DataFrame(columns=["复核项", *map(_year, years)])
    grid = counts.pivot_table(index="check", columns="year", values="count", aggfunc="sum")
    grid = grid.reindex(columns=years).fillna(0).astype(int)
    frame = grid.rename(columns=_year).reset_index()
    frame.insert(0, "复核项", [f"{c} {CHECK_TITLES.get(int(c), '')}" for c in frame.pop("check")])
    return frame


def _findings_list(found: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "编号": found["finding"], "年度": found["year"].map(_year),
        "级别": found["severity"].map(SEVERITY_ZH), "复核项": found["check"],
        "说明": found["message_zh"], "证据": found["evidence_text"],
    })  # fmt: skip


def attachments_text(output_dir: str | Path = ".") -> str:
    """Links (HTML, escaped) to the files written beside the trends report."""
    from parkmetrics.report.markup import link_list

    base = Path(output_dir)
    names = [f"{stem}.csv" for stem in TABLE_NAMES] + [f"{CHARTS_DIR}/"]
    links = [(n, (base / n).as_posix() + ("/" if n.endswith("/") else "")) for n in names]
    return link_list(ATTACHMENTS_INTRO, links)
