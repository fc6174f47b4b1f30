"""Build the Chinese reference template of the Word briefing (简报) from python-docx's default.

Run it again whenever the styles change, then commit the template:

    .venv/bin/python tools/make_briefing_template.py

Why a template at all: python-docx's built-in template declares Japanese as its East Asian
language (``themeFontLang w:eastAsia="ja-JP"``) and uses theme fonts, so Chinese text can come
out in Japanese glyph variants. This script patches that default once, in the spirit of
GB/T 9704-2012 (党政机关公文格式): A4, margins 37/35/28/26 mm, title 2号 小标宋, headings 3号 黑体,
body 3号 仿宋 at a fixed line pitch, page numbers "— n —" in 4号 宋体. Every style gets an
explicit ``w:eastAsia`` font and ``zh-CN`` as its East Asian language. The output is
reproducible: fixed core properties and fixed zip timestamps give the same bytes on every run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from parkmetrics.report.briefing import TEMPLATE_PATH, normalize_docx

LATIN = "Times New Roman"
# East Asian font names as Chinese government offices have them installed (GB/T 9704).
FANGSONG = "仿宋_GB2312"
HEITI = "黑体"
KAITI = "楷体_GB2312"
XIAOBIAOSONG = "方正小标宋简体"
SONGTI = "宋体"
EAST_ASIAN_LANGUAGE = "zh-CN"

# Chinese type sizes in points: 二号 22, 三号 16, 四号 14, 五号 10.5.
SIZE_2, SIZE_3, SIZE_4, SIZE_5 = 22, 16, 14, 10.5
# GB/T 9704: 22 lines in a 225 mm text block, i.e. about 28.9 pt; offices type "固定值 28磅".
LINE_PITCH = Pt(28)
LINE_PITCH_TWIPS = 560  # 28 pt
CHARS_PER_LINE = 28  # GB/T 9704: 28 characters of 3号 to a line
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
# Fixed, so the template's core properties never change between builds.
TEMPLATE_DATE = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)

# style name → (East Asian font, size pt, bold, alignment, first-line indent in characters)
PARAGRAPH_STYLES: dict[str, tuple[str, float, bool, WD_ALIGN_PARAGRAPH | None, int]] = {
    "Normal": (FANGSONG, SIZE_3, False, WD_ALIGN_PARAGRAPH.JUSTIFY, 2),
    "Title": (XIAOBIAOSONG, SIZE_2, False, WD_ALIGN_PARAGRAPH.CENTER, 0),
    "Subtitle": (KAITI, SIZE_3, False, WD_ALIGN_PARAGRAPH.CENTER, 0),
    "Heading 1": (HEITI, SIZE_3, False, None, 2),
    "Heading 2": (HEITI, SIZE_3, False, None, 2),
    "Caption": (FANGSONG, SIZE_4, False, WD_ALIGN_PARAGRAPH.CENTER, 0),
    "Table Text": (FANGSONG, SIZE_5, False, WD_ALIGN_PARAGRAPH.LEFT, 0),
    "Table Heading": (HEITI, SIZE_5, False, WD_ALIGN_PARAGRAPH.CENTER, 0),
    "Evidence": (KAITI, SIZE_4, False, WD_ALIGN_PARAGRAPH.LEFT, 2),
    "Figure": (FANGSONG, SIZE_3, False, WD_ALIGN_PARAGRAPH.CENTER, 0),
    "Footer": (SONGTI, SIZE_4, False, WD_ALIGN_PARAGRAPH.CENTER, 0),
}
# Styles whose text is not at the body's fixed pitch (pictures, small print, tables).
SINGLE_SPACED = {"Caption", "Table Text", "Table Heading", "Figure", "Footer"}


def _set_fonts(rpr, east_asian: str) -> None:
    """Explicit fonts on an rPr, dropping theme fonts (which would win over explicit names)."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attribute), fonts.get(qn(attribute)) or LATIN)
    fonts.set(qn("w:eastAsia"), east_asian)
    language = rpr.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        rpr.append(language)
    language.set(qn("w:eastAsia"), EAST_ASIAN_LANGUAGE)


def _patch_defaults(document: docx.document.Document) -> None:
    styles = document.styles.element
    rpr = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(rpr, FANGSONG)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
        rpr.find(qn("w:rFonts")).set(qn(attribute), LATIN)
    rpr.find(qn("w:lang")).set(qn("w:val"), "en-US")
    for tag in ("w:sz", "w:szCs"):
        rpr.find(qn(tag)).set(qn("w:val"), str(SIZE_3 * 2))
    ppr = styles.find(qn("w:docDefaults")).find(qn("w:pPrDefault")).find(qn("w:pPr"))
    ppr.remove(ppr.find(qn("w:spacing")))  # no space after paragraphs; pitch set per style


def _patch_settings(document: docx.document.Document) -> None:
    settings = document.settings.element
    settings.find(qn("w:themeFontLang")).set(qn("w:eastAsia"), EAST_ASIAN_LANGUAGE)
    # Chinese punctuation at line ends: compress as Chinese Word does by default.
    settings.find(qn("w:characterSpacingControl")).set(qn("w:val"), "compressPunctuation")
    # rsids identify editing sessions; a generated template has none worth keeping.
    rsids = settings.find(qn("w:rsids"))
    if rsids is not None:
        settings.remove(rsids)


def _style(document: docx.document.Document, name: str):
    try:
        return document.styles[name]
    except KeyError:
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = document.styles["Normal"]
        return style


def _patch_styles(document: docx.document.Document) -> None:
    # Every paragraph and character style gets an rPr, so each style names its East Asian font.
    for style in document.styles:
        if style.type in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER):
            rpr = style.element.get_or_add_rPr()
            if rpr.find(qn("w:rFonts")) is None:
                _set_fonts(rpr, FANGSONG)
    # Then every font declaration, table-style parts included, loses its theme fonts.
    for fonts in list(document.styles.element.iter(qn("w:rFonts"))):
        major = (fonts.get(qn("w:eastAsiaTheme")) or "").startswith("major")
        _set_fonts(fonts.getparent(), HEITI if major else FANGSONG)
    for name, (east_asian, size, bold, alignment, indent_chars) in PARAGRAPH_STYLES.items():
        style = _style(document, name)
        style.hidden = False
        style.quick_style = True
        font = style.font
        font.name = LATIN
        font.size = Pt(size)
        _set_complex_script(style.element.get_or_add_rPr(), size)
        font.bold = bold
        font.italic = False
        font.color.rgb = RGBColor(0, 0, 0)
        _set_fonts(style.element.get_or_add_rPr(), east_asian)
        paragraph = style.paragraph_format
        paragraph.alignment = alignment
        paragraph.space_before = Pt(0)
        paragraph.space_after = Pt(0)
        if name in SINGLE_SPACED:
            paragraph.line_spacing_rule = WD_LINE_SPACING.SINGLE
            # off the document's 28 pt line grid: table rows and captions stay compact
            _no_grid(style)
        else:
            paragraph.line_spacing = LINE_PITCH
            paragraph.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        _set_first_line_indent(style, indent_chars, size)
        ppr = style.element.get_or_add_pPr()
        # the default Title has a blue rule under it; its Subtitle a dangling list level
        for tag in ("w:pBdr", "w:numPr"):
            element = ppr.find(qn(tag))
            if element is not None:
                ppr.remove(element)
    for name in ("Heading 1", "Heading 2", "Caption", "Table Heading"):
        _style(document, name).paragraph_format.keep_with_next = True
    _no_grid(document.styles["Title"])  # 2号 on the 28 pt grid would take two lines a line
    title = document.styles["Title"].paragraph_format
    title.line_spacing_rule = WD_LINE_SPACING.SINGLE
    title.space_after = Pt(SIZE_3)
    document.styles["Subtitle"].paragraph_format.space_after = Pt(SIZE_3)
    for name in ("Caption", "Figure"):
        document.styles[name].paragraph_format.space_after = Pt(6)


def _no_grid(style) -> None:
    ppr = style.element.get_or_add_pPr()
    snap = ppr.find(qn("w:snapToGrid"))
    if snap is None:
        snap = OxmlElement("w:snapToGrid")
        ppr.insert(0, snap)
    snap.set(qn("w:val"), "0")


def _set_complex_script(rpr, size: float) -> None:
    """Complex-script size and bold follow the Latin ones (the default's differ per style)."""
    for tag in ("w:szCs", "w:bCs", "w:iCs"):
        element = rpr.find(qn(tag))
        if element is not None:
            rpr.remove(element)
    complex_size = OxmlElement("w:szCs")
    complex_size.set(qn("w:val"), str(int(size * 2)))
    rpr.find(qn("w:sz")).addnext(complex_size)


def _set_first_line_indent(style, chars: int, size: float) -> None:
    """Indent in characters (w:firstLineChars), with the twips value for readers that need it."""
    indent = style.element.get_or_add_pPr().get_or_add_ind()
    indent.set(qn("w:firstLine"), str(int(chars * size * 20)))
    indent.set(qn("w:firstLineChars"), str(chars * 100))


def _patch_page(document: docx.document.Document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = Mm(MARGINS_MM["top"])
    section.bottom_margin = Mm(MARGINS_MM["bottom"])
    section.left_margin = Mm(MARGINS_MM["left"])
    section.right_margin = Mm(MARGINS_MM["right"])
    section.footer_distance = Mm(28)  # GB/T 9704: the page number sits 7 mm under the text block
    # GB/T 9704: page numbers "— 1 —" in 4号 宋体, odd pages on the right and even pages on the
    # left, one character in from the text block's edge.
    document.settings.odd_and_even_pages_header_footer = True
    for footer, alignment in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        paragraph.style = document.styles["Footer"]
        paragraph.alignment = alignment
        side = "right_indent" if alignment == WD_ALIGN_PARAGRAPH.RIGHT else "left_indent"
        setattr(paragraph.paragraph_format, side, Pt(SIZE_4))
        _add_text(paragraph, "— ", SONGTI)
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), " PAGE ")
        field.append(_text_run("1", SONGTI))
        paragraph._p.append(field)
        _add_text(paragraph, " —", SONGTI)
    # The document grid of GB/T 9704, 22 lines of 28 characters: lines at a 28 pt pitch (560
    # twips), characters at the text width ÷ 28 (w:charSpace: 4096ths of a point added to the
    # body's 16 pt). 28 characters of 16 pt (448 pt) are wider than the 442.25 pt line, so Word
    # and WPS draw them a little closer, as Chinese offices' templates do. LibreOffice instead
    # gives a character wider than its cell two cells: the PDF it makes is converted from a copy
    # with the line grid only (parkmetrics.report.briefing.pdf).
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))
    grid.set(qn("w:charSpace"), str(char_space(section)))


def char_space(section) -> int:
    """w:charSpace for :data:`CHARS_PER_LINE` characters of 3号 on the section's text width,
    rounded down so that 28 characters never overrun the line."""
    width_pt = (section.page_width - section.left_margin - section.right_margin) / 12700  # EMU
    return math.floor((width_pt / CHARS_PER_LINE - SIZE_3) * 4096)


def _text_run(text: str, east_asian: str):
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    fonts = OxmlElement("w:rFonts")
    fonts.set(qn("w:eastAsia"), east_asian)
    rpr.append(fonts)
    run.append(rpr)
    element = OxmlElement("w:t")
    element.set(qn("xml:space"), "preserve")
    element.text = text
    run.append(element)
    return run


def _add_text(paragraph, text: str, east_asian: str) -> None:
    paragraph._p.append(_text_run(text, east_asian))


def _patch_package(document: docx.document.Document) -> None:
    properties = document.core_properties
    properties.author = "parkmetrics"
    properties.last_modified_by = "parkmetrics"
    properties.comments = "parkmetrics 简报模板 (GB/T 9704 style)"
    properties.title = "简报模板"
    properties.language = EAST_ASIAN_LANGUAGE
    properties.revision = 1
    properties.created = properties.modified = TEMPLATE_DATE.replace(tzinfo=None)
    # The default's thumbnail shows an English page; a stale preview helps nobody. Word 2010's
    # stylesWithEffects.xml repeats the styles with their theme (Japanese-language) fonts.
    for rels, reltype in (
        (document.part.package.rels, RT.THUMBNAIL),
        (document.part.rels, STYLES_WITH_EFFECTS),
    ):
        for rid, rel in list(rels.items()):
            if rel.reltype == reltype:
                del rels[rid]


def build_template(out_path: Path) -> Path:
    """Write the reference template to ``out_path`` (reproducibly) and return the path."""
    document = docx.Document()
    _patch_defaults(document)
    _patch_settings(document)
    _patch_styles(document)
    _patch_page(document)
    _patch_package(document)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    document.save(out_path)
    normalize_docx(out_path, TEMPLATE_DATE)
    return out_path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=TEMPLATE_PATH, help="template path")
    args = parser.parse_args()
    print(build_template(args.out))


if __name__ == "__main__":
    main()
