"""The bundled Chinese font: licence, coverage, and rendering the report without Glyph warnings.

pytest's configuration turns matplotlib's "Glyph … missing" warning into an error, so a test that
draws text and passes proves every character had a glyph.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from pathlib import Path

import matplotlib as mpl
import pytest
from fontTools.ttLib import TTFont
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from parkmetrics.report import fonts

REPO = Path(__file__).resolve().parents[1]
REPORT = REPO / "data" / "2022" / "source" / "zhuzhou-2022-park-fund-self-evaluation.txt"


@pytest.fixture(autouse=True)
def _restore_rc():
    with mpl.rc_context():
        yield


@pytest.fixture(scope="module")
def bundled() -> Iterator[TTFont]:
    # a lazy font keeps its file open: closed after the module's tests (not by the collector)
    with TTFont(str(fonts.bundled_font_path()), lazy=True) as font:
        yield font


def report_characters() -> str:
    """Every distinct visible character of the source report, in first-seen order."""
    text = REPORT.read_text(encoding="utf-8")
    seen = dict.fromkeys(ch for ch in text if not ch.isspace() and unicodedata.category(ch) != "Cc")
    return "".join(seen)


def test_bundled_font_is_small_and_has_its_own_family_name(bundled):
    path = fonts.bundled_font_path()
    assert path.stat().st_size <= 11_000_000
    family = bundled["name"].getDebugName(1)
    assert family == fonts.BUNDLED_FAMILY
    # OFL: a modified version must not use the Reserved Font Name "Source".
    for record in bundled["name"].names:
        if record.nameID in (1, 4, 6, 16):
            assert "Source" not in record.toUnicode()


def test_every_name_inside_the_cff_is_the_bundled_fonts_own(bundled):
    """The PostScript names a PDF writer or a browser shows: the CFF font and each of its
    CID parts (in Noto Sans CJK SC they are NotoSansCJKjp-Regular-*, shared with Japanese)."""
    top = bundled["CFF "].cff.topDictIndex[0]
    assert bundled["CFF "].cff.fontNames == ["ParkmetricsSansSC-Regular"]
    parts = [fd.FontName for fd in top.FDArray]
    assert "ParkmetricsSansSC-Regular-Ideographs" in parts
    assert all(name.startswith("ParkmetricsSansSC-Regular-") for name in parts), parts


def test_licence_ships_next_to_the_font_with_the_copyright_notice():
    licence = (fonts.bundled_font_path().parent / "OFL.txt").read_text(encoding="utf-8")
    assert "Copyright 2014-2021 Adobe" in licence
    assert "Reserved Font Name 'Source'" in licence
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence


def test_bundled_font_covers_every_character_of_the_report(bundled):
    cmap = bundled.getBestCmap()
    missing = [ch for ch in report_characters() if ord(ch) not in cmap]
    assert missing == []


@pytest.mark.parametrize(
    "char",
    ["≥", "≤", "﹦", "\N{MINUS SIGN}", "％", "＞", "、", "。", "《", "喆", "亩", "‰", "×"],
)
def test_bundled_font_has_target_signs_and_rare_place_name_characters(bundled, char):
    assert ord(char) in bundled.getBestCmap()


def test_bundled_font_alone_renders_the_report_chinese():
    fonts.register_bundled_font()
    chars = report_characters()
    lines = [chars[i : i + 40] for i in range(0, len(chars), 40)]
    mpl.rcParams["font.family"] = ["sans-serif"]
    mpl.rcParams["font.sans-serif"] = [fonts.BUNDLED_FAMILY]  # no system font, no DejaVu
    fig = Figure(figsize=(6, 0.25 * len(lines)))
    for i, line in enumerate(lines):
        fig.text(0.01, 1 - (i + 1) / (len(lines) + 1), line, fontsize=8)
    ax = fig.add_axes((0.1, 0.05, 0.3, 0.05))
    ax.plot([-1, 1], [-2, 2])  # tick labels with U+2212 minus
    FigureCanvasAgg(fig).draw()
    used = font_manager.findfont(font_manager.FontProperties(family=fonts.BUNDLED_FAMILY))
    assert Path(used) == fonts.bundled_font_path()


def test_use_cjk_font_prefers_installed_system_fonts_then_bundled_then_dejavu(monkeypatch):
    monkeypatch.setattr(
        font_manager, "get_font_names", lambda: ["DejaVu Sans", "WenQuanYi Micro Hei", "SimHei"]
    )
    families = fonts.use_cjk_font()
    assert families == ["WenQuanYi Micro Hei", fonts.BUNDLED_FAMILY, "DejaVu Sans"]
    assert mpl.rcParams["font.sans-serif"] == families
    assert mpl.rcParams["font.family"] == ["sans-serif"]
    assert mpl.rcParams["axes.unicode_minus"] is True
    assert fonts.cjk_font_family() == "WenQuanYi Micro Hei"


def test_use_cjk_font_without_system_cjk_fonts_chooses_the_bundled_family(monkeypatch):
    monkeypatch.setattr(font_manager, "get_font_names", lambda: ["DejaVu Sans", "SimHei"])
    assert fonts.use_cjk_font() == [fonts.BUNDLED_FAMILY, "DejaVu Sans"]
    assert fonts.cjk_font_family() == fonts.BUNDLED_FAMILY


def test_use_cjk_font_is_idempotent():
    first = fonts.use_cjk_font()
    second = fonts.use_cjk_font()
    assert first == second
    registered = [
        entry
        for entry in font_manager.fontManager.ttflist
        if Path(entry.fname) == fonts.bundled_font_path()
    ]
    assert len(registered) == 1


def test_prefer_system_false_uses_only_the_bundled_font():
    assert fonts.use_cjk_font(prefer_system=False) == [fonts.BUNDLED_FAMILY, "DejaVu Sans"]
