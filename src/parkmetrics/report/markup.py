"""Text from the data made safe for the HTML report: escaped paragraphs, headings and tables.

Every string of a report (a title, a label, a quote, a finding) comes from data files someone
else wrote. It reaches ``report.html`` only through these functions, which escape it as HTML
(``<``, ``>``, ``&``, quotes) and never pass it through Markdown, so ``<script>``, ``<svg
onload=…>``, ``[x](javascript:…)``, ``*`` or ``#`` are shown as the characters they are. Dollar
signs are written as an entity: a page that loads MathJax must not typeset ``$…$`` from data.

Table cells are classed ``pm-text`` (left-aligned) or ``pm-num`` (a number with its unit,
right-aligned); the report's stylesheet (:mod:`.webpage`) aligns them.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from parkmetrics.figures.formatting import BLANK_MARK, is_missing

if TYPE_CHECKING:  # frames come from the caller; the HTML page's process need not import pandas
    import pandas as pd

SUBHEADING_LEVEL = 3  # sections are level 2 (the notebook's ## headings)
TABLE_CLASS = "pm-table"
TEXT_CELL, NUMBER_CELL = "pm-text", "pm-num"
# A text column whose header and values are all this short (编号 F01, 级别 错误) is kept on one
# line: beside a long 说明 column the browser would otherwise squeeze it to a character a line.
SHORT_CELL, SHORT_TEXT = "pm-short", 4
# A number as the report writes it: an optional qualifier word (约, 近, 超, 累计超 …), digits
# (several joined by 、), an optional unit of at most four characters. 第5行指标 is not one.
_NUMBER = re.compile(
    r"^(?:约|近|超|超过|逾|累计|累计超|达到|不足)?[-−+]?\d[\d,]*(?:\.\d+)?%?"
    r"(?:、[-−+]?\d[\d,]*(?:\.\d+)?%?)*\s*[^\d\s、，。；：]{0,4}$"
)


def escape(value: Any) -> str:
    """``value`` as HTML text: markup characters as entities, line breaks kept as ``<br>``."""
    if is_missing(value):
        return ""
    text = html.escape(str(value), quote=True).replace("$", "&#36;")
    return "<br>".join(text.splitlines()) if "\n" in text or "\r" in text else text


def paragraph(text: Any) -> str:
    """One paragraph of the report (a sentence built from data), escaped."""
    return f"<p>{escape(text)}</p>"


def heading(text: Any, level: int = 1) -> str:
    """A heading of ``level`` (1–6), escaped."""
    level = min(max(int(level), 1), 6)
    return f"<h{level}>{escape(text)}</h{level}>"


def subheading(text: Any) -> str:
    """A heading under a section's (a chart's title in a list of charts), escaped."""
    return heading(text, SUBHEADING_LEVEL)


def link_list(intro: str, links: list[tuple[str, str]]) -> str:
    """A paragraph: ``intro`` then links (text, relative path), separated by 、.

    Paths are percent-encoded and kept relative: no scheme (``javascript:``) can get in.
    """
    items = [
        f'<a href="{html.escape(quote(path, safe="/"))}">{escape(text)}</a>' for text, path in links
    ]
    return f"<p>{escape(intro)}{'、'.join(items)}</p>"


def is_number_cell(value: Any) -> bool:
    """Whether a display cell holds a number (with its unit): ``105.4%``, ``近600家``, ``10``."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return True
    return isinstance(value, str) and bool(_NUMBER.match(value.strip()))


def number_columns(frame: pd.DataFrame) -> list[str]:
    """Columns whose every filled cell is a number: they are right-aligned."""
    chosen = []
    for column in frame.columns:
        filled = [v for v in frame[column] if not is_missing(v) and v != BLANK_MARK]
        if filled and all(is_number_cell(v) for v in filled):
            chosen.append(column)
    return chosen


def _short(column: Any, values: pd.Series) -> bool:
    texts = [str(column), *("" if v is None else str(v) for v in values)]
    return all(len(text) <= SHORT_TEXT for text in texts)


def html_table(frame: pd.DataFrame) -> str:
    """A display table as HTML: escaped cells, text left and numbers right, no row index; a
    table without rows is nothing (the sentence before it says there is nothing to list)."""
    if frame.empty:
        return ""
    numeric = set(number_columns(frame))
    classes = [
        NUMBER_CELL
        if c in numeric
        else f"{TEXT_CELL} {SHORT_CELL}"
        if _short(c, frame[c])
        else TEXT_CELL
        for c in frame.columns
    ]
    head = "".join(
        f'<th class="{cls}">{escape(column)}</th>'
        for column, cls in zip(frame.columns, classes, strict=True)
    )
    rows = []
    for values in frame.itertuples(index=False):
        cells = "".join(
            f'<td class="{cls}">{escape(value)}</td>'
            for value, cls in zip(values, classes, strict=True)
        )
        rows.append(f"<tr>{cells}</tr>")
    body = "\n".join(rows)
    head = f"<thead><tr>{head}</tr></thead>"
    return f'<table class="{TABLE_CLASS}">\n{head}\n<tbody>\n{body}\n</tbody>\n</table>'
