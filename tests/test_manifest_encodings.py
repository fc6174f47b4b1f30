"""A CSV saved by Excel on Chinese Windows (GBK/GB18030) is read, and the run manifest records
the encoding (issue "Any real self-evaluation", item 5)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from parkmetrics import load_year
from parkmetrics.data.dataset import resolve_data_dir
from parkmetrics.run import manifest as mf
from parkmetrics.run.runner import YearJob, base_manifest

ROOT = Path(__file__).resolve().parents[1]


def test_the_manifest_records_the_encoding_each_file_was_read_in(tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(resolve_data_dir(None), data)
    awards = data / "2022" / "awards.csv"
    # as Excel on Chinese Windows saves it: GBK bytes (GB18030 reads them), not UTF-8
    awards.write_bytes(awards.read_text(encoding="utf-8").encode("gbk"))
    with pytest.raises(UnicodeDecodeError):
        awards.read_bytes().decode("utf-8")
    loaded = load_year(2022, data)
    job = YearJob(2022, data, tmp_path / "reports", ROOT / "notebooks" / "yearly_assessment.py")
    recorded = base_manifest(job)["encodings"]  # (no start time: the manifest holds none)
    assert recorded["2022/awards.csv"] == "gb18030"
    assert recorded["2022/budget.csv"] == "utf-8"
    assert recorded["vocabulary/metrics.csv"] == "utf-8"
    assert recorded["2022/source/zhuzhou-2022-park-fund-self-evaluation.txt"] == "utf-8"
    # the same as the loader read them, file for file
    assert {k: recorded[k] for k in loaded.encodings} == loaded.encodings


def test_a_series_year_names_its_files_with_the_series(tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(resolve_data_dir(None) / "vocabulary", data / "vocabulary")
    shutil.copytree(resolve_data_dir(None) / "2022", data / "liling_zone" / "2022")
    found = mf.input_encodings(2022, data, "liling_zone")
    assert found["liling_zone/2022/header.csv"] == "utf-8"
    assert "vocabulary/parks.csv" in found
    assert not any(k.startswith("2022/") for k in found)  # the folder's own years are not it
