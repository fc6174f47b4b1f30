"""The HTML report: the executed notebook without code, plumbing cells or volatile metadata.

Kept apart from ``export`` so that the process that runs a year's notebook renders its HTML
without importing pandas (the kernel did the library work and wrote the files); the page itself
is made by :mod:`.webpage`.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the kernel imports this module for the file names: nbformat would cost it
    import nbformat  # about 1.5 s of CPU (jsonschema's format checkers, parkmetrics.run.lean)

# The names of a year's report files, for the kernel that writes them and the runner that checks.
CSV_ENCODING = "utf-8-sig"  # UTF-8 with BOM: Excel on Windows opens the Chinese intact
TABLES = ("figures", "assessment", "findings", "derived")
CHARTS_DIR = "charts"
HTML_NAME = "report.html"
BRIEFING_NAME = "briefing.docx"
APPENDIX_NAME = "briefing-appendix.docx"
WORKBOOK_NAME = "report.xlsx"
WORKSHEET_NAME = "review-worksheet.xlsx"  # the reviewer's 复核意见表 (review.worksheet)

# Notebook and cell metadata that changes from run to run (times, durations, paths); removed
# before the HTML is rendered so reruns give byte-identical HTML. The executed .ipynb keeps them.
_VOLATILE_NOTEBOOK_KEYS = ("papermill",)
_VOLATILE_CELL_KEYS = ("papermill", "execution", "ExecuteTime")
# Cells that are run plumbing, not report: the defaults, papermill's injected values, notes
# for whoever runs the notebook.
_HIDDEN_CELL_TAGS = ("parameters", "injected-parameters", "remove-from-report")


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


def missing_files(folder: Path) -> list[str]:
    """The report files (tables, 复核意见表, briefing, charts) a year's notebook should have
    written but did not, in ``folder``."""
    names = [f"{stem}.csv" for stem in TABLES] + [WORKBOOK_NAME, WORKSHEET_NAME, BRIEFING_NAME]
    missing = [name for name in names if not (Path(folder) / name).is_file()]
    if not any((Path(folder) / CHARTS_DIR).glob("*.png")):
        missing.append(f"{CHARTS_DIR}/*.png")
    return missing
