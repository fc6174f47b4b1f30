"""Word (.docx) reports: tables read from the XML, so merges are kept (python-docx hides them)."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from parkmetrics.ingest.errors import IngestError
from parkmetrics.ingest.grid import Cell, Document, Grid

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass
class _Raw:
    """A w:tc before vertical merges are resolved."""

    row: int
    col: int
    colspan: int
    text: str
    vmerge: str | None  # "restart", "continue" or None
    location: str
    rowspan: int = 1


def read_docx(path: str | Path) -> Document:
    """Read a .docx: its tables (page-split tables joined) and its body paragraphs in order."""
    import docx  # python-docx
    from docx.opc.exceptions import PackageNotFoundError

    path = Path(path)
    try:
        body = docx.Document(str(path)).element.body
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise IngestError(path, f"a Word .docx file ({type(exc).__name__}: {exc})") from exc
    paragraphs: list[str] = []
    groups: list[list[tuple[int, Any]]] = []  # tables to join, each (number, w:tbl)
    joinable = False
    number = 0
    for el in _blocks(body):
        if el.tag == W + "tbl":
            number += 1
            if joinable and groups and _columns(groups[-1][-1][1]) == _columns(el):
                groups[-1].append((number, el))
            else:
                groups.append([(number, el)])
            joinable = True
        elif el.tag == W + "p":
            text = _paragraph_text(el)
            if text.strip(" \t\r\n\u3000\u00a0"):
                paragraphs.append(text)
                # anything written between two tables means they are two tables
                joinable = False
    tables = [_grid(group, str(path)) for group in groups]
    return Document(tables, paragraphs, path)


def _blocks(body: Any) -> list[Any]:
    """Body paragraphs and tables in order, looking inside content controls (w:sdt)."""
    out = []
    for el in body:
        if el.tag == W + "sdt":
            content = el.find(W + "sdtContent")
            out.extend(_blocks(content) if content is not None else [])
        elif el.tag in (W + "p", W + "tbl"):
            out.append(el)
    return out


def _columns(tbl: Any) -> int:
    grid = tbl.find(W + "tblGrid")
    return len(grid.findall(W + "gridCol")) if grid is not None else -1


def _paragraph_text(p: Any) -> str:
    parts = []
    for el in p.iter():
        if el.tag == W + "t":
            parts.append(el.text or "")
        elif el.tag == W + "tab":
            parts.append("\t")
        elif el.tag in (W + "br", W + "cr"):
            parts.append("\n")
    return "".join(parts)


def _val(parent: Any, tag: str) -> str | None:
    if parent is None:
        return None
    el = parent.find(W + tag)
    if el is None:
        return None
    return el.get(W + "val", "")


def _cell_text(tc: Any) -> str:
    # nested tables' paragraphs are part of the cell's text too
    return "\n".join(_paragraph_text(p) for p in tc.iter(W + "p"))


def _grid(group: list[tuple[int, Any]], source: str) -> Grid:
    raws: list[_Raw] = []
    r = 0
    for number, tbl in group:
        for i, tr in enumerate(tbl.findall(W + "tr")):
            col = int(_val(tr.find(W + "trPr"), "gridBefore") or 0)
            for tc in tr.findall(W + "tc"):
                pr = tc.find(W + "tcPr")
                span = int(_val(pr, "gridSpan") or 1)
                vm = _val(pr, "vMerge")
                # <w:vMerge/> without a value continues the merge above
                state = None if vm is None else ("restart" if vm == "restart" else "continue")
                raws.append(
                    _Raw(
                        r, col, span, _cell_text(tc), state, f"表{number} 第{i + 1}行 第{col + 1}列"
                    )
                )
                col += span
            r += 1
    origins: dict[int, _Raw] = {}  # column → the cell open above it (for vMerge continue)
    cells: list[_Raw] = []
    for raw in raws:
        above = origins.get(raw.col)
        if (
            raw.vmerge == "continue"
            and above is not None
            and above.colspan == raw.colspan
            and above.row + above.rowspan == raw.row
        ):
            above.rowspan += 1
            continue
        cells.append(raw)
        for c in range(raw.col, raw.col + raw.colspan):
            origins[c] = raw
    return Grid(
        tuple(Cell(c.text, c.row, c.col, c.rowspan, c.colspan, c.location) for c in cells),
        source,
        f"表{group[0][0]}",
    )
