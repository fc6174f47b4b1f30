"""Tables for spreadsheet users: formulas neutralised, and ``report.xlsx`` in Chinese.

The CSV files keep the English column ids and code values (``park``, ``zhuzhou_hitech``,
``severity = error``): they are for code. ``report.xlsx`` has one sheet per table with the
Chinese headings of ``config/table_columns.csv``, park names beside park ids, levels,
severities, qualifiers and kinds in Chinese, ratios as percent-formatted numbers, column widths
and a frozen heading row.

A text cell beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is run by
Excel, LibreOffice and WPS as a formula (CSV injection). In CSV such a cell gets a leading
apostrophe, which spreadsheets show as text; in the workbook the text stays as written, stored
as a string cell with Excel's quote prefix, which no spreadsheet evaluates.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

from parkmetrics.figures.formatting import is_missing

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NEUTRALISER = "'"
COLUMNS_FILE = "table_columns.csv"
SHEETS = {
    "figures": "指标数据",
    "assessment": "评分复核",
    "findings": "复核发现",
    "derived": "推算数据",
}
# English explanations stay in the CSV for code readers; the workbook is the Chinese one.
WORKBOOK_OMITS = ("message_en",)
NUMBER_FORMATS = {"percent": "0.0%", "number": "General", "integer": "0"}
# Excel's General format writes a number of 12 digits or more as 5.329E+11 (5329亿元 in 元):
# whole numbers from this size on are written out, with thousands separators.
LARGE_NUMBER, LARGE_FORMAT = 1e10, "#,##0"
MAX_WIDTH, MIN_WIDTH = 60, 6  # characters; longer texts wrap within the cell
KIND_LABELS = {"budget": "预算执行", "indicator": "指标", "part": "分项", "total": "合计"}
DIRECTION_LABELS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": "=", "qualitative": "定性"}
BOOLEAN_LABELS = {True: "是", False: "否"}


def is_formula_like(value: Any) -> bool:
    """Whether a spreadsheet would read the text ``value`` as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def neutralise(value: Any) -> Any:
    """``value`` with a leading apostrophe when a spreadsheet would run it as a formula."""
    return NEUTRALISER + value if is_formula_like(value) else value


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells are neutralised (numbers untouched)."""
    out = frame.copy()
    for column in out.columns:
        if not pd.api.types.is_numeric_dtype(out[column]):
            out[column] = out[column].map(neutralise)
    return out


@dataclass(frozen=True)
class Column:
    """A table column's Chinese heading and its number format."""

    label: str
    format: str


def column_labels() -> dict[str, dict[str, Column]]:
    """table → column id → its heading and format, from ``config/table_columns.csv``."""
    text = (resources.files("parkmetrics") / "config" / COLUMNS_FILE).read_text(encoding="utf-8")
    found: dict[str, dict[str, Column]] = {}
    for row in csv.DictReader(io.StringIO(text)):
        found.setdefault(row["table"], {})[row["column"]] = Column(row["label"], row["format"])
    return found


def display_table(
    stem: str, frame: pd.DataFrame, vocabulary: Any, rules: Any = None
) -> pd.DataFrame:
    """The workbook's version of a table: Chinese values, park names beside their ids
    (``rules``: the pack the year was judged by, whose reviewer rules have Chinese titles)."""
    from parkmetrics.report.narrative import (
        inferred_label,
        qualifier_label,
        reason_label,
        rule_label,
        subject_label,
    )
    from parkmetrics.review import SEVERITY_LABELS
    from parkmetrics.review.findings import rule_title

    def qualifier(value: Any) -> str:
        return qualifier_label(value) or ("精确" if value == "exact" else value)

    titles = {name: str(spec.get("title") or "") for name, spec in
              (rules.reviewer.items() if rules is not None else ())}  # fmt: skip

    out = frame.drop(columns=[c for c in WORKBOOK_OMITS if c in frame.columns]).copy()
    if "park" in out.columns:
        names = out["park"].map(lambda p: _lookup(vocabulary.park_name, p))
        out.insert(out.columns.get_loc("park") + 1, "park_name", names)
    mappers = {
        "severity": lambda v: SEVERITY_LABELS.get(v, v),
        "level1": lambda v: _lookup(vocabulary.level_label, v),
        "level2": lambda v: _lookup(vocabulary.level_label, v),
        "qualifier": qualifier,
        "target_qualifier": qualifier,
        "actual_qualifier": qualifier,
        "kind": lambda v: KIND_LABELS.get(v, v),
        "direction": lambda v: DIRECTION_LABELS.get(v, v),
        "not_recomputed_reason": reason_label,
        "inferred": inferred_label,
        "subject": lambda v: subject_label(v, vocabulary),
        "rule": (lambda v: rule_label(v, titles)) if stem == "assessment" else None,
    }
    for column, mapper in mappers.items():
        if mapper is not None and column in out.columns:
            out[column] = out[column].map(lambda v, f=mapper: v if is_missing(v) else f(v))
    if stem == "findings" and {"rule", "code"} <= set(out.columns):
        # the review rule a finding applies, titled as the worksheet titles it, with the
        # rules.yaml setting a reviewer would change when it is not the finding's own code
        out["rule"] = [
            rule_title(str(code), rules)[0]
            + ("" if rule == code or is_missing(rule) else f"（{rule}）")
            for code, rule in zip(out["code"], out["rule"], strict=True)
        ]
    for column, spec in column_labels().get(stem, {}).items():
        if spec.format == "boolean" and column in out.columns:
            out[column] = out[column].map(lambda v: v if is_missing(v) else BOOLEAN_LABELS[bool(v)])
    return out


def write_workbook(
    tables: dict[str, pd.DataFrame],
    vocabulary: Any,
    path: Path,
    when: dt.datetime,
    rules: Any = None,
) -> Path:
    """Write ``report.xlsx``: one sheet per table, Chinese headings, fixed bytes."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    labels = column_labels()
    workbook = Workbook()
    workbook.remove(workbook.active)
    for stem, frame in tables.items():
        sheet = workbook.create_sheet(SHEETS.get(stem, stem))
        shown = display_table(stem, frame, vocabulary, rules)
        columns = labels.get(stem, {})
        headings = [columns[c].label if c in columns else c for c in shown.columns]
        sheet.append(headings)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(vertical="top", wrap_text=True)
        for values in shown.itertuples(index=False):
            sheet.append([_cell_value(v) for v in values])
        for index, column in enumerate(shown.columns, start=1):
            kind = columns[column].format if column in columns else "text"
            letter = get_column_letter(index)
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # text as written, never a formula
                    cell.quotePrefix = is_formula_like(cell.value)
                    cell.alignment = Alignment(vertical="top", wrap_text=True)
                elif kind in NUMBER_FORMATS:
                    cell.number_format = NUMBER_FORMATS[kind]
                    if kind == "number" and _large_whole(cell.value):
                        cell.number_format = LARGE_FORMAT
            width = max([_width(headings[index - 1]), *(_width(v) for v in shown[column])])
            sheet.column_dimensions[letter].width = min(max(width + 2, MIN_WIDTH), MAX_WIDTH)
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
    workbook.properties.creator = workbook.properties.lastModifiedBy = "parkmetrics"
    workbook.properties.created = workbook.properties.modified = when
    buffer = io.BytesIO()
    workbook.save(buffer)
    path = Path(path)
    path.write_bytes(_fixed_zip(buffer.getvalue(), when))
    return path


def _large_whole(value: Any) -> bool:
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and abs(value) >= LARGE_NUMBER
        and float(value).is_integer()
    )


def _cell_value(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return "；".join(map(str, value))
    if value is pd.NA or is_missing(value) or (not isinstance(value, str) and pd.isna(value)):
        return None
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    return value


def _width(value: Any) -> int:
    """Display width in characters: a Chinese character is two columns wide."""
    if is_missing(value):
        return 0
    text = str(value)
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _lookup(function: Any, value: Any) -> Any:
    try:
        return function(value)
    except (LookupError, AttributeError, TypeError):
        return value


_MODIFIED = re.compile(rb"<dcterms:modified([^>]*)>[^<]*</dcterms:modified>")


def _fixed_zip(data: bytes, when: dt.datetime) -> bytes:
    """The workbook with ``when`` as its modified date and every zip entry's time."""
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            content = source.read(entry.filename)
            if entry.filename == "docProps/core.xml":
                content = _MODIFIED.sub(
                    rb"<dcterms:modified\1>" + stamp + rb"</dcterms:modified>", content
                )
            info = zipfile.ZipInfo(entry.filename, date_time=when.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, content)
    return out.getvalue()
