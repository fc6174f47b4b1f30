"""``parkmetrics import``: a report into a year of a data folder, validated, moved in whole."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pandas as pd
import pytest

from parkmetrics.cli import main
from parkmetrics.data.dataset import load_year
from parkmetrics.errors import DataValidationError
from parkmetrics.ingest.errors import IngestError
from parkmetrics.ingest.importer import import_report

from .build import DATA

ROOT = Path(__file__).resolve().parents[2]
SEED = DATA / "source" / "zhuzhou-2022-park-fund-self-evaluation.txt"
LAYOUTS = ROOT / "tests" / "fixtures" / "layouts"
BUDGET_CELLS = [
    "label",
    "unit",
    "initial",
    "full_year",
    "executed",
    "weight",
    "rate_text",
    "rate",
    "score",
    "reason",
    "cells_unknown",
]
INDICATOR_CELLS = [
    "row",
    "level1",
    "level2",
    "level3",
    "sign",
    "target",
    "unit",
    "actual",
    "weight",
    "score",
    "deviation_reason",
    "cells_unknown",
]
# header fields that are cells of the table (title, city and document are not)
HEADER_CELLS = [
    "project_name",
    "department",
    "implementing_unit",
    "goal_expected",
    "goal_actual",
    "total_weight",
    "total_score",
    "output_weight",
    "benefit_weight",
    "satisfaction_weight",
]


def empty_data(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "vocabulary", data / "vocabulary")
    return data


def assert_same_cells(got, curated) -> None:
    """Budget lines, goals, header cells and indicator rows equal as loaded, cell for cell."""
    pd.testing.assert_frame_equal(got.budget[BUDGET_CELLS], curated.budget[BUDGET_CELLS])
    pd.testing.assert_frame_equal(
        got.indicators[INDICATOR_CELLS], curated.indicators[INDICATOR_CELLS]
    )
    assert got.placeholders["level3"].tolist() == curated.placeholders["level3"].tolist()
    assert got.goals == curated.goals
    assert {k: got.header[k] for k in HEADER_CELLS} == {k: curated.header[k] for k in HEADER_CELLS}


def test_2022_text_imports_to_the_hand_curated_table(tmp_path):
    data = empty_data(tmp_path)
    done = import_report(SEED, 2022, data)
    curated = load_year(2022, ROOT / "data")
    assert_same_cells(done.year_data, curated)
    # the budget line ids too (the form's four national lines)
    assert done.year_data.budget["line"].tolist() == curated.budget["line"].tolist()
    # 一级 written once per group in the dump: carried by the loader, recorded, not invented
    carried = done.year_data.indicators["carried_down"].tolist()
    assert carried[1] == ("level1",) and carried[0] == ()


def test_2022_import_writes_the_narrative_figures_and_the_text(tmp_path):
    data = empty_data(tmp_path)
    done = import_report(SEED, 2022, data)
    year = data / "2022"
    assert (year / "source" / SEED.name).read_bytes() == SEED.read_bytes()
    figures = done.year_data.figures
    assert len(figures) == done.figures > 0
    text = SEED.read_text(encoding="utf-8")
    assert all(q in text for q in figures["source_quote"])
    with open(year / "figures_unmapped.csv", encoding="utf-8", newline="") as f:
        assert len(list(csv.DictReader(f))) == done.unmapped
    # empty but with their header rows: nothing was extracted for them
    assert done.year_data.awards.empty and done.year_data.spending.empty


def test_every_cell_keeps_its_quote_and_location(tmp_path):
    data = empty_data(tmp_path)
    import_report(SEED, 2022, data)
    with open(data / "2022" / "source_cells.csv", encoding="utf-8", newline="") as f:
        cells = {(r["file"], r["key"], r["column"]): r for r in csv.DictReader(f)}
    initial = cells["budget.csv", "total", "initial"]
    # the dump's line 62 is "\t　810.24" (the cell's U+3000 kept in the quote)
    assert (initial["location"], initial["quote"], initial["state"]) == (
        "第62行",
        "\u3000810.24",
        "filled",
    )
    carried = cells["indicators.csv", "2", "level1"]
    assert carried["state"] == "carried" and carried["location"] == "第120行"
    assert cells["budget.csv", "carryover", "initial"]["state"] == "blank"


@pytest.mark.parametrize(
    "layout", ["budget_lines_yuan", "cut_off", "separate_columns", "unfilled_form"]
)
def test_real_layout_variants_import_as_entered_by_hand(tmp_path, layout):
    curated = tmp_path / "curated"
    shutil.copytree(LAYOUTS / layout, curated)
    shutil.copytree(ROOT / "data" / "vocabulary", curated / "vocabulary")
    (source,) = (curated / "2023" / "source").iterdir()
    done = import_report(source, 2023, empty_data(tmp_path))
    assert_same_cells(done.year_data, load_year(2023, curated))


def test_cut_off_table_leaves_the_missing_cells_unknown(tmp_path):
    source = LAYOUTS / "cut_off" / "2023" / "source" / "scan.txt"
    got = import_report(source, 2023, empty_data(tmp_path)).year_data
    # the scan stops after 效益指标 | 经济效益指标 | 新增固定资产投资 | ≥20亿元
    assert got.indicators["cells_unknown"].iloc[-1] == (
        "actual",
        "weight",
        "score",
        "deviation_reason",
    )
    assert {"total_weight", "total_score"} <= got.header_unknown


def test_existing_data_is_not_overwritten_without_force(tmp_path, capsys):
    data = empty_data(tmp_path)
    args = ["import", str(SEED), "--year", "2022", "--data", str(data)]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "4 budget lines, 9 indicators" in out and "validated" in out
    header = data / "2022" / "header.csv"
    header.write_text(header.read_text(encoding="utf-8") + "# mine\n", encoding="utf-8")
    assert main(args) == 2
    assert "use --force" in capsys.readouterr().err
    assert header.read_text(encoding="utf-8").endswith("# mine\n")
    assert main([*args, "--force"]) == 0
    assert not header.read_text(encoding="utf-8").endswith("# mine\n")
    assert sorted(p.name for p in data.iterdir()) == ["2022", "vocabulary"]  # no temp folder left


def test_unrecognised_layout_fails_and_writes_nothing(tmp_path, capsys):
    data = empty_data(tmp_path)
    report = tmp_path / "odd.txt"
    report.write_text(
        "绩效自评\n\t一级指标\n\t二级指标\n\t三级指标\n\t指标值\n\n\t产出\n\t数量\n\t个数\n\t3个\n",
        encoding="utf-8",
    )
    assert main(["import", str(report), "--year", "2023", "--data", str(data)]) == 2
    assert "no column 实际完成值/实际值" in capsys.readouterr().err
    assert sorted(p.name for p in data.iterdir()) == ["vocabulary"]


def test_not_a_self_evaluation_says_so(tmp_path, capsys):
    data = empty_data(tmp_path)
    report = tmp_path / "minutes.txt"
    report.write_text("会议纪要\n\t姓名\n\t电话\n\n\t张三\n\t123\n", encoding="utf-8")
    assert main(["import", str(report), "--year", "2023", "--data", str(data)]) == 2
    assert "not a performance self-evaluation" in capsys.readouterr().err
    assert sorted(p.name for p in data.iterdir()) == ["vocabulary"]


def test_a_cell_that_is_no_number_is_named_where_the_report_has_it(tmp_path):
    source = (LAYOUTS / "budget_lines_yuan" / "2023" / "source" / "form.txt").read_text("utf-8")
    # 分值 30 of 新建标准厂房面积 written in words: line 14 (1 note, 1 title, 3 header fields,
    # 6 budget lines, 1 goals, 1 indicator header, then this row), column 6 (分值)
    bad = source.replace("12万平方米\t30\t30", "12万平方米\t三十\t30")
    report = tmp_path / "form.txt"
    report.write_text(bad, encoding="utf-8")
    data = empty_data(tmp_path)
    with pytest.raises(DataValidationError) as info:
        import_report(report, 2023, data)
    assert "form.txt: column 第14行 第6列: value '三十': expected 分值: a number" in str(info.value)
    assert sorted(p.name for p in data.iterdir()) == ["vocabulary"]


@pytest.mark.parametrize(
    ("written", "read", "refused"),
    [("12,345.6", "12345.6", False), ("1,234", "1234", False), ("810.24", "810.24", False),
     ("1,2345.6", "12345.6", True), ("12,34", "1234", True)],
)  # fmt: skip
def test_a_budget_number_with_commas_must_group_thousands(written, read, refused):
    from parkmetrics.ingest.model import Value
    from parkmetrics.ingest.rows import Rows, _number

    rows = Rows("report.docx")
    assert _number(rows, Value(written, "表1 第4行 第4列"), "executed") == read
    assert bool(rows.problems) is refused
    if refused:
        assert "groups of three" in rows.problems[0].expected


def test_a_narrative_only_report_imports_with_every_cell_of_the_form_unknown(tmp_path):
    from parkmetrics import audit

    # the seed without its table (tab-separated lines) and the form's title line above it
    narrative = [line for line in SEED.read_text(encoding="utf-8").splitlines()
                 if "\t" not in line and "自评表" not in line]  # fmt: skip
    path = tmp_path / "narrative.txt"
    path.write_text("\n".join(narrative) + "\n", encoding="utf-8")
    done = import_report(path, 2022, empty_data(tmp_path))
    data = done.year_data
    assert data.budget.empty and data.indicators.empty
    form = {"project_name", "total_score", "total_weight", "output_weight", "goal_expected"}
    assert form <= data.header_unknown  # not in the source: unknown, never blank
    title = data.header["title"]  # the report's own title (…绩效自评报告)
    assert title.endswith("自评报告") and title in path.read_text(encoding="utf-8")
    assert len(data.figures) >= 15  # the narrative's figures, as from the whole report
    assert any("narrative-only" in note for note in done.notes)
    assert "unknown_cells" in set(audit(data)["code"])


def test_a_folder_given_as_the_report_is_named_as_a_folder(tmp_path):
    folder = tmp_path / "report.docx"
    folder.mkdir()
    with pytest.raises(IngestError, match="not a folder"):
        import_report(folder, 2022, empty_data(tmp_path))
