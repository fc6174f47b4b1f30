"""The HTML report as one self-contained file that shows its Chinese on any machine.

nbconvert renders the executed notebook with JupyterLab's look through the package template
``templates/report.html.j2``, which drops the scripts JupyterLab's page would fetch from the
network. The page embeds the bundled font (:mod:`.fonts`) as a ``@font-face`` data URI, cut down
to the characters the page uses (a few hundred of the font's 39 000 glyphs), so no Chinese font
need be installed; its stylesheet aligns table text left and numbers right and sets the charts
at the full text width.

Same inputs, same bytes: the subset is saved without a timestamp, and the characters are taken
in code point order.
"""

from __future__ import annotations

import base64
import io
from pathlib import Path

import nbformat

from parkmetrics.report.fonts import BUNDLED_FAMILY, bundled_font_path
from parkmetrics.report.markup import NUMBER_CELL, SHORT_CELL, TABLE_CLASS, TEXT_CELL

TEMPLATE = Path(__file__).parents[1] / "templates" / "report.html.j2"
LANGUAGE = "zh"  # nbconvert takes ISO 639-1 codes only
FONT_STACK = f'"{BUNDLED_FAMILY}", sans-serif'
_FONT_PLACEHOLDER = "/*parkmetrics-font-face*/"

STYLE = f"""
:root {{
  --jp-content-font-family: {FONT_STACK};
  --jp-ui-font-family: {FONT_STACK};
  --jp-code-font-family: {FONT_STACK};
}}
body, .jp-RenderedHTMLCommon, .jp-RenderedHTMLCommon * {{ font-family: {FONT_STACK}; }}
main {{ max-width: 60em; margin: 0 auto; }}
.jp-OutputArea-output img, .jp-RenderedImage img {{ width: 100%; max-width: 100%; height: auto; }}
.jp-RenderedHTMLCommon table.{TABLE_CLASS} {{
  width: 100%; table-layout: auto; border-collapse: collapse; margin: 0.5em 0 1em;
}}
.jp-RenderedHTMLCommon table.{TABLE_CLASS} th,
.jp-RenderedHTMLCommon table.{TABLE_CLASS} td {{
  white-space: normal; overflow-wrap: anywhere; vertical-align: top; padding: 0.3em 0.5em;
}}
.jp-RenderedHTMLCommon table.{TABLE_CLASS} .{TEXT_CELL} {{ text-align: left; }}
.jp-RenderedHTMLCommon table.{TABLE_CLASS} .{SHORT_CELL} {{ white-space: nowrap; }}
.jp-RenderedHTMLCommon table.{TABLE_CLASS} .{NUMBER_CELL} {{
  text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums;
}}
.jp-RenderedHTMLCommon p {{ overflow-wrap: anywhere; }}
"""


def render_html(notebook: nbformat.NotebookNode, title: str) -> str:
    """The report page of an executed (and cleaned) notebook, font embedded."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_file=str(TEMPLATE),
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        exclude_anchor_links=True,
        language_code=LANGUAGE,
    )
    resources = {"metadata": {"name": title}, "parkmetrics_css": _FONT_PLACEHOLDER + STYLE}
    body, _resources = exporter.from_notebook_node(notebook, resources=resources)
    return body.replace(_FONT_PLACEHOLDER, font_face(body), 1)


def font_face(text: str) -> str:
    """A ``@font-face`` rule with the bundled font cut to the characters of ``text`` (WOFF)."""
    data = base64.b64encode(subset_font(text)).decode("ascii")
    return (
        f'@font-face {{ font-family: "{BUNDLED_FAMILY}"; font-style: normal; font-weight: 400; '
        f'src: url("data:font/woff;base64,{data}") format("woff"); }}'
    )


def subset_font(text: str) -> bytes:
    """The bundled font with only the glyphs of ``text``'s characters, as WOFF bytes."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    # lazy: only the tables and glyphs the subset needs are parsed; no bounding boxes recomputed
    # (the kept glyphs' own boxes are unchanged; the head's box stays the whole font's, which
    # still bounds them): together about half the subsetting's CPU.
    font = TTFont(
        str(bundled_font_path()), recalcTimestamp=False, recalcBBoxes=False, lazy=True
    )
    options = subset.Options()
    options.flavor = "woff"
    options.layout_features = ["*"]  # keep punctuation widths and vertical forms
    options.name_IDs = ["*"]  # keep the family name, copyright and licence entries
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(sorted(set(text))))
    subsetter.subset(font)
    out = io.BytesIO()
    subset.save_font(font, out, options)
    return out.getvalue()
