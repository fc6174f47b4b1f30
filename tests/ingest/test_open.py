"""open_document: one dispatch by suffix, one clear error, .doc/.wps through LibreOffice."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from parkmetrics.errors import DataValidationError
from parkmetrics.ingest import IngestError, legacy, open_document, recognise

from .build import national_table, write_docx
from .expected import assert_indicators_as_csv


def test_unknown_suffix_names_the_file_and_what_was_expected(tmp_path: Path):
    path = tmp_path / "report.odt"
    path.write_text("x")
    with pytest.raises(IngestError) as info:
        open_document(path)
    assert isinstance(info.value, DataValidationError)
    assert "report.odt: a report file ending in .docx, .xlsx" in str(info.value)
    assert info.value.problems[0].file == "report.odt"


def test_missing_file(tmp_path: Path):
    with pytest.raises(IngestError, match=re.escape("gone.docx: an existing file")):
        open_document(tmp_path / "gone.docx")


def test_doc_without_libreoffice_says_how_to_install_it(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(legacy.shutil, "which", lambda name: None)
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(IngestError, match="apt-get install -y libreoffice-writer"):
        open_document(path)


@pytest.mark.slow
@pytest.mark.skipif(legacy.soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_doc_is_converted_by_libreoffice(tmp_path: Path):
    import subprocess

    docx_path = write_docx(tmp_path / "t.docx", ["2022年度项目支出绩效自评表", national_table()])
    out = tmp_path / "doc"
    profile = (tmp_path / "profile").as_uri()
    # via .odt: LibreOffice 7.4's direct .docx → .doc export drops the table
    source = docx_path
    for fmt in ("odt", "doc"):
        subprocess.run(
            [
                legacy.soffice(),
                f"-env:UserInstallation={profile}",
                "--headless",
                "--convert-to",
                fmt,
                "--outdir",
                str(out),
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
        source = out / f"t.{fmt}"
    doc = open_document(out / "t.doc")
    assert doc.source_path == out / "t.doc"
    assert_indicators_as_csv(recognise(doc))
