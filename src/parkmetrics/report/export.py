"""Writing a year's report files: tables (CSV for Excel), charts, HTML, the Word briefing.

Everything here is computed in the runner's own process from ``load_year``/``assess``/``audit``/
``derive`` — never taken from the notebook kernel — so the files do not depend on what a kernel
happened to hold, and the same inputs give the same bytes.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import nbformat
import pandas as pd

if TYPE_CHECKING:  # hints only: compute() imports the pipeline when a year is built
    from parkmetrics.data.dataset import YearData
    from parkmetrics.scoring.assessment import Assessment
    from parkmetrics.scoring.rules import Rules

# UTF-8 with BOM: Excel on Windows opens such CSV files with the Chinese intact.
CSV_ENCODING = "utf-8-sig"
TABLES = ("figures", "assessment", "findings", "derived")
CHARTS_DIR = "charts"
HTML_NAME = "report.html"
BRIEFING_NAME = "briefing.docx"
APPENDIX_NAME = "briefing-appendix.docx"
WORKBOOK_NAME = "report.xlsx"
ATTACHMENTS_INTRO = (
    "随本报告输出的文件（表格为逗号分隔文件和电子表格，图表为位图和矢量图，"
    "简报及附件为文字处理文档）："
)

# Notebook and cell metadata that changes from run to run (times, durations, paths); removed
# before the HTML is rendered so reruns give byte-identical HTML. The executed .ipynb keeps them.
_VOLATILE_NOTEBOOK_KEYS = ("papermill",)
_VOLATILE_CELL_KEYS = ("papermill", "execution", "ExecuteTime")
# Cells that are run plumbing, not report: the defaults, papermill's injected values, notes
# for whoever runs the notebook.
_HIDDEN_CELL_TAGS = ("parameters", "injected-parameters", "remove-from-report")


@dataclass(frozen=True)
class YearResults:
    """A year's data and everything computed from it: what the tables, charts, briefing show."""

    year_data: YearData
    assessment: Assessment
    findings: pd.DataFrame
    derived: pd.DataFrame
    rules: Rules | None = None  # the rules assess and audit used (the briefing names their file)


def compute(year: int, data_dir: Path, rules_path: Path | None = None) -> YearResults:
    """Load, assess, audit and derive one year (the same calls the notebook makes)."""
    from parkmetrics.data.dataset import load_year
    from parkmetrics.review import audit
    from parkmetrics.scoring.assessment import assess
    from parkmetrics.scoring.derived import derive
    from parkmetrics.scoring.rules import load_rules

    rules = load_rules(rules_path)
    year_data = load_year(year, data_dir)
    return YearResults(
        year_data=year_data,
        assessment=assess(year_data, rules),
        findings=audit(year_data, rules),
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
        frames, results.year_data.vocabulary, Path(folder) / WORKBOOK_NAME, when
    )
    return [*written, workbook]


def write_charts(results: YearResults, folder: Path) -> list[Path]:
    """Draw every chart of ``parkmetrics.report.charts.ALL_CHARTS`` and save it as PNG and SVG."""
    import matplotlib

    matplotlib.use("Agg")  # the runner draws off-screen, also when started from a desktop
    import matplotlib.pyplot as plt

    from parkmetrics.report import charts

    folder = Path(folder) / CHARTS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    inputs = charts.bundle(results.year_data, results.assessment, results.findings, results.derived)
    written: list[Path] = []
    for name, (_title, draw) in charts.ALL_CHARTS.items():
        figure = draw(inputs)
        try:
            written += charts.save_figure(figure, folder / name)
        finally:
            plt.close(figure)
    return sorted(written)


def report_notebook(executed: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of the executed notebook fit for readers: no plumbing cells, no volatile metadata."""
    nb = copy.deepcopy(executed)
    for key in _VOLATILE_NOTEBOOK_KEYS:
        nb.metadata.pop(key, None)
    kept = []
    for cell in nb.cells:
        if set(cell.metadata.get("tags", ())) & set(_HIDDEN_CELL_TAGS):
            continue
        for key in _VOLATILE_CELL_KEYS:
            cell.metadata.pop(key, None)
        kept.append(cell)
    for number, cell in enumerate(kept, start=1):
        cell.id = f"cell-{number}"  # nbformat ids are random; the HTML shows them as anchors
    nb.cells = kept
    return nb


def write_html(executed: nbformat.NotebookNode, path: Path, title: str) -> Path:
    """Render the executed notebook as one self-contained HTML page without code.

    The page embeds its Chinese font and loads nothing from the network (:mod:`.webpage`).
    """
    from parkmetrics.report.webpage import render_html

    body = render_html(report_notebook(executed), title)
    Path(path).write_text(body, encoding="utf-8", newline="\n")
    return Path(path)


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
        BRIEFING_NAME,
        APPENDIX_NAME,
        f"{CHARTS_DIR}/",
    ]
    links = [
        (name, (base / name).as_posix() + ("/" if name.endswith("/") else "")) for name in names
    ]
    return link_list(ATTACHMENTS_INTRO, links)
