"""The ``parkmetrics`` command as a scheduler sees it: exit codes and one-line errors."""

from __future__ import annotations

import contextlib
import os
import shutil
import sys

import pytest

from parkmetrics.cli import EXIT_BAD_INPUT, EXIT_BROKEN_PIPE, EXIT_FAILED, EXIT_OK, main
from parkmetrics.data.dataset import resolve_data_dir


def test_validate_shipped_data(capsys):
    assert main(["validate"]) == EXIT_OK
    out = capsys.readouterr().out
    # 2022: nine indicator rows and four budget lines in the report's table.
    assert out.startswith("2022: ok:") and "9 indicators" in out and "4 budget lines" in out


def test_unknown_year_is_one_line_and_exit_2(capsys):
    assert main(["audit", "--year", "1999"]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "1999" in err and "2022" in err


def test_invalid_data_lists_problems_and_exits_2(tmp_path, capsys):
    data = tmp_path / "data"
    shutil.copytree(resolve_data_dir(None), data)
    spending = data / "2022" / "spending.csv"
    spending.write_text(
        spending.read_text(encoding="utf-8").replace(",760,", ",七百六十,"), "utf-8"
    )
    assert main(["validate", "--data", str(data)]) == EXIT_BAD_INPUT
    captured = capsys.readouterr()  # problems on stderr, as for every command
    assert "2022: INVALID" in captured.out
    assert "2022/spending.csv:2: column amount" in captured.err
    assert "column amount" not in captured.out


def test_audit_of_2022_exits_1_because_of_error_findings(capsys):
    # The report's 102% and 126% do not follow from 137/130 and 145/110: error findings.
    assert main(["audit", "--year", "2022"]) == EXIT_FAILED
    assert "ratio_mismatch" in capsys.readouterr().out


def test_missing_data_folder_exits_2(tmp_path, capsys):
    assert main(["validate", "--data", str(tmp_path / "nowhere")]) == EXIT_BAD_INPUT
    assert "nowhere" in capsys.readouterr().err


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX pipes")
def test_closed_pipe_gives_no_traceback(monkeypatch):
    # `parkmetrics audit … | head -1` where head has gone: every write fails with EPIPE.
    read_end, write_end = os.pipe()
    os.close(read_end)
    closed = open(write_end, "w", encoding="utf-8", buffering=1)  # noqa: SIM115 (closed below)
    monkeypatch.setattr(sys, "stdout", closed)
    try:
        assert main(["audit", "--year", "2022"]) == EXIT_BROKEN_PIPE
    finally:
        monkeypatch.undo()
        with contextlib.suppress(OSError):
            closed.close()


SOURCE = resolve_data_dir(None) / "2022" / "source" / "zhuzhou-2022-park-fund-self-evaluation.txt"
# (command, where it writes, the one line expected); paths relative to the working folder
BAD_OUTPUTS = [
    (["extract", str(SOURCE), "--year", "2022", "--out"], "afile", "--out afile is a file"),
    (["extract", str(SOURCE), "--year", "2022", "--out"], "afile/sub", "afile is a file"),
    (["audit", "--year", "2022", "--xlsx"], "folder", "--xlsx folder is a folder, not a file"),
    (["audit", "--year", "2022", "--xlsx"], "afile/x.xlsx", "afile is a file"),
    (["template", "--year", "2022", "--out"], "folder", "--out folder is a folder, not a file"),
]


@pytest.mark.parametrize(("command", "target", "expected"), BAD_OUTPUTS)
def test_an_output_path_of_the_wrong_kind_is_one_line_and_exit_2(
    command, target, expected, tmp_path, monkeypatch, capsys
):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "afile").write_text("a file, not a folder", encoding="utf-8")
    (tmp_path / "folder").mkdir()
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    data = ["--data", str(resolve_data_dir(None))]
    assert main([*command, target, *data]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err.strip()
    assert err.startswith("parkmetrics: ") and expected in err
    assert "Traceback" not in err and len(err.splitlines()) == 1
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before  # nothing made


def test_audit_worksheet_into_a_new_folder_is_written(tmp_path, capsys):
    target = tmp_path / "new" / "sub" / "review.xlsx"
    assert main(["audit", "--year", "2022", "--xlsx", str(target)]) == EXIT_FAILED
    assert target.stat().st_size > 0
    assert f"written: {target}" in capsys.readouterr().out
