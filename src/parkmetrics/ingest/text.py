"""Text reports: tab-led table dumps (each cell begins with a tab) and pipe tables."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from parkmetrics.data.tables import decode_text
from parkmetrics.ingest.errors import IngestError
from parkmetrics.ingest.grid import Cell, Document, Grid

# A |---|:--:| row of a Markdown table says nothing about the report: skipped.
_SEPARATOR = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)


def read_text(path: str | Path) -> Document:
    """Read a UTF-8 text report: tab-led dumps and pipe tables become grids, the rest paragraphs."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(path, f"a readable text file ({exc.strerror})") from exc
    # Chinese portals and Windows tools still save GBK text (GB 18030 is its superset); the
    # data files' decoding, so UTF-16 and Big5 are refused the same way
    text, _, problems = decode_text(data, path.name)
    if text is None:
        [problem] = problems
        where = f"line {problem.line}" if problem.line else None
        raise IngestError(path, problem.expected, where)
    return parse_text(text, str(path))


def parse_text(text: str, source: str) -> Document:
    """Split a text into tables (tab-led dumps, pipe tables) and narrative paragraphs."""
    lines = text.splitlines()
    tables: list[Grid] = []
    paragraphs: list[str] = []
    i = table_end = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("\t"):
            grid, i = _tab_table(lines, i, source, f"表{len(tables) + 1}")
            tables.append(grid)
            table_end = i
        elif "\t" in line.strip(" ") and not line.startswith("\t"):
            grid, i = _tsv_table(lines, i, source, f"表{len(tables) + 1}")
            tables.append(grid)
            table_end = i
        elif line.lstrip().startswith("|"):
            grid, i = _pipe_table(lines, i, source, f"表{len(tables) + 1}")
            tables.append(grid)
            table_end = i
        else:
            if line.strip(" \u3000\u00a0"):
                paragraphs.append(line.strip(" \u3000\u00a0"))
            i += 1
    stops_in_table = bool(tables) and table_end >= len(lines) and not text.endswith(("\n", "\r"))
    if stops_in_table and tables[-1].flattened and tables[-1].cells:
        # the text stops inside the table's last row (a page cut off, a truncated export)
        last = tables[-1]
        tables[-1] = replace(last, cut_row=max(c.row for c in last.cells))
    return Document(tables, paragraphs, Path(source))


def _blank(line: str) -> bool:
    # U+3000 alone is not blank: in a dump it is an empty cell's (or a cell's last) line.
    return not line.strip(" \r")


def _continues(lines: list[str], i: int) -> bool:
    """After a blank line, do the untabbed lines from ``i`` run straight into a tab-led line?

    A cell's text may hold an empty line ("产出指标", "", "(50分)"); narrative after the table
    is untabbed lines followed by a blank line or the end of the file.
    """
    while i < len(lines) and not _blank(lines[i]) and not lines[i].startswith("\t"):
        i += 1
    return i < len(lines) and lines[i].startswith("\t")


def _tab_table(lines: list[str], start: int, source: str, name: str) -> tuple[Grid, int]:
    rows: list[list[tuple[int, list[str]]]] = [[]]
    i = start
    row_ended = False
    while i < len(lines):
        line = lines[i]
        if line.startswith("\t"):
            parts = line.split("\t")[1:]
            # a line of several cells is a whole row (one-line flattened exports)
            if row_ended or (len(parts) > 1 and rows[-1]):
                rows.append([])
                row_ended = False
            for part in parts:
                rows[-1].append((i + 1, [part]))
            if len(parts) > 1:
                row_ended, blank_at = True, i + 1
        elif _blank(line):
            if not row_ended:
                row_ended = True
                blank_at = i
            if not _continues(lines, i + 1):
                # a blank run then something untabbed: peek past the blanks
                j = i + 1
                while j < len(lines) and _blank(lines[j]):
                    j += 1
                if j >= len(lines) or not (lines[j].startswith("\t") or _continues(lines, j)):
                    i = j
                    break
                if lines[j].startswith("\t"):
                    i = j
                    continue
        else:
            if row_ended:
                # untabbed text after a blank line that runs into the next cell: the cell's
                # text held an empty line
                rows_cell = rows[-1][-1][1]
                rows_cell.extend([""] * (i - blank_at))
                row_ended = False
            rows[-1][-1][1].append(line)
        i += 1
    cells = []
    for r, row in enumerate(r for r in rows if r):
        for c, (line_no, parts) in enumerate(row):
            cells.append(Cell("\n".join(parts), r, c, location=f"第{line_no}行"))
    return Grid(tuple(cells), source, name, flattened=True), i


def _tsv_table(lines: list[str], start: int, source: str, name: str) -> tuple[Grid, int]:
    """One line a row, cells separated by tabs (a spreadsheet's or converter's export).

    The table runs to its last line with a tab before a blank line; a line without a tab in it
    is a row of one cell (主管部门 with its value cell left empty). Exporters drop a row's
    trailing empty cells, so they are blank — except on the table's last row, which may be
    where the source stops (a page cut off): there they are unknown.
    """
    end = start
    i = start
    while i < len(lines) and not _blank(lines[i]):
        if "\t" in lines[i]:
            end = i
        i += 1
    rows = [line.split("\t") for line in lines[start : end + 1]]
    width = max(len(r) for r in rows)
    cells = []
    for r, parts in enumerate(rows):
        padded = parts if r == len(rows) - 1 else parts + [""] * (width - len(parts))
        for c, part in enumerate(padded):
            location = f"第{start + r + 1}行 第{c + 1}列"
            cells.append(Cell(part, r, c, location=location))
    return Grid(tuple(cells), source, name), end + 1


def _pipe_table(lines: list[str], start: int, source: str, name: str) -> tuple[Grid, int]:
    cells = []
    r = 0
    i = start
    while i < len(lines) and lines[i].lstrip().startswith("|"):
        line = lines[i].strip()
        if not _SEPARATOR.match(line):
            body = line[1:-1] if line.endswith("|") and len(line) > 1 else line[1:]
            for c, part in enumerate(body.split("|")):
                text = _BR.sub("\n", part.strip(" "))
                cells.append(Cell(text, r, c, location=f"第{i + 1}行 第{c + 1}列"))
            r += 1
        i += 1
    widths = {sum(1 for c in cells if c.row == k) for k in range(r)}
    return Grid(tuple(cells), source, name, flattened=len(widths) > 1), i
