"""A report written in Traditional characters reads as the same report in Simplified: its
figures keep their units and qualifiers (萬元, 累計超, 近萬畝), the vocabulary's park names and
labels are found in it (株洲高新區), and every quote and name stays as written."""

from __future__ import annotations

import csv
import shutil
from decimal import Decimal
from importlib import resources
from pathlib import Path

import pytest
from opencc_purepy import OpenCC

from parkmetrics import assess, audit, load_year, parse_quantity
from parkmetrics.data.dataset import resolve_data_dir
from parkmetrics.figures.characters import grammar_fold, simplified
from parkmetrics.figures.reading import grammar_characters
from parkmetrics.ingest.importer import import_report

DATA = resolve_data_dir(None)
SOURCE = DATA / "2022" / "source" / "zhuzhou-2022-park-fund-self-evaluation.txt"

# text, value, unit, canonical value, canonical unit, qualifier: by hand from units.csv
# (万元 10000 元, 亿元 1e8 元, 公顷 10000 平方米) and the grammar's words
READ_AS_SIMPLIFIED = [
    ("810.24萬元", "810.24", "万元", "8102400", "元", "exact"),
    ("累計超70億元", "70", "亿元", "7000000000", "元", "cumulative+over"),
    ("6967公頃", "6967", "公顷", "69670000", "平方米", "exact"),
    ("近萬畝", "10000", "亩", None, "平方米", "approx"),
    ("兩天半", "2.5", "天", "2.5", "天", "exact"),
    ("超過70%", "70", "%", "70", "%", "over"),
    ("5個百分點", "5", "个百分点", "5", "个百分点", "exact"),
    ("十點四%", "10.4", "%", "10.4", "%", "exact"),
    ("12條", "12", "条", "12", "个", "exact"),
    ("2700餘家", "2700", "家", "2700", "个", "more_than"),
]


@pytest.mark.parametrize(("text", "value", "unit", "canonical", "canonical_unit", "qualifier"),
                         READ_AS_SIMPLIFIED)  # fmt: skip
def test_a_traditional_figure_reads_as_its_simplified_spelling(
    text, value, unit, canonical, canonical_unit, qualifier
):
    q = parse_quantity(text)
    assert q.text == text  # as written
    assert (q.value, q.unit, q.canonical_unit, q.qualifier) == (
        Decimal(value), unit, canonical_unit, qualifier,
    )  # fmt: skip
    if canonical is not None:
        assert q.canonical_value == Decimal(canonical)


def test_a_form_that_is_another_word_is_not_folded_into_a_unit():
    # 颱 (typhoon) is not the unit 台: "3颱" has no unit, while "3臺" is 3 台
    assert parse_quantity("3臺").unit == "台"
    assert "颱" not in grammar_fold()
    with pytest.raises(ValueError):
        parse_quantity("3颱")


def test_the_fold_lists_every_traditional_form_opencc_knows_of_the_grammars_characters():
    table = resources.files("opencc_purepy") / "dicts" / "STCharacters.txt"
    forms = {}
    for line in table.read_text(encoding="utf-8").splitlines():
        simple, _, traditional = line.partition("\t")
        forms[simple] = traditional.split()
    path = resources.files("parkmetrics") / "config" / "traditional.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        listed = {(r["traditional"], r["simplified"]) for r in csv.DictReader(handle)}
    wanted = {(t, c) for c in grammar_characters() for t in forms.get(c, []) if t != c}
    assert wanted and wanted == listed  # a new unit or word: tools/make_traditional_fold.py


def test_simplified_keeps_the_length_and_leaves_simplified_text_alone():
    text = SOURCE.read_text(encoding="utf-8")
    assert simplified(text) == text
    assert simplified("株洲高新區獲評全省營商環境") == "株洲高新区获评全省营商环境"


@pytest.fixture(scope="module")
def both(tmp_path_factory) -> dict[str, Path]:
    """The shipped report's text imported as written and converted to Traditional."""
    text = SOURCE.read_text(encoding="utf-8")
    folders = {}
    for script, written in (("simplified", text), ("traditional", OpenCC("s2t").convert(text))):
        root = tmp_path_factory.mktemp(script)
        report = root / f"report-{script}.txt"
        report.write_text(written, encoding="utf-8")
        data = root / "data"
        shutil.copytree(DATA / "vocabulary", data / "vocabulary")
        import_report(report, 2022, data)
        folders[script] = data
    return folders


def test_a_traditional_report_has_the_same_figures_and_findings(both):
    simple, traditional = (load_year(2022, both[s]) for s in ("simplified", "traditional"))
    assert "萬" in traditional.source_texts[next(iter(traditional.source_texts))]
    keys = ["park", "metric", "value", "unit", "canonical_value", "qualifier"]
    assert len(simple.figures) >= 15  # the narrative's mapped figures, not a comparison of none
    assert traditional.figures[keys].equals(simple.figures[keys])
    quotes = traditional.source_texts[next(iter(traditional.source_texts))]
    assert all(q in quotes for q in traditional.figures["source_quote"])  # verbatim
    found = {s: audit(d, assessment=assess(d)) for s, d in (("s", simple), ("t", traditional))}
    assert list(found["t"]["code"]) == list(found["s"]["code"])
    assert "park_two_names" in set(found["t"]["code"])  # 荷塘產業開發區 and 荷塘高新區
    [names] = found["t"].loc[found["t"]["code"] == "park_two_names", "evidence"]
    assert {e["value_text"] for e in names} == {"荷塘產業開發區", "荷塘高新區"}  # as written
