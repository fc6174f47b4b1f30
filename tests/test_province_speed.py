"""Lookups kept per loaded object (``data.tables.memo``, ``loaded_records``, one Vocabulary per
checked vocabulary) — the speed work of issue 13 — give every report of a province what it gets
loaded alone: nothing leaks between reports or series, nothing is kept by content.

The synthetic province is ``benchmarks/province.py``: every report is the shipped 2022 report
plus invented figures of invented parks (values copied from real rows), so each report's review
is the shipped report's: README "Findings: 6 error, 7 warning, 1 info" (14 findings).
"""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import parkmetrics as pm
from parkmetrics.data import tables
from parkmetrics.data.tables import loaded_records, memo
from parkmetrics.scoring.cells import parks_named

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def province(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("province")
    command = [sys.executable, str(ROOT / "benchmarks" / "province.py"), str(folder),
               "--series", "2", "--years", "2", "--figures-per-report", "60"]  # fmt: skip
    subprocess.run(command, check=True, capture_output=True)
    return folder


def summary(findings: pd.DataFrame) -> list[tuple]:
    return list(zip(findings["code"], findings["subject"], findings["message_zh"], strict=True))


def test_every_report_of_a_province_is_reviewed_as_the_shipped_report(province):
    shipped = pm.audit(pm.load_year(2022))
    # README: 6 error, 7 warning, 1 info
    assert shipped["severity"].value_counts().to_dict() == {"error": 6, "warning": 7, "info": 1}
    reports = pm.list_reports(province)
    assert [(s, y) for s, y in reports] == [
        ("series_000", 2021), ("series_000", 2022), ("series_001", 2021), ("series_001", 2022),
    ]  # fmt: skip
    loaded = [pm.load_year(y, province, s) for s, y in reports]
    # 60 figures per report: the shipped 47 (data/README.md) and 13 invented ones
    assert [len(d.figures) for d in loaded] == [60, 60, 60, 60]
    # audited in another order than loaded, twice: the kept lookups are each report's own
    for data in [*reversed(loaded), *loaded]:
        assert summary(pm.audit(data)) == summary(shipped)


def test_a_series_vocabulary_is_shared_by_its_years_and_by_no_other_series(province):
    a21, a22 = (pm.load_year(y, province, "series_000") for y in (2021, 2022))
    b22 = pm.load_year(2022, province, "series_001")
    assert a21.vocabulary is a22.vocabulary  # checked once, built once
    assert a22.vocabulary is not b22.vocabulary  # series_001 adds other parks
    # a cell naming series_000's first invented park (合成园区 + series 000 + park 00 + 号)
    cell = "合成园区00000号完成任务"
    assert parks_named(cell, a22.parks) == ("synthetic_000_00",)
    assert parks_named(cell, b22.parks) == ()  # not a park of series_001
    assert b22.vocabulary.park_name("synthetic_001_03") == "合成园区00103号"
    with pytest.raises(LookupError):
        b22.vocabulary.park_name("synthetic_000_00")


def test_memo_is_per_object_not_per_content_and_forgotten_with_it():
    calls = []

    def count(frame: pd.DataFrame) -> int:
        calls.append(1)
        return len(frame)

    first = pd.DataFrame({"a": [1, 2, 3]})
    same_content = first.copy()
    assert memo(first, "count", count) == 3
    assert memo(first, "count", count) == 3
    assert len(calls) == 1  # computed once for the object
    assert memo(same_content, "count", count) == 3
    assert len(calls) == 2  # equal content is another object: computed again
    key = (id(first), "count")
    assert key in tables._MEMO
    del first
    gc.collect()
    assert key not in tables._MEMO  # the entry went with its frame


def test_loaded_records_are_the_frames_records_and_new_dicts_each_call():
    frame = pd.DataFrame({"metric": ["a", "b", "a"], "value": [1.5, float("nan"), 3.0]})
    first = loaded_records(frame)
    assert first[0] == {"metric": "a", "value": 1.5} and first[2] == {"metric": "a", "value": 3.0}
    assert len(first) == 3
    first[0]["value"] = 99.0  # a caller changing its own dict…
    assert loaded_records(frame)[0]["value"] == 1.5  # …changes no later caller's
    assert [r["value"] for r in loaded_records(frame, lambda r: r["metric"] == "a")] == [1.5, 3.0]


def test_an_edited_copy_of_a_loaded_frame_is_reviewed_with_its_own_values():
    """The kept lookups belong to the frame object: auditing the clean copy of 2022 first, then
    a copy whose 新开工项目 figure is doubled (137个 → 274, against the table's 137), finds the
    conflict; the original, audited again, is still clean."""
    import dataclasses

    clean = pm.load_year(2022, ROOT / "tests" / "fixtures" / "clean2022")
    assert pm.audit(clean).empty
    figures = clean.figures.copy()
    [row] = figures.index[(figures["metric"] == "projects_started") & (figures["park"] == "city")]
    assert figures.at[row, "value"] == 137
    figures.loc[row, ["value", "canonical_value"]] = 274.0
    edited = pm.audit(dataclasses.replace(clean, figures=figures))
    assert "value_conflict" in set(edited["code"])
    assert pm.audit(clean).empty


def _as_pandas_reads(file: str, numbers: list[str]) -> pd.DataFrame:
    """A shipped 2022 file as pandas itself reads it: text, blank as None, numbers as floats,
    the report's year first (data/README.md, "The frames")."""
    frame = pd.read_csv(ROOT / "data" / "2022" / file, dtype=object, keep_default_na=False)
    frame = frame.replace("", None).astype(object)
    for column in numbers:
        frame[column] = pd.to_numeric(frame[column]).astype(float)
    frame.insert(0, "year", 2022)
    return frame


def test_the_frames_built_from_the_readers_lists_are_the_files_as_pandas_reads_them():
    # load_year builds each frame once from the CSV reader's lists (issue 13): the same cells,
    # types and row order as pandas' own reading, sorting and conversion of the files
    data = pm.load_year(2022)
    figures = _as_pandas_reads("figures.csv", ["value", "canonical_value"])
    figures = figures.sort_values(["park", "metric", "source_quote"], kind="stable")
    pd.testing.assert_frame_equal(data.figures, figures.reset_index(drop=True), check_exact=True)
    awards = _as_pandas_reads("awards.csv", []).sort_values(
        ["park", "award", "source_quote"], kind="stable"
    )
    pd.testing.assert_frame_equal(data.awards, awards.reset_index(drop=True))
    budget = _as_pandas_reads(
        "budget.csv", ["initial", "full_year", "executed", "weight", "rate", "score"]
    )
    # the columns 2022's budget.csv leaves out: reason blank text, cells_unknown no columns
    assert data.budget["reason"].isna().all() and data.budget["cells_unknown"].tolist() == [()] * 4
    pd.testing.assert_frame_equal(
        data.budget.drop(columns=["reason", "cells_unknown"]), budget, check_exact=True
    )
    spending = _as_pandas_reads("spending.csv", ["amount"])
    pd.testing.assert_frame_equal(data.spending.drop(columns=["stage", "line"]), spending)
    assert data.spending_plan.empty and data.restated.empty and data.placeholders.empty
    indicators = data.indicators
    assert indicators["row"].tolist() == list(range(1, 10)) and indicators["row"].dtype == "int64"
    assert indicators.loc[0, "level1_label"] == "产出指标"  # vocabulary/indicator_levels.csv
