"""Writing the import's files: CSV text byte for byte the same on every run, and the report's
text for ``source/`` (the text the quotes are taken from)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from parkmetrics.data.tables import decode_text
from parkmetrics.ingest.grid import Document

TEXT_SUFFIXES = (".txt", ".md")


def csv_text(columns: Sequence[str], rows: Iterable[Mapping[str, str]]) -> str:
    """A CSV file's text: header row, "\\n" line ends, minimal quoting (as data/ is written)."""
    out = io.StringIO()
    writer = csv.DictWriter(
        out, fieldnames=list(columns), lineterminator="\n", extrasaction="raise"
    )
    writer.writeheader()
    for row in rows:
        writer.writerow({c: row.get(c, "") for c in columns})
    return out.getvalue()


def write_csv(path: Path, columns: Sequence[str], rows: Iterable[Mapping[str, str]]) -> None:
    path.write_text(csv_text(columns, rows), encoding="utf-8", newline="")


def source_name(path: Path) -> str:
    """The file name of the report's text under ``source/`` (``report.docx`` → ``report.txt``)."""
    return path.name if path.suffix.lower() in TEXT_SUFFIXES else f"{path.stem}.txt"


def source_text(path: Path, doc: Document) -> str:
    """The report as text: a text file as written; any other file as its paragraphs, then its
    tables one row a line, cells separated by tabs (cell line breaks kept inside a cell)."""
    if path.suffix.lower() in TEXT_SUFFIXES:
        text, _, _ = decode_text(path.read_bytes(), path.name)
        if text is not None:  # read_text has refused the file otherwise
            return text
    lines = list(doc.paragraphs)
    for grid in doc.tables:
        lines.append("")
        for r in range(grid.n_rows):
            cells = [p.cell.text for p in grid.row_cells(r) if p.is_origin and p.cell]
            lines.append("\t".join(c.replace("\t", " ") for c in cells))
    return "\n".join(lines) + "\n"
