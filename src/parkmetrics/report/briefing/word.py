"""The python-docx mechanics of the briefing: Chinese fonts, tables, figures, reproducible bytes.

The document starts from the Chinese reference template shipped in ``templates/`` (built by
``tools/make_briefing_template.py``: GB/T 9704-style page and styles, ``zh-CN`` East Asian
language). Every run written here also names its East Asian font (``w:eastAsia``), taken from
its paragraph style, because Word otherwise picks the Chinese glyphs from the theme.

Same inputs, same bytes: the core properties and zip timestamps carry one fixed date given by
the caller, and nothing here reads the clock.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.image.image import Image
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm

from parkmetrics import __version__

TEMPLATE_PATH = Path(__file__).parents[2] / "templates" / "briefing-zh-CN.docx"
CHART_WIDTH = Cm(15)  # GB/T 9704 text block is 15.6 cm wide
# A chart taller than this is scaled down to it (narrower), so two charts share a page.
MAX_CHART_HEIGHT = Cm(7.5)
# The appendix has room: half the 22.5 cm text block less a caption, two charts to a page.
APPENDIX_CHART_HEIGHT = Cm(9.5)
# ...and never below 70 % of the chart's size there: its 8 pt labels stay 5.6 pt or
# more. (The 简报 keeps 7.5 cm: four pages; its score table repeats what the scores chart shows.)
APPENDIX_MIN_SCALE = 0.7
AUTHOR = "parkmetrics"


def new_document() -> docx.document.Document:
    """An empty document with the template's page, styles and language."""
    return docx.Document(str(TEMPLATE_PATH))


class Writer:
    """Adds paragraphs, runs, figures and tables, giving every run its style's East Asian font."""

    def __init__(self, document: docx.document.Document) -> None:
        self.document = document
        self._fonts: dict[str, str] = {}
        self._style_fonts: dict[str, str] = {}  # by the style name callers pass
        self._style_ids: dict[str, str | None] = {}  # style name → id (None: the default)

    def paragraph(self, text: str, style: str, container: Any = None) -> Any:
        """A paragraph of ``style`` holding ``text`` as one run."""
        paragraph = (container or self.document).add_paragraph()
        self.set_style(paragraph, style)
        self.run(paragraph, text, style)
        return paragraph

    def set_style(self, paragraph: Any, style: str) -> None:
        """``paragraph.style = style``, the style's id looked up once per name: python-docx
        searches every style of the document for the default one at each assignment."""
        if style not in self._style_ids:
            self._style_ids[style] = self.document.part.get_style_id(
                style, WD_STYLE_TYPE.PARAGRAPH
            )
        paragraph._p.style = self._style_ids[style]

    def run(self, paragraph: Any, text: str, style: str | None = None) -> Any:
        """Append ``text`` to ``paragraph`` (of ``style``, when the caller knows it) as a run
        naming its East Asian font."""
        run = paragraph.add_run(text)
        fonts = run._r.get_or_add_rPr().get_or_add_rFonts()
        if style is None:
            font = self.east_asian_font(paragraph.style)
        else:  # the style's font, looked up once per style name
            if style not in self._style_fonts:
                self._style_fonts[style] = self.east_asian_font(paragraph.style)
            font = self._style_fonts[style]
        fonts.set(qn("w:eastAsia"), font)
        return run

    def figure(
        self,
        path: Path,
        caption: str,
        max_height: Cm = MAX_CHART_HEIGHT,
        min_scale: float = 0.0,
    ) -> None:
        """A picture at chart width (at most ``max_height`` tall, unless that is less than
        ``min_scale`` of its size), its caption below it.

        图 captions follow their figure, so the figure paragraph keeps with the next one (its
        caption) and the caption does not keep with what follows: both land on one page.
        """
        paragraph = self.document.add_paragraph(style="Figure")
        image = Image.from_file(str(path))
        height = int(CHART_WIDTH * image.px_height / image.px_width)
        if height > max_height:
            scaled = max(int(max_height), int(height * min_scale))
            paragraph.add_run().add_picture(str(path), height=scaled)
        else:
            paragraph.add_run().add_picture(str(path), width=CHART_WIDTH)
        paragraph.paragraph_format.keep_with_next = True
        paragraph.paragraph_format.keep_together = True
        caption_paragraph = self.paragraph(caption, "Caption")
        caption_paragraph.paragraph_format.keep_with_next = False

    def table(
        self,
        caption: str,
        columns: Sequence[tuple[str, float]],
        rows: Sequence[Sequence[str]],
        centred_from: int,
    ) -> Any:
        """A grid table under its caption (表 captions precede the table).

        ``columns`` are (heading, width in cm); the heading row repeats on every page; columns
        from ``centred_from`` on hold numbers and are centred.
        """
        self.paragraph(caption, "Caption")
        table = self.document.add_table(rows=1 + len(rows), cols=len(columns))
        table.style = self.document.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        # every cell at once: python-docx's table.cell(r, c) lists the whole table's each time
        cells, count = table._cells, len(columns)
        for column, (heading, width) in enumerate(columns):
            table.columns[column].width = Cm(width)  # the grid, which LibreOffice goes by
            self._fill(cells[column], heading, "Table Heading", width)
        _repeat_header(table.rows[0])
        for row in table.rows[1:]:
            _keep_together(row)
        for r, values in enumerate(rows, start=1):
            for column, value in enumerate(values):
                cell = cells[r * count + column]
                self._fill(cell, value, "Table Text", columns[column][1])
                if column >= centred_from:
                    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        return table

    def _fill(self, cell: Any, text: str, style: str, width_cm: float) -> None:
        cell.width = Cm(width_cm)
        paragraph = cell.paragraphs[0]
        self.set_style(paragraph, style)
        self.run(paragraph, text, style)

    def east_asian_font(self, style: Any) -> str:
        """The ``w:eastAsia`` font of ``style``, following its basedOn chain to the defaults."""
        if style.name not in self._fonts:
            current, font = style, None
            while current is not None and font is None:
                rpr = current.element.rPr
                if rpr is not None and rpr.rFonts is not None:
                    font = rpr.rFonts.get(qn("w:eastAsia"))
                current = current.base_style
            if font is None:
                defaults = self.document.styles.element.find(qn("w:docDefaults"))
                fonts = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
                font = fonts.get(qn("w:eastAsia"))
            self._fonts[style.name] = font
        return self._fonts[style.name]


def _repeat_header(row: Any) -> None:
    """Mark the heading row to repeat on every page the table spans."""
    header = OxmlElement("w:tblHeader")
    row._tr.get_or_add_trPr().append(header)


def _keep_together(row: Any) -> None:
    """A row is not split across pages (a long 三级指标 cell stays with its scores)."""
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def set_core_properties(
    document: docx.document.Document, *, title: str, subject: str, keywords: str, when: dt.datetime
) -> None:
    """Fixed core properties: no user name, revision 1, ``when`` as created and modified."""
    properties = document.core_properties
    properties.author = AUTHOR
    properties.last_modified_by = AUTHOR
    properties.title = title
    properties.subject = subject
    properties.comments = f"parkmetrics {__version__}"
    properties.keywords = keywords
    properties.revision = 1
    properties.created = properties.modified = when


def fixed_datetime(year: int, date: dt.date | None) -> dt.datetime:
    """The document's date: ``date`` at midnight, else 1 January after the report year.

    A self-evaluation is written early in the following year, so that date stands for a report
    whose own date is not given.
    """
    day = date or dt.date(year + 1, 1, 1)
    return dt.datetime(day.year, day.month, day.day)


def save(document: docx.document.Document, out_path: str | Path, when: dt.datetime) -> Path:
    """Write ``document`` to ``out_path`` atomically, zip entries stamped ``when``."""
    buffer = io.BytesIO()
    document.save(buffer)
    data = normalized_zip(buffer.getvalue(), when)
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    # A reader (or a failed run) never sees a half-written briefing.
    handle, temporary = tempfile.mkstemp(prefix=".briefing-", suffix=".docx", dir=out_path.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes it private; a report is not
        os.replace(temporary, out_path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return out_path


def normalized_zip(data: bytes, when: dt.datetime) -> bytes:
    """The same zip with every entry stamped ``when``, so identical content gives equal bytes."""
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(entry.filename))
    return out.getvalue()


def normalize_docx(path: str | Path, when: dt.datetime) -> None:
    """Rewrite the .docx at ``path`` in place with fixed zip timestamps (see ``normalized_zip``)."""
    path = Path(path)
    path.write_bytes(normalized_zip(path.read_bytes(), when))


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
