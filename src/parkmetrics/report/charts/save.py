"""Writing a chart to files: the same figure always gives the same bytes."""

from __future__ import annotations

from pathlib import Path

import matplotlib as mpl
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

PNG_DPI = 300
SVG_HASH_SALT = "parkmetrics"  # fixed ids in SVG output, so the same figure gives the same bytes
# zlib level 3: as small as level 6 within a few percent for these flat-coloured charts (and
# smaller than matplotlib's RGBA at 6, as the files are RGB), in two thirds of the time
PNG_COMPRESS_LEVEL = 3
BACKGROUND = "white"
OPAQUE = 255


def save_figure(fig: Figure, path_without_suffix: str | Path) -> list[Path]:
    """Save ``fig`` as ``<path>.png`` (300 dpi) and ``<path>.svg``; same figure, same bytes.

    The figure is laid out once, at the PNG's resolution, and both files are drawn from that
    layout: with its layout engine on, every ``savefig`` lays a figure out twice (a hidden draw,
    then the real one), four layouts for two files, and that was most of a chart's cost. The
    PNG is drawn on the very canvas the layout measured its text with.
    """
    base = Path(path_without_suffix)
    base.parent.mkdir(parents=True, exist_ok=True)
    png, svg = Path(f"{base}.png"), Path(f"{base}.svg")
    engine, dpi = fig.get_layout_engine(), fig.get_dpi()
    # No software version or date in the files, and fixed SVG ids: reruns give identical bytes.
    with mpl.rc_context({"svg.hashsalt": SVG_HASH_SALT, "svg.fonttype": "path"}):
        # A Figure outside pyplot has a canvas that cannot draw. The Agg one is put back after
        # use, so its 300-dpi pixel buffer (8 MB a chart) goes with it, not with the figure.
        original = fig.canvas
        canvas = FigureCanvasAgg(fig)
        try:
            fig.set_dpi(PNG_DPI)
            if engine is not None:
                # the layout engine places everything here, once; execute() alone, without the
                # hidden draw of every artist draw_without_rendering() adds (same layout)
                engine.execute(fig)
                fig.set_layout_engine(None)  # "none" still counts as an engine to savefig
            _write_png(canvas, png)
            fig.set_dpi(dpi)
            fig.savefig(svg, format="svg", metadata={"Date": None}, facecolor=BACKGROUND)
        finally:  # the figure as it came, whatever failed
            fig.set_dpi(dpi)
            fig.set_canvas(original)
            if engine is not None:
                fig.set_layout_engine(engine)
    return [png, svg]


def _write_png(canvas: FigureCanvasAgg, png: Path) -> None:
    """Draw ``canvas`` on a white background and write it as PNG, RGB when it is opaque."""
    from PIL import Image

    patch = canvas.figure.patch
    face = patch.get_facecolor()
    patch.set_facecolor(BACKGROUND)
    try:
        canvas.draw()
    finally:
        patch.set_facecolor(face)
    width, height = canvas.get_width_height(physical=True)
    image = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    if image.getextrema()[3][0] == OPAQUE:  # no transparent pixel: the alpha channel says nothing
        image = image.convert("RGB")
    image.save(png, format="png", dpi=(PNG_DPI, PNG_DPI), compress_level=PNG_COMPRESS_LEVEL)
