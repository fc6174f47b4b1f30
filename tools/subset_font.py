"""Make the Chinese font bundled with parkmetrics (``src/parkmetrics/fonts/``).

The bundled font is a subset of Noto Sans CJK SC Regular (SIL OFL 1.1), renamed so that it never
shadows a full system font and never uses the Reserved Font Name "Source". It covers the CJK
Unified Ideographs block U+4E00–9FFF (rarer place-name characters such as 喆 included, which a
GB 2312 subset would miss), ASCII, Latin-1 signs, general and CJK punctuation, full-width forms
and the comparison signs of indicator targets (≥ ≤ ﹦ −).

How the source face was obtained, without installing anything system-wide::

    cd /tmp && apt-get download fonts-noto-cjk          # Debian 12: 1:20220127+repack1-1
    dpkg -x fonts-noto-cjk_*.deb /tmp/noto
    .venv/bin/python tools/subset_font.py \
        /tmp/noto/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc

The options below are fixed and the timestamps are copied from the source face, so running the
script again on the same source gives byte-identical output. With fontTools 4.68.0 and the Debian
package above the result is 9.2 MB, sha256
81e3c76f100037eaf555598c477beb27e691eb3378e9e12f02e4c7afe4b17324.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

FAMILY = "Parkmetrics Sans SC"
POSTSCRIPT_NAME = "ParkmetricsSansSC-Regular"
OUTPUT = Path(__file__).resolve().parents[1] / "src" / "parkmetrics" / "fonts"
FILE_NAME = "ParkmetricsSansSC-Regular.otf"
SOURCE_FACE = "Noto Sans CJK SC"  # the face to take out of the .ttc collection

# (first, last) code points, inclusive. Why each range is here:
RANGES: tuple[tuple[int, int, str], ...] = (
    (0x0020, 0x007E, "ASCII: digits, Latin letters, signs"),
    (0x00A0, 0x00FF, "Latin-1 signs: ° · × ÷ ± and non-breaking space"),
    (0x2000, 0x206F, "general punctuation: — ‘ ’ “ ” … ‰ and spaces"),
    (0x2212, 0x2212, "U+2212 minus, used by matplotlib ticks (axes.unicode_minus)"),
    (0x2264, 0x2265, "≤ ≥ in indicator targets"),
    (0x3000, 0x303F, "CJK symbols and punctuation: 、 。 《 》 「 」 and U+3000"),
    (0x4E00, 0x9FFF, "CJK Unified Ideographs: all common Han characters"),
    (0xFE66, 0xFE66, "﹦ small equals sign, as typed in some targets"),
    (0xFF00, 0xFFEF, "full-width forms: （ ） ， ： ％ ＞ ＝ and full-width digits"),
)

# Name-table entries rewritten for the modified version (OFL: no Reserved Font Name).
NAMES = {
    1: FAMILY,
    2: "Regular",
    3: f"{POSTSCRIPT_NAME};parkmetrics subset of Noto Sans CJK SC 2.004",
    4: f"{FAMILY} Regular",
    6: POSTSCRIPT_NAME,
    16: FAMILY,
    17: "Regular",
}
DESCRIPTION = (
    "Subset of Noto Sans CJK SC Regular 2.004 (SIL Open Font License 1.1) made for parkmetrics "
    "by tools/subset_font.py; renamed as the OFL requires for modified versions."
)


def code_points() -> list[int]:
    """All code points to keep, in ascending order."""
    return sorted({cp for first, last, _ in RANGES for cp in range(first, last + 1)})


def load_source_face(path: Path) -> TTFont:
    """Open the Simplified Chinese face from a .ttc collection (or a single .otf)."""
    if path.suffix.lower() == ".ttc":
        for face in TTCollection(str(path), lazy=False).fonts:
            if face["name"].getDebugName(1) == SOURCE_FACE:
                return face
        raise SystemExit(f"{path}: no face named {SOURCE_FACE!r} in the collection")
    return TTFont(str(path), lazy=False)


def rename(font: TTFont) -> None:
    """Give the subset its own family name in every platform's name records."""
    table = font["name"]
    for name_id in (1, 2, 3, 4, 6, 16, 17, 18, 21, 22):
        table.removeNames(nameID=name_id)
    for name_id, value in NAMES.items():
        table.setName(value, name_id, 3, 1, 0x409)  # Windows, Unicode BMP, English (US)
        table.setName(value, name_id, 1, 0, 0)  # Macintosh, Roman, English
    table.setName(DESCRIPTION, 10, 3, 1, 0x409)
    if "CFF " in font:
        cff = font["CFF "].cff
        cff.fontNames = [POSTSCRIPT_NAME]
        top = cff.topDictIndex[0]
        top.FullName = NAMES[4]
        top.FamilyName = FAMILY
        if hasattr(top, "CIDFontName"):
            top.CIDFontName = POSTSCRIPT_NAME
        # The CID font's parts keep the name of the face the collection shares with Japanese
        # (NotoSansCJKjp-Regular-Ideographs …); PDF writers name the embedded font after them.
        for font_dict in getattr(top, "FDArray", None) or []:
            part = getattr(font_dict, "FontName", "")
            if part:
                suffix = part.split("-", 2)[2] if part.count("-") >= 2 else part
                font_dict.FontName = f"{POSTSCRIPT_NAME}-{suffix}"


def make_subset(source: Path, output_dir: Path = OUTPUT) -> Path:
    """Subset, rename and write the bundled font; return its path."""
    font = load_source_face(source)
    created, modified = font["head"].created, font["head"].modified
    options = subset.Options()
    options.layout_features = ["*"]  # keep vertical forms, locl and proportional punctuation
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False  # charts render at 300 dpi, where hints barely show; saves ~2 MB
    options.desubroutinize = False
    subsetter = subset.Subsetter(options=options)
    subsetter.populate(unicodes=code_points())
    subsetter.subset(font)
    rename(font)
    # Keep the source's dates so the output is reproducible (fontTools would stamp "now").
    font.recalcTimestamp = False
    font["head"].created, font["head"].modified = created, modified
    output_dir.mkdir(parents=True, exist_ok=True)
    target = output_dir / FILE_NAME
    font.save(str(target))
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="NotoSansCJK-Regular.ttc or NotoSansCJKsc-*.otf")
    parser.add_argument("--output-dir", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    target = make_subset(args.source, args.output_dir)
    digest = hashlib.sha256(target.read_bytes()).hexdigest()
    size = target.stat().st_size / 1e6
    print(f"{target}: {size:.1f} MB, sha256 {digest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
