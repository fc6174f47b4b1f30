"""Every unreadable input is one clear DataValidationError (from load_year and from the CLI),
never a traceback. Each case builds the bad file in a copy of the shipped data."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from parkmetrics import DataValidationError, load_year
from parkmetrics.cli import EXIT_BAD_INPUT, main
from parkmetrics.data.dataset import resolve_data_dir
from parkmetrics.errors import SHOWN_PROBLEMS, Problem

YEAR = 2022


@pytest.fixture()
def data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(resolve_data_dir(None), target)
    return target


def problems_of(data: Path) -> list[Problem]:
    with pytest.raises(DataValidationError) as caught:
        load_year(YEAR, data)
    return caught.value.problems


def only_problem(data: Path) -> Problem:
    problems = problems_of(data)
    assert len(problems) == 1, problems
    return problems[0]


def cli_message(data: Path, capsys) -> str:
    assert main(["validate", "--data", str(data), "--year", str(YEAR)]) == EXIT_BAD_INPUT
    captured = capsys.readouterr()  # the summary line on stdout, the problems on stderr
    assert "Traceback" not in captured.err and f"{YEAR}: INVALID" in captured.out
    return captured.err


def test_utf16_file_says_how_to_save_it(data, capsys):
    path = data / "2022/spending.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    problem = only_problem(data)
    assert problem.file == "2022/spending.csv" and "UTF-16" in problem.expected
    assert "CSV UTF-8" in cli_message(data, capsys)


def test_binary_file_says_how_to_save_it(data):
    (data / "2022/awards.csv").write_bytes(b"PK\x03\x04\x00\x00binary zip")  # an .xlsx renamed
    problem = only_problem(data)
    assert problem.file == "2022/awards.csv" and "binary" in problem.expected


def test_undecodable_bytes_name_their_line(data):
    path = data / "2022/awards.csv"
    # \x80 alone is neither UTF-8 nor a GB18030 lead byte; written after the last line end
    original = path.read_bytes()
    path.write_bytes(original + b"\x80")
    problem = only_problem(data)
    assert problem.line == original.count(b"\n") + 1  # the line a person sees it on
    assert "0x80" in problem.expected and "GB18030" in problem.expected


def test_big5_text_is_refused_with_how_to_save_it(data):
    # Big5 bytes are valid GB18030, read as gibberish: refused, not read silently
    from opencc_purepy import OpenCC

    source = next((data / "2022/source").iterdir())
    traditional = OpenCC("s2t").convert(source.read_text(encoding="utf-8"))
    source.write_bytes(traditional.encode("big5", errors="replace"))
    problem = only_problem(data)
    assert problem.file.endswith(source.name) and "Big5" in problem.expected


def test_traditional_text_saved_as_gb18030_is_not_taken_for_big5():
    from opencc_purepy import OpenCC

    from parkmetrics.data.tables import decode_text

    text = OpenCC("s2t").convert("株洲高新区获评全省营商环境十强园区，累计超70亿元")
    assert decode_text(text.encode("gb18030"), "x.txt") == (text, "gb18030", [])


def test_gb18030_source_text_is_read_and_its_encoding_recorded(data):
    source = next((data / "2022/source").iterdir())
    source.write_bytes(source.read_text(encoding="utf-8").encode("gb18030"))
    loaded = load_year(YEAR, data)
    assert loaded.encodings[f"2022/source/{source.name}"] == "gb18030"
    assert "株洲" in loaded.source_texts[source.name]


def test_a_directory_where_a_file_belongs(data, capsys):
    path = data / "2022/awards.csv"
    path.unlink()
    path.mkdir()
    problem = only_problem(data)
    assert problem.file == "2022/awards.csv" and "directory" in problem.expected
    assert "2022/awards.csv" in cli_message(data, capsys)


def test_a_symlink_loop(data):
    path = data / "2022/awards.csv"
    path.unlink()
    os.symlink(path, path)  # points at itself
    problem = only_problem(data)
    assert problem.file == "2022/awards.csv" and "link" in problem.expected


def test_a_permission_error(data, monkeypatch):
    # the tests may run as root, who reads any file; the error is raised as the OS would
    path = data / "2022/awards.csv"
    real = Path.read_bytes

    def denied(self: Path) -> bytes:
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", denied)
    problem = only_problem(data)
    assert problem.file == "2022/awards.csv" and "permission" in problem.expected


def test_missing_source_folder(data):
    shutil.rmtree(data / "2022/source")
    problems = problems_of(data)
    assert any(p.file == "2022/source" and "folder" in p.expected for p in problems)


def test_empty_source_folder(data):
    for path in (data / "2022/source").iterdir():
        path.unlink()
    problems = problems_of(data)
    assert any(p.file == "2022/source" and "text document" in p.expected for p in problems)


def test_an_original_docx_may_sit_in_source_and_is_not_read(data):
    original = data / "2022/source/original.docx"
    original.write_bytes(b"PK\x03\x04\x00\x00 not text")
    loaded = load_year(YEAR, data)
    assert loaded.sources["original.docx"] == original
    assert "original.docx" not in loaded.source_texts


def test_a_binary_txt_in_source_is_refused(data):
    (data / "2022/source/scan.txt").write_bytes(b"\x00\x01\x02")
    problem = only_problem(data)
    assert problem.file == "2022/source/scan.txt" and "binary" in problem.expected


def test_full_width_digits_in_number_columns_are_normalised(data):
    path = data / "2022/spending.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",760,", ",７６０,"), "utf-8")
    loaded = load_year(YEAR, data)
    assert 760.0 in set(loaded.spending["amount"])


def test_other_unicode_digits_are_refused_by_the_schema(data):
    path = data / "2022/spending.csv"
    # Arabic-Indic ٧٦٠ is 760 to Python's float() but no NFKC form of ASCII digits
    path.write_text(path.read_text(encoding="utf-8").replace(",760,", ",٧٦٠,"), "utf-8")
    problem = only_problem(data)
    assert (problem.column, problem.value) == ("amount", "٧٦٠")


@pytest.mark.parametrize("value", ["1e309", "inf", "NaN", "-1e400", "7_60"])
def test_non_finite_and_digit_grouped_numbers_are_refused(data, value):
    # 7_60 is 760 to Python's float() and Decimal but not to pandas: refused as the others
    path = data / "2022/spending.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",760,", f",{value},"), "utf-8")
    problem = only_problem(data)
    assert (problem.file, problem.line, problem.column, problem.value) == (
        "2022/spending.csv", 2, "amount", value,
    )  # fmt: skip


def test_the_message_is_capped_at_200_problems(data):
    path = data / "2022/spending.csv"
    header = path.read_text(encoding="utf-8").splitlines()[0]
    # 1000 rows whose amount is text: 1000 problems, the message shows 200 and the count
    rows = [f"item_{i},标签,七百,万元,x.txt,引文" for i in range(1000)]
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    with pytest.raises(DataValidationError) as caught:
        load_year(YEAR, data)
    message = str(caught.value)
    total = len(caught.value.problems)
    assert total > SHOWN_PROBLEMS
    assert f"… and {total - SHOWN_PROBLEMS} more" in message
    assert len(message.splitlines()) == 1 + SHOWN_PROBLEMS + 1  # heading, 200, the count


def test_gitattributes_keeps_data_files_byte_exact():
    root = Path(__file__).parents[1]
    rules = (root / ".gitattributes").read_text(encoding="utf-8").splitlines()
    # no end-of-line conversion for the data files and the source texts
    assert "data/** -text" in rules and "tests/fixtures/** -text" in rules


# --- every case from the CLI too: one clear message naming the file, exit 2, no traceback ----


def _replace(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def _deny(path: Path, monkeypatch) -> None:
    real = Path.read_bytes

    def denied(self: Path) -> bytes:
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", denied)


def _directory(path: Path) -> None:
    path.unlink()
    path.mkdir()


def _loop(path: Path) -> None:
    path.unlink()
    os.symlink(path, path)


def _many(path: Path) -> None:
    header = path.read_text(encoding="utf-8").splitlines()[0]
    rows = [f"item_{i},标签,七百,万元,x.txt,引文" for i in range(1000)]
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")


# case → (how the data is broken, the file the message names, a word it says)
CLI_CASES = {
    "utf16": (lambda d, m: (d / "2022/spending.csv").write_bytes(
        (d / "2022/spending.csv").read_text(encoding="utf-8").encode("utf-16")),
        "2022/spending.csv", "UTF-16"),
    "binary": (lambda d, m: (d / "2022/awards.csv").write_bytes(b"PK\x03\x04\x00\x00zip"),
               "2022/awards.csv", "binary"),
    "undecodable": (lambda d, m: (d / "2022/awards.csv").write_bytes(
        (d / "2022/awards.csv").read_bytes() + b"\x80"), "2022/awards.csv", "undecodable"),
    "directory": (lambda d, m: _directory(d / "2022/awards.csv"), "2022/awards.csv",
                  "directory"),
    "symlink_loop": (lambda d, m: _loop(d / "2022/awards.csv"), "2022/awards.csv", "link"),
    "permission": (lambda d, m: _deny(d / "2022/awards.csv", m), "2022/awards.csv",
                   "permission"),
    "missing_source": (lambda d, m: shutil.rmtree(d / "2022/source"), "2022/source", "folder"),
    "empty_source": (lambda d, m: [p.unlink() for p in (d / "2022/source").iterdir()],
                     "2022/source", "text document"),
    "binary_txt_in_source": (lambda d, m: (d / "2022/source/scan.txt").write_bytes(b"\x00\x01"),
                             "2022/source/scan.txt", "binary"),
    "unicode_digits": (lambda d, m: _replace(d / "2022/spending.csv", ",760,", ",٧٦٠,"),
                       "2022/spending.csv", "٧٦٠"),
    "non_finite": (lambda d, m: _replace(d / "2022/spending.csv", ",760,", ",1e309,"),
                   "2022/spending.csv:2", "1e309"),
    "capped": (lambda d, m: _many(d / "2022/spending.csv"), "2022/spending.csv", "more"),
}  # fmt: skip


@pytest.mark.parametrize("command", ["validate", "audit"])
@pytest.mark.parametrize("case", sorted(CLI_CASES))
def test_every_bad_input_from_the_cli(data, capsys, monkeypatch, case, command):
    spoil, file, word = CLI_CASES[case]
    spoil(data, monkeypatch)
    with pytest.raises(DataValidationError):  # load_year: always this one error type
        load_year(YEAR, data)
    assert main([command, "--data", str(data), "--year", str(YEAR)]) == EXIT_BAD_INPUT
    captured = capsys.readouterr()
    said = captured.out + captured.err
    assert "Traceback" not in said and file in said and word in said
    # a readable message: the problems (at most 200) and a heading, a count, a summary line
    assert len(said.splitlines()) <= SHOWN_PROBLEMS + 4


@pytest.mark.slow
def test_a_50_mb_bad_file_gives_a_capped_message_fast(data):
    import time

    path = data / "2022/spending.csv"
    header = path.read_text(encoding="utf-8").splitlines()[0]
    row = "item_{},政府购买平台运营服务,七百,万元,zhuzhou-2022-park-fund-self-evaluation.txt,引文\n"
    with open(path, "w", encoding="utf-8") as f:
        f.write(header + "\n")
        n = 0
        while f.tell() < 50_000_000:
            f.write(row.format(n))
            n += 1
    start = time.monotonic()
    with pytest.raises(DataValidationError) as caught:
        load_year(YEAR, data)
    seconds = time.monotonic() - start
    message = str(caught.value)
    # every row's amount 七百 is text: n problems, 200 shown, then "… and n - 200 more"
    assert len(caught.value.problems) == n
    assert message.splitlines()[-1].strip() == f"… and {n - SHOWN_PROBLEMS} more"
    assert len(message.splitlines()) == 1 + SHOWN_PROBLEMS + 1
    # ~9 s on the 2-core build machine (2026-12): a minute is the bound of "fast"
    assert seconds < 60, seconds


def test_git_converts_no_line_ending_of_a_data_file(tmp_path):
    # what a clone with core.autocrlf=true does to a file: git's own attribute lookup
    import subprocess

    root = Path(__file__).parents[1]
    if shutil.which("git") is None or not (root / ".git").exists():
        pytest.skip("not a git checkout")
    files = [
        "data/2022/budget.csv",
        "data/2022/source/zhuzhou-2022-park-fund-self-evaluation.txt",
        "data/vocabulary/metrics.csv",
        "tests/fixtures/layouts/zero_total/2023/source/form.txt",
    ]
    out = subprocess.run(
        ["git", "-c", "core.autocrlf=true", "check-attr", "text", "--", *files],
        cwd=root, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert out.splitlines() == [f"{f}: text: unset" for f in files]
    # and a file outside them is converted as usual (the rule is not global)
    other = subprocess.run(
        ["git", "check-attr", "text", "--", "README.md"],
        cwd=root, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert other.strip() == "README.md: text: unspecified"


@pytest.mark.parametrize(
    ("file", "column"),
    [("parks.csv", "park"), ("parks.csv", "kind"), ("indicator_levels.csv", "id")],
)
def test_a_vocabulary_file_without_a_key_column_is_named_not_a_crash(data, file, column):
    # the checks across rows (one official name per park, level parents) need these columns:
    # without one, the file's header is the one problem, as for any other column
    path = data / "vocabulary" / file
    rows = [line.split(",") for line in path.read_text(encoding="utf-8").splitlines()]
    at = rows[0].index(column)
    path.write_text("".join(",".join(r[:at] + r[at + 1 :]) + "\n" for r in rows), "utf-8")
    problem = only_problem(data)
    assert (problem.file, problem.line, problem.column, problem.expected) == (
        f"vocabulary/{file}", 1, column, "this column in the header",
    )  # fmt: skip


def test_an_unreadable_file_does_not_hide_the_other_files_cell_problems(data):
    # spending.csv ends in an unclosed quote (unreadable); awards.csv and spending's neighbours
    # still have their cells checked: a value problem in budget.csv is listed beside it
    spending = data / "2022/spending.csv"
    spending.write_text(spending.read_text(encoding="utf-8") + 'x,"unclosed\n', encoding="utf-8")
    _replace(data / "2022/budget.csv", ",810.24,", ",1e309,")
    problems = problems_of(data)
    files = {p.file for p in problems}
    assert "2022/spending.csv" in files
    assert any(p.file == "2022/budget.csv" and p.value == "1e309" for p in problems)
