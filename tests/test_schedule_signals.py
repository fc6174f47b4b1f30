"""Safe to schedule: stop signals, a killed parent, the lock shared with children (issue 14).

The tiny notebook below reads ``data/<year>/x.csv`` and acts on its content: ``ok`` prints,
``sleep`` records its pid and its worker's pid in ``sleeping`` (its working directory is the
build folder) and blocks, to be signalled or orphaned; ``exit`` kills its kernel with
``os._exit``, ``fill`` writes products until the disk is full, ``rmreports`` deletes the reports
folder. The slow tests run ``runner.run_cli`` in a
child process, as cron would, on that notebook.
"""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from tiny_notebook import tiny_notebook

from parkmetrics.run import manifest as mf
from parkmetrics.run import runner, signals
from parkmetrics.run.lock import RunLockedError, pid_alive, run_lock

TINY_NOTEBOOK = tiny_notebook(
    """
if mode == "sleep":
    (Path(output_dir) / "sleeping.tmp").write_text(f"{os.getpid()} {os.getppid()}")
    os.rename(Path(output_dir) / "sleeping.tmp", Path(output_dir) / "sleeping")
    time.sleep(120)
if mode == "exit":
    os._exit(3)  # the kernel dies without a word (a C extension's abort, an OOM kill)
if mode in ("fill", "exit-after-products"):
    (Path(output_dir) / "charts").mkdir()
    (Path(output_dir) / "charts" / "economy.png").write_bytes(b"PNG." * 250_000)  # 1 MB
if mode == "exit-after-products":
    os._exit(3)
if mode == "fill":  # a product that grows until the disk is full
    with open(Path(output_dir) / "report.xlsx", "wb") as product:
        while True:
            product.write(bytes(65536))
if mode == "rmreports":
    import shutil
    shutil.rmtree(Path.cwd().parent)  # someone deletes reports/ (the build folder's parent)
print(f"{year} 年报告：{mode}")
""",
)

# run_cli as the console script calls it, on the tiny notebook, without the report files.
RUN_SCRIPT = """
import functools, sys
from parkmetrics.run import manifest as mf, runner
mf._code_hash = lambda: "pinned-for-tests"
runner.run_years = functools.partial(runner.run_years, notebook=sys.argv[3], exports=False)
sys.exit(runner.run_cli(None, sys.argv[1], sys.argv[2], 1, "--force" in sys.argv, None))
"""

HOLD_SCRIPT = """
import sys
from parkmetrics.run.lock import run_lock
with run_lock(sys.argv[1]):
    print("held", flush=True)
    sys.stdin.read()
"""

# The holder shares its locked descriptor with a spawned child, then dies at once (kill -9 of a
# run whose worker is still busy); the child lives on for a moment and then exits.
ORPHAN_SCRIPT = """
import multiprocessing, os, sys, time
from parkmetrics.run import processes
from parkmetrics.run.lock import run_lock

def child(lineage, seconds):
    time.sleep(seconds)  # no die_with_parent here: it outlives its parent on purpose

if __name__ == "__main__":
    with run_lock(sys.argv[1]) as lock:
        context = multiprocessing.get_context("spawn")
        p = context.Process(target=child, args=(processes.Lineage(os.getpid(), lock.fd), 2.0))
        p.start()
        print(p.pid, flush=True)
        os._exit(0)
"""


@pytest.fixture(autouse=True)
def fixed_code_hash(monkeypatch):
    monkeypatch.setattr(mf, "_code_hash", lambda: "pinned-for-tests")


def make_project(root: Path, modes: dict[int, str]) -> tuple[Path, Path, Path]:
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


def fake_good_report(out: Path, year: int) -> Path:
    folder = out / str(year)
    folder.mkdir(parents=True)
    (folder / "report.html").write_text("previous good report", encoding="utf-8")
    mf.write_manifest(folder, {"status": "ok", "fingerprint": "old"})
    return folder


def leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.name.endswith((".partial", ".backup")))


def start_run(data: Path, notebook: Path, out: Path, *flags: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", RUN_SCRIPT, str(data), str(out), str(notebook), *flags],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, like a job started from a terminal
    )


def wait_until_sleeping(process: subprocess.Popen, out: Path, year: int) -> tuple[int, int]:
    """Wait until the kernel is in its sleeping cell; the kernel's and the worker's pids."""
    marker = runner.partial_dir(out, year) / "sleeping"
    deadline = time.monotonic() + 90
    while not marker.exists() and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.1)
    assert marker.exists(), process.stderr.read() if process.poll() is not None else "no start"
    kernel, worker = map(int, marker.read_text().split())
    return kernel, worker


def gone(*pids: int, within: float = 5.0) -> bool:
    deadline = time.monotonic() + within
    while any(pid_alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    return not any(pid_alive(p) for p in pids)


def orphan_holding_the_lock(tmp_path: Path, out: Path) -> int:
    """Run ORPHAN_SCRIPT (a file: spawn imports the parent's main module); the child's pid."""
    script = tmp_path / "orphan.py"
    script.write_text(ORPHAN_SCRIPT, encoding="utf-8")
    # (not subprocess.run: it would wait for the child too, which shares the holder's stdout)
    holder = subprocess.Popen(
        [sys.executable, str(script), str(out)], stdout=subprocess.PIPE, text=True
    )
    child = int(holder.stdout.readline().strip())
    assert holder.wait(timeout=60) == 0
    holder.stdout.close()
    return child


# --------------------------------------------------------------------------- fast: no kernel


def test_exit_status_of_a_stopped_run_is_128_plus_the_signal():
    # the shell's convention for a process ended by a signal: 128 + its number
    assert signals.exit_status(signal.SIGINT) == 128 + 2 == 130
    assert signals.exit_status(signal.SIGTERM) == 128 + 15 == 143
    assert signals.exit_status(signal.SIGHUP) == 128 + 1 == 129
    assert signals.exit_status(signal.SIGQUIT) == 128 + 3 == 131
    interrupted = runner.YearResult(2021, "interrupted", "stopped by SIGHUP", signal=1)
    assert runner.exit_code([runner.YearResult(2020, "ok"), interrupted]) == 129


def test_a_live_holder_is_refused_at_once_with_its_pid_and_folder(tmp_path):
    out = tmp_path / "reports"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_SCRIPT, str(out)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "held"
        started = time.monotonic()
        with pytest.raises(RunLockedError) as caught, run_lock(out):
            pass
        assert time.monotonic() - started < 2  # refused, not waited for
        assert f"pid {holder.pid}" in str(caught.value) and str(out) in str(caught.value)
    finally:
        holder.communicate("", timeout=30)


def test_the_lock_is_held_until_the_last_child_sharing_it_exits(tmp_path):
    out = tmp_path / "reports"
    child = orphan_holding_the_lock(tmp_path, out)
    assert pid_alive(child)  # the holder is dead, its child still runs (and shares the lock)
    notes: list[str] = []
    with run_lock(out, note=notes.append):
        # taken only once the child was gone: it slept 2 s after its parent died
        assert not pid_alive(child)
    assert notes and "killed run" in notes[0]


def test_waiting_for_a_killed_runs_children_is_bounded(tmp_path, monkeypatch):
    out = tmp_path / "reports"
    child = orphan_holding_the_lock(tmp_path, out)
    with pytest.raises(RunLockedError, match="still hold the lock"), run_lock(out, wait=0.2):
        pass
    assert pid_alive(child)  # the bounded wait gave up before the 2 s child was done
    assert gone(child)


# --------------------------------------------------------------------------- slow: kernels


@pytest.mark.slow
@pytest.mark.parametrize("target", ["group", "parent"])
@pytest.mark.parametrize("signum", list(signals.STOP_SIGNALS), ids=lambda s: s.name)
def test_every_stop_signal_stops_the_batch_through_the_parent(tmp_path, signum, target):
    data, notebook, out = make_project(tmp_path, {2021: "sleep", 2022: "ok"})
    fake_good_report(out, 2021)
    process = start_run(data, notebook, out)
    kernel, worker = wait_until_sleeping(process, out, 2021)
    if target == "group":
        os.killpg(process.pid, signum)  # the terminal (Ctrl-C, Ctrl-\, hang-up) signals the group
    else:
        process.send_signal(signum)  # a scheduler or kill(1) signals the process
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 128 + signum, stderr
    assert "2021: INTERRUPTED" in stdout and "2022: INTERRUPTED" in stdout
    assert f"stopped by {signum.name}: 2 interrupted (exit {128 + signum})" in stderr
    assert "Traceback" not in stderr and "Error" not in stderr
    assert gone(kernel, worker, within=0.5)  # it did not exit before its children
    assert (out / "2021" / "report.html").read_text(encoding="utf-8") == "previous good report"
    assert leftovers(out) == [] and not (out / "2022").exists()
    assert not (out / "2021.FAILED").exists()  # interrupted is not failed


@pytest.mark.slow
def test_hang_up_with_the_terminal_gone_still_ends_cleanly(tmp_path):
    data, notebook, out = make_project(tmp_path, {2021: "sleep"})
    process = start_run(data, notebook, out)
    kernel, worker = wait_until_sleeping(process, out, 2021)
    process.stdout.close()  # nobody reads the summary any more: writing it fails with EPIPE
    os.killpg(process.pid, signal.SIGHUP)
    assert process.wait(timeout=60) == 128 + signal.SIGHUP
    stderr = process.stderr.read()
    assert "Traceback" not in stderr and "BrokenPipe" not in stderr
    assert gone(kernel, worker, within=0.5) and leftovers(out) == []


@pytest.mark.slow
def test_kill_9_of_the_parent_then_run_force_at_once(tmp_path):
    data, notebook, out = make_project(tmp_path, {2021: "sleep"})
    fake_good_report(out, 2021)
    first = start_run(data, notebook, out)
    kernel, worker = wait_until_sleeping(first, out, 2021)
    first.kill()  # SIGKILL to the parent alone: no handler runs, no cleanup
    set_mode(data, 2021, "ok")
    second = start_run(data, notebook, out, "--force")
    stdout, stderr = second.communicate(timeout=120)
    first.communicate(timeout=30)
    assert second.returncode == 0, stderr
    assert "2021: ok" in stdout
    assert "2021 年报告：ok" in (out / "2021" / "report.html").read_text(encoding="utf-8")
    assert mf.is_complete(out / "2021")
    # the orphans died with their parent; they neither failed the year nor renamed a folder
    assert gone(kernel, worker, within=0.5)
    assert not (out / "2021.FAILED").exists() and leftovers(out) == []


# --------------------------------------------------------------------------- the briefing


def test_briefing_during_a_run_is_refused_before_any_work(tmp_path, capsys):
    from parkmetrics.cli import main

    out = tmp_path / "reports"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_SCRIPT, str(out)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "held"  # a run is writing into reports/
        started = time.monotonic()
        assert main(["briefing", "--year", "2022", "--out", str(out)]) == 2
        assert time.monotonic() - started < 5  # refused before the year is computed
    finally:
        holder.communicate("", timeout=30)
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(out) in err and f"pid {holder.pid}" in err
    assert not (out / "2022").exists()


@pytest.mark.slow
def test_briefing_with_other_rules_updates_the_manifest_and_the_year_reruns(tmp_path):
    from parkmetrics.cli import main
    from parkmetrics.scoring.rules import rule_packs

    out = tmp_path / "reports"
    [job] = runner.make_jobs([2022], None, out)
    folder = out / "2022"
    folder.mkdir(parents=True)
    (folder / "briefing.pdf").write_text("the PDF of the run's briefing", encoding="utf-8")
    manifest = {
        "status": "ok", "fingerprint": mf.fingerprint(job.hashes), "inputs": job.hashes,
        "outputs": {"briefing.docx": "0" * 64, "briefing.pdf": "1" * 64},
    }  # fmt: skip
    mf.write_manifest(folder, manifest)
    assert mf.is_current(folder, job.hashes)  # as the last run left it

    assert main(["briefing", "--year", "2022", "--out", str(out), "--rules", "review-firm"]) == 0
    after = mf.read_manifest(folder)
    for name in ("briefing.docx", "briefing-appendix.docx"):
        assert after["outputs"][name] == mf.file_sha256(folder / name)  # the files as they are
    # the PDF showed the replaced briefing: gone, and gone from the manifest
    assert not (folder / "briefing.pdf").exists() and "briefing.pdf" not in after["outputs"]
    review_firm = rule_packs()["review-firm"]
    assert after["briefing"]["rules"] == {review_firm.name: mf.file_sha256(review_firm)}
    assert not mf.is_current(folder, job.hashes)  # the next run rebuilds the year

    # rebuilt with the report's own rules (the defaults), the year is current again
    assert main(["briefing", "--year", "2022", "--out", str(out)]) == 0
    again = mf.read_manifest(folder)
    assert again["briefing"]["rules"] == {} and mf.is_current(folder, job.hashes)
    assert again["outputs"]["briefing.docx"] == mf.file_sha256(folder / "briefing.docx")


# --------------------------------------------------------------------------- failure messages


def run(data: Path, notebook: Path, out: Path, **options) -> dict[int, runner.YearResult]:
    results = runner.run_years(data_dir=data, out_dir=out, notebook=notebook, exports=False,
                               **options)  # fmt: skip
    return {r.year: r for r in results}


def kept_failure(out: Path, year: int) -> list[str]:
    return sorted(p.name for p in (out / f"{year}.FAILED").iterdir())


@pytest.mark.slow
def test_a_kernel_calling_os_exit_is_reported_with_the_cell_it_was_running(tmp_path):
    data, notebook, out = make_project(tmp_path, {2021: "exit", 2022: "exit-after-products"})
    fake_good_report(out, 2021)
    results = run(data, notebook, out)
    for year in (2021, 2022):
        # cells: 0 parameters, 1 injected parameters, 2 reads the mode, 3 acts on it
        assert results[year].status == "failed" and results[year].cell == 3
        message = results[year].message
        assert message.startswith('cell 3 `if mode == "sleep":`: ')
        assert "the kernel died" in message and "DeadKernelError" in message
        # its executed notebook and its error, not the 1 MB chart it had written
        assert kept_failure(out, year) == [f"{year}.FAILED.ipynb", "manifest.json"]
        failed = mf.read_manifest(out / f"{year}.FAILED")
        assert failed["status"] == "failed" and failed["error"] == message
    assert (out / "2021" / "report.html").read_text(encoding="utf-8") == "previous good report"
    assert leftovers(out) == []


@pytest.fixture
def small_disk(tmp_path):
    """A 2 MiB tmpfs (we are root in CI and here); skipped where mounting is not allowed."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(disk)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    yield disk
    subprocess.run(["umount", "-l", str(disk)], check=False)


@pytest.mark.slow
def test_a_full_disk_names_its_path_and_cell_and_keeps_no_partial_products(tmp_path, small_disk):
    data, notebook, _ = make_project(tmp_path, {2021: "fill"})
    out = small_disk / "reports"
    fake_good_report(out, 2021)
    result = run(data, notebook, out)[2021]
    assert result.status == "failed" and result.cell == 3
    build = runner.partial_dir(out.resolve(), 2021)
    assert "No space left on device" in result.message
    assert f"writing into {build}: its file system is full" in result.message
    # the 1 MB chart and the file that filled the disk are gone, the notebook and error kept
    assert kept_failure(out, 2021) == ["2021.FAILED.ipynb", "manifest.json"]
    assert mf.read_manifest(out / "2021.FAILED")["error"] == result.message
    assert (out / "2021" / "report.html").read_text(encoding="utf-8") == "previous good report"
    assert leftovers(out) == []
    set_mode(data, 2021, "ok")  # the space came back: the next run publishes
    assert run(data, notebook, out)[2021].status == "ok" and not (out / "2021.FAILED").exists()


@pytest.mark.slow
def test_a_simulated_full_disk_without_a_file_name_names_the_build_folder(tmp_path, monkeypatch):
    from parkmetrics.report import html

    data, notebook, out = make_project(tmp_path, {2021: "ok"})

    def write_half_then_fail(executed, path, title):
        (Path(path).parent / "charts").mkdir()
        (Path(path).parent / "charts" / "money.svg").write_text("<svg>" * 100_000)
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))  # a failed write(): no file name

    monkeypatch.setattr(html, "write_html", write_half_then_fail)
    out.mkdir()  # (a run's lock makes it)
    [job] = runner.make_jobs([2021], data, out, notebook=notebook, exports=False)
    result = runner.build_year(job)  # in-process, so the patched writer is the one used
    build = runner.partial_dir(out.resolve(), 2021)
    assert result.status == "failed" and result.cell is None  # after the notebook, in no cell
    assert result.message == (
        f"OSError: [Errno 28] No space left on device (writing into {build}: its file system "
        "is full)"
    )
    assert kept_failure(out, 2021) == ["2021.FAILED.ipynb", "manifest.json"]


@pytest.mark.slow
def test_a_reports_folder_deleted_mid_run_is_one_clear_line_per_year(tmp_path):
    data, notebook, out = make_project(tmp_path, {2021: "rmreports", 2022: "ok"})
    process = start_run(data, notebook, out)
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 1, stderr
    assert "Traceback" not in stderr
    gone_line = f"the reports folder {out.resolve()} was removed during the run"
    [first, second] = [line for line in stdout.splitlines() if "FAILED" in line]
    assert first.startswith("2021: FAILED") and gone_line in first and "cell 3" in first
    assert second.startswith("2022: FAILED") and second.endswith(
        f"— {gone_line} → {out.resolve()}/2022/"
    )  # not started into a folder made anew
    assert not out.exists()


def test_a_stop_signal_during_a_briefing_ends_it_cleanly_with_128_plus_the_signal(tmp_path):
    from parkmetrics.run.lock import LOCK_NAME, holder_pid

    out = tmp_path / "reports"
    process = subprocess.Popen(
        [sys.executable, "-m", "parkmetrics.cli", "briefing", "--year", "2022", "--out", str(out)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while holder_pid(out / LOCK_NAME) != process.pid and time.monotonic() < deadline:
        time.sleep(0.02)  # it has taken the lock: now it computes the year (seconds)
    process.send_signal(signal.SIGTERM)
    _stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 128 + signal.SIGTERM
    assert stderr.strip() == "parkmetrics briefing: stopped by SIGTERM"
    assert not (out / "2022" / "briefing.docx").exists()
    with run_lock(out):  # and it let go of the lock
        pass


@pytest.mark.slow
def test_sigterm_to_every_process_of_the_job_stops_it_as_one(tmp_path):
    """systemd's default stop (KillMode=control-group) signals every process of the service:
    the parent, its worker and the kernel alike. The year is interrupted, not failed."""
    data, notebook, out = make_project(tmp_path, {2021: "sleep", 2022: "ok"})
    process = start_run(data, notebook, out)
    kernel, worker = wait_until_sleeping(process, out, 2021)
    for pid in (kernel, worker, process.pid):
        os.kill(pid, signal.SIGTERM)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 128 + signal.SIGTERM, stderr
    assert "2021: INTERRUPTED" in stdout and "2022: INTERRUPTED" in stdout
    assert "FAILED" not in stdout and not (out / "2021.FAILED").exists()
    assert gone(kernel, worker, within=0.5) and leftovers(out) == []
