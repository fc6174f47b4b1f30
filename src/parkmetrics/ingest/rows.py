"""A recognised table as the rows of the data format (data/README.md, "The format").

Nothing is invented: a cell the source has not got is listed in the row's ``cells_unknown``; a
blank cell stays blank; a 一级/二级 cell carried down a merged group is left empty (the loader
carries it and records it). Cells that cannot go into the format as written (a weight that is
not a number, a level the vocabulary does not know) are problems naming the cell's location as
the source shows it (``指标!F7``, ``表1 第8行 第7列``, ``第120行``), all at once.
Every value's quote and location is also written to ``source_cells.csv``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from parkmetrics.data.schemas import is_number
from parkmetrics.data.vocabulary import Vocabulary
from parkmetrics.errors import Problem
from parkmetrics.figures.reading import STRICT_NUMBER
from parkmetrics.ingest.labels import Labels, normalise
from parkmetrics.ingest.model import UNKNOWN, Budget, IndicatorRow, SelfEvaluation, Value

HEADER_COLUMNS = ("field", "value", "source_quote", "cells_unknown")
BUDGET_COLUMNS = (
    "line",
    "label",
    "unit",
    "initial",
    "full_year",
    "executed",
    "weight",
    "rate_text",
    "rate",
    "score",
)
INDICATOR_COLUMNS = (
    "row",
    "level1",
    "level2",
    "level3",
    "target",
    "actual",
    "weight",
    "score",
    "deviation_reason",
    "metrics",
)
SEPARATE = ("sign", "unit")  # the 指标性质 / 度量单位 columns, when the form has them
CELL_COLUMNS = ("file", "key", "column", "location", "state", "quote")
NUMBERS = ("initial", "full_year", "executed", "weight", "score")
LEVEL_WEIGHT = re.compile(r"[(（]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]")
DASHES = {"—", "–", "-", "－", "/", "／", "——", "……", "无"}  # a cell that says "nothing here"
LEVEL_FIELDS = {
    "output": "output_weight",
    "benefit": "benefit_weight",
    "satisfaction": "satisfaction_weight",
}
COLUMN_NAMES = {
    "initial": "年初预算数",
    "full_year": "全年预算数",
    "executed": "全年执行数",
    "weight": "分值",
    "score": "得分",
    "level1": "一级指标",
    "level2": "二级指标",
}


@dataclass
class Rows:
    """The files' rows, the cells' quotes and locations, and every problem found."""

    source: str  # the file name the problems name
    header: list[dict[str, str]] = field(default_factory=list)
    budget: list[dict[str, str]] = field(default_factory=list)
    budget_columns: tuple[str, ...] = BUDGET_COLUMNS
    indicators: list[dict[str, str]] = field(default_factory=list)
    indicator_columns: tuple[str, ...] = INDICATOR_COLUMNS
    cells: list[dict[str, str]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what a person is told beside the counts

    def cell(self, file: str, key: str, column: str, value: Value) -> str:
        """The text a value goes into its file as (blank for unknown), recorded in ``cells``."""
        state = (
            "unknown"
            if value.is_unknown
            else "carried"
            if value.carried_from
            else "merged"
            if value.merged
            else "blank"
            if value.is_blank
            else "filled"
        )
        self.cells.append(
            {
                "file": file,
                "key": key,
                "column": column,
                "location": value.carried_from or value.location or "",
                "state": state,
                "quote": value.quote or "",
            }
        )
        return value.text or ""

    def problem(self, value: Value, column: str, expected: str) -> None:
        self.problems.append(
            Problem(
                self.source,
                None,
                value.location or column,
                value.text,
                f"{COLUMN_NAMES.get(column, column)}: {expected}",
            )
        )


def _number(rows: Rows, value: Value, column: str) -> str:
    """A number column's text: ASCII digits, thousands commas and a dash-only cell removed."""
    written = unicodedata.normalize("NFKC", value.text or "").strip()
    text = written.replace(",", "")
    if text in DASHES or not text:
        return ""
    if "," in written and not STRICT_NUMBER.fullmatch(written.lstrip("-")):
        # 1,2345.6 is not a grouping of thousands: which digits are meant is not known
        rows.problem(value, column, "a number with commas between groups of three (1,234.5)")
    elif not is_number(text):
        rows.problem(value, column, "a number (digits only; a unit or word goes in its own column)")
    return text


def _unknown(values: dict[str, Value]) -> str:
    return ";".join(k for k, v in values.items() if v.is_unknown)


def to_rows(ev: SelfEvaluation, vocabulary: Vocabulary, document: str) -> Rows:
    """The header, budget and indicator rows of ``ev`` (quotes from ``document``)."""
    rows = Rows(Path(ev.source).name)  # problems name the file the user gave, not its text
    _budget(rows, ev)
    weights = _indicators(rows, ev, vocabulary)
    _header(rows, ev, document, weights)
    return rows


def _header(rows: Rows, ev: SelfEvaluation, document: str, weights: dict[str, Value]) -> None:
    def add(name: str, value: Value, label: Value = UNKNOWN, led: list[str] = ()) -> None:
        text = rows.cell("header.csv", name, "value", value)
        for word in led:  # 预期目标：新建厂房 → 新建厂房 (the quote keeps the label)
            if text.startswith(word):
                text = text.removeprefix(word).lstrip(":：")
                break
        quote = value.text or label.text or ""
        unknown = "value" if value.is_unknown else ""
        rows.header.append(
            {"field": name, "value": text, "source_quote": quote, "cells_unknown": unknown}
        )

    title = ev.title or ""
    rows.header.append(
        {
            "field": "title",
            "value": title,
            "source_quote": title,
            "cells_unknown": "" if title else "value",
        }
    )
    # the city is not a cell of the form: unknown unless the analyst writes it in
    rows.header.append({"field": "city", "value": "", "source_quote": "", "cells_unknown": "value"})
    rows.header.append(
        {"field": "document", "value": document, "source_quote": "", "cells_unknown": ""}
    )
    for name in ("project_name", "department", "implementing_unit"):
        found = ev.header[name]
        add(name, found.value, found.label)
    goals = ev.goals
    labels = Labels()
    led = {
        k: sorted(labels.synonyms("goals", k), key=len, reverse=True)
        for k in ("expected", "actual")
    }
    add("goal_expected", goals.expected if goals else UNKNOWN, led=led["expected"])
    add("goal_actual", goals.actual if goals else UNKNOWN, led=led["actual"])
    total = ev.total
    add("total_weight", total.weight if total else UNKNOWN)
    add("total_score", total.score if total else UNKNOWN)
    for level, name in LEVEL_FIELDS.items():
        value = weights.get(level)
        found = LEVEL_WEIGHT.search(value.text or "") if value else None
        text = found.group(1) if found else ""
        rows.header.append(
            {
                "field": name,
                "value": text,
                "source_quote": found.group(0) if found else "",
                # a weight the form does not write (no （50分） in its level's cell, or no such
                # level) is not in the source: unknown, not a blank cell
                "cells_unknown": "" if found else "value",
            }
        )


def _budget(rows: Rows, ev: SelfEvaluation) -> None:
    budget = ev.budget
    if budget is None:
        return  # a narrative-only report: budget.csv has its header row only
    if budget.unit is None:
        rows.problem(budget.heading, "unit", "the block's amount unit (万元 or 元) in its heading")
    unit_cell = _unit_cell(budget)
    if budget.unit and unit_cell.text and budget.unit not in unit_cell.text:
        # 萬元 (Traditional) or （万 元）: the file holds the canonical unit, the written form
        # stays in source_cells.csv as the unit's quote
        rows.notes.append(f"budget unit written 「{unit_cell.text}」, recorded as {budget.unit}")
    has_reason = any(not line.values.get("reason", UNKNOWN).is_unknown for line in budget.lines)
    rows.budget_columns = BUDGET_COLUMNS + (("reason",) if has_reason else ()) + ("cells_unknown",)
    seen: set[str] = set()
    for line in budget.lines:
        label = line.label.text or ""
        key = line.line or re.sub(r"[\s;]+", "", label) or "line"
        while key in seen:
            key += "_2"
        seen.add(key)
        values = {k: v for k, v in line.values.items() if has_reason or k != "reason"}
        out = {
            "line": key,
            "label": rows.cell("budget.csv", key, "label", line.label),
            "unit": budget.unit or "",
        }
        rows.cell("budget.csv", key, "unit", unit_cell)  # the heading the unit is read from
        for column, value in values.items():
            if value.merged:  # one cell over several lines: written on the line it stands on
                value = Value("", value.location)
            text = rows.cell("budget.csv", key, column, value)
            if column in NUMBERS:
                out[column] = _number(rows, value, column)
            elif column == "rate":
                out["rate_text"] = text
                out["rate"] = _number(rows, Value(text.rstrip("%％"), value.location), column)
            else:
                out[column] = text
        out["cells_unknown"] = ";".join(
            "rate_text;rate" if k == "rate" else k for k, v in values.items() if v.is_unknown
        )
        rows.budget.append(out)


def _unit_cell(budget: Budget) -> Value:
    """The cell the block's unit is read from: its heading, else the column header naming it."""
    labels = Labels()
    for value in (budget.heading, *budget.columns.values()):
        if labels.unit_in(value.text):
            return value
    return budget.heading


def _level(rows: Rows, value: Value, column: str, vocabulary: Vocabulary, level: int) -> str:
    if value.carried_from or value.is_unknown or value.is_blank:
        return ""  # carried down by the loader, recorded there
    text = normalise(LEVEL_WEIGHT.sub("", value.text or ""))
    levels = vocabulary.levels[vocabulary.levels["level"] == level]
    for label, level_id in zip(levels["label"], levels["id"], strict=True):
        if text in (label, label.removesuffix("指标")):
            return str(level_id)
    rows.problem(
        value,
        column,
        "a level of vocabulary/indicator_levels.csv (" + ", ".join(levels["label"]) + ")",
    )
    return ""


def _indicators(rows: Rows, ev: SelfEvaluation, vocabulary: Vocabulary) -> dict[str, Value]:
    """The indicator rows; returns each 一级 id's cell (its declared weight, 产出指标(50分))."""
    separate = "target_value" in ev.indicators.columns or "sign" in ev.indicators.columns
    columns = list(INDICATOR_COLUMNS)
    if separate:
        columns[4:5] = ["sign", "target", "unit"]
    rows.indicator_columns = (*columns, "cells_unknown")
    weights: dict[str, Value] = {}
    for r in ev.indicators.in_table_order():
        key = str(r.table_row)
        cells = _cells(r, separate)
        out = {"row": key, "metrics": ""}
        for column, value in cells.items():
            text = rows.cell("indicators.csv", key, column, value)
            if column in ("level1", "level2"):
                out[column] = _level(rows, value, column, vocabulary, int(column[-1]))
                if column == "level1" and out[column] and out[column] not in weights:
                    weights[out[column]] = value
            elif column in NUMBERS:
                out[column] = _number(rows, value, column)
            else:
                out[column] = text
        out["cells_unknown"] = _unknown(
            {k: v for k, v in cells.items() if k not in ("level1", "level2") or not v.carried_from}
        )
        rows.indicators.append(out)
    return weights


def _cells(r: IndicatorRow, separate: bool) -> dict[str, Value]:
    target = (
        {"sign": r.sign, "target": r.target_value, "unit": r.unit}
        if separate
        else {"target": r.target}
    )
    return {
        "level1": r.level1,
        "level2": r.level2,
        "level3": r.level3,
        **target,
        "actual": r.actual,
        "weight": r.weight,
        "score": r.score,
        "deviation_reason": r.deviation_reason,
    }
