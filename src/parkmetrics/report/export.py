"""Writing a year's report files: tables (CSV for Excel), charts, HTML, the Word briefing.

The yearly notebook's kernel computes a year once (``load_year``/``assess``/``audit``/``derive``)
and writes every file with :func:`write_report_files`; the notebook then shows the saved chart
images (:func:`chart_image`), so each chart is drawn once. The files depend only on the inputs
(a fresh kernel, no state), so the same inputs give the same bytes. ``parkmetrics briefing`` uses
:func:`compute` and the same writers in its own process; the HTML is rendered by the runner
(:mod:`.html`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from parkmetrics.report.html import (
    APPENDIX_NAME,
    BRIEFING_NAME,
    CHARTS_DIR,
    CSV_ENCODING,
    HTML_NAME,
    TABLES,
    WORKBOOK_NAME,
    WORKSHEET_NAME,
    report_notebook,
    write_html,
)

if TYPE_CHECKING:  # hints only: compute() imports the pipeline when a year is built
    from IPython.display import HTML, Image

    from parkmetrics.data.dataset import YearData
    from parkmetrics.scoring.assessment import Assessment
    from parkmetrics.scoring.rules import Rules

__all__ = [
    "APPENDIX_NAME",
    "ATTACHMENTS_INTRO",
    "BRIEFING_NAME",
    "CHARTS_DIR",
    "CSV_ENCODING",
    "HTML_NAME",
    "TABLES",
    "WORKBOOK_NAME",
    "WORKSHEET_NAME",
    "YearResults",
    "assessment_table",
    "attachments_text",
    "chart_files",
    "chart_image",
    "compute",
    "report_notebook",
    "shown_charts",
    "tables",
    "write_briefing",
    "write_charts",
    "write_html",
    "write_report_files",
    "write_table",
    "write_tables",
    "write_worksheet",
]
# How wide a chart shows in the notebook and HTML, in CSS pixels (96 per inch): its printed
# 15 cm, although the embedded PNG keeps its 300 dpi for whoever saves it.
CSS_PIXELS_PER_INCH = 96
ATTACHMENTS_INTRO = (
    "随本报告输出的文件（表格为逗号分隔文件和电子表格，图表为位图和矢量图，"
    "简报及附件为文字处理文档）："
)


@dataclass(frozen=True)
class YearResults:
    """A year's data and everything computed from it: what the tables, charts, briefing show."""

    year_data: YearData
    assessment: Assessment
    findings: pd.DataFrame
    derived: pd.DataFrame
    rules: Rules | None = None  # the rules assess and audit used (the briefing names their file)


def compute(
    year: int, data_dir: Path, rules_path: Path | None = None, series: str | None = None
) -> YearResults:
    """Load, assess, audit and derive one year of one series (the same calls the notebook
    makes)."""
    from parkmetrics.data.dataset import load_year
    from parkmetrics.review import audit
    from parkmetrics.scoring.assessment import assess
    from parkmetrics.scoring.derived import derive
    from parkmetrics.scoring.rules import load_rules

    rules = load_rules(rules_path)
    year_data = load_year(year, data_dir, series)
    assessment = assess(year_data, rules)
    return YearResults(
        year_data=year_data,
        assessment=assessment,
        findings=audit(year_data, rules, assessment),
        derived=derive(year_data),
        rules=rules,
    )


def assessment_table(assessment: Assessment) -> pd.DataFrame:
    """The scored items followed by one ``total`` row (总分) carrying the grades."""
    items = assessment.items.copy()
    totals = assessment.totals
    total = {
        "item": "total",
        "kind": "total",
        "label": "总分",
        "weight": totals.get("weight_total"),
        "reported_score": totals.get("reported_total"),
        "recomputed_score": totals.get("recomputed_total"),
        "reported_grade": totals.get("reported_grade"),
        "recomputed_grade": totals.get("recomputed_grade"),
    }
    reported, recomputed = total["reported_score"], total["recomputed_score"]
    if reported is not None and recomputed is not None:
        total["difference"] = recomputed - reported
    return pd.concat([items, pd.DataFrame([total])], ignore_index=True)


def tables(results: YearResults) -> dict[str, pd.DataFrame]:
    """The four CSV tables of a report, by file stem."""
    findings = results.findings
    # evidence is a tuple of dicts (for Word); CSV readers get its readable twin evidence_text.
    findings = findings.drop(columns=["evidence"], errors="ignore")
    return {
        "figures": results.year_data.figures,
        "assessment": assessment_table(results.assessment),
        "findings": findings,
        "derived": results.derived,
    }


def write_table(frame: pd.DataFrame, path: Path) -> Path:
    """Write one table as CSV in UTF-8 with BOM, no index, ``\\n`` line ends.

    A text cell a spreadsheet would run as a formula (``=…``, ``+…``, ``-…``, ``@…``) is
    written with a leading apostrophe (:func:`.spreadsheet.neutralise`).
    """
    from parkmetrics.report.spreadsheet import neutralise_frame

    neutralise_frame(frame).to_csv(path, index=False, encoding=CSV_ENCODING, lineterminator="\n")
    return path


def write_tables(results: YearResults, folder: Path) -> list[Path]:
    """Write ``figures.csv``, ``assessment.csv``, ``findings.csv``, ``derived.csv`` (English
    ids, for code) and ``report.xlsx`` (the same tables in Chinese, for spreadsheet users)."""
    from parkmetrics.report.briefing.word import fixed_datetime
    from parkmetrics.report.spreadsheet import write_workbook

    frames = tables(results)
    written = [write_table(frame, Path(folder) / f"{stem}.csv") for stem, frame in frames.items()]
    when = fixed_datetime(int(results.year_data.year), None)
    workbook = write_workbook(
        frames, results.year_data.vocabulary, Path(folder) / WORKBOOK_NAME, when, results.rules
    )
    return [*written, workbook]


def write_worksheet(results: YearResults, path: Path) -> Path:
    """Write the reviewer's 复核意见表 (``review.worksheet``) of the year's findings under the
    rules the year was audited with; same findings, same bytes."""
    from parkmetrics.review.worksheet import write_worksheet as worksheet_writer
    from parkmetrics.scoring.rules import load_rules

    year_data = results.year_data
    return worksheet_writer(
        results.findings,
        results.assessment,
        results.rules or load_rules(),
        path,
        year=int(year_data.year),
        title=str(year_data.header.get("title") or ""),
    )


def write_charts(results: YearResults, folder: Path) -> list[Path]:
    """Draw every chart of ``parkmetrics.report.charts.ALL_CHARTS`` and save it as PNG and SVG.

    The charts are ``Figure`` objects outside pyplot (no backend, no window, nothing to close),
    so this draws off-screen in a kernel with the inline backend as in a plain process.
    """
    return chart_files(results, folder)[0]


def chart_files(results: YearResults, folder: Path) -> tuple[list[Path], frozenset[str]]:
    """:func:`write_charts`' files, and the names of the charts that had nothing to draw this
    year (every panel 本年度无可绘制的数据): the briefing and the HTML report leave those out."""
    from parkmetrics.report import charts

    folder = Path(folder) / CHARTS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    inputs = charts.bundle(results.year_data, results.assessment, results.findings, results.derived)
    written: list[Path] = []
    empty: set[str] = set()
    for name, (_title, draw) in charts.ALL_CHARTS.items():
        figure = draw(inputs)
        written += charts.save_figure(figure, folder / name)
        if not charts.has_data(figure):
            empty.add(name)
    return sorted(written), frozenset(empty)


def shown_charts(paths: list[Path], empty: frozenset[str]) -> list[Path]:
    """The PNG files of the charts that draw something (what the briefing and report show)."""
    return [p for p in paths if p.suffix == ".png" and p.stem not in empty]


def write_report_files(
    year_data: YearData,
    assessment: Assessment,
    findings: pd.DataFrame,
    derived: pd.DataFrame,
    rules: Rules | None = None,
    folder: str | Path = ".",
) -> dict[str, Path]:
    """Write a year's tables, workbooks (report.xlsx, the 复核意见表), charts and briefing into
    ``folder`` (what the notebook calls); returns each chart's PNG by chart name, for
    :func:`chart_image`."""
    results = YearResults(year_data, assessment, findings, derived, rules)
    folder = Path(folder)
    write_tables(results, folder)
    write_worksheet(results, folder / WORKSHEET_NAME)
    shown = shown_charts(*chart_files(results, folder))
    write_briefing(results, shown, folder / BRIEFING_NAME)
    return {p.stem: p for p in shown}


def chart_image(png: str | Path | None, alt: str = "") -> Image | HTML:
    """A saved chart for ``display``: its PNG bytes (no second drawing), shown 15 cm wide,
    with ``alt`` as the text of the HTML report's image: by default the title of the yearly
    chart the file is named after (``budget.png``: 预算执行与支出构成). ``None`` (a chart
    :func:`write_report_files` left out, having nothing to draw) gives a line saying so."""
    from IPython.display import HTML, Image

    from parkmetrics.report.charts import ALL_CHARTS, CM, TEXT, WIDTH_CM
    from parkmetrics.report.markup import paragraph

    if png is None:
        return HTML(paragraph(f"（{TEXT['no_data']}，未附图。）"))

    alt = alt or ALL_CHARTS.get(Path(png).stem, ("",))[0]
    width = round(WIDTH_CM * CM * CSS_PIXELS_PER_INCH)  # CM: inches per centimetre
    return Image(data=Path(png).read_bytes(), format="png", width=width, alt=alt or None)


def write_briefing(results: YearResults, chart_paths: list[Path], path: Path) -> Path:
    """Write the Word briefing (``parkmetrics.report.briefing``) with the charts' PNG files."""
    from parkmetrics.report.briefing import write_briefing as briefing_writer

    briefing_writer(
        results.year_data,
        results.assessment,
        results.findings,
        results.derived,
        [p for p in chart_paths if p.suffix == ".png"],
        path,
        results.rules,
    )
    return Path(path)


def attachments_text(output_dir: str | Path = ".") -> str:
    """Links (HTML, escaped) to the files the yearly run writes next to the report."""
    from parkmetrics.report.markup import link_list

    base = Path(output_dir)
    names = [f"{stem}.csv" for stem in TABLES] + [
        WORKBOOK_NAME,
        WORKSHEET_NAME,
        BRIEFING_NAME,
        APPENDIX_NAME,
        f"{CHARTS_DIR}/",
    ]
    links = [
        (name, (base / name).as_posix() + ("/" if name.endswith("/") else "")) for name in names
    ]
    return link_list(ATTACHMENTS_INTRO, links)
