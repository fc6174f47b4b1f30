"""Same inputs → same bytes in every output file, the executed notebook and manifest included
(issue 14, item 7). Run times live in ``reports/run-times.jsonl``, outside the report folders.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import nbformat
import pytest

from parkmetrics.cli import main
from parkmetrics.run import manifest as mf
from parkmetrics.run import reproducible, runner
from parkmetrics.run.batch import YearResult

ROOT = Path(__file__).resolve().parents[1]
TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d")


def executed_notebook(path: Path, when: str, seconds: float, injected_id: str) -> None:
    """A notebook as papermill leaves it (the fields of papermill 2 and nbclient), run at
    ``when``: the parameters cell, papermill's injected cell with a random id, a code cell."""
    cells = [
        nbformat.v4.new_code_cell("year = 2022", id="cell-1", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(
            "year = 2023", id=injected_id, metadata={"tags": ["injected-parameters"]}
        ),
        nbformat.v4.new_code_cell("print(year)", id="cell-2", execution_count=3),
    ]
    cells[2].outputs = [nbformat.v4.new_output("stream", name="stdout", text="2023\n")]
    for cell in cells:
        cell.metadata["execution"] = {
            "iopub.execute_input": f"{when}Z",
            "iopub.status.busy": f"{when}Z",
            "iopub.status.idle": f"{when}Z",
            "shell.execute_reply": f"{when}Z",
        }
        cell.metadata["papermill"] = {
            "duration": seconds,
            "end_time": f"{when}+00:00",
            "exception": False,
            "start_time": f"{when}+00:00",
            "status": "completed",
        }
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["papermill"] = {
        "default_parameters": {},
        "duration": seconds * 3,
        "end_time": f"{when}+00:00",
        "environment_variables": {},
        "exception": None,
        "input_path": {"cells": ["…the whole source notebook, when given as an object…"]},
        "output_path": str(path.parent / ".2022.partial" / "2022.ipynb"),
        "parameters": {"year": 2023},
        "start_time": f"{when}+00:00",
        "version": "2.6.0",
    }
    nbformat.write(notebook, path)


def test_settled_notebooks_of_two_runs_are_byte_identical(tmp_path):
    first, second = tmp_path / "a" / "2022.ipynb", tmp_path / "b" / "2022.ipynb"
    for path in (first, second):
        path.parent.mkdir()
    executed_notebook(first, "2026-12-02T18:29:21.832091", 0.0036, "af0bf349")
    executed_notebook(second, "2026-12-02T18:29:57.745079", 0.0124, "646ea925")
    assert first.read_bytes() != second.read_bytes()
    source = tmp_path / "notebooks" / "yearly_assessment.py"
    for path in (first, second):
        reproducible.settle_notebook(path, source)
    first_bytes = first.read_bytes()
    assert first_bytes == second.read_bytes()
    settled = nbformat.reads(first_bytes.decode("utf-8"), as_version=4)
    assert not TIMESTAMP.search(first_bytes.decode("utf-8"))
    assert [c.id for c in settled.cells] == ["cell-1", "injected-parameters", "cell-2"]
    record = settled.metadata.papermill
    assert "duration" not in record and "start_time" not in record and "end_time" not in record
    assert record.input_path == str(source) and record.output_path == "2022.ipynb"
    assert record.parameters == {"year": 2023}  # what was run stays
    cell = settled.cells[2]
    assert "execution" not in cell.metadata
    assert cell.metadata.papermill == {"exception": False, "status": "completed"}
    assert cell.outputs[0].text == "2023\n" and cell.execution_count == 3


def test_the_manifest_holds_no_times(tmp_path):
    [job] = runner.make_jobs(None, ROOT / "data", tmp_path / "reports")
    manifest = runner.base_manifest(job) | {"status": mf.STATUS_OK}
    text = json.dumps(manifest, ensure_ascii=False)
    assert "started" not in manifest and "seconds" not in manifest
    assert not TIMESTAMP.search(text)


def test_run_times_go_to_their_own_file_one_line_per_built_report(tmp_path):
    results = [
        YearResult(2022, "ok", seconds=28.44),
        YearResult(2023, "skipped"),
        YearResult(2024, "failed", "cell 3: boom", 3.04, series="north"),
    ]
    path = reproducible.record_run_times(tmp_path, "2026-12-02T02:15:01Z", results)
    reproducible.record_run_times(tmp_path, "2026-12-03T02:15:01Z", results[:1])
    assert path == tmp_path / "run-times.jsonl"
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert lines == [
        {"run_started": "2026-12-02T02:15:01Z", "report": "2022", "status": "ok", "seconds": 28.4},
        {
            "run_started": "2026-12-02T02:15:01Z",
            "report": "north/2024",
            "status": "failed",
            "seconds": 3.0,
        },
        {"run_started": "2026-12-03T02:15:01Z", "report": "2022", "status": "ok", "seconds": 28.4},
    ]  # 28.44 s and 3.04 s to a tenth; the skipped 2023 is not there


def every_file(out: Path) -> dict[str, bytes]:
    """Every file under the reports folder but the run-times log, which is not reproducible
    by design."""
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name != reproducible.RUN_TIMES_NAME
    }


@pytest.mark.slow
def test_two_runs_of_the_same_inputs_are_byte_identical_in_every_file(tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    out = tmp_path / "reports"
    # colleagues editing the library between the two runs must not change the input hashes
    monkeypatch.setattr(mf, "_code_hash", lambda: "pinned-for-tests")
    argv = ["run", "--data", str(data), "--out", str(out), "--force"]
    assert main(argv) == 0
    first = every_file(out)
    assert main(argv) == 0
    second = every_file(out)
    assert "2022/2022.ipynb" in first and "2022/manifest.json" in first
    assert "2022/briefing.docx" in first and "2022/report.html" in first
    assert sorted(first) == sorted(second)
    differing = [name for name in first if first[name] != second[name]]
    assert differing == []
    notebook = first["2022/2022.ipynb"].decode("utf-8")
    assert not TIMESTAMP.search(notebook) and '"id": "injected-parameters"' in notebook
    times = (out / reproducible.RUN_TIMES_NAME).read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["report"] for line in times] == ["2022", "2022"]
