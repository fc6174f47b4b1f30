"""Old Word (.doc) and WPS (.wps) files, converted to .docx by LibreOffice in a temp folder."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import replace
from pathlib import Path

from parkmetrics.ingest.docx import read_docx
from parkmetrics.ingest.errors import IngestError
from parkmetrics.ingest.grid import Document

INSTALL_HINT = (
    "LibreOffice is needed to read .doc/.wps files (soffice or libreoffice on "
    "PATH); install it with `apt-get install -y libreoffice-writer`, or save the "
    "file as .docx"
)


def soffice() -> str | None:
    """The LibreOffice executable on PATH, if any."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def read_legacy(path: str | Path, timeout: float = 180) -> Document:
    """Convert with ``soffice --headless --convert-to docx`` and read the result."""
    path = Path(path)
    exe = soffice()
    if exe is None:
        raise IngestError(path, INSTALL_HINT)
    with tempfile.TemporaryDirectory(prefix="parkmetrics-") as tmp:
        # a private profile: a LibreOffice already open for the user would swallow the job
        profile = Path(tmp, "profile").as_uri()
        cmd = [
            exe,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "docx",
            "--outdir",
            tmp,
            str(path),
        ]
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            raise IngestError(path, f"a conversion by LibreOffice within {timeout:.0f} s") from exc
        out = Path(tmp, path.stem + ".docx")
        if done.returncode != 0 or not out.is_file():
            why = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
            raise IngestError(path, f"a Word/WPS file LibreOffice can convert ({why[0]})")
        doc = read_docx(out)
    tables = [replace(g, source=str(path)) for g in doc.tables]
    return Document(tables, doc.paragraphs, path)
