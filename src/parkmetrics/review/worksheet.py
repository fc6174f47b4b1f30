"""The reviewer's working sheet (复核意见表) as an Excel workbook: one row per finding (severity,
rule, cell, evidence, suggested deduction, a blank column for the reviewer's decision) and a
summary with the reported total, the re-scored total under the chosen rule pack and the
deviation (自评 − 复核) ÷ 自评.

``write_worksheet`` is the one writer (``parkmetrics audit --xlsx`` and, later, the yearly run
call it). Same findings → same bytes: the workbook's dates are fixed and the zip entries carry a
fixed time; texts that a spreadsheet would read as a formula (=, +, -, @) are string cells with
the quote prefix, kept as written.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from parkmetrics.review.findings import CHECK_TITLES, SEVERITY_LABELS, rule_title
from parkmetrics.scoring.assessment import Assessment
from parkmetrics.scoring.cells import is_blank
from parkmetrics.scoring.rules import Rules

SHEET, SUMMARY = "复核意见表", "汇总"
# The Chinese columns hold Chinese only (rule and cell named in words); the ids a script or an
# English reader needs (the rules.yaml key and finding code, the subject id) are in the last three.
COLUMNS = (  # (heading, width)
    ("编号", 6), ("优先级", 7), ("级别", 6), ("复核项", 18), ("规则", 30), ("单元格", 36),
    ("复核意见", 60), ("证据", 60), ("建议扣分", 9), ("复核结论", 24),
    ("English", 60), ("rule", 30), ("subject", 16),
)  # fmt: skip
FIXED_TIME = datetime(2000, 1, 1)  # the workbook's created/modified dates (reproducible bytes)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_CORE_DATES = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def deviation(reported: float, rescored: float) -> float:
    """(自评 − 复核) ÷ 自评: the share of the self-assessed total the review does not confirm."""
    if is_blank(reported) or not reported or is_blank(rescored):
        return math.nan
    return (reported - rescored) / reported


def write_worksheet(
    findings: pd.DataFrame,
    assessment: Assessment,
    rules: Rules,
    path: str | Path,
    *,
    year: int,
    title: str = "",
) -> Path:
    """Write the 复核意见表 of ``findings`` to ``path`` (.xlsx); returns the path."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    sheet.append([h for h, _ in COLUMNS])
    for column, (_, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[sheet.cell(1, column).column_letter].width = width
        sheet.cell(1, column).font = Font(bold=True)
    for f in findings.to_dict("records"):
        sheet.append(_row(f, rules))
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            _as_text(cell)
    sheet.freeze_panes = "A2"
    _summary(workbook.create_sheet(SUMMARY), findings, assessment, rules, year, title)
    workbook.properties.creator = "parkmetrics"
    workbook.properties.created = FIXED_TIME
    buffer = io.BytesIO()
    workbook.save(buffer)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_fixed_zip(buffer.getvalue()))
    return path


def _row(f: dict[str, Any], rules: Rules) -> list[Any]:
    evidence = f["evidence"] or ()
    cell = evidence[0]["what"] if evidence else ""
    rule_zh, rule_en = rule_title(f["code"], rules)
    rule_id = f["rule"] if f["rule"] == f["code"] else f"{f['rule']} ({f['code']})"
    deduction = None if is_blank(f.get("deduction")) else float(f["deduction"])
    return [
        f["finding"], f["priority"], SEVERITY_LABELS.get(f["severity"], f["severity"]),
        f"第{int(f['check'])}项 {CHECK_TITLES.get(int(f['check']), '')}", rule_zh, cell,
        f["message_zh"], f["evidence_text"], deduction, None,
        f"{f['message_en']} [{rule_en}]", rule_id, f["subject"],
    ]  # fmt: skip


def _summary(
    sheet: Any, findings: pd.DataFrame, assessment: Assessment, rules: Rules, year: int, title: str
) -> None:
    totals = assessment.totals
    reported, rescored = totals["reported_total"], totals["recomputed_total"]
    counts = findings["severity"].value_counts()
    deductions = findings["deduction"].dropna().astype(float).sum()
    rows = [
        ("年度", year),
        ("报告", title),
        ("规则包", _pack_name(rules)),
        ("自评总分", reported),
        ("复核总分（按所选规则包重算）", rescored),
        ("偏差率（自评 − 复核）÷ 自评", deviation(reported, rescored)),
        ("建议扣分合计", float(deductions)),
        *[(f"{SEVERITY_LABELS[s]}（条）", int(counts.get(s, 0))) for s in SEVERITY_LABELS],
        ("复核人", None),
        ("复核日期", None),
    ]
    for label, value in rows:
        sheet.append([label, None if _nan(value) else value])
    for row in sheet.iter_rows():
        for cell in row:
            _as_text(cell)
    sheet["B6"].number_format = "0.00%"
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 60
    for row in sheet.iter_rows(max_col=1):
        row[0].font = Font(bold=True)


def _pack_name(rules: Rules) -> str:
    """The pack as ``--rules`` names it: a file's stem; the defaults (config/rules.yaml) are
    the ``national`` pack."""
    stem = Path(rules.source).stem
    return "national" if stem == "rules" else stem


def _nan(value: Any) -> bool:
    return isinstance(value, float) and math.isnan(value)


def _as_text(cell: Any) -> None:
    """A text a spreadsheet would run as a formula stays the text as written: a string cell
    with the quote prefix (as report.xlsx does), which no spreadsheet evaluates."""
    if isinstance(cell.value, str) and cell.value.startswith(_FORMULA_START):
        cell.data_type = "s"
        cell.quotePrefix = True


def _fixed_zip(data: bytes) -> bytes:
    """The workbook's zip with fixed entry times and fixed core-property dates."""
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _CORE_DATES.sub(rb"\g<1>" + stamp + rb"\g<3>", content)
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, content)
    return out.getvalue()
