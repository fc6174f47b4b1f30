"""The Dask executor: the same reports as the local worker processes, on a 2-worker cluster.

A tiny notebook reads ``data/<series>/<year>/x.csv`` and acts on it: ``ok`` writes a small table,
``boom`` raises in a cell, ``die-once`` kills the Dask worker running it the first time (the
kernel's parent is that worker process) and succeeds when the task is run again.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from tiny_notebook import tiny_notebook

from parkmetrics.run import manifest as mf
from parkmetrics.run import runner

pytest.importorskip("distributed")

TINY_NOTEBOOK = tiny_notebook(
    """
if mode == "boom":
    raise ValueError(f"figures.csv:3: column unit: value '公倾' ({series} {year})")
if mode == "die-once" and not (folder / "died").exists():
    (folder / "died").touch()
    os.kill(os.getppid(), signal.SIGKILL)  # the Dask worker process that runs this report
(Path(output_dir) / "table.csv").write_text(f"series,year\\n{series},{year}\\n", encoding="utf-8")
print(f"{series} {year} 年报告")
""",
    series=True,
)

MODES = {
    ("north", 2021): "ok",
    ("north", 2022): "ok",
    ("south", 2021): "ok",
    ("south", 2022): "boom",
    ("west", 2021): "ok",
    ("west", 2022): "ok",
    ("west", 2023): "die-once",
}


@pytest.fixture(autouse=True)
def fixed_code_hash(monkeypatch):
    monkeypatch.setattr(mf, "_code_hash", lambda: "pinned-for-tests")


def make_project(root: Path) -> tuple[Path, Path]:
    data = root / "data"
    (data / "vocabulary").mkdir(parents=True)
    for (series, year), mode in MODES.items():
        (data / series / str(year)).mkdir(parents=True)
        (data / series / str(year) / "x.csv").write_text(f"{mode}\n", encoding="utf-8")
    notebook = root / "tiny.py"
    notebook.write_text(TINY_NOTEBOOK, encoding="utf-8")
    return data, notebook


def outputs(folder: Path) -> dict[str, bytes]:
    """Every output file's bytes, except what holds times (manifest, executed notebook)."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.suffix != ".ipynb" and p.name != mf.MANIFEST_NAME
    }


@pytest.mark.slow
def test_dask_cluster_runs_every_report_like_the_local_executor(tmp_path):
    data, notebook = make_project(tmp_path)
    log = io.StringIO()
    on_dask = runner.run_years(
        data_dir=data, out_dir=tmp_path / "dask", notebook=notebook, exports=False,
        executor="dask", jobs=2, progress=runner.Progress(log),
    )  # fmt: skip
    status = {r.name: r.status for r in on_dask}
    assert status == {
        f"{s}/{y}": ("failed" if mode == "boom" else "ok") for (s, y), mode in MODES.items()
    }
    failed = next(r for r in on_dask if r.status == "failed")
    assert "ValueError" in failed.message and "公倾" in failed.message and failed.cell is not None
    assert (tmp_path / "dask" / "south" / "2022.FAILED" / "2022.FAILED.ipynb").is_file()
    assert not (tmp_path / "dask" / "south" / "2022").exists()
    # both workers of the cluster built reports
    workers = set(re.findall(r": built on (\S+)", log.getvalue()))
    assert len(workers) >= 2, log.getvalue()
    # the report whose first worker died was built again and published
    assert mf.is_complete(tmp_path / "dask" / "west" / "2023")

    on_local = runner.run_years(
        data_dir=data, out_dir=tmp_path / "local", notebook=notebook, exports=False, jobs=2,
        progress=runner.Progress(io.StringIO()),
    )  # fmt: skip
    assert [r.status for r in on_local] == [r.status for r in on_dask]
    for (series, year), mode in MODES.items():
        if mode == "boom":
            continue
        dask_files = outputs(tmp_path / "dask" / series / str(year))
        assert dask_files == outputs(tmp_path / "local" / series / str(year))
        assert dask_files["table.csv"] == f"series,year\n{series},{year}\n".encode()
