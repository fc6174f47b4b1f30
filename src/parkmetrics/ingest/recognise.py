"""Finding the self-evaluation table in a Document's grids and reading it into the model."""

from __future__ import annotations

from pathlib import Path

from parkmetrics.ingest.blocks import (
    HeaderRow,
    budget_block,
    goals_block,
    header_fields,
    header_row,
    row_location,
    row_texts,
    value_of,
)
from parkmetrics.ingest.errors import IngestError
from parkmetrics.ingest.grid import Document, Grid
from parkmetrics.ingest.labels import Labels, normalise
from parkmetrics.ingest.model import (
    UNKNOWN,
    HeaderField,
    IndicatorRow,
    Indicators,
    SelfEvaluation,
    Total,
    Value,
)

__all__ = ["recognise", "row_location", "value_of"]

TITLE_MARK = "自评表"  # what the form's title says it is (…项目支出绩效自评表)
REPORT_MARK = "自评报告"  # and a report's title (…绩效自评报告), for a report without the form


def recognise(doc: Document, labels: Labels | None = None) -> SelfEvaluation:
    """Recognise the 项目支出绩效自评表 of ``doc``; IngestError says what was not recognised."""
    labels = labels or Labels()
    groups = labels.group("indicators", "columns")
    required = labels.raw["indicators"]["required"]
    candidate: tuple[HeaderRow, list[str]] | None = None
    for grid in doc.tables:
        for r in range(grid.n_rows):
            head = header_row(grid, r, labels, groups)
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
        found = ", ".join(normalise(t) for t in row_texts(head.grid, head.row) if t.strip())
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
    if not doc.tables:
        return _narrative_only(doc, labels)
    raise IngestError(
        doc.source_path,
        f"a self-evaluation table with an indicator header row "
        f"(一级指标, 二级指标, 三级指标, 年度指标值, 实际完成值…): "
        f"none among {len(doc.tables)} table(s)",
    )


def _read(doc: Document, grid: Grid, head: HeaderRow, labels: Labels) -> SelfEvaluation:
    budget, budget_row = budget_block(grid, head.row, labels)
    goals = goals_block(grid, budget_row, head.row, labels)
    top = budget_row if budget_row is not None else head.row
    header = header_fields(grid, top, labels)
    # a workbook with one sheet per block: the other blocks are in the other grids
    for other in (g for g in doc.tables if g is not grid):
        if budget is None:
            budget, other_row = budget_block(other, other.n_rows, labels)
            if goals is None and budget is not None:
                goals = goals_block(other, other_row, other.n_rows, labels)
        if goals is None:
            goals = goals_block(other, 0, other.n_rows, labels)
        for key, found in header_fields(other, other.n_rows, labels).items():
            if header[key].label.is_unknown:
                header[key] = found
    indicators, total = _indicators(grid, head, labels)
    title = _title(doc)
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
    if grid.cut_row is not None and head.cut_short(grid.cut_row):
        where = row_location(grid, grid.cut_row)
        notes.append(f"the text stops inside a row ({where}): its last cell and those after it "
                     "are unknown")  # fmt: skip
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


def _title(doc: Document, mark: str = TITLE_MARK) -> str | None:
    """The form's title (…项目支出绩效自评表): a paragraph, else a cell (a workbook's A1)."""
    cells = [c.text.strip() for grid in doc.tables for c in grid.cells]
    return next((t for t in [*doc.paragraphs, *cells] if mark in normalise(t)), None)


def _narrative_only(doc: Document, labels: Labels) -> SelfEvaluation:
    """A report with no table at all: its narrative, and every cell of the form unknown (not
    blank: the form is not in the source). Its title is the report's (…绩效自评报告)."""
    header = {k: HeaderField(k, UNKNOWN, UNKNOWN) for k in labels.group("header_fields")}
    return SelfEvaluation(
        str(Path(doc.source_path)),
        "",
        header,
        None,
        None,
        Indicators("", {}, ()),
        None,
        _title(doc) or _title(doc, REPORT_MARK),
        ("no table: a narrative-only report, every cell of the form is unknown",),
    )


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


def _indicators(grid: Grid, head: HeaderRow, labels: Labels) -> tuple[Indicators, Total | None]:
    groups = labels.group("indicators", "columns")
    rows: list[IndicatorRow] = []
    placeholders: list[str] = []
    blanks: list[str] = []
    kept: list[IndicatorRow] = []  # the placeholder rows themselves, for the data files
    total = None
    prev: IndicatorRow | None = None
    for r in range(head.row + 1, grid.n_rows):
        texts = [t for t in row_texts(grid, r) if t.strip(" \u3000\u00a0\n")]
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
