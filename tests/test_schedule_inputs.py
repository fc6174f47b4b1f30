"""Safe to schedule (issue 14, items 4–6): bad data, bad options and bad rules files end in one
clear message before any work, and a run says where it reads and writes.

None of these tests starts a kernel: the ``no_kernels`` fixture fails a test the moment a run
gets as far as starting its workers, so "refused before any kernel" is checked, not assumed.
"""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from parkmetrics.cli import EXIT_BAD_INPUT, _parser, main
from parkmetrics.run import briefing as briefing_command
from parkmetrics.run import preflight, runner
from parkmetrics.run.batch import YearResult

ROOT = Path(__file__).resolve().parents[1]
SYNTHETIC = Path(__file__).resolve().parent / "fixtures" / "synthetic"


@pytest.fixture
def data(tmp_path):
    """A copy of the shipped data folder (vocabulary and 2022) to break."""
    folder = tmp_path / "data"
    shutil.copytree(ROOT / "data", folder, ignore=shutil.ignore_patterns("README.md"))
    return folder


@pytest.fixture
def no_kernels(monkeypatch):
    """Fail at once if a run starts its workers: everything here must stop before that."""

    def refuse(*_args, **_kwargs):
        raise AssertionError("the run started its workers (a kernel) despite bad input")

    monkeypatch.setattr(runner, "run_parallel", refuse)


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def break_2022(data: Path) -> None:
    """Two problems in two files: spending.csv line 2 (the 园区考核奖励金 760 万元 row) gets an
    amount in words; figures.csv line 3 (年初预算 810.24万元) an unknown unit 万园."""
    replace_in(data / "2022" / "spending.csv", ",760,", ",七百六十,")
    lines = (data / "2022" / "figures.csv").read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace(",万元,", ",万园,", 1)
    (data / "2022" / "figures.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def problem_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if re.match(r"\s+\S+\.(csv|ya?ml)", line)]


# --------------------------------------------------------------------------- 4. bad data


def test_bad_data_through_run_is_exit_2_one_line_per_problem_and_no_kernel(
    data, tmp_path, capsys, no_kernels
):
    break_2022(data)
    out = tmp_path / "reports"
    clock = time.monotonic()
    code = runner.run_cli(None, data, out, 1, True, None)
    seconds = time.monotonic() - clock
    captured = capsys.readouterr()
    assert code == EXIT_BAD_INPUT
    assert problem_lines(captured.err) == [
        "2022/figures.csv:3: column unit: value '万园': expected a value listed in "
        "config/units.csv",
        "2022/spending.csv:2: column amount: value '七百六十': expected a number (digits only; "
        "write units and qualifiers in their own columns)",
    ]
    assert f"nothing was run. 2 problems in the data folder {data}:" in captured.err
    # no kernel noise: no cell, no papermill, no traceback; nothing on stdout
    for noise in ("cell", "papermill", "Traceback", "matplotlib", "In ["):
        assert noise not in captured.err
    assert captured.out == ""
    assert not out.exists() or not [p for p in out.iterdir() if "2022" in p.name]
    assert seconds < 15  # a kernel start alone takes longer on this machine


def test_every_years_problems_are_listed_and_a_shared_vocabulary_problem_once(
    data, tmp_path, capsys, no_kernels
):
    shutil.copytree(SYNTHETIC / "2023", data / "2023")
    break_2022(data)
    replace_in(data / "2023" / "spending.csv", ",万元,", ",万园,")  # line 2 of 2023's
    assert runner.run_cli(None, data, tmp_path / "reports", 2, False, None) == EXIT_BAD_INPUT
    lines = problem_lines(capsys.readouterr().err)
    assert [line.split(":")[0] for line in lines] == [
        "2022/figures.csv",
        "2022/spending.csv",
        "2023/spending.csv",
    ]
    # a problem of the vocabulary both years share: said once, not once per year
    parks = data / "vocabulary" / "parks.csv"
    parks.write_text(parks.read_text(encoding="utf-8") + "zhuzhou_hitech,高新区,nickname,\n")
    assert runner.run_cli(None, data, tmp_path / "reports", 2, False, None) == EXIT_BAD_INPUT
    lines = problem_lines(capsys.readouterr().err)
    kind = [line for line in lines if "value 'nickname'" in line]
    assert len(kind) == 1 and kind[0].startswith("vocabulary/parks.csv:")


def test_a_data_folder_without_vocabulary_fails_fast_naming_each_file(
    data, tmp_path, capsys, no_kernels
):
    shutil.rmtree(data / "vocabulary")
    clock = time.monotonic()
    code = main(["run", "--data", str(data), "--out", str(tmp_path / "reports")])
    assert code == EXIT_BAD_INPUT and time.monotonic() - clock < 15
    err = capsys.readouterr().err
    for name in ("metrics.csv", "parks.csv", "indicator_levels.csv", "header_fields.csv"):
        assert f"vocabulary/{name}: expected this file to exist" in err


@pytest.mark.parametrize("command", ["validate", "audit", "run", "briefing"])
def test_every_command_writes_problems_to_stderr(command, data, tmp_path, capsys, no_kernels):
    break_2022(data)
    argv = [command, "--data", str(data)]
    argv += [] if command == "validate" else ["--year", "2022"]
    argv += ["--out", str(tmp_path / "reports")] if command in ("run", "briefing") else []
    assert main(argv) == EXIT_BAD_INPUT
    captured = capsys.readouterr()
    assert "2022/spending.csv:2: column amount" in captured.err
    assert "spending.csv" not in captured.out


@pytest.mark.parametrize(
    "argv",
    [
        ["import", "nothere.docx", "--year", "2030"],
        ["extract", "nothere.docx", "--year", "2022"],
        ["audit", "--year", "1999"],
        ["validate", "--year", "1999"],
    ],
)
def test_the_other_commands_write_problems_to_stderr_too(argv, data, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main([*argv, "--data", str(data)]) == EXIT_BAD_INPUT
    captured = capsys.readouterr()
    assert captured.out == "" and ("nothere.docx" in captured.err or "1999" in captured.err)


# --------------------------------------------------------------------------- 5. options


@pytest.mark.parametrize("jobs", ["0", "-1", "65", "1000", "two", "1.5"])
def test_jobs_must_be_a_whole_number_from_1_to_the_maximum(jobs, data, capsys, no_kernels):
    with pytest.raises(SystemExit) as stopped:
        main(["run", "--data", str(data), "--jobs", jobs])
    assert stopped.value.code == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert "--jobs" in err and f"1 to {preflight.MAX_JOBS}" in err and "Traceback" not in err


def test_jobs_limits_are_accepted_and_the_library_checks_them_too(data, tmp_path, no_kernels):
    assert _parser().parse_args(["run", "--jobs", "1"]).jobs == 1
    assert _parser().parse_args(["run", "--jobs", str(preflight.MAX_JOBS)]).jobs == 64
    with pytest.raises(runner.RunParameterError, match="--jobs"):
        runner.run_years(data_dir=data, out_dir=tmp_path / "reports", jobs=0)


@contextlib.contextmanager
def read_only_folder(path: Path):
    """A folder nobody may write in: immutable for root (permission bits do not stop root),
    mode 555 for anyone else."""
    path.mkdir(parents=True)
    if os.geteuid() == 0:
        if shutil.which("chattr") is None:
            pytest.skip("running as root without chattr: cannot make a read-only folder")
        done = subprocess.run(["chattr", "+i", str(path)], capture_output=True)
        if done.returncode != 0:
            pytest.skip(f"chattr +i not supported here: {done.stderr.decode().strip()}")
        try:
            yield path
        finally:
            subprocess.run(["chattr", "-i", str(path)], check=True)
    else:
        path.chmod(0o555)
        try:
            yield path
        finally:
            path.chmod(0o755)


def bad_out(kind: str, root: Path) -> contextlib.AbstractContextManager[str]:
    """The --out of each bad kind, relative to ``root`` (the working folder), as a user types it."""
    if kind == "file":
        (root / "reports.txt").write_text("not a folder", encoding="utf-8")
        return contextlib.nullcontext("reports.txt")
    if kind == "under a file":
        (root / "reports.txt").write_text("not a folder", encoding="utf-8")
        return contextlib.nullcontext("reports.txt/yearly")
    folder = read_only_folder(root / "locked")

    @contextlib.contextmanager
    def inside():
        with folder:
            yield "locked/reports"

    return inside()


EXPECTED_OUT = {
    "file": "--out reports.txt is a file, not a folder",
    "under a file": "--out reports.txt/yearly: reports.txt is a file",
    "read-only": "--out locked/reports: locked cannot be written in",
}


@pytest.mark.parametrize("kind", list(EXPECTED_OUT))
def test_run_refuses_a_bad_out_folder_in_one_line_before_any_work(
    kind, data, tmp_path, monkeypatch, capsys, no_kernels
):
    monkeypatch.chdir(tmp_path)
    with bad_out(kind, tmp_path) as out:
        code = main(["run", "--data", "data", "--out", out])
    err = capsys.readouterr().err.strip()
    assert code == EXIT_BAD_INPUT
    assert len(err.splitlines()) == 1 and EXPECTED_OUT[kind] in err, err


@pytest.mark.parametrize("kind", list(EXPECTED_OUT))
def test_briefing_refuses_a_bad_out_folder_before_computing(
    kind, data, tmp_path, monkeypatch, capsys
):
    def no_work(*_args, **_kwargs):
        raise AssertionError("the briefing computed the year before checking --out")

    monkeypatch.setattr(briefing_command.export, "compute", no_work)
    monkeypatch.chdir(tmp_path)
    with bad_out(kind, tmp_path) as out:
        code = main(["briefing", "--year", "2022", "--data", "data", "--out", out])
    err = capsys.readouterr().err.strip()
    assert code == EXIT_BAD_INPUT and len(err.splitlines()) == 1
    # the year's folder under --out is where the briefing goes: reports.txt/2022 and so on
    assert "--out" in err and ("reports.txt" in err or "locked" in err), err


# --------------------------------------------------------------------------- 5. rules files


def audit_with_rules(rules: str, data: Path, capsys) -> str:
    """``parkmetrics audit`` with a rules file as given; exit 2 and the message (stderr)."""
    assert main(["audit", "--year", "2022", "--data", str(data), "--rules", rules]) == 2
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return captured.err


@pytest.fixture
def conf(tmp_path, monkeypatch):
    """The working folder holds conf/; rules files are given relative to it, as users do."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "conf").mkdir()
    return tmp_path / "conf"


def setting(name: str, value: str) -> str:
    return f"{name}:\n  value: {value}\n  reason: a province's rule\n  source: 省财政厅\n"


def test_a_rules_directory_is_a_problem_of_the_rules_file(conf, data, capsys):
    (conf / "rules.yaml").mkdir()
    err = audit_with_rules("conf/rules.yaml", data, capsys)
    assert "1 problem in the rules file" in err
    assert "conf/rules.yaml: expected a file here, found a directory" in err


def test_a_gbk_rules_file_names_its_line_and_how_to_save_it(conf, data, capsys):
    text = setting("total_weight", "100")  # its source 省财政厅 on line 4
    (conf / "province.yaml").write_bytes(text.encode("gbk"))
    err = audit_with_rules("conf/province.yaml", data, capsys)
    assert "problem in the rules file" in err
    # "reason: a province's rule" is ASCII; the first GBK bytes are 省财政厅 on line 4
    assert "conf/province.yaml:4: expected UTF-8 text, found GBK/GB18030 text" in err
    assert "save it as UTF-8" in err


def test_duplicate_settings_and_duplicate_keys_are_refused_with_their_lines(conf, data, capsys):
    text = (
        setting("score_tolerance", "0.5")  # lines 1–4
        + setting("score_tolerance", "5")  # lines 5–8: which one was meant?
        # lines 9–12, the duplicate key on line 10
        + setting("weights", "{output: 50, output: 40, benefit: 30, satisfaction: 10, budget: 1}")
    )
    (conf / "province.yaml").write_text(text, encoding="utf-8")
    err = audit_with_rules("conf/province.yaml", data, capsys)
    assert "2 problems in the rules file" in err
    assert "conf/province.yaml:5: column score_tolerance: expected each setting once " in err
    assert "(also at line 1)" in err
    assert "conf/province.yaml:10: column weights: expected each key once in a mapping " in err


@pytest.mark.parametrize("value", [".inf", "-.inf", ".nan", ".NaN", "1.0e+999"])
def test_non_finite_numbers_in_a_rules_file_are_refused(value, conf, data, capsys):
    (conf / "province.yaml").write_text(setting("score_tolerance", value), encoding="utf-8")
    err = audit_with_rules("conf/province.yaml", data, capsys)
    assert "conf/province.yaml:2: column score_tolerance: " in err
    assert f"value '{value}': expected a finite number" in err


def test_a_nested_non_finite_number_is_found_too(conf, data, capsys):
    text = setting("plausibility", "{growth_max: {value: .inf}}")
    (conf / "province.yaml").write_text(text, encoding="utf-8")
    err = audit_with_rules("conf/province.yaml", data, capsys)
    assert "conf/province.yaml:2: column plausibility: value '.inf': expected a finite" in err


BOMB = "score_tolerance:\n  reason: a\n  source: b\n  value:\n"
BOMB += "    - &b0 [2, 2, 2, 2, 2, 2, 2, 2, 2]\n"
BOMB += "".join(f"    - &b{i} [{', '.join([f'*b{i - 1}'] * 9)}]\n" for i in range(1, 12))
LOAD_BOMB = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))  # 1 GiB: a bomb's repr needs TBs
from parkmetrics.errors import DataValidationError
from parkmetrics.scoring.rules import load_rules
try:
    load_rules(sys.argv[1])
except DataValidationError as error:
    print(error)
"""


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_AS as on Linux")
def test_an_alias_bomb_inside_a_known_setting_is_refused_in_little_memory(conf):
    # 12 levels of 9 aliases: 9**11 × 9 numbers once expanded (≈ 3 × 10**11 list items),
    # a few hundred bytes of YAML. Run under a 1 GiB address-space limit in a child process,
    # so that a regression fails with MemoryError instead of exhausting the machine.
    (conf / "bomb.yaml").write_text(BOMB, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", LOAD_BOMB, "conf/bomb.yaml"],
        capture_output=True,
        text=True,
        timeout=120,
        env=os.environ | {"PYTHONPATH": os.pathsep.join(sys.path)},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "1 problem in the rules file" in done.stdout
    assert "conf/bomb.yaml:1: column score_tolerance: expected a value of at most" in done.stdout
    assert len(done.stdout) < 500  # bounded: no repr of the value


def test_a_bad_value_is_shown_in_a_bounded_summary(conf, data, capsys):
    huge = "[" + ", ".join(str(n) for n in range(5_000)) + "]"  # not a number: shown short
    (conf / "province.yaml").write_text(setting("score_tolerance", huge), encoding="utf-8")
    err = audit_with_rules("conf/province.yaml", data, capsys)
    assert "conf/province.yaml:1: column score_tolerance: value '[0, 1, 2" in err
    assert len(err) < 400


def test_rules_errors_say_rules_file_and_name_the_users_path_as_given(
    conf, data, tmp_path, capsys, no_kernels
):
    # the user's file is called rules.yaml too: the message must not be mistaken for the
    # package's own config/rules.yaml
    (conf / "rules.yaml").write_text(setting("over_achievement_threshold", "0.5"), "utf-8")
    err = audit_with_rules("conf/rules.yaml", data, capsys)
    assert "1 problem in the rules file" in err and "in the data" not in err
    assert "conf/rules.yaml:1: column over_achievement_threshold" in err
    code = main(["run", "--data", str(data), "--out", "reports", "--rules", "conf/rules.yaml"])
    err = capsys.readouterr().err
    assert code == EXIT_BAD_INPUT
    assert "problem in the rules file" in err and "conf/rules.yaml:1:" in err
    assert not (tmp_path / "reports").exists()


def test_a_missing_rules_file_is_named_as_given(conf, data, capsys, no_kernels):
    code = main(["run", "--data", str(data), "--rules", "conf/nowhere.yaml"])
    err = capsys.readouterr().err.strip()
    assert code == EXIT_BAD_INPUT
    assert err == "parkmetrics run: rules file not found: conf/nowhere.yaml"


# --------------------------------------------------------------------------- 6. where reports go


def test_run_from_another_folder_without_data_says_so_instead_of_reading_the_checkout(
    tmp_path, monkeypatch, capsys, no_kernels
):
    monkeypatch.delenv("PARKMETRICS_DATA", raising=False)
    monkeypatch.chdir(tmp_path)  # cron runs in the home folder, not in the checkout
    assert main(["run"]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert f"data folder data not found (in the working folder {tmp_path})" in err
    assert not (tmp_path / "reports").exists()


def test_run_resolves_data_and_out_alike_and_prints_both_first(data, tmp_path, monkeypatch, capsys):
    """Both relative to the working folder; the first line names both, absolute."""
    seen = {}

    def built(pending, *_args, **_kwargs):  # the workers' part is not under test here
        seen["jobs"] = list(pending)
        return {job.name: YearResult(job.year, "ok") for job in pending}

    monkeypatch.setattr(runner, "run_parallel", built)
    monkeypatch.delenv("PARKMETRICS_DATA", raising=False)
    monkeypatch.chdir(tmp_path)
    assert main(["run"]) == 0
    captured = capsys.readouterr()
    [job] = seen["jobs"]
    assert (job.data_dir, job.out_dir) == (tmp_path / "data", tmp_path / "reports")
    first = captured.err.splitlines()[0]
    assert first.endswith(f"data {tmp_path / 'data'} → reports {tmp_path / 'reports'}")
    assert captured.out.strip().endswith(f"→ {tmp_path / 'reports' / '2022'}/")


def test_readme_schedules_with_a_crontab_line_of_absolute_paths():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = re.split(r"\n#{2,3} ", readme.split("### Scheduling", 1)[1], maxsplit=1)[0]
    cron = [
        line for line in section.splitlines() if re.match(r"^([\d*/,-]+\s+){5}\S", line)
        and "parkmetrics run" in line
    ]  # fmt: skip
    assert cron, "no crontab line in the README's scheduling section"
    words = shlex.split(cron[0].split(None, 5)[5].split(">")[0])
    program = next(w for w in words if w.endswith("parkmetrics"))
    assert Path(program).is_absolute()  # cron's PATH does not hold the virtual environment
    args = _parser().parse_args(words[words.index(program) + 1 :])
    assert args.command == "run"
    assert args.data is not None and args.data.is_absolute()
    assert args.out.is_absolute()
