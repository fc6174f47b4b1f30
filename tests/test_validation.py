"""Validation at load: a corpus of bad data files, each named by file, line, column and value.

Each case copies the shipped data, breaks one thing the way a person editing the CSV might,
and asserts that ``load_year`` refuses it with a problem pointing at exactly that place.
Line numbers are computed from the file being edited (header = line 1), never hard-coded.
"""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from parkmetrics import DataValidationError, audit, load_year
from parkmetrics.data.dataset import resolve_data_dir

YEAR = 2022


@pytest.fixture()
def data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(resolve_data_dir(None), target)
    return target


def read_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def line_of(path: Path, row_index: int) -> int:
    """The line (as a person counts) on which data row ``row_index`` (0 = header) starts."""
    text = path.read_text(encoding="utf-8")
    reader = csv.reader(io.StringIO(text, newline=""))
    start = 1
    for index, _ in enumerate(reader):
        if index == row_index:
            return start
        start = reader.line_num + 1
    raise IndexError(row_index)


def edit_cell(path: Path, row_index: int, column: str, value: str) -> int:
    """Set one cell; return the line of that row."""
    rows = read_rows(path)
    rows[row_index][rows[0].index(column)] = value
    write_rows(path, rows)
    return line_of(path, row_index)


def find_row(path: Path, column: str, predicate: Callable[[str], bool]) -> int:
    rows = read_rows(path)
    col = rows[0].index(column)
    for index, row in enumerate(rows[1:], start=1):
        if predicate(row[col]):
            return index
    raise LookupError(f"no row of {path.name} with a matching {column}")


def problems_of(data: Path) -> list:
    with pytest.raises(DataValidationError) as caught:
        load_year(YEAR, data)
    return caught.value.problems


def assert_problem(problems: list, file: str, line: int | None, column: str | None) -> None:
    matches = [p for p in problems if p.file == file and p.line == line and p.column == column]
    assert matches, f"no problem at {file}:{line} column {column}; got:\n" + "\n".join(
        map(str, problems)
    )


def test_shipped_data_is_valid():
    loaded = load_year(YEAR)
    # the report's table: nine indicator rows and the four lines of the budget block
    assert loaded.year == YEAR and len(loaded.figures) > 0
    assert len(loaded.indicators) == 9 and len(loaded.budget) == 4


def test_unknown_metric_id(data):
    path = data / "2022/figures.csv"
    line = edit_cell(path, 1, "metric", "tax_payed")
    problems = problems_of(data)
    assert_problem(problems, "2022/figures.csv", line, "metric")
    assert any(p.value == "tax_payed" for p in problems)


def test_bad_unit(data):
    path = data / "2022/figures.csv"
    row = find_row(path, "unit", lambda u: u == "公顷")
    line = edit_cell(path, row, "unit", "公倾")
    assert_problem(problems_of(data), "2022/figures.csv", line, "unit")


def test_non_numeric_value(data):
    path = data / "2022/figures.csv"
    line = edit_cell(path, 2, "value", "五千")
    problems = problems_of(data)
    assert_problem(problems, "2022/figures.csv", line, "value")
    assert any("number" in p.expected for p in problems)


def test_duplicate_key(data):
    path = data / "2022/figures.csv"
    rows = read_rows(path)
    rows.append(list(rows[3]))
    write_rows(path, rows)
    line = line_of(path, len(rows) - 1)
    problems = problems_of(data)
    assert_problem(problems, "2022/figures.csv", line, "park+metric+source_quote")
    assert any(f"line {line_of(path, 3)}" in p.expected for p in problems)


def test_unknown_park(data):
    path = data / "2022/awards.csv"
    line = edit_cell(path, 1, "park", "xiangtan_hitech")
    assert_problem(problems_of(data), "2022/awards.csv", line, "park")


def test_spending_stage_and_plan(data):
    # the optional stage column: "planned" rows are the plan (YearData.spending_plan), the
    # others what the money went to; any other stage is refused at its cell
    path = data / "2022/spending.csv"
    rows = read_rows(path)
    rows[0] += ["stage", "line"]
    for row in rows[1:]:
        row += ["", ""]
    rows[1][-2:] = ["planned", "fiscal_appropriation"]
    write_rows(path, rows)
    loaded = load_year(YEAR, data)
    assert list(loaded.spending_plan["item"]) == ["assessment_rewards"]
    assert loaded.spending_plan["line"].tolist() == ["fiscal_appropriation"]
    assert len(loaded.spending) == 3  # 4 items, one of them planned
    line = edit_cell(path, 2, "stage", "plan")
    problems = problems_of(data)
    assert_problem(problems, "2022/spending.csv", line, "stage")
    assert any("planned" in p.expected for p in problems)


def test_missing_required_column(data):
    path = data / "2022/spending.csv"
    rows = read_rows(path)
    col = rows[0].index("amount")
    write_rows(path, [r[:col] + r[col + 1 :] for r in rows])
    assert_problem(problems_of(data), "2022/spending.csv", 1, "amount")


def test_unknown_column_name(data):
    path = data / "2022/spending.csv"
    rows = read_rows(path)
    rows[0][rows[0].index("label")] = "lable"
    write_rows(path, rows)
    problems = problems_of(data)
    assert_problem(problems, "2022/spending.csv", 1, "lable")
    assert_problem(problems, "2022/spending.csv", 1, "label")


def test_malformed_row_with_extra_field(data):
    path = data / "2022/budget.csv"
    text = path.read_text(encoding="utf-8").splitlines()
    text[2] = text[2] + ",surplus"
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    problems = problems_of(data)
    assert_problem(problems, "2022/budget.csv", 3, None)
    assert any("fields as in the header" in p.expected for p in problems)


def test_unterminated_quote_is_malformed(data):
    path = data / "2022/spending.csv"
    text = path.read_text(encoding="utf-8").splitlines()
    text.append('extra_item,"未闭合的引号,1,万元')
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    problems = problems_of(data)
    assert any(p.file == "2022/spending.csv" and p.line == len(text) for p in problems), problems


def test_gb18030_as_excel_saves_it_is_read_and_recorded(data):
    # Excel on Chinese Windows saves "CSV" in GBK/GB18030: read, same rows, encoding recorded
    path = data / "2022/awards.csv"
    labels = sorted(r[2] for r in read_rows(path)[1:])  # column 3 is label
    path.write_bytes(path.read_text(encoding="utf-8").encode("gb18030"))
    loaded = load_year(YEAR, data)
    assert loaded.encodings["2022/awards.csv"] == "gb18030"
    assert loaded.encodings["2022/figures.csv"] == "utf-8"
    assert sorted(loaded.awards["label"]) == labels  # the Chinese labels came through intact


def test_utf16_is_refused_with_how_to_save(data):
    path = data / "2022/awards.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    problems = problems_of(data)
    assert_problem(problems, "2022/awards.csv", None, None)
    assert any("UTF-16" in p.expected and "CSV UTF-8" in p.expected for p in problems)


def test_missing_file(data):
    (data / "2022/awards.csv").unlink()
    problems = problems_of(data)
    assert_problem(problems, "2022/awards.csv", None, None)


def test_weights_not_summing_to_total_load_and_are_a_finding(data):
    # a content defect of the report, not malformed data: loaded as written, audited
    path = data / "2022/indicators.csv"
    rows = read_rows(path)
    weight = rows[0].index("weight")
    rows[1][weight] = str(int(rows[1][weight]) + 5)
    write_rows(path, rows)
    loaded = load_year(YEAR, data)
    assert loaded.indicators.loc[0, "weight"] == 20.0  # 15 + 5, as written
    findings = audit(loaded)
    total = findings[findings["code"] == "weights_total"]
    # budget 10 + indicators 15+15+10+10 + 10+10+5+5 + 10 = 100, row 1 raised by 5 → 105
    assert len(total) == 1 and "105" in total.iloc[0]["message_zh"]


def test_score_above_weight_loads_and_is_a_finding(data):
    path = data / "2022/indicators.csv"
    rows = read_rows(path)
    weight = rows[3][rows[0].index("weight")]  # row 3: weight 10
    edit_cell(path, 3, "score", str(int(weight) + 1))
    findings = audit(load_year(YEAR, data))
    above = findings[findings["code"] == "score_above_weight"]
    assert above["subject"].tolist() == ["indicator-3"]
    assert above.iloc[0]["severity"] == "error"
    assert "11" in above.iloc[0]["message_zh"] and "10" in above.iloc[0]["message_zh"]


def test_quote_not_in_source(data):
    path = data / "2022/figures.csv"
    rows = read_rows(path)
    quote = rows[1][rows[0].index("source_quote")]
    line = edit_cell(path, 1, "source_quote", quote.replace("，", ",") + "（改写）")
    assert_problem(problems_of(data), "2022/figures.csv", line, "source_quote")


def test_qualifier_dropped_is_caught(data):
    path = data / "2022/figures.csv"
    row = find_row(path, "value_text", lambda t: t.startswith("近"))
    line = edit_cell(path, row, "qualifier", "exact")
    problems = problems_of(data)
    assert_problem(problems, "2022/figures.csv", line, "qualifier")
    assert any("approx" in p.expected for p in problems)


def test_value_disagreeing_with_its_text(data):
    path = data / "2022/figures.csv"
    row = find_row(path, "value_text", lambda t: t == "5329亿元")
    line = edit_cell(path, row, "value", "5239")
    assert_problem(problems_of(data), "2022/figures.csv", line, "value")


def test_unknown_qualifier(data):
    path = data / "2022/figures.csv"
    line = edit_cell(path, 1, "qualifier", "roughly")
    assert_problem(problems_of(data), "2022/figures.csv", line, "qualifier")


def test_blank_required_cell(data):
    path = data / "2022/figures.csv"
    line = edit_cell(path, 2, "label", "")
    problems = problems_of(data)
    assert_problem(problems, "2022/figures.csv", line, "label")
    assert any("not blank" in p.expected for p in problems)


def test_budget_line_a_form_does_not_have_is_absent(data):
    # forms that omit 上年结转资金 are entered without the line: it is absent, not forced
    path = data / "2022/budget.csv"
    rows = read_rows(path)
    write_rows(path, [r for r in rows if r[0] != "carryover"])
    loaded = load_year(YEAR, data)
    assert loaded.budget["line"].tolist() == ["total", "fiscal_appropriation", "other"]


def test_budget_block_with_two_units_is_malformed(data):
    path = data / "2022/budget.csv"
    line = edit_cell(path, 2, "unit", "元")
    problems = problems_of(data)
    assert_problem(problems, "2022/budget.csv", line, "unit")
    assert any("万元" in p.expected for p in problems)


def test_second_level_under_wrong_first_level(data):
    path = data / "2022/indicators.csv"
    row = find_row(path, "level2", lambda v: v == "economic")
    line = edit_cell(path, row, "level1", "output")
    assert_problem(problems_of(data), "2022/indicators.csv", line, "level2")


def test_indicator_rows_not_consecutive(data):
    path = data / "2022/indicators.csv"
    rows = read_rows(path)
    write_rows(path, [r for i, r in enumerate(rows) if i != 2])
    problems = problems_of(data)
    assert any(p.file == "2022/indicators.csv" and p.column == "row" for p in problems), problems


def test_unknown_header_field(data):
    path = data / "2022/header.csv"
    rows = read_rows(path)
    rows.append(["budget_office", "财政局", ""])
    write_rows(path, rows)
    line = line_of(path, len(rows) - 1)
    assert_problem(problems_of(data), "2022/header.csv", line, "field")


def test_vocabulary_duplicate_metric(data):
    path = data / "vocabulary/metrics.csv"
    rows = read_rows(path)
    rows.append(list(rows[1]))
    write_rows(path, rows)
    line = line_of(path, len(rows) - 1)
    assert_problem(problems_of(data), "vocabulary/metrics.csv", line, "metric")


def test_park_with_two_official_names(data):
    path = data / "vocabulary/parks.csv"
    row = find_row(path, "kind", lambda k: k == "alias")
    edit_cell(path, row, "kind", "official")
    problems = problems_of(data)
    assert any(p.file == "vocabulary/parks.csv" and p.column == "kind" for p in problems), problems


def test_every_problem_is_reported_at_once(data):
    figures = data / "2022/figures.csv"
    spending = data / "2022/spending.csv"
    figures_line = edit_cell(figures, 1, "park", "nowhere_park")
    spending_line = edit_cell(spending, 1, "amount", "七百六十")
    problems = problems_of(data)
    assert_problem(problems, "2022/figures.csv", figures_line, "park")
    assert_problem(problems, "2022/spending.csv", spending_line, "amount")


def test_message_names_file_line_column_value_and_expectation(data):
    path = data / "2022/figures.csv"
    line = edit_cell(path, 1, "metric", "tax_payed")
    with pytest.raises(DataValidationError) as caught:
        load_year(YEAR, data)
    message = str(caught.value)
    assert f"2022/figures.csv:{line}" in message
    assert "column metric" in message and "'tax_payed'" in message and "expected" in message


def test_unknown_year_is_a_lookup_error(data):
    with pytest.raises(LookupError, match="1999"):
        load_year(1999, data)


def test_header_only_file_is_an_empty_table(data):
    # A year may have no awards at all: the header alone is a valid, empty table.
    path = data / "2022/awards.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    loaded = load_year(YEAR, data)
    assert loaded.awards.empty
    assert {"park", "award", "source_quote"} <= set(loaded.awards.columns)
