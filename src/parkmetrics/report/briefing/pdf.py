"""The briefing as PDF, by LibreOffice when it is installed (it is optional, not a dependency)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def convert_to_pdf(docx_path: str | Path, timeout: float = 300) -> Path | None:
    """Convert with LibreOffice next to the .docx; None (and a message) when it is not installed."""
    docx_path = Path(docx_path)
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        print("parkmetrics: PDF skipped: LibreOffice (soffice) is not installed", file=sys.stderr)
        return None
    with tempfile.TemporaryDirectory(prefix="parkmetrics-soffice-") as profile:
        # A private profile: a running LibreOffice (or a parallel year) would lock the shared one.
        command = [
            office,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(docx_path.parent),
            str(docx_path),
        ]
        subprocess.run(command, check=True, capture_output=True, timeout=timeout)
    pdf = docx_path.with_suffix(".pdf")
    if not pdf.exists():
        raise RuntimeError(f"LibreOffice did not write {pdf}")
    return pdf
