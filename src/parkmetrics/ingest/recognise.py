"""Finding the self-evaluation table in a Document's grids and reading it into the model."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from parkmetrics.ingest.errors import IngestError
from parkmetrics.ingest.grid import Document, Grid, Position
from parkmetrics.ingest.labels import Labels, normalise
from parkmetrics.ingest.model import (
    UNKNOWN,
    Budget,
    BudgetLine,
    Goals,
    HeaderField,
    IndicatorRow,
    Indicators,
    SelfEvaluation,
    Total,
    Value,
)


def value_of(pos: Position | None) -> Value:
    """A grid position as a Value: unknown, a cell, or a merge continuation of one."""
    if pos is None or pos.cell is None:
        return UNKNOWN
    return Value(
        pos.cell.text, pos.cell.location, merged=pos.is_continuation, number=pos.cell.number
    )


def row_location(grid: Grid, r: int) -> str:
    """``表1 第8行`` / ``第120行`` / ``指标 第8行``: where a row is, as a person counts."""
    for pos in grid.row(r):
        if pos.cell is not None and pos.cell.row == r:
            loc = pos.cell.location
            if m := re.fullmatch(r"(.*)!\$?[A-Z]+\$?(\d+)", loc):
                return f"{m[1]} 第{m[2]}行"
            return re.sub(r" 第\d+列$", "", loc)
    return f"{grid.name} 第{r + 1}行"


@dataclass(frozen=True)
class _Header:
    """A header row: column id → (physical column, index among the row's cells)."""

    grid: Grid
    row: int
    columns: dict[str, tuple[int, int]]
    width: int  # cells in the header row (for flattened grids)

    def values(self, r: int) -> dict[str, Value]:
        if not self.grid.flattened:
            return {k: value_of(self.grid.position(r, c)) for k, (c, _) in self.columns.items()}
        # A dump lost its merges: a shorter row lost cells at its left (a 一级 cell written
        # only on the group's first row, the 总分 label spanning several columns).
        cells = self.grid.row_cells(r)
        cells = [p for p in cells if not p.is_unknown]
        offset = self.width - len(cells)
        out = {}
        for k, (_, i) in self.columns.items():
            j = i - offset
            out[k] = value_of(cells[j]) if 0 <= j < len(cells) else UNKNOWN
        return out


def _header(grid: Grid, r: int, labels: Labels, groups: dict[str, list[str]]) -> _Header:
    cols: dict[str, tuple[int, int]] = {}
    cells = [p for p in grid.row_cells(r) if not p.is_unknown]
    for i, pos in enumerate(cells):
        if pos.is_vertical_continuation:
            continue
        key = labels.classify(pos.cell.text if pos.cell else None, groups)
        if key and key not in cols:
            cols[key] = (pos.col, i)
    return _Header(grid, r, cols, len(cells))


def _texts(grid: Grid, r: int) -> list[str]:
    return [p.cell.text for p in grid.row_cells(r) if p.is_origin and p.cell]


def recognise(doc: Document, labels: Labels | None = None) -> SelfEvaluation:
    """Recognise the 项目支出绩效自评表 of ``doc``; IngestError says what was not recognised."""
    labels = labels or Labels()
    groups = labels.group("indicators", "columns")
    required = labels.raw["indicators"]["required"]
    candidate: tuple[_Header, list[str]] | None = None
    for grid in doc.tables:
        for r in range(grid.n_rows):
            head = _header(grid, r, labels, groups)
            if (
                "target" not in head.columns
                and "sign" not in head.columns
                and "target_value" in head.columns
            ):
                head.columns["target"] = head.columns.pop("target_value")
            if len(head.columns) < 2 or ("level3" not in head.columns and len(head.columns) < 3):
                continue
            missing = [alts for alts in required if not any(a in head.columns for a in alts)]
            if not missing:
                return _read(doc, grid, head, labels)
            if candidate is None:
                candidate = (head, missing[0])
    if candidate is not None:
        head, alts = candidate
        names = "/".join(s for a in alts for s in groups[a][:2])
        found = ", ".join(normalise(t) for t in _texts(head.grid, head.row) if t.strip())
        raise IngestError(
            doc.source_path,
            f"no column {names} in the indicator header row "
            f"{row_location(head.grid, head.row)}: found {found}",
        )
    everything = normalise(
        "".join(doc.paragraphs) + "".join(c.text for g in doc.tables for c in g.cells)
    )
    if not any(normalise(m) in everything for m in labels.synonyms("markers")):
        raise IngestError(
            doc.source_path,
            "not a performance self-evaluation (项目支出绩效自评"
            "表): no table or text mentions 绩效指标/三级指标",
        )
    raise IngestError(
        doc.source_path,
        f"a self-evaluation table with an indicator header row "
        f"(一级指标, 二级指标, 三级指标, 年度指标值, 实际完成值…): "
        f"none among {len(doc.tables)} table(s)",
    )


def _read(doc: Document, grid: Grid, head: _Header, labels: Labels) -> SelfEvaluation:
    budget, budget_row = _budget(grid, head.row, labels)
    goals = _goals(grid, budget_row, head.row, labels)
    top = budget_row if budget_row is not None else head.row
    header = _header_fields(grid, top, labels)
    # a workbook with one sheet per block: the other blocks are in the other grids
    for other in (g for g in doc.tables if g is not grid):
        if budget is None:
            budget, other_row = _budget(other, other.n_rows, labels)
            if goals is None and budget is not None:
                goals = _goals(other, other_row, other.n_rows, labels)
        if goals is None:
            goals = _goals(other, 0, other.n_rows, labels)
        for key, found in _header_fields(other, other.n_rows, labels).items():
            if header[key].label.is_unknown:
                header[key] = found
    indicators, total = _indicators(grid, head, labels)
    title = next((p for p in doc.paragraphs if "自评表" in normalise(p)), None)
    notes = []
    carried = sum(1 for row in indicators.rows for v in (row.level1, row.level2) if v.carried_from)
    if carried:
        notes.append(f"{carried} 一级/二级 cell(s) carried down from the first row of their group")
    if indicators.placeholders_dropped:
        notes.append(
            f"{len(indicators.placeholders_dropped)} placeholder row(s) dropped: "
            + ", ".join(indicators.placeholders_dropped)
        )
    if total is None:
        notes.append(f"the table ends before 总分 ({row_location(grid, grid.n_rows - 1)})")
    return SelfEvaluation(
        str(Path(doc.source_path)),
        grid.name,
        header,
        budget,
        goals,
        indicators,
        total,
        title,
        tuple(notes),
    )


def _header_fields(grid: Grid, stop: int, labels: Labels) -> dict[str, HeaderField]:
    groups = labels.group("header_fields")
    found: dict[str, HeaderField] = {}
    for r in range(stop):
        cells = [p for p in grid.row_cells(r) if not p.is_unknown]
        for i, pos in enumerate(cells):
            key = labels.classify(pos.cell.text if pos.is_origin and pos.cell else None, groups)
            if key and key not in found:
                value = value_of(cells[i + 1]) if i + 1 < len(cells) else UNKNOWN
                found[key] = HeaderField(key, value_of(pos), value)
    return {k: found.get(k, HeaderField(k, UNKNOWN, UNKNOWN)) for k in groups}


def _budget(grid: Grid, stop: int, labels: Labels) -> tuple[Budget | None, int | None]:
    columns = labels.group("budget", "columns")
    for r in range(stop):
        head = _header(grid, r, labels, columns)
        if sum(k in head.columns for k in ("initial", "full_year", "executed")) >= 2:
            break
    else:
        return None, None
    cells = [p for p in grid.row_cells(r) if p.is_origin]
    heading = next(
        (p for p in cells if labels.is_(p.cell.text if p.cell else "", "budget", "heading")),
        cells[0],
    )
    first = min(head.columns.values())
    # the line's label sits in the column left of the first amount column
    label_col = (first[0] - 1, first[1] - 1)
    full = _Header(grid, r, {"label": label_col, **head.columns}, head.width)
    unit = labels.unit_in(heading.cell.text if heading.cell else None) or next(
        (u for p in cells if p.cell and (u := labels.unit_in(p.cell.text))), None
    )
    lines = []
    stops = {
        **labels.group("goals"),
        "block": labels.synonyms("indicators", "block"),
        "total": labels.synonyms("total"),
    }
    line_groups = labels.group("budget", "lines")
    for rr in range(r + 1, stop):
        if any(labels.classify(t, stops) for t in _texts(grid, rr)):
            break
        values = full.values(rr)
        label = values.pop("label")
        if label.merged and label.location == (heading.cell.location if heading.cell else None):
            label = UNKNOWN
        if (label.is_unknown or label.is_blank) and all(
            v.is_unknown or v.is_blank for v in values.values()
        ):
            continue
        line = labels.classify(labels.strip_prefix(label.quote or ""), line_groups)
        lines.append(BudgetLine(line, label, values))
    header_cells = {
        k: value_of(grid.position(r, c)) if not grid.flattened else value_of(grid.row_cells(r)[i])
        for k, (c, i) in head.columns.items()
    }
    return Budget(value_of(heading), unit, header_cells, tuple(lines)), r


def _goals(grid: Grid, start: int | None, stop: int, labels: Labels) -> Goals | None:
    for r in range(start or 0, stop):
        cells = [p for p in grid.row_cells(r) if not p.is_unknown]
        i = next(
            (
                k
                for k, p in enumerate(cells)
                if p.is_origin and p.cell and labels.is_(p.cell.text, "goals", "heading")
            ),
            None,
        )
        if i is None:
            continue
        pos = cells[i]
        right = [value_of(p) for p in cells[i + 1 :] if p.is_origin]
        # 预期目标：… | 实际完成情况：… — each cell led by its label and holding more than it
        led = {
            k: next((v for v in right if _led_by(v, labels.synonyms("goals", k))), None)
            for k in ("expected", "actual")
        }
        if led["expected"] or led["actual"]:
            return Goals(value_of(pos), led["expected"] or UNKNOWN, led["actual"] or UNKNOWN)
        head = _header(
            grid, r, labels, {k: labels.synonyms("goals", k) for k in ("expected", "actual")}
        )
        if head.columns:
            # 年度总体目标 | 预期目标 | 实际完成情况, the texts on the row below
            values = head.values(r + 1) if r + 1 < stop else {}
            return Goals(
                value_of(pos), values.get("expected", UNKNOWN), values.get("actual", UNKNOWN)
            )
        return Goals(value_of(pos), right[0] if right else UNKNOWN, UNKNOWN)
    return None


def _led_by(value: Value, synonyms: list[str]) -> bool:
    text = normalise(value.text or "")
    words = {normalise(s) for s in synonyms}
    return text not in words and any(text.startswith(w) for w in words)


def _carry(v: Value, above: Value | None) -> Value:
    if above is None or not (v.is_blank or v.merged):
        return v
    source = above.carried_from or above.location
    return Value(
        above.quote, v.location if not v.merged else above.location, v.merged, source, above.number
    )


def _total(grid: Grid, r: int, label: Value, values: dict[str, Value]) -> Total:
    """The 总分 row. Where its label spans columns in an export that lost the span, the
    weight and score are the cells written after the label (总分 | 100 | 91.5)."""
    weight, score = values.get("weight", UNKNOWN), values.get("score", UNKNOWN)
    if (weight.is_unknown or weight.is_blank) and (score.is_unknown or score.is_blank):
        after = [
            value_of(p)
            for p in grid.row_cells(r)
            if p.is_origin and p.cell and p.cell.location != label.location and not p.cell.is_blank
        ]
        if 1 <= len(after) <= 2:
            blank = Value("", score.location)
            weight, score = after[0], after[1] if len(after) == 2 else blank
    return Total(label, weight, score)


def _indicators(grid: Grid, head: _Header, labels: Labels) -> tuple[Indicators, Total | None]:
    groups = labels.group("indicators", "columns")
    rows: list[IndicatorRow] = []
    placeholders: list[str] = []
    blanks: list[str] = []
    kept: list[IndicatorRow] = []  # the placeholder rows themselves, for the data files
    total = None
    prev: IndicatorRow | None = None
    for r in range(head.row + 1, grid.n_rows):
        texts = [t for t in _texts(grid, r) if t.strip(" \u3000\u00a0\n")]
        if texts and labels.is_(texts[0], "total"):
            values = head.values(r)
            label = next(
                value_of(p) for p in grid.row_cells(r) if p.cell and p.cell.text == texts[0]
            )
            total = _total(grid, r, label, values)
            break
        if sum(1 for t in texts if labels.classify(t, groups)) >= 3:
            continue  # the header repeated at the top of a page
        values = head.values(r)
        location = row_location(grid, r)
        if all(v.is_unknown or v.is_blank or v.merged for v in values.values()):
            blanks.append(location)
            continue
        level1 = _carry(values.pop("level1", UNKNOWN), prev.level1 if prev else None)
        level2 = values.pop("level2", UNKNOWN)
        if level1.carried_from or level2.merged:
            level2 = _carry(level2, prev.level2 if prev else None)
        table_row = len(rows) + len(kept) + 1
        if labels.is_placeholder(values.get("level3", UNKNOWN).text):
            placeholders.append(location)
            kept.append(
                IndicatorRow(
                    0,
                    location,
                    level1,
                    level2,
                    values.pop("level3", UNKNOWN),
                    **values,
                    table_row=table_row,
                )
            )
            continue
        prev = IndicatorRow(
            len(rows) + 1,
            location,
            level1,
            level2,
            values.pop("level3", UNKNOWN),
            **values,
            table_row=table_row,
        )
        rows.append(prev)
    header_cells = head.values(head.row)
    return Indicators(
        row_location(grid, head.row),
        header_cells,
        tuple(rows),
        tuple(placeholders),
        tuple(blanks),
        tuple(kept),
    ), total
