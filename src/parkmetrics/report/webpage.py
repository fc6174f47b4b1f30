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
import re
from pathlib import Path
from typing import Any

import nbformat

from parkmetrics.report.fonts import BUNDLED_FAMILY, bundled_font_path
from parkmetrics.report.markup import NUMBER_CELL, SHORT_CELL, TABLE_CLASS, TEXT_CELL

TEMPLATE = Path(__file__).parents[1] / "templates" / "report.html.j2"
LANGUAGE = "zh"  # nbconvert takes ISO 639-1 codes only
# the OpenType language systems of a zh page (Simplified), besides every script's default
PAGE_LANGUAGE_SYSTEMS = frozenset({"ZHS "})
FONT_STACK = f'"{BUNDLED_FAMILY}", sans-serif'
_FONT_PLACEHOLDER = "/*parkmetrics-font-face*/"
# the opening tags of a cell's input and of each output, made tab stops as nbconvert's own
# exporter does (a keyboard reaches a wide table and scrolls it)
_TAB_STOP = re.compile(
    r'(<div (?:id="[^"<>]*" )?class="'
    r'(?:jp-Cell-inputWrapper|[^"<>]*\bjp-OutputArea-output\b[^"<>]*)"[^<>]*)>'
)

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
    exporter = _exporter_class()(
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


def _exporter_class() -> type:
    """nbconvert's HTML exporter without its BeautifulSoup pass over the finished page.

    That pass gives every image without one an English alt text and makes inputs and outputs
    tab stops; its CSS selectors compile some hundred regular expressions, and parsing and
    printing the page again (2 MB of charts) cost more than the template itself. Here the
    template writes the alt text (the chart's title, :func:`parkmetrics.report.export.
    chart_image`) and the tab stops are added to the rendered tags.
    """
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class ReportExporter(HTMLExporter):
        def from_notebook_node(  # type: ignore[override]
            self, nb: nbformat.NotebookNode, resources: dict | None = None, **kw: Any
        ) -> tuple[str, dict]:
            # HTMLExporter.from_notebook_node up to its BeautifulSoup pass
            language = nb.metadata.get("language_info", {})
            lexer = language.get("pygments_lexer", language.get("name"))
            highlight = Highlight2HTML(pygments_lexer=lexer, parent=self)
            resources = self._init_resources(resources)
            widgets = WidgetsDataTypeFilter(
                notebook_metadata=self._nb_metadata, parent=self, resources=resources
            )
            self.register_filter("highlight_code", self.filters.get("highlight_code", highlight))
            self.register_filter("filter_data_type", widgets)
            page, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
            return _TAB_STOP.sub(r'\1 tabindex="0">', page), resources

    return ReportExporter


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
    options = subset.Options()  # its layout features: those browsers apply unasked (liga,
    # kern, locl, the vertical forms, the punctuation widths halt/palt/vhal/vpal), not the
    # width variants and alternates that only a CSS font-variant would ask for
    options.flavor = "woff"
    options.name_IDs = ["*"]  # keep the family name, copyright and licence entries
    options.notdef_outline = True
    out = io.BytesIO()
    # a lazy font reads its file as it goes: closed when done (it was left to the collector)
    path = str(bundled_font_path())
    with TTFont(path, recalcTimestamp=False, recalcBBoxes=False, lazy=True) as font:
        _keep_language_systems(font, PAGE_LANGUAGE_SYSTEMS)
        subsetter = subset.Subsetter(options)
        subsetter.populate(text="".join(sorted(set(text))))
        subsetter.subset(font)
        subset.save_font(font, out, options)
    return out.getvalue()


def _keep_language_systems(font: Any, keep: frozenset[str]) -> None:
    """Drop the layout rules of the languages the page is not in (Japanese, Korean and the
    Traditional forms of ``locl``): the page is ``lang="zh"``, so a browser uses only these and
    each script's default; the other languages' glyph variants were a third of the subset."""
    for tag in ("GSUB", "GPOS"):
        if tag not in font:
            continue
        for record in font[tag].table.ScriptList.ScriptRecord:
            script = record.Script
            script.LangSysRecord = [r for r in script.LangSysRecord if r.LangSysTag in keep]
            script.LangSysCount = len(script.LangSysRecord)
