"""What the speed-ups (issue 13, "Fast") must not change: a vocabulary checked once is checked
again when its files change, a given assessment audits like a computed one, the worker's
skipped import really is skipped, and a quote check still names the line it fails on."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import parkmetrics as pm
from parkmetrics.data.vocabulary_files import read_vocabulary
from parkmetrics.errors import DataValidationError

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(DATA / "vocabulary", folder / "vocabulary")
    shutil.copytree(DATA / "2022", folder / "2022")
    return folder


def test_vocabulary_read_twice_gives_the_same_tables_and_fresh_containers(data):
    first, problems = read_vocabulary(data / "vocabulary")
    second, again = read_vocabulary(data / "vocabulary")
    assert problems == again == []
    assert first.keys() == second.keys()
    assert first is not second  # a caller adding to its dict does not change the kept one
    first.pop("parks.csv")
    assert "parks.csv" in read_vocabulary(data / "vocabulary")[0]


def test_vocabulary_changed_on_disk_is_checked_again(data):
    pm.load_year(2022, data)  # checked and kept
    parks = data / "vocabulary" / "parks.csv"
    lines = parks.read_text(encoding="utf-8").splitlines()
    # a second official name for the first park: a problem only a fresh check can find
    park = lines[1].split(",")[0]
    parks.write_text("\n".join([*lines, f"{park},另一个正式名称,official,"]) + "\n", "utf-8")
    with pytest.raises(DataValidationError) as error:
        pm.load_year(2022, data)
    assert any(p.column == "kind" and p.value == park for p in error.value.problems)


def test_audit_with_the_years_assessment_equals_audit_alone():
    year = pm.load_year(2022, DATA)
    rules = pm.load_rules()
    alone = pm.audit(year, rules)
    given = pm.audit(year, rules, pm.assess(year, rules))
    assert alone.equals(given)
    assert len(alone) > 0  # the shipped report has findings: the comparison is not of empties


def test_worker_import_setting_skips_the_format_checkers_and_still_reads_and_renders():
    # what a worker does with the setting on: read the percent file, import papermill and
    # render a page; none of the skipped packages is loaded, and each of them is installed here
    # (so the check is not passing only because they are absent)
    code = (
        "import importlib.util, sys\n"
        "from parkmetrics.run.lean import UNUSED_MODULES, skip_unused_imports\n"
        "installed = [importlib.util.find_spec(m) is not None for m in UNUSED_MODULES]\n"
        "skip_unused_imports()\n"
        "import jupytext, papermill\n"
        "from parkmetrics.report import webpage\n"
        f"nb = jupytext.read({str(ROOT / 'notebooks' / 'yearly_assessment.py')!r})\n"
        "page = webpage.render_html(nb, 't')\n"
        "print(all(installed), any(sys.modules.get(m) for m in UNUSED_MODULES),"
        " len(nb.cells) > 10, '<html' in page)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["True", "False", "True", "True"]


def test_kernel_side_imports_do_not_pull_in_nbformat():
    code = (
        "import sys\n"
        "from parkmetrics import write_report_files, chart_image, narrative, attachments_text\n"
        "print(sorted(m for m in ('nbformat', 'jsonschema', 'papermill') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_quote_missing_from_source_names_its_line(data):
    figures = data / "2022" / "figures.csv"
    with figures.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    column = rows[0].index("source_quote")
    rows[1][column] += "（不在原文中）"  # line 2 now quotes words not in the text
    with figures.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    with pytest.raises(DataValidationError) as error:
        pm.load_year(2022, data)
    found = [p for p in error.value.problems if p.column == "source_quote"]
    assert [(p.line, p.value) for p in found] == [(2, rows[1][column])]


def test_records_are_what_pandas_to_dict_gives_cell_for_cell():
    import math

    import numpy as np
    import pandas as pd

    from parkmetrics.data.tables import records

    frame = pd.DataFrame(
        {
            "mixed": [np.float64(1.5), None, np.int64(3)],  # numpy scalars in an object column
            "when": pd.to_datetime(["2020-01-01", None, "2021-01-01"]),
            "count": pd.array([1, None, 3], dtype="Int64"),
            "value": [1.0, np.nan, 2.0],
            "text": pd.array(["x", None, "z"], dtype="string"),
            "flag": [True, False, True],
        }
    )
    year = pm.load_year(2022, DATA)
    for table in (frame, year.figures, year.indicators, year.indicators.iloc[0:0]):
        mine, theirs = records(table), table.to_dict("records")
        assert len(mine) == len(theirs) == len(table)
        for ours, pandas_row in zip(mine, theirs, strict=True):
            assert list(ours) == list(pandas_row)
            for key, cell in pandas_row.items():
                assert type(ours[key]) is type(cell), key
                same_missing = cell is pd.NA or cell is pd.NaT or (
                    isinstance(cell, float) and math.isnan(cell) and math.isnan(ours[key])
                )
                assert same_missing or ours[key] == cell, key
    assert type(records(frame)[0]["mixed"]) is float  # np.float64(1.5) boxed as to_dict does


def test_worker_side_imports_do_not_pull_in_pandas_or_matplotlib():
    # what a run's worker imports to drive papermill and render the HTML page: pandas and
    # matplotlib (about 0.6 s of CPU a year) are the kernel's business
    code = (
        "import sys\n"
        "import parkmetrics.run.runner, parkmetrics.run.trends, parkmetrics.run.manifest\n"
        "from parkmetrics.report import html, webpage\n"
        "print(sorted(m for m in ('pandas', 'matplotlib', 'pandera') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_the_runs_preflight_validation_imports_no_pandas(data):
    # the run's own process checks every year before any kernel starts; building no frame there
    # saves the pandas import (about 0.5 s of CPU) that each kernel pays anyway. A quote that is
    # not in the source is still refused, naming its line.
    figures = data / "2022" / "figures.csv"
    text = figures.read_text(encoding="utf-8")
    assert "2022年预算收入 810.24万元" in text  # line 2, the first figure
    figures.write_text(text.replace("2022年预算收入 810.24万元", "2021年预算收入 810.24万元", 1),
                       encoding="utf-8")  # fmt: skip
    code = (
        "import sys\n"
        "from types import SimpleNamespace as Job\n"
        "from parkmetrics.errors import DataValidationError\n"
        "from parkmetrics.run.preflight import validate_reports\n"
        f"validate_reports([Job(year=2022, data_dir={str(DATA)!r}, series=None)])\n"
        "try:\n"
        f"    validate_reports([Job(year=2022, data_dir={str(data)!r}, series=None)])\n"
        "except DataValidationError as error:\n"
        "    print([(p.file, p.line, p.column) for p in error.problems])\n"
        "print(sorted(m for m in ('pandas', 'numpy', 'pandera') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines() == ["[('2022/figures.csv', 2, 'source_quote')]", "[]"]


@pytest.mark.slow
def test_the_runs_kernel_starts_without_the_debugger_and_runs_cells(tmp_path):
    # ipykernel's standard launcher gets debugpy marked absent (about 0.1 s of CPU a kernel)
    # and makes fewer full collections; a kernel spec of its own is launched as written
    import nbformat
    import papermill

    from parkmetrics.run import lean, processes

    assert processes.lean_kernel_command(["/py", "-m", "mykernel", "-f", "c.json"]) == [
        "/py", "-m", "mykernel", "-f", "c.json",
    ]  # fmt: skip
    command = processes.lean_kernel_command(["/py", "-m", "ipykernel_launcher", "-f", "c.json"])
    assert command[0] == "/py" and command[1] == "-c" and command[-2:] == ["-f", "c.json"]

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(
        "import gc, sys, pathlib\nprint('debugpy' in sys.modules, sys.modules.get('debugpy'), "
        "pathlib.Path.cwd().name, gc.get_threshold()[2])"
    )]  # fmt: skip
    (tmp_path / "work").mkdir()
    done = papermill.execute_notebook(
        notebook, str(tmp_path / "out.ipynb"), kernel_name="python3", progress_bar=False,
        cwd=str(tmp_path / "work"), **processes.kernel_manager_options(),
    )  # fmt: skip
    every = lean.FULL_COLLECTION_EVERY
    assert every != 10  # CPython's own, which would make the last check pass unchanged
    assert done.cells[0].outputs[0]["text"] == f"True None work {every}\n"
