"""The HTML report: one self-contained file with its Chinese font embedded, nothing fetched from
the network, nothing executable from the data, and — in a real headless Chromium — Chinese drawn
with the embedded font and nothing wider than the page."""

from __future__ import annotations

import base64
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import injection_corpus as corpus
import nbformat
import pytest
from fontTools.ttLib import TTFont
from test_output_safety import executable

from parkmetrics.report import webpage
from parkmetrics.report.fonts import BUNDLED_FAMILY

ROOT = Path(__file__).parents[1]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
WIDTH = 1000  # px: the browser window the page must fit


def small_notebook(text: str) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell("x")
    cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": text})]
    return nbformat.v4.new_notebook(cells=[cell])


def embedded_font(page: str) -> TTFont:
    (data,) = re.findall(r'url\("data:font/woff;base64,([A-Za-z0-9+/=]+)"\)', page)
    return TTFont(io.BytesIO(base64.b64decode(data)))


def test_page_embeds_the_font_cut_to_its_characters():
    page = webpage.render_html(small_notebook("<p>复核发现：新开工产业项目137个</p>"), "标题")
    font = embedded_font(page)
    cmap = font.getBestCmap()
    assert all(ord(ch) in cmap for ch in "复核发现新开工产业项目标题")
    assert ord("嗯") not in cmap  # not on the page: not in the subset
    assert font["name"].getDebugName(1) == BUNDLED_FAMILY
    cff = font["CFF "].cff
    names = [*cff.fontNames, *(fd.FontName for fd in cff.topDictIndex[0].FDArray)]
    assert all(name.startswith("ParkmetricsSansSC-Regular") for name in names), names
    assert f'font-family: "{BUNDLED_FAMILY}"' in page
    assert '<html lang="zh">' in page


def test_embedded_font_keeps_the_rules_a_chinese_page_uses_and_no_others():
    # "，" and "（" have vertical forms (vert) and half-width spacing (halt) in the font; the
    # page is lang="zh", so only the Simplified Chinese and default language systems apply
    page = webpage.render_html(small_notebook("<p>复核发现，（新开工）</p>"), "标题")
    font = embedded_font(page)
    gsub, gpos = font["GSUB"].table, font["GPOS"].table
    assert {"vert", "locl"} <= {r.FeatureTag for r in gsub.FeatureList.FeatureRecord}
    assert {"halt", "vhal"} <= {r.FeatureTag for r in gpos.FeatureList.FeatureRecord}
    for table in (gsub, gpos):
        for record in table.ScriptList.ScriptRecord:
            assert {r.LangSysTag for r in record.Script.LangSysRecord} <= {"ZHS "}
    # the full-width forms of Latin letters (fwid) only a CSS font-variant asks for: not kept
    assert "fwid" not in {r.FeatureTag for r in gsub.FeatureList.FeatureRecord}


def test_page_loads_nothing_from_the_network_and_runs_no_script():
    page = webpage.render_html(small_notebook("<p>复核</p>"), "标题")
    assert re.findall(r'(?:src|href)="(?:https?:)?//', page) == []
    assert "<script" not in page and "@import" not in page


def test_same_notebook_same_bytes():
    notebook = small_notebook("<p>自评总分100分</p>")
    assert webpage.render_html(notebook, "t") == webpage.render_html(notebook, "t")


# --------------------------------------------------------------------------- yearly runs


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[str, Path]:
    """report.html of 2022 (the shipped data) and of the injection corpus, by full runs."""
    from parkmetrics.run.runner import run_years

    out = tmp_path_factory.mktemp("reports")
    data = corpus.build(tmp_path_factory.mktemp("corpus"))
    (result,) = run_years([corpus.YEAR], data, out / "corpus")
    assert result.status == "ok", result.message
    (result,) = run_years([2022], ROOT / "data", out / "shipped")
    assert result.status == "ok", result.message
    return {
        "2022": out / "shipped" / "2022" / "report.html",
        "corpus": out / "corpus" / str(corpus.YEAR) / "report.html",
    }


@pytest.mark.slow
def test_nothing_from_the_data_is_executable_in_the_report(reports):
    page = reports["corpus"].read_text(encoding="utf-8")
    found, text = executable(page)
    assert found == []
    assert "<script" not in page
    # every payload is on the page as text: the title, labels, park names were not dropped
    assert text.count(corpus.SCRIPT) >= 5 and text.count(corpus.LINK) >= 5
    assert corpus.MARKDOWN in text  # Markdown control characters shown as typed


ENGLISH_ALLOWED = re.compile(
    r"[\w-]+\.(?:csv|xlsx|docx|png|svg)|charts/|SHA-256|[A-Z]\d{2}|parkmetrics"
)


@pytest.mark.slow
def test_no_english_in_the_chinese_report(reports):
    page = reports["2022"].read_text(encoding="utf-8")
    body = re.sub(r"<(style|script)\b.*?</\1>", "", page, flags=re.S)
    _found, text = executable(body)
    text = ENGLISH_ALLOWED.sub("", text)
    words = re.findall(r"[A-Za-z]{3,}", text)
    assert words == []


@pytest.mark.slow
def test_tables_align_text_left_and_numbers_right_with_units(reports):
    page = reports["2022"].read_text(encoding="utf-8")
    # the pipeline table: the annual task is written with its unit, like the actual beside it
    assert '<td class="pm-text">新开工产业项目</td><td class="pm-num">130个</td>' in page
    assert '<td class="pm-num">137个</td>' in page
    assert '<td class="pm-num">105.4%</td>' in page  # 137 ÷ 130


MEASURE = """
<script>
document.fonts.ready.then(() => {
  const wide = [...document.querySelectorAll('body *')].filter(
    e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1);
  const p = document.querySelector('.jp-RenderedHTMLCommon p, p');
  const result = {
    loaded: [...document.fonts].filter(f => f.status === 'loaded').map(f => f.family),
    family: getComputedStyle(p).fontFamily,
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
    wide: wide.slice(0, 5).map(e => e.tagName + '.' + e.className),
    images: [...document.querySelectorAll('img')].map(i => i.getBoundingClientRect().width),
    main: document.querySelector('main').getBoundingClientRect().width,
  };
  const out = document.createElement('pre');
  out.id = 'pm-measure';
  out.textContent = JSON.stringify(result);
  document.body.appendChild(out);
});
</script>
"""


def chromium(args: list[str], profile: Path) -> subprocess.CompletedProcess:
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        f"--window-size={WIDTH},1400",
        *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (.ci/run installs it)")
@pytest.mark.parametrize("which", ["2022", "corpus"])
def test_in_chromium_chinese_uses_the_embedded_font_and_nothing_overflows(which, reports, tmp_path):
    page = tmp_path / "measured.html"
    html = reports[which].read_text(encoding="utf-8")
    page.write_text(html.replace("</body>", MEASURE + "</body>"), encoding="utf-8")
    dom = chromium(
        ["--virtual-time-budget=10000", "--dump-dom", page.as_uri()], tmp_path / "profile"
    ).stdout
    (measured,) = re.findall(r'<pre id="pm-measure">(.*?)</pre>', dom, flags=re.S)
    result = json.loads(measured.replace("&quot;", '"').replace("&amp;", "&"))
    assert BUNDLED_FAMILY in result["loaded"]  # the embedded face was used (and loaded)
    assert result["family"].startswith(f'"{BUNDLED_FAMILY}"')
    assert result["scrollWidth"] <= result["clientWidth"], result["wide"]
    assert result["wide"] == []
    # charts at the full text width
    assert result["images"] and all(abs(w - result["main"]) < 40 for w in result["images"])
    chromium([f"--screenshot={tmp_path / 'page.png'}", reports[which].as_uri()], tmp_path / "p2")
    assert (tmp_path / "page.png").stat().st_size > 10_000


def test_short_text_columns_stay_on_one_line():
    """编号 and 级别 (at most 4 characters, header included) beside a long 说明: kept whole
    (white-space: nowrap), where the browser would squeeze them to one character a line."""
    import pandas as pd

    from parkmetrics.report.markup import html_table

    notes = ["必填项「主管部门」为空", "x" * 60]
    frame = pd.DataFrame({"编号": ["F01", "F02"], "级别": ["错误", "警告"], "说明": notes})
    table = html_table(frame)
    assert '<th class="pm-text pm-short">编号</th><th class="pm-text pm-short">级别</th>' in table
    assert '<td class="pm-text pm-short">F01</td>' in table
    assert '<th class="pm-text">说明</th>' in table  # 11 and 60 characters: wraps
    page = webpage.render_html(small_notebook(table), "标题")
    assert re.search(r"\.pm-short \{ white-space: nowrap; \}", page)


def test_chart_images_say_what_they_show_in_chinese(tmp_path):
    from IPython.core.formatters import DisplayFormatter
    from PIL import Image

    from parkmetrics.report.export import chart_image

    png = tmp_path / "budget.png"
    Image.new("RGB", (4, 4), "white").save(png)
    cell = nbformat.v4.new_code_cell("x")
    for image in (chart_image(png), chart_image(png, "逐年预算<与>执行")):
        data, metadata = DisplayFormatter().format(image)
        cell.outputs.append(nbformat.v4.new_output("display_data", data, metadata=metadata))
    page = webpage.render_html(nbformat.v4.new_notebook(cells=[cell]), "标题")
    alts = re.findall(r'<img alt="([^"]*)"', page)
    # by default the title the 2022 report's budget chart carries (its heading in the PNG)
    assert alts == ["预算执行与支出构成", "逐年预算&lt;与&gt;执行"]
    assert "No description" not in page
    assert page.count('tabindex="0"') == 2  # each output a tab stop, as nbconvert makes them
