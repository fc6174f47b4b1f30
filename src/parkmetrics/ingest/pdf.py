"""PDF reports with a text layer: ruled tables found by pdfplumber, merges from cell boxes."""

from __future__ import annotations

import re
import unicodedata
from itertools import pairwise
from pathlib import Path
from typing import Any

from parkmetrics.ingest.errors import IngestError
from parkmetrics.ingest.grid import Cell, Document, Grid, join_grids

_CID = re.compile(r"\(cid:\d+\)")


def _cjk(ch: str) -> bool:
    return bool(ch) and (unicodedata.east_asian_width(ch) in "WF")


def _join(parts: list[str], latin_only: bool = False) -> str:
    """Join pieces of text: nothing between Chinese characters (a wrap is not a space).
    Words on one line get a space unless Chinese; wrapped lines (``latin_only``) only between
    two Latin letters, since a wrap can split a number (14|5)."""
    out = ""
    for part in parts:
        latin = (
            out[-1:].isascii() and out[-1:].isalpha() and part[:1].isascii() and part[:1].isalpha()
        )
        if out and part and not (_cjk(out[-1]) or _cjk(part[0])) and (not latin_only or latin):
            out += " "
        out += part
    return out


def _text(chars: list[dict[str, Any]]) -> str:
    """Characters of one cell as text, its wrapped lines joined."""
    return _join(_lines(chars), latin_only=True)


def _lines(chars: list[dict[str, Any]]) -> list[str]:
    """Characters as lines of text, grouped by their top."""
    lines: list[list[dict[str, Any]]] = []
    for ch in sorted(chars, key=lambda c: (round(c["top"]), c["x0"])):
        if lines and abs(lines[-1][0]["top"] - ch["top"]) <= 3:
            lines[-1].append(ch)
        else:
            lines.append([ch])
    texts = []
    for line in lines:
        line.sort(key=lambda c: c["x0"])
        words: list[str] = [line[0]["text"]]
        for prev, ch in pairwise(line):
            if ch["x0"] - prev["x1"] > 0.3 * ch["size"]:
                words.append(ch["text"])
            else:
                words[-1] += ch["text"]
        texts.append(_join([w.strip() for w in words]))
    return texts


def _inside(ch: dict[str, Any], bbox: tuple[float, float, float, float]) -> bool:
    x, y = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
    return bbox[0] <= x <= bbox[2] and bbox[1] <= y <= bbox[3]


def check_text_layer(path: Path, text: str, n_chars: int) -> None:
    """Raise when the text layer is missing or is not readable text."""
    if n_chars == 0:
        raise IngestError(
            path,
            "a PDF with a text layer: it has no text (a scan? run OCR "
            "first, e.g. ocrmypdf -l chi_sim)",
        )
    cids = len(_CID.findall(text))
    body = [c for c in _CID.sub("", text) if not c.isspace()]
    if cids and cids >= len(body):
        raise IngestError(
            path, f"a PDF whose fonts map glyphs to characters: {cids} glyphs are unmapped (cid:NN)"
        )
    if not body:
        return
    private = sum(1 for c in body if unicodedata.category(c) in ("Co", "Cn") or c == "\ufffd")
    if private > 0.3 * len(body):
        raise IngestError(
            path,
            f"a PDF with readable text: {private} of {len(body)} characters "
            "are private-use or unmapped glyphs",
        )
    if len(body) >= 20 and len(set(body)) <= 2:
        raise IngestError(
            path,
            f"a PDF with readable text: the text layer is one glyph "
            f"repeated ({body[0]!r} ×{len(body)})",
        )


def read_pdf(path: str | Path) -> Document:
    """Read a text-layer PDF: its ruled tables (a table continued on the next page is joined)
    and the text outside them as paragraphs."""
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfplumber.utils.exceptions import PdfminerException

    path = Path(path)
    try:
        pdf = pdfplumber.open(str(path))
    except (PdfminerException, PDFSyntaxError, OSError, ValueError) as exc:
        raise IngestError(path, f"a PDF file ({type(exc).__name__}: {exc})") from exc
    grids: list[tuple[int, Grid]] = []  # (page, grid)
    paragraphs: list[str] = []
    all_text: list[str] = []
    n_chars = 0
    with pdf:
        for pno, page in enumerate(pdf.pages, start=1):
            n_chars += len(page.chars)
            all_text.append("".join(c["text"] for c in page.chars))
            tables = page.find_tables()
            for table in tables:
                grids.append((pno, _grid(page, table, pno, len(grids) + 1, str(path))))
            boxes = [t.bbox for t in tables]
            outside = [c for c in page.chars if not any(_inside(c, b) for b in boxes)]
            paragraphs += [t for t in _lines(outside) if t.strip()]
    check_text_layer(path, "".join(all_text), n_chars)
    return Document(_join_pages(grids), paragraphs, path)


def _grid(page: Any, table: Any, pno: int, number: int, source: str) -> Grid:
    xs = sorted({round(c[0], 1) for c in table.cells})
    tops = sorted({round(c[1], 1) for c in table.cells})

    def index(values: list[float], v: float) -> int:
        return min(range(len(values)), key=lambda i: abs(values[i] - v))

    chars = page.chars
    cells = []
    for x0, top, x1, bottom in table.cells:
        r, c = index(tops, top), index(xs, x0)
        # a box as wide as several column starts is a horizontal merge, as tall, vertical
        colspan = max(1, sum(1 for x in xs if x0 - 1 <= x < x1 - 1))
        rowspan = max(1, sum(1 for t in tops if top - 1 <= t < bottom - 1))
        text = _text([ch for ch in chars if _inside(ch, (x0, top, x1, bottom))])
        cells.append(
            Cell(
                text,
                r,
                c,
                rowspan,
                colspan,
                f"第{pno}页 表{number} 第{r + 1}行 第{c + 1}列",
                page=pno,
            )
        )
    return Grid(tuple(cells), source, f"表{number}")


def _join_pages(grids: list[tuple[int, Grid]]) -> list[Grid]:
    """A table that goes on at the top of the next page, with the same columns, is one table."""
    out: list[tuple[int, list[Grid]]] = []
    for pno, grid in grids:
        if out and out[-1][0] == pno - 1 and out[-1][1][-1].n_cols == grid.n_cols:
            out[-1][1].append(grid)
            out[-1] = (pno, out[-1][1])
        else:
            out.append((pno, [grid]))
    return [join_grids(parts) if len(parts) > 1 else parts[0] for _, parts in out]
