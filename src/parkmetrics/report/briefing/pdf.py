"""The briefing as PDF, by LibreOffice when it is installed (it is optional, not a dependency).

The document names 仿宋_GB2312, 黑体 and 方正小标宋简体, which a Linux server rarely has; without a
Chinese font LibreOffice writes a page of empty boxes. So the conversion runs with a private
fontconfig configuration that adds the package's bundled font (:mod:`parkmetrics.report.fonts`)
and makes it the stand-in for those families when they are not installed, and the PDF is then
checked: every font embedded, a CJK font among them, the Chinese text extractable. A PDF that
fails the check is removed and :class:`PdfFontError` says why.

LibreOffice is given a copy with the line grid only: the document's character grid (28 to a
line of GB/T 9704, a pitch of 15.79 pt for 16 pt characters) is one Word and WPS keep by setting
the characters a little closer, but LibreOffice gives every character wider than its cell two
cells, which spreads the text over a fifth page.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from parkmetrics.report.fonts import BUNDLED_FAMILY, SYSTEM_CJK_FAMILIES, bundled_font_path

# The families the briefing's template names (tools/make_briefing_template.py) and their usual
# Windows names: each falls back to the bundled font when it is not installed.
DOCUMENT_FAMILIES = (
    "仿宋_GB2312",
    "仿宋",
    "FangSong",
    "黑体",
    "SimHei",
    "方正小标宋简体",
    "宋体",
    "SimSun",
)
# Name fragments of fonts that carry Chinese glyphs, as PDF BaseFont names spell them.
CJK_FONT_NAMES = (
    BUNDLED_FAMILY,
    *SYSTEM_CJK_FAMILIES,
    "CJK",  # Noto Sans/Serif CJK (a system font)
    "Source Han Serif",
    "FangSong",
    "SimSun",
    "SimHei",
    "FZ",
    "STSong",
    "AR PL",
)
_CJK = re.compile(r"[\u3400-\u9fff]")
_CHAR_GRID = re.compile(r'<w:docGrid\b[^>]*/>')
LINE_GRID = '<w:docGrid w:type="lines" w:linePitch="{pitch}"/>'
_PITCH = re.compile(r'w:linePitch="(\d+)"')


class PdfFontError(RuntimeError):
    """The PDF would not show its Chinese: no CJK font embedded, or the text is not there."""


def convert_to_pdf(docx_path: str | Path, timeout: float = 300) -> Path | None:
    """Convert with LibreOffice next to the .docx; None (and a message) when it is not installed.

    Raises :class:`PdfFontError` when the PDF written does not embed a Chinese font.
    """
    docx_path = Path(docx_path)
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        print("parkmetrics: PDF skipped: LibreOffice (soffice) is not installed", file=sys.stderr)
        return None
    pdf = docx_path.with_suffix(".pdf")
    with tempfile.TemporaryDirectory(prefix="parkmetrics-soffice-") as scratch:
        # A private profile: a running LibreOffice (or a parallel year) would lock the shared one.
        profile = Path(scratch) / "profile"
        command = [
            office,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(docx_path.parent),
            str(line_grid_copy(docx_path, Path(scratch))),
        ]
        env = os.environ | {"FONTCONFIG_FILE": str(font_config(Path(scratch)))}
        subprocess.run(command, check=True, capture_output=True, timeout=timeout, env=env)
    if not pdf.exists():
        raise RuntimeError(f"LibreOffice did not write {pdf}")
    try:
        check_cjk_fonts(pdf)
    except PdfFontError:
        pdf.unlink(missing_ok=True)
        raise
    return pdf


def line_grid_copy(docx_path: Path, folder: Path) -> Path:
    """A copy of the document in ``folder`` (same name) whose grids are lines only."""
    copy = folder / docx_path.name
    with zipfile.ZipFile(docx_path) as source, zipfile.ZipFile(copy, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                data = _CHAR_GRID.sub(_line_grid, data.decode("utf-8")).encode("utf-8")
            target.writestr(item, data)
    return copy


def _line_grid(match: re.Match[str]) -> str:
    pitch = _PITCH.search(match.group(0))
    return LINE_GRID.format(pitch=pitch.group(1)) if pitch else match.group(0)


def font_config(folder: Path) -> Path:
    """A fontconfig file: the system's configuration, plus the bundled font as a stand-in."""
    fonts = folder / "fonts"
    fonts.mkdir(parents=True, exist_ok=True)
    target = fonts / bundled_font_path().name
    if not target.exists():
        try:
            target.symlink_to(bundled_font_path())
        except OSError:  # no symlinks here: a copy does as well
            shutil.copyfile(bundled_font_path(), target)
    aliases = "\n".join(
        f"  <alias><family>{escape(name)}</family><accept><family>{BUNDLED_FAMILY}</family>"
        "</accept></alias>"
        for name in DOCUMENT_FAMILIES
    )
    config = folder / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"  <dir>{escape(str(fonts))}</dir>\n"
        f"  <cachedir>{escape(str(folder / 'cache'))}</cachedir>\n"
        f"{aliases}\n</fontconfig>\n",
        encoding="utf-8",
    )
    return config


def pdf_fonts(pdf: str | Path) -> list[tuple[str, bool]]:
    """(BaseFont name, embedded) of every font the PDF's pages use."""
    from pypdf import PdfReader

    found: dict[str, bool] = {}
    for page in PdfReader(str(pdf)).pages:
        fonts = (page.get("/Resources") or {}).get("/Font") or {}
        for reference in fonts.values():
            font = reference.get_object()
            descendants = font.get("/DescendantFonts")
            leaf = descendants[0].get_object() if descendants else font
            descriptor = leaf.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            found[str(font.get("/BaseFont", ""))] = embedded
    return sorted(found.items())


def is_cjk_font(name: str) -> bool:
    """Whether a PDF font name (``ABCDEF+ParkmetricsSansSC-Regular``) is a Chinese font."""
    plain = name.partition("+")[2] or name
    plain = plain.lstrip("/").replace(" ", "").lower()
    return any(part.replace(" ", "").lower() in plain for part in CJK_FONT_NAMES)


def check_cjk_fonts(pdf: str | Path) -> list[str]:
    """The embedded CJK fonts of ``pdf``; raises :class:`PdfFontError` when there is none."""
    from pypdf import PdfReader

    fonts = pdf_fonts(pdf)
    cjk = [name for name, embedded in fonts if embedded and is_cjk_font(name)]
    text = "".join(page.extract_text() or "" for page in PdfReader(str(pdf)).pages)
    if not cjk or not _CJK.search(text):
        listed = "、".join(f"{n}{'' if e else '（未嵌入）'}" for n, e in fonts) or "无"
        raise PdfFontError(
            f"{Path(pdf).name}: 未嵌入中文字体，PDF 中的汉字将显示为方框（所用字体：{listed}）。"
            f"请安装中文字体，或确认随软件提供的字体 {bundled_font_path()} 可读"
        )
    return cjk
