"""Opening a report of any supported kind: one dispatch by file suffix."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from parkmetrics.ingest.errors import IngestError
from parkmetrics.ingest.grid import Document


def _readers() -> dict[str, Callable[[Path], Document]]:
    # Imported here so reading a .txt never needs openpyxl or pdfplumber installed.
    from parkmetrics.ingest import docx, legacy, pdf, text, xlsx

    return {
        ".docx": docx.read_docx,
        ".xlsx": xlsx.read_xlsx,
        ".xlsm": xlsx.read_xlsx,
        ".pdf": pdf.read_pdf,
        ".txt": text.read_text,
        ".md": text.read_text,
        ".doc": legacy.read_legacy,
        ".wps": legacy.read_legacy,
    }


SUFFIXES = (".docx", ".xlsx", ".xlsm", ".pdf", ".txt", ".md", ".doc", ".wps")


def open_document(path: str | Path) -> Document:
    """Read a report into a Document; an unknown suffix or unreadable file is an IngestError."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise IngestError(
            path, f"a report file ending in {', '.join(SUFFIXES)} (got {suffix or 'no suffix'!r})"
        )
    if path.is_dir():
        raise IngestError(path, "a report file, not a folder")
    if not path.is_file():
        raise IngestError(path, "an existing file (not found)")
    return _readers()[suffix](path)
