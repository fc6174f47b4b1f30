"""Chinese fonts for matplotlib, with nothing but ``pip install parkmetrics``.

parkmetrics ships a subset of Noto Sans CJK SC (SIL OFL 1.1, see ``fonts/OFL.txt``) under its own
family name, "Parkmetrics Sans SC". :func:`use_cjk_font` registers it with matplotlib in memory
only (no writes to site-packages, caches or a global matplotlibrc) and sets a fallback list that
prefers a full system CJK font when one is installed, then the bundled subset, then DejaVu Sans.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

BUNDLED_FAMILY = "Parkmetrics Sans SC"
BUNDLED_FILE = "ParkmetricsSansSC-Regular.otf"

# Full CJK fonts look better than the subset (bold faces, every block), so an installed one wins.
# Order: the open Noto/Source Han pair first, then the usual Windows, macOS and Linux families.
SYSTEM_CJK_FAMILIES: tuple[str, ...] = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Microsoft YaHei",
    "PingFang SC",
    "WenQuanYi Micro Hei",
)

# Last in the list: Latin glyphs and signs the CJK subset lacks fall back glyph by glyph.
LATIN_FALLBACK = "DejaVu Sans"


def bundled_font_path() -> Path:
    """Path of the bundled font file inside the installed package."""
    return Path(str(resources.files("parkmetrics") / "fonts" / BUNDLED_FILE))


def register_bundled_font() -> str:
    """Register the bundled font with matplotlib's font manager (once); return its family."""
    from matplotlib import font_manager  # here: the HTML page needs the font path, not matplotlib

    path = bundled_font_path()
    known = {Path(entry.fname) for entry in font_manager.fontManager.ttflist}
    if path not in known:
        font_manager.fontManager.addfont(str(path))
    return BUNDLED_FAMILY


def font_families(prefer_system: bool = True) -> list[str]:
    """The font fallback list: installed system CJK fonts, the bundled font, DejaVu Sans.

    Only families matplotlib actually knows are listed, so it never warns "findfont: not found".
    With ``prefer_system=False`` the system fonts are skipped (reproducible output everywhere).
    """
    from matplotlib import font_manager

    bundled = register_bundled_font()
    installed = set(font_manager.get_font_names())
    system = [name for name in SYSTEM_CJK_FAMILIES if name in installed] if prefer_system else []
    return [*system, bundled, LATIN_FALLBACK]


def use_cjk_font(prefer_system: bool = True) -> list[str]:
    """Make matplotlib render Chinese; return the family list now in ``font.sans-serif``.

    Idempotent: calling it again registers nothing new and sets the same rcParams.
    """
    import matplotlib as mpl

    families = font_families(prefer_system)
    mpl.rcParams["font.family"] = ["sans-serif"]
    mpl.rcParams["font.sans-serif"] = families
    # Every family in the list has U+2212, so the typographic minus can stay (SimHei cannot).
    mpl.rcParams["axes.unicode_minus"] = True
    return families


def cjk_font_family() -> str:
    """The family that renders Chinese under the current settings (first CJK one in the list)."""
    import matplotlib as mpl

    current = list(mpl.rcParams["font.sans-serif"])
    candidates = {*SYSTEM_CJK_FAMILIES, BUNDLED_FAMILY}
    for name in current:
        if name in candidates:
            return name
    return font_families()[0]
