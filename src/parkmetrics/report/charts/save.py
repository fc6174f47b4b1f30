"""Writing a chart to files: the same figure always gives the same bytes."""

from __future__ import annotations

from pathlib import Path

import matplotlib as mpl
from matplotlib.figure import Figure

PNG_DPI = 300
SVG_HASH_SALT = "parkmetrics"  # fixed ids in SVG output, so the same figure gives the same bytes


def save_figure(fig: Figure, path_without_suffix: str | Path) -> list[Path]:
    """Save ``fig`` as ``<path>.png`` (300 dpi) and ``<path>.svg``; same figure, same bytes."""
    base = Path(path_without_suffix)
    base.parent.mkdir(parents=True, exist_ok=True)
    png, svg = Path(f"{base}.png"), Path(f"{base}.svg")
    # No software version or date in the files, and fixed SVG ids: reruns give identical bytes.
    with mpl.rc_context({"svg.hashsalt": SVG_HASH_SALT, "svg.fonttype": "path"}):
        fig.savefig(png, format="png", dpi=PNG_DPI, metadata={"Software": None}, facecolor="white")
        fig.savefig(svg, format="svg", metadata={"Date": None}, facecolor="white")
    return [png, svg]
