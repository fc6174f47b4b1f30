"""Comparing a recognised table with the hand-curated 2022 CSVs (data/2022), cell for cell."""

from __future__ import annotations

from parkmetrics.ingest.labels import normalise
from parkmetrics.ingest.model import SelfEvaluation

from .build import LEVEL_LABELS, csv_rows

BUDGET_COLUMNS = {
    "initial": "initial",
    "full_year": "full_year",
    "executed": "executed",
    "weight": "weight",
    "rate": "rate_text",
    "score": "score",
}
INDICATOR_COLUMNS = ("level3", "target", "actual", "weight", "score", "deviation_reason")


def assert_budget_as_csv(ev: SelfEvaluation) -> None:
    expected = csv_rows("budget.csv")
    assert ev.budget is not None
    assert [line.line for line in ev.budget.lines] == [r["line"] for r in expected]
    for line, row in zip(ev.budget.lines, expected, strict=True):
        assert line.label.text == row["label"]
        for ours, theirs in BUDGET_COLUMNS.items():
            assert line.values[ours].text == row[theirs], (row["line"], ours)


def assert_indicators_as_csv(ev: SelfEvaluation) -> None:
    expected = csv_rows("indicators.csv")
    rows = ev.indicators.rows
    assert len(rows) == len(expected)
    for got, row in zip(rows, expected, strict=True):
        assert got.row == int(row["row"])
        # level ids are the CSV's annotation; the cell must start with the level's label
        assert normalise(got.level1.text or "").startswith(LEVEL_LABELS[row["level1"]])
        assert normalise(got.level2.text or "") == LEVEL_LABELS[row["level2"]]
        for column in INDICATOR_COLUMNS:
            assert getattr(got, column).text == row[column], (row["row"], column)


def assert_header_as_csv(ev: SelfEvaluation) -> None:
    header = {r["field"]: r["value"] for r in csv_rows("header.csv")}
    for field in ("project_name", "department", "implementing_unit"):
        assert ev.header[field].value.text == header[field], field
    assert ev.goals is not None
    assert ev.goals.expected.text == header["goal_expected"]
    assert ev.goals.actual.text == header["goal_actual"]
    assert ev.total is not None
    assert ev.total.weight.text == header["total_weight"]
    assert ev.total.score.text == header["total_score"]
