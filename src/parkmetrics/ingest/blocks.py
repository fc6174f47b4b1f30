"""The blocks of the table above its indicators: header fields (项目名称 …), the budget block
(项目资金) and 年度总体目标; and what recognising them shares (header rows, a position as a
Value, a row's place as a person counts it)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from parkmetrics.data.schemas import is_number
from parkmetrics.ingest.grid import Grid, Position
from parkmetrics.ingest.labels import Labels, normalise
from parkmetrics.ingest.model import (
    UNKNOWN,
    Budget,
    BudgetLine,
    Goals,
    HeaderField,
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


NUMBER_COLUMNS = ("weight", "score")  # an indicator row's cells that hold numbers


@dataclass(frozen=True)
class HeaderRow:
    """A header row: column id → (physical column, index among the row's cells)."""

    grid: Grid
    row: int
    columns: dict[str, tuple[int, int]]
    width: int  # cells in the header row (for flattened grids)

    def values(self, r: int) -> dict[str, Value]:
        if not self.grid.flattened:
            return {k: value_of(self.grid.position(r, c)) for k, (c, _) in self.columns.items()}
        # A dump lost its merges: a shorter row lost cells at its left (a 一级 cell written
        # only on the group's first row, the 总分 label spanning several columns) …
        cells = [p for p in self.grid.row_cells(r) if not p.is_unknown]
        if self.cut_short(r):
            # … unless the text stops inside it: then it lost its cells at the right, and its
            # last cell may be cut short too
            return self._aligned(cells[:-1], 0)
        return self._aligned(cells, self.width - len(cells))

    def cut_short(self, r: int) -> bool:
        """Whether row ``r`` is one the text stops inside and lost its cells at the right:
        aligned to the right, its words would stand under 分值 and 得分."""
        if not self.grid.flattened or r != self.grid.cut_row:
            return False
        cells = [p for p in self.grid.row_cells(r) if not p.is_unknown]
        return not _numbers_fit(self._aligned(cells, self.width - len(cells)))

    def _aligned(self, cells: list[Position], offset: int) -> dict[str, Value]:
        out = {}
        for k, (_, i) in self.columns.items():
            j = i - offset
            out[k] = value_of(cells[j]) if 0 <= j < len(cells) else UNKNOWN
        return out


def _numbers_fit(values: dict[str, Value]) -> bool:
    """Whether a row's 分值 and 得分 cells, as aligned, hold numbers (or nothing)."""
    texts = [values[k].text for k in NUMBER_COLUMNS if k in values and values[k].text]
    return all(is_number(unicodedata.normalize("NFKC", t).strip()) for t in texts)


def header_row(grid: Grid, r: int, labels: Labels, groups: dict[str, list[str]]) -> HeaderRow:
    cols: dict[str, tuple[int, int]] = {}
    cells = [p for p in grid.row_cells(r) if not p.is_unknown]
    for i, pos in enumerate(cells):
        if pos.is_vertical_continuation:
            continue
        key = labels.classify(pos.cell.text if pos.cell else None, groups)
        if key and key not in cols:
            cols[key] = (pos.col, i)
    return HeaderRow(grid, r, cols, len(cells))


def row_texts(grid: Grid, r: int) -> list[str]:
    return [p.cell.text for p in grid.row_cells(r) if p.is_origin and p.cell]


def header_fields(grid: Grid, stop: int, labels: Labels) -> dict[str, HeaderField]:
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


def budget_block(grid: Grid, stop: int, labels: Labels) -> tuple[Budget | None, int | None]:
    columns = labels.group("budget", "columns")
    for r in range(stop):
        head = header_row(grid, r, labels, columns)
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
    full = HeaderRow(grid, r, {"label": label_col, **head.columns}, head.width)
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
        if any(labels.classify(t, stops) for t in row_texts(grid, rr)):
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


def goals_block(grid: Grid, start: int | None, stop: int, labels: Labels) -> Goals | None:
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
        head = header_row(
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
