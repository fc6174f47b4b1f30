"""PDFs with a real text layer (drawn by matplotlib with the bundled font) and garbage ones."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from parkmetrics.ingest import IngestError, open_document, recognise
from parkmetrics.ingest.pdf import check_text_layer

from .build import C, national_table, write_pdf
from .expected import assert_budget_as_csv, assert_header_as_csv, assert_indicators_as_csv


@pytest.mark.slow
def test_ruled_pdf_table_recognises_like_the_2022_table(tmp_path: Path):
    rows, n = national_table()
    path = write_pdf(tmp_path / "t.pdf", rows, n, title="2022年度项目支出绩效自评表")
    doc = open_document(path)
    assert doc.paragraphs == ["2022年度项目支出绩效自评表"]
    ev = recognise(doc)
    # long cells wrap over several lines in the PDF; joined with no spaces they are the CSV's
    assert_indicators_as_csv(ev)
    assert_budget_as_csv(ev)
    assert_header_as_csv(ev)
    assert ev.indicators.rows[0].target.location == "第1页 表1 第11行 第5列"
    assert ev.indicators.rows[1].level1.merged


@pytest.mark.slow
def test_pdf_merges_and_blank_cells(tmp_path: Path):
    # a column boundary is only seen where some cell starts: the last row draws them all
    rows = [
        [C("项目资金（万元）", 2, "restart"), C(""), C("年初预算数")],
        [C(span=2, vmerge="continue"), C(""), C("5")],
        [C("a"), C("b"), C("c"), C("d")],
    ]
    grid = open_document(write_pdf(tmp_path / "m.pdf", rows, 4)).tables[0]
    assert grid.position(0, 0).cell.text == "项目资金（万元）"
    assert grid.position(0, 0).cell.page == 1
    assert grid.position(0, 1).is_continuation
    assert grid.position(1, 0).is_vertical_continuation
    assert grid.position(1, 2).is_origin and grid.position(1, 2).cell.text == ""


@pytest.mark.slow
def test_pdf_without_text_layer_is_refused(tmp_path: Path):
    import matplotlib

    matplotlib.use("pdf")
    import matplotlib.pyplot as plt

    fig = plt.figure()
    fig.add_artist(plt.Line2D([0.1, 0.9], [0.5, 0.5]))
    fig.savefig(tmp_path / "scan.pdf")
    plt.close(fig)
    expected = re.escape("scan.pdf: a PDF with a text layer: it has no text")
    with pytest.raises(IngestError, match=expected):
        open_document(tmp_path / "scan.pdf")


@pytest.mark.slow
def test_pdf_with_one_glyph_repeated_is_refused(tmp_path: Path):
    path = write_pdf(tmp_path / "g.pdf", [[C("口" * 30)], [C("口" * 30)]], 1, wrap=40)
    with pytest.raises(IngestError, match="one glyph repeated"):
        open_document(path)


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("(cid:12)(cid:13)(cid:14)(cid:15)", "unmapped \\(cid:NN\\)"),
        ("\ue000\ue001\ue002\ue003项目", "private-use or unmapped"),
    ],
)
def test_garbage_text_layers_are_named(text: str, why: str):
    with pytest.raises(IngestError, match=why):
        check_text_layer(Path("x.pdf"), text, len(text))


def test_a_file_that_is_not_a_pdf(tmp_path: Path):
    path = tmp_path / "fake.pdf"
    path.write_bytes(b"hello")
    with pytest.raises(IngestError, match=re.escape("fake.pdf: a PDF file")):
        open_document(path)
