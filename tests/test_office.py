"""The 简报 as an office suite shows it: GB/T 9704 layout read from the document's XML, and —
when LibreOffice is installed — its page count and a PDF that embeds a Chinese font.

GB/T 9704-2012 (党政机关公文格式): A4; 天头 37 mm, 订口 28 mm, text block 156 × 225 mm (so right
margin 210 − 28 − 156 = 26 mm and bottom margin 297 − 37 − 225 = 35 mm); body 3号 仿宋 (16 pt)
at 22 lines of 28 characters (line pitch 28 pt); title 2号 小标宋 (22 pt); page numbers "— N —"
in 4号 宋体 (14 pt), odd pages on the right, even pages on the left.
"""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

ROOT = Path(__file__).parents[1]
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
OFFICE = shutil.which("soffice") or shutil.which("libreoffice")
TWIPS_PER_MM = 1440 / 25.4


def attr(element, name: str) -> str | None:
    return element.get(f"{{{W}}}{name}")


@pytest.fixture(scope="module")
def briefing(tmp_path_factory) -> Path:
    """The 2022 简报 with its charts, as the yearly run writes it."""
    from parkmetrics.report import export

    folder = tmp_path_factory.mktemp("briefing")
    results = export.compute(2022, ROOT / "data")
    charts = export.write_charts(results, folder)
    return export.write_briefing(results, charts, folder / export.BRIEFING_NAME)


def part(docx: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(docx) as archive:
        return etree.fromstring(archive.read(name))


def style(styles: etree._Element, style_id: str) -> etree._Element:
    (found,) = styles.xpath(f"w:style[@w:styleId='{style_id}']", namespaces=NS)
    return found


def test_page_margins_and_line_grid(briefing):
    document = part(briefing, "word/document.xml")
    (section,) = document.xpath("//w:body/w:sectPr", namespaces=NS)
    size = section.find("w:pgSz", NS)
    assert (
        round(int(attr(size, "w")) / TWIPS_PER_MM),
        round(int(attr(size, "h")) / TWIPS_PER_MM),
    ) == (
        210,
        297,
    )
    margins = section.find("w:pgMar", NS)
    in_mm = {
        side: int(attr(margins, side)) / TWIPS_PER_MM for side in ("top", "left", "right", "bottom")
    }
    assert in_mm == pytest.approx({"top": 37, "left": 28, "right": 26, "bottom": 35}, abs=0.05)
    grid = section.find("w:docGrid", NS)
    assert attr(grid, "type") == "linesAndChars" and attr(grid, "linePitch") == "560"  # 28 pt
    # 22 lines of the 28 pt pitch fit the 225 mm text block: 22 × 28 pt = 616 pt = 217.3 mm
    assert 22 * 28 / 72 * 25.4 <= 225 < 23 * 28 / 72 * 25.4
    # 28 characters to a line. Text width in twips: 11906 − 1587 − 1474 = 8845 = 442.25 pt
    # (156.0 mm); pitch 442.25 ÷ 28 = 15.7946 pt; w:charSpace is the pitch minus the 16 pt body
    # size in 4096ths of a point: (15.7946 − 16) × 4096 = −841.1, rounded down to −842 so that
    # 28 characters never overrun the line.
    assert attr(size, "w") == "11906" and (attr(margins, "left"), attr(margins, "right")) == (
        "1587",
        "1474",
    )
    assert attr(grid, "charSpace") == "-842"
    pitch = 16 - 842 / 4096  # 15.7944 pt
    assert 28 * pitch <= 442.25 < 29 * pitch


def test_the_pdf_is_made_from_a_copy_with_the_line_grid_only(briefing, tmp_path):
    """LibreOffice gives a 16 pt character two cells of a 15.79 pt character grid, so it is
    handed a copy whose grid is lines only; every other part of the document is unchanged."""
    from parkmetrics.report.briefing.pdf import line_grid_copy

    copy = line_grid_copy(briefing, tmp_path)
    assert copy.name == briefing.name and copy.parent == tmp_path
    (grid,) = part(copy, "word/document.xml").iter(f"{{{W}}}docGrid")
    assert (attr(grid, "type"), attr(grid, "linePitch"), attr(grid, "charSpace")) == (
        "lines",
        "560",
        None,
    )
    with zipfile.ZipFile(briefing) as original, zipfile.ZipFile(copy) as changed:
        assert original.namelist() == changed.namelist()
        for name in original.namelist():
            if name != "word/document.xml":
                assert original.read(name) == changed.read(name), name


def test_body_and_title_type(briefing):
    styles = part(briefing, "word/styles.xml")
    normal = style(styles, "Normal")
    assert attr(normal.find("w:rPr/w:sz", NS), "val") == "32"  # half-points: 16 pt = 3号
    assert attr(normal.find("w:rPr/w:rFonts", NS), "eastAsia") == "仿宋_GB2312"
    spacing = normal.find("w:pPr/w:spacing", NS)
    assert (attr(spacing, "line"), attr(spacing, "lineRule")) == ("560", "exact")
    title = style(styles, "Title")
    assert attr(title.find("w:rPr/w:sz", NS), "val") == "44"  # 22 pt = 2号
    assert attr(title.find("w:rPr/w:rFonts", NS), "eastAsia") == "方正小标宋简体"


def test_page_numbers_odd_right_even_left_in_songti(briefing):
    settings = part(briefing, "word/settings.xml")
    assert settings.find("w:evenAndOddHeaders", NS) is not None
    document = part(briefing, "word/document.xml")
    rels = part(briefing, "word/_rels/document.xml.rels")
    targets = {r.get("Id"): r.get("Target") for r in rels}
    (section,) = document.xpath("//w:body/w:sectPr", namespaces=NS)
    footers = {
        attr(ref, "type"): targets[
            ref.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
        ]
        for ref in section.findall("w:footerReference", NS)
    }
    styles = part(briefing, "word/styles.xml")
    footer_style = style(styles, "Footer")
    assert attr(footer_style.find("w:rPr/w:sz", NS), "val") == "28"  # 14 pt = 4号
    for kind, side in (("default", "right"), ("even", "left")):
        footer = part(briefing, f"word/{footers[kind]}")
        (paragraph,) = footer.findall("w:p", NS)
        assert attr(paragraph.find("w:pPr/w:jc", NS), "val") == side
        text = "".join(paragraph.itertext())
        assert text == "— 1 —"  # the PAGE field's placeholder between the dashes
        assert paragraph.find("w:fldSimple", NS).get(f"{{{W}}}instr").strip() == "PAGE"
        fonts = {attr(f, "eastAsia") for f in paragraph.iter(f"{{{W}}}rFonts")}
        assert fonts == {"宋体"}


def test_captions_are_attached_to_their_figures(briefing):
    document = part(briefing, "word/document.xml")
    figures = document.xpath("//w:p[.//w:drawing]", namespaces=NS)
    assert len(figures) == 3  # main_charts of config/briefing.yaml
    for figure in figures:
        assert figure.find("w:pPr/w:keepNext", NS) is not None
        caption = figure.getnext()
        assert attr(caption.find("w:pPr/w:pStyle", NS), "val") == "Caption"
        assert "".join(caption.itertext()).startswith("图")


def test_appendix_charts_two_to_a_page_and_never_below_70_percent(briefing):
    """附图 at most 9.5 cm tall (two with captions in the 22.5 cm text block), unless that is
    less than 70 % of the chart's size (8 pt labels shown at 5.6 pt at least)."""
    appendix = briefing.with_name("briefing-appendix.docx")
    document = part(appendix, "word/document.xml")
    wp = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
    extents = [
        (int(e.get("cx")), int(e.get("cy"))) for e in document.iter(f"{{{wp}}}extent")
    ]
    assert len(extents) == 8  # every chart
    emu_per_cm = 360000
    heights = sorted(cy / emu_per_cm for _cx, cy in extents)
    # The charts at 15 cm wide (PNG 1771 px wide): findings 1098 px → 9.30 cm, shown whole;
    # land and pipeline 1122 px → 9.50 cm; funds 1269 → 10.75, budget 1535 → 13.0, scores
    # 1500 → 12.70, all cut to 9.5; growth 1618 → 13.70, 70 % of it 9.59 > 9.5; counts 2173 →
    # 18.40, 70 % 12.88.
    expected = [9.30, 9.5, 9.5, 9.5, 9.5, 9.5, 0.7 * 15 * 1618 / 1771, 0.7 * 15 * 2173 / 1771]
    assert heights == pytest.approx(expected, abs=0.01)
    assert all(cx <= 15 * emu_per_cm for cx, _cy in extents)


def test_project_named_as_the_reports_title_names_it(briefing):
    document = part(briefing, "word/document.xml")
    text = "".join(document.itertext())
    # title: 2022 年度市经济信息产业发展专项资金绩效自评报告—园区建设专项
    assert "2022年度市经济信息产业发展专项资金—园区建设专项绩效自评简报" in text
    assert "园区发展专项" not in text  # the table's 项目名称 words it otherwise


# --------------------------------------------------------------------------- LibreOffice


def pdf_of(briefing: Path, folder: Path) -> Path:
    from parkmetrics.report.briefing import convert_to_pdf

    copy = folder / briefing.name
    shutil.copyfile(briefing, copy)
    return convert_to_pdf(copy)


@pytest.mark.slow
@pytest.mark.skipif(OFFICE is None, reason="LibreOffice is not installed (.ci/run installs it)")
def test_briefing_is_two_to_four_pages_and_embeds_a_chinese_font(briefing, tmp_path):
    from pypdf import PdfReader

    from parkmetrics.report.briefing.pdf import check_cjk_fonts, pdf_fonts

    pdf = pdf_of(briefing, tmp_path)
    reader = PdfReader(str(pdf))
    assert 2 <= len(reader.pages) <= 4
    assert check_cjk_fonts(pdf)  # an embedded CJK font
    assert all(embedded for _name, embedded in pdf_fonts(pdf))
    text = reader.pages[0].extract_text()
    assert "绩效自评简报" in text and "810.24" in text
    if shutil.which("pdffonts"):
        listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
        assert "ParkmetricsSansSC-Regular" in listing  # the bundled font, by its own name
        assert "Noto" not in listing


def system_has_cjk_font() -> bool:
    if shutil.which("fc-list") is None:
        return False
    listing = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout
    return bool(listing.strip())


@pytest.mark.slow
@pytest.mark.skipif(OFFICE is None, reason="LibreOffice is not installed (.ci/run installs it)")
@pytest.mark.skipif(system_has_cjk_font(), reason="a system CJK font would stand in")
def test_without_a_chinese_font_the_pdf_fails_clearly(briefing, tmp_path, monkeypatch):
    from parkmetrics.report.briefing import pdf as pdf_module

    # the bundled font "missing": a Latin font in its place, as on a broken install
    latin = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if not latin.exists():
        pytest.skip("DejaVu Sans is not installed")
    monkeypatch.setattr(pdf_module, "bundled_font_path", lambda: latin)
    with pytest.raises(pdf_module.PdfFontError, match="未嵌入中文字体"):
        pdf_of(briefing, tmp_path)
    assert not (tmp_path / "briefing.pdf").exists()  # no page of empty boxes left behind


def test_briefing_command_fails_with_the_font_message(tmp_path, monkeypatch, capsys):
    from parkmetrics.cli import main
    from parkmetrics.run import briefing as command

    def no_font(path):
        raise command_error("briefing.pdf: 未嵌入中文字体，PDF 中的汉字将显示为方框")

    from parkmetrics.report.briefing import PdfFontError as command_error

    monkeypatch.setattr(command, "convert_to_pdf", no_font)
    assert main(["briefing", "--year", "2022", "--out", str(tmp_path), "--pdf"]) == 1
    assert "未嵌入中文字体" in capsys.readouterr().err
