"""Writing a chart to files: the same figure always gives the same bytes."""

from __future__ import annotations

from pathlib import Path

import matplotlib as mpl
from matplotlib.figure import Figure

PNG_DPI = 300
SVG_HASH_SALT = "parkmetrics"  # fixed ids in SVG output, so the same figure gives the same bytes


def save_figure(fig: Figure, path_without_suffix: str | Path) -> list[Path]:
    """Save ``fig`` as ``<path>.png`` (300 dpi) and ``<path>.svg``; same figure, same bytes.

    The figure is laid out once, at the PNG's resolution, and both files are drawn from that
    layout: with its layout engine on, every ``savefig`` lays a figure out twice (a hidden draw,
    then the real one), four layouts for two files, and that was most of a chart's cost.
    """
    base = Path(path_without_suffix)
    base.parent.mkdir(parents=True, exist_ok=True)
    png, svg = Path(f"{base}.png"), Path(f"{base}.svg")
    engine, dpi = fig.get_layout_engine(), fig.get_dpi()
    # No software version or date in the files, and fixed SVG ids: reruns give identical bytes.
    with mpl.rc_context({"svg.hashsalt": SVG_HASH_SALT, "svg.fonttype": "path"}):
        if engine is not None:
            fig.set_dpi(PNG_DPI)
            # the layout engine places everything here, once; execute() alone, without the
            # hidden draw of every artist draw_without_rendering() adds (same layout)
            engine.execute(fig)
            fig.set_dpi(dpi)
            fig.set_layout_engine(None)  # "none" still counts as an engine to savefig
        try:
            fig.savefig(
                png, format="png", dpi=PNG_DPI, metadata={"Software": None}, facecolor="white"
            )
            fig.savefig(svg, format="svg", metadata={"Date": None}, facecolor="white")
        finally:
            if engine is not None:
                fig.set_layout_engine(engine)
    return [png, svg]
