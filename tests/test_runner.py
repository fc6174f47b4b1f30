"""The yearly run's mechanics, on a tiny notebook: swap, skip, failures, faults, interrupts.

The tiny notebook reads ``data/<year>/x.csv`` and acts on its content: ``ok`` prints, ``boom``
raises in a cell, ``kill`` kills its own kernel, ``sleep`` blocks (to be interrupted). The real
assessment notebook is exercised in test_notebooks.py.
"""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from tiny_notebook import tiny_notebook

from parkmetrics.report import html
from parkmetrics.run import manifest as mf
from parkmetrics.run import runner

TINY_NOTEBOOK = tiny_notebook(
    """
if mode == "boom":
    raise ValueError(f"figures.csv:3: column unit: value '公倾' ({year})")
if mode == "kill":
    os.kill(os.getpid(), signal.SIGKILL)
if mode == "sleep":
    (Path(output_dir) / "sleeping").touch()  # tells the test the kernel has reached this cell
    time.sleep(120)
print(f"{year} 年报告：{mode}")
""",
)


@pytest.fixture(autouse=True)
def fixed_code_hash(monkeypatch):
    """Pin the package-code part of the skip key: colleagues editing the library while these
    tests run must not turn an expected skip into a rerun."""
    monkeypatch.setattr(mf, "_code_hash", lambda: "pinned-for-tests")


def make_project(root: Path, modes: dict[int, str]) -> tuple[Path, Path, Path]:
    """A data folder with one year folder per mode, the tiny notebook, and an output folder."""
    data = root / "data"
    (data / "vocabulary").mkdir(parents=True)
    (data / "vocabulary" / "metrics.csv").write_text("metric\n", encoding="utf-8")
    for year, mode in modes.items():
        set_mode(data, year, mode)
    notebook = root / "tiny.py"
    notebook.write_text(TINY_NOTEBOOK, encoding="utf-8")
    return data, notebook, root / "reports"


def set_mode(data: Path, year: int, mode: str) -> None:
    (data / str(year)).mkdir(parents=True, exist_ok=True)
    (data / str(year) / "x.csv").write_text(f"{mode}\n", encoding="utf-8")


def run(data: Path, notebook: Path, out: Path, **options) -> dict[int, runner.YearResult]:
    results = runner.run_years(data_dir=data, out_dir=out, notebook=notebook, exports=False,
                               **options)  # fmt: skip
    return {r.year: r for r in results}


def fake_good_report(out: Path, year: int) -> Path:
    """A previous good report of ``year``, so tests can check it survives untouched."""
    folder = out / str(year)
    folder.mkdir(parents=True)
    (folder / "report.html").write_text("previous good report", encoding="utf-8")
    mf.write_manifest(folder, {"status": "ok", "fingerprint": "old"})
    return folder


def no_leftovers(out: Path) -> bool:
    return not [p for p in out.iterdir() if p.name.endswith((".partial", ".backup"))]


# --------------------------------------------------------------------------- fast: no kernel


def test_unknown_year_is_one_line_error_before_any_kernel(tmp_path, capsys):
    data, _notebook, out = make_project(tmp_path, {2021: "ok"})
    code = runner.run_cli([2019], data, out, 1, False, None)
    err = capsys.readouterr().err.strip()
    assert code == runner.EXIT_BAD_INPUT
    assert err.count("\n") == 0
    assert "2019" in err and "2021" in err
    assert not (out / "2019").exists()


def test_missing_data_folder_is_one_line_error(tmp_path, capsys):
    code = runner.run_cli(None, tmp_path / "nowhere", tmp_path / "reports", 1, False, None)
    err = capsys.readouterr().err.strip()
    assert code == runner.EXIT_BAD_INPUT
    assert err.count("\n") == 0 and "nowhere" in err


def test_missing_rules_file_is_one_line_error(tmp_path, capsys):
    data, _notebook, out = make_project(tmp_path, {2021: "ok"})
    code = runner.run_cli(None, data, out, 1, False, tmp_path / "rules.yaml")
    assert code == runner.EXIT_BAD_INPUT
    assert "rules.yaml" in capsys.readouterr().err


def test_bad_rules_file_fails_before_any_kernel_with_every_problem(tmp_path):
    from parkmetrics.errors import DataValidationError

    data, notebook, out = make_project(tmp_path, {2021: "ok"})
    rules = tmp_path / "province.yaml"
    rules.write_text("grades:\n  excellent: banana\n", encoding="utf-8")
    with pytest.raises(DataValidationError) as caught:
        runner.make_jobs(None, data, out, rules, notebook)
    [problem] = caught.value.problems
    assert (problem.file, problem.line) == (str(rules), 1)  # the path as given
    assert not out.exists()


def test_recover_restores_report_when_swap_stopped_between_renames(tmp_path):
    out = tmp_path / "reports"
    good = fake_good_report(out, 2021)
    os.rename(good, runner.backup_dir(out, 2021))  # old → backup done, partial → final not yet
    runner.partial_dir(out, 2021).mkdir()
    notes = runner.recover(out)
    assert mf.is_complete(out / "2021")
    assert (out / "2021" / "report.html").read_text(encoding="utf-8") == "previous good report"
    assert no_leftovers(out)
    assert len(notes) == 2  # two leftovers dealt with: the backup restored, the build removed


def test_recover_drops_stale_backup_next_to_new_report(tmp_path):
    out = tmp_path / "reports"
    fake_good_report(out, 2021)
    stale = runner.backup_dir(out, 2021)
    stale.mkdir()
    runner.recover(out)
    assert not stale.exists() and mf.is_complete(out / "2021")


def test_publish_replaces_whole_folder(tmp_path):
    out = tmp_path / "reports"
    fake_good_report(out, 2021)
    build = runner.partial_dir(out, 2021)
    build.mkdir()
    (build / "new.txt").write_text("new", encoding="utf-8")
    runner.publish(build, out / "2021")
    assert sorted(p.name for p in (out / "2021").iterdir()) == ["new.txt"]
    assert no_leftovers(out)


def test_second_run_on_same_folder_is_refused_while_one_holds_the_lock(tmp_path):
    data, notebook, out = make_project(tmp_path, {2021: "ok"})
    with runner.run_lock(out), pytest.raises(runner.RunLockedError, match="another"):
        run(data, notebook, out)


def test_input_hashes_cover_only_that_years_data(tmp_path):
    data, notebook, _out = make_project(tmp_path, {2021: "ok", 2022: "ok"})
    before = mf.fingerprint(mf.input_hashes(2021, data, notebook))
    set_mode(data, 2022, "changed")
    assert mf.fingerprint(mf.input_hashes(2021, data, notebook)) == before
    (data / "vocabulary" / "metrics.csv").write_text("metric,label\n", encoding="utf-8")
    assert mf.fingerprint(mf.input_hashes(2021, data, notebook)) != before


# --------------------------------------------------------------------------- slow: kernels


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """Two good years run once in parallel; tests below rerun from this state."""
    patch = pytest.MonkeyPatch()
    patch.setattr(mf, "_code_hash", lambda: "pinned-for-tests")
    root = tmp_path_factory.mktemp("batch")
    data, notebook, out = make_project(root, {2021: "ok", 2022: "ok"})
    first = run(data, notebook, out, jobs=2)
    yield data, notebook, out, first
    patch.undo()


@pytest.mark.slow
def test_parallel_run_publishes_every_year(batch):
    _data, _notebook, out, first = batch
    assert {y: r.status for y, r in first.items()} == {2021: "ok", 2022: "ok"}
    for year in (2021, 2022):
        folder = out / str(year)
        manifest = mf.read_manifest(folder)
        assert manifest["status"] == "ok" and manifest["year"] == year
        assert manifest["parameters"]["year"] == year
        assert set(manifest["inputs"]["data"]) == {f"{year}/x.csv"}
        assert (folder / f"{year}.ipynb").is_file()
        html = (folder / "report.html").read_text(encoding="utf-8")
        assert f"{year} 年报告：ok" in html  # the cell's output is there …
        assert "read_text" not in html  # … its code is not
        assert "injected-parameters" not in html
    assert no_leftovers(out)


@pytest.mark.slow
def test_unchanged_years_are_skipped_and_touched_year_reruns(batch):
    data, notebook, out, _first = batch
    assert {y: r.status for y, r in run(data, notebook, out).items()} == {
        2021: "skipped",
        2022: "skipped",
    }
    set_mode(data, 2022, "ok")  # same text, so not "touched": still skipped
    assert run(data, notebook, out)[2022].status == "skipped"
    set_mode(data, 2022, "ok again")
    again = run(data, notebook, out)
    assert again[2021].status == "skipped" and again[2022].status == "ok"
    assert "ok again" in (out / "2022" / "report.html").read_text(encoding="utf-8")
    set_mode(data, 2022, "ok")


@pytest.mark.slow
def test_failing_cell_fails_only_that_year_and_keeps_its_good_report(tmp_path):
    data, notebook, out = make_project(tmp_path, {2021: "boom", 2022: "ok"})
    fake_good_report(out, 2021)
    results = run(data, notebook, out, jobs=2)
    assert results[2022].status == "ok"
    failed = results[2021]
    assert failed.status == "failed"
    # the summary names the cell and the error as raised in it
    assert "cell 3" in failed.message and "ValueError" in failed.message
    assert "figures.csv:3: column unit: value '公倾'" in failed.message
    assert runner.exit_code(list(results.values())) == runner.EXIT_FAILED
    assert (out / "2021" / "report.html").read_text(encoding="utf-8") == "previous good report"
    kept = out / "2021.FAILED"
    assert (kept / "2021.FAILED.ipynb").is_file() and not (kept / "2021.ipynb").exists()
    assert not mf.is_complete(kept)
    assert json.loads((kept / "manifest.json").read_text(encoding="utf-8"))["status"] == "failed"
    assert no_leftovers(out)


@pytest.mark.slow
def test_killed_kernel_fails_the_year_and_keeps_the_good_report(tmp_path):
    data, notebook, out = make_project(tmp_path, {2021: "kill"})
    fake_good_report(out, 2021)
    result = run(data, notebook, out)[2021]
    assert result.status == "failed"
    assert "DeadKernel" in result.message or "died" in result.message
    assert (out / "2021" / "report.html").read_text(encoding="utf-8") == "previous good report"
    assert (out / "2021.FAILED").is_dir() and no_leftovers(out)


@pytest.mark.slow
def test_disk_full_midway_fails_cleanly_and_next_run_recovers(tmp_path, monkeypatch):
    data, notebook, out = make_project(tmp_path, {2021: "ok"})
    fake_good_report(out, 2021)
    real_write_html = html.write_html

    def write_half_then_fail(executed, path, title):
        Path(path).write_text("<html><body>half", encoding="utf-8")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr(html, "write_html", write_half_then_fail)
    [job] = runner.make_jobs([2021], data, out, notebook=notebook, exports=False)
    result = runner.build_year(job)  # in-process, so the patched writer is the one used
    assert result.status == "failed" and "No space left" in result.message
    assert (out / "2021" / "report.html").read_text(encoding="utf-8") == "previous good report"
    assert not mf.is_complete(out / "2021.FAILED") and no_leftovers(out)

    monkeypatch.setattr(html, "write_html", real_write_html)
    assert runner.build_year(job).status == "ok"
    assert "2021 年报告：ok" in (out / "2021" / "report.html").read_text(encoding="utf-8")
    assert not (out / "2021.FAILED").exists()


RUN_SCRIPT = """
import sys
from parkmetrics.run import runner
results = runner.run_years(data_dir=sys.argv[1], out_dir=sys.argv[2], notebook=sys.argv[3],
                           exports=False)
for r in results:
    print(r.summary())
sys.exit(runner.exit_code(results))
"""


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_interrupt_during_batch_keeps_reports_and_next_run_recovers(tmp_path, signum):
    data, notebook, out = make_project(tmp_path, {2021: "sleep", 2022: "ok"})
    fake_good_report(out, 2021)
    process = subprocess.Popen(
        [sys.executable, "-c", RUN_SCRIPT, str(data), str(out), str(notebook)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, like a job started from a terminal
    )
    # the kernel's working directory is the build folder: wait until it is in the sleeping cell
    # (a marker, not a guessed delay, so a slow machine cannot signal a kernel still starting)
    sleeping = runner.partial_dir(out, 2021) / "sleeping"
    deadline = time.monotonic() + 60
    while not sleeping.exists() and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.1)
    assert sleeping.exists(), process.stderr.read() if process.poll() is not None else "no start"
    if signum == signal.SIGINT:
        os.killpg(process.pid, signum)  # Ctrl-C: the terminal signals the whole group
    else:
        process.send_signal(signum)  # a scheduler stopping the job signals the process
    stdout, _stderr = process.communicate(timeout=60)
    assert process.returncode == 128 + signum  # as a shell reports a signalled process
    assert "2021: INTERRUPTED" in stdout and "2022: INTERRUPTED" in stdout
    assert (out / "2021" / "report.html").read_text(encoding="utf-8") == "previous good report"
    assert no_leftovers(out) and not (out / "2022").exists()
    assert not (out / "2021.FAILED").exists()  # interrupted is not failed
    if signum == signal.SIGTERM:
        set_mode(data, 2021, "ok")
        assert {r.status for r in run(data, notebook, out).values()} == {"ok"}
        assert no_leftovers(out)
