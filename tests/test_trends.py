"""The trends report of a series: its tables (hand-computed on the invented series of
tests/fixtures/series/invented, see its README), its files, and its jobs in a run.

The slow tests run ``notebooks/trends.py`` through the runner's own build (papermill, build
folder, manifest, publishing by renames, the last good report kept on failure).
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from parkmetrics.report.trend_report import write_trends_files
from parkmetrics.report.trends import compute_trends, trend_tables
from parkmetrics.run import manifest as mf
from parkmetrics.run import runner
from parkmetrics.run.trends import TrendsJob, trends_jobs

ROOT = Path(__file__).resolve().parents[1]
SERIES = "invented"
FIXTURE = ROOT / "tests" / "fixtures" / "series" / SERIES
BOM = b"\xef\xbb\xbf"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """The shipped vocabulary and 2022 (the folder's own single year) plus the invented series."""
    folder = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "vocabulary", folder / "vocabulary")
    shutil.copytree(ROOT / "data" / "2022", folder / "2022")
    shutil.copytree(FIXTURE, folder / SERIES)
    return folder


@pytest.fixture
def results(data):
    return compute_trends(SERIES, None, None, data)


def read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))


def test_budget_and_totals_by_year(results):
    tables = trend_tables(results)
    budget = tables["budget"].set_index("year")
    # 760 ÷ 800 = 95%, 850 ÷ 850 = 100%, 810 ÷ 900 = 90% (全年执行数 ÷ 全年预算数)
    assert budget["rate_recomputed"].round(6).to_dict() == {2021: 95.0, 2022: 100.0, 2023: 90.0}
    assert budget.loc[2023, "executed"] == 810 and budget.loc[2023, "unit"] == "万元"
    totals = tables["totals"].set_index("year")
    # every year reports 100; the budget line (weight 10) scores 10 × min(rate, 1): 9.5, 10, 9
    # and every indicator is at full marks (90), so 99.5, 100, 99
    assert totals["reported_total"].tolist() == [100, 100, 100]
    assert totals["recomputed_total"].tolist() == [99.5, 100, 99]
    assert totals["difference"].tolist() == [-0.5, 0, -1]


def test_every_metrics_series_with_restatements_marked(results):
    series = trend_tables(results)["series"]
    tax = series[(series["metric"] == "tax_paid") & (series["park"] == "city")]
    # 200, 210, 220.5亿元 by the years' own reports, and 200亿元 for 2022 by the 2023 report
    rows = list(zip(tax["year"], tax["report_year"], tax["value_text"], strict=True))
    assert rows == [
        (2021, 2021, "200亿元"), (2022, 2022, "210亿元"), (2022, 2023, "200亿元"),
        (2023, 2023, "220.5亿元"),
    ]  # fmt: skip


def test_findings_by_check_and_year_include_those_across_years(results):
    counts = trend_tables(results)["findings_by_check"]
    across = counts[counts["scope"] == "across_years"]
    # the injected growth (check 1) and the restated figure (check 2), both in 2023's report
    assert sorted(zip(across["year"], across["check"], across["count"], strict=True)) == [
        (2023, 1, 1), (2023, 2, 1)
    ]  # fmt: skip
    yearly = counts[counts["scope"] == "year"]
    # each year's own audit, as `parkmetrics audit` reports it
    for report in results.reports:
        mine = yearly[yearly["year"] == report.year_data.year]
        assert mine["count"].sum() == len(report.findings)


def test_park_comparison_holds_metrics_written_for_two_parks(results):
    parks = trend_tables(results)["parks"]
    assert set(parks["metric"]) == {"total_revenue"}
    hetang = parks[parks["park"] == "hetang"]
    assert hetang["value_text"].tolist() == ["800亿元", "880亿元", "968亿元"]
    assert set(parks["park_name"]) == {"荷塘产业开发区", "株洲高新区"}


def test_trends_files_are_neutralised_and_the_same_bytes_twice(data, tmp_path):
    figures = data / SERIES / "2023" / "figures.csv"
    text = figures.read_text(encoding="utf-8")
    figures.write_text(text.replace("上年上交税金,", "=上年上交税金,", 1), encoding="utf-8")
    results = compute_trends(SERIES, 2021, 2023, data)
    first = write_trends_files(results, tmp_path / "a")
    write_trends_files(results, tmp_path / "b")
    assert set(first) == {"budget", "totals", "growth", "findings", "parks"}
    for path in sorted((tmp_path / "a").rglob("*.*")):
        twin = tmp_path / "b" / path.relative_to(tmp_path / "a")
        assert path.read_bytes() == twin.read_bytes(), path.name
    raw = (tmp_path / "a" / "series.csv").read_bytes()
    assert raw.startswith(BOM)
    labels = [r["label"] for r in read_csv(tmp_path / "a" / "series.csv")]
    assert "'=上年上交税金" in labels and "=上年上交税金" not in labels
    growth = read_csv(tmp_path / "a" / "growth.csv")
    wrong = [r for r in growth if r["agrees"] == "False"]
    assert [(r["year"], r["metric"]) for r in wrong] == [("2023", "industrial_value_added_growth")]


def test_a_year_range_limits_the_report(data):
    two = compute_trends(SERIES, 2022, 2023, data)
    assert two.years == [2022, 2023] and two.span == "2022–2023年"
    # 2021 is outside: 2022's growths have no previous year in the range
    table = two.growth
    assert table.loc[table["year"] == 2022, "recomputed"].isna().all()


def test_a_run_makes_one_trends_job_per_series_with_two_years(data, tmp_path):
    out = tmp_path / "reports"
    (data / "2023").mkdir()  # a second own year makes the folder's own series a trend too
    shutil.copytree(data / "2022", data / "2023", dirs_exist_ok=True)
    made = trends_jobs(runner.make_jobs(None, data, out))
    assert [j.name for j in made] == ["trends", f"{SERIES}/trends"]
    own, invented = made
    assert own.reports_dir / own.year == out / "trends"  # the single-series layout
    assert invented.reports_dir / invented.year == out / SERIES / "trends"
    assert invented.years == (2021, 2022, 2023)
    assert invented.notebook == (ROOT / "notebooks" / "trends.py").resolve()
    assert invented.parameters() | {"data_dir": ""} == {
        "series": SERIES, "first_year": 2021, "last_year": 2023, "data_dir": "",
        "output_dir": ".", "rules_path": "",
    }  # fmt: skip
    assert runner.notebook_parameters(invented)["first_year"] == 2021
    # the skip key holds every year of the range, and a change in one year changes it
    assert {k.split("/")[1] for k in invented.hashes["data"]} == {"2021", "2022", "2023"}
    before = mf.fingerprint(invented.hashes)
    path = data / SERIES / "2022" / "source" / "invented-2022-series-self-evaluation.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    [again] = [j for j in trends_jobs(runner.make_jobs(None, data, out)) if j.series == SERIES]
    assert mf.fingerprint(again.hashes) != before
    # one chosen year of a series is no trend
    assert trends_jobs(runner.make_jobs([2023], data, out, series=[SERIES])) == []


def test_the_trends_notebook_takes_the_jobs_parameters(tmp_path):
    import jupytext
    import papermill

    ipynb = tmp_path / "trends.ipynb"
    jupytext.write(jupytext.read(ROOT / "notebooks" / "trends.py"), ipynb)
    params = papermill.inspect_notebook(str(ipynb))
    job = TrendsJob(None, (2021, 2022), tmp_path, tmp_path, ipynb)
    assert set(params) == set(job.parameters())
    assert params["first_year"]["inferred_type_name"] == "int"
    notebook = json.loads(ipynb.read_text(encoding="utf-8"))
    assert all(not cell.get("outputs") for cell in notebook["cells"])  # committed without outputs


@pytest.mark.slow
def test_trends_report_is_published_and_kept_when_a_year_breaks(data, tmp_path, monkeypatch):
    monkeypatch.setattr(mf, "_code_hash", lambda: "pinned-for-tests")
    out = tmp_path / "reports"
    out.mkdir()  # as run_years makes it: a reports folder missing mid-build is a failure
    [job] = [j for j in trends_jobs(runner.make_jobs(None, data, out)) if j.series == SERIES]
    result = runner.build_year(job)
    assert (result.status, result.name) == ("ok", f"{SERIES}/trends"), result.message
    folder = out / SERIES / "trends"
    assert mf.is_complete(folder) and mf.is_current(folder, job.hashes)
    for name in ["trends.ipynb", "report.html", "growth.csv", "charts/growth.png"]:
        assert (folder / name).is_file(), name
    page = (folder / "report.html").read_text(encoding="utf-8")
    assert "1166.4亿元 ÷ 1080亿元 − 1 = 8%" in page and "2021–2023年" in page
    assert "<script src=" not in page
    outputs = mf.read_manifest(folder)["outputs"]
    # built again from the same inputs: every file the same bytes, the executed notebook too
    assert runner.build_year(job).status == "ok"
    assert mf.read_manifest(folder)["outputs"] == outputs
    good = (folder / "manifest.json").read_bytes()

    figures = data / SERIES / "2022" / "figures.csv"
    figures.write_text(figures.read_text(encoding="utf-8").replace(",亿元,", ",亿园,", 1))
    [broken] = [j for j in trends_jobs(runner.make_jobs(None, data, out)) if j.series == SERIES]
    failed = runner.build_year(broken)
    assert failed.status == "failed" and "亿园" in failed.message and failed.cell is not None
    assert (out / SERIES / "trends.FAILED" / "trends.FAILED.ipynb").is_file()
    assert (folder / "manifest.json").read_bytes() == good  # the last good report stays


def test_a_trends_job_travels_to_a_worker_and_names_its_folder(data, tmp_path):
    import pickle

    out = tmp_path / "reports"
    [job] = [j for j in trends_jobs(runner.make_jobs(None, data, out)) if j.series == SERIES]
    assert pickle.loads(pickle.dumps(job)) == job  # a spawned worker or a Dask task gets it
    ok = runner.YearResult(job.year, "ok", series=job.series)
    assert ok.name == f"{SERIES}/trends"
    assert runner.report_folder(out, ok) == f"{out / SERIES / 'trends'}/"
    # a year of a series is named with its series' folder too
    year = runner.YearResult(2022, "ok", series=SERIES)
    assert runner.report_folder(out, year) == f"{out / SERIES / '2022'}/"


def test_trends_asked_for_without_a_trends_notebook_is_refused_before_any_kernel(data, tmp_path):
    notebook = tmp_path / "elsewhere" / "yearly.py"
    notebook.parent.mkdir()
    notebook.write_text("# %%\n", encoding="utf-8")
    with pytest.raises(runner.RunParameterError, match="trends notebook not found"):
        runner.run_years(data_dir=data, out_dir=tmp_path / "out", notebook=notebook, trends=True)
    assert not (tmp_path / "out" / SERIES).exists()
