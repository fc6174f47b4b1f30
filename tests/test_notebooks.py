"""The real yearly notebook through ``parkmetrics run`` and through papermill's own CLI.

One module-scoped run of three years — the real 2022 data and the two SYNTHETIC years of
tests/fixtures/synthetic (see its README) — is shared by the assertions below. Expected values
come from the report (2022) or from hand computation on the synthetic figures.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jupytext
import pandas as pd
import papermill
import pytest

from parkmetrics.data.folder import file_sha256
from parkmetrics.run import manifest as mf
from parkmetrics.run import runner

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "yearly_assessment.py"
EXPLORE = ROOT / "notebooks" / "explore.py"
SYNTHETIC = Path(__file__).resolve().parent / "fixtures" / "synthetic"
YEARS = (2022, 2023, 2024)
TABLES = ("figures", "assessment", "findings", "derived")
CHARTS = ("budget", "growth", "pipeline", "scores", "land", "counts", "funds", "findings")
BOM = b"\xef\xbb\xbf"
PATH_LITERAL = re.compile(r"[\"'][^\"'\n]*(?:/|\\|\.csv|\.ya?ml)[^\"'\n]*[\"']")
NUMBER_LITERAL = re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?![\w.])")  # thresholds belong in rules


def read_csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, encoding="utf-8-sig")


def snapshot(folder: Path) -> dict[str, bytes]:
    """Bytes of every file of a report folder: all reproducible, the executed notebook and the
    manifest included (run times go to reports/run-times.jsonl, outside the folder)."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A data folder with the real vocabulary and 2022 plus the synthetic 2023 and 2024."""
    root = tmp_path_factory.mktemp("project")
    data = root / "data"
    shutil.copytree(ROOT / "data" / "vocabulary", data / "vocabulary")
    shutil.copytree(ROOT / "data" / "2022", data / "2022")
    for year in (2023, 2024):
        shutil.copytree(SYNTHETIC / str(year), data / str(year))
    return data, root / "reports"


@pytest.fixture(scope="module")
def first_run(project):
    data, out = project
    patch = pytest.MonkeyPatch()
    # Colleagues editing the library while this runs must not turn expected skips into reruns.
    patch.setattr(mf, "_code_hash", lambda: "pinned-for-tests")
    code = runner.run_cli(None, data, out, 2, False, None)
    snapshots = {year: snapshot(out / str(year)) for year in YEARS}
    yield code, snapshots
    patch.undo()


@pytest.mark.slow
def test_every_year_produces_the_complete_report(project, first_run):
    _data, out = project
    code, _snapshots = first_run
    assert code == runner.EXIT_OK
    for year in YEARS:
        folder = out / str(year)
        assert mf.is_complete(folder)
        for name in [f"{year}.ipynb", "report.html", *(f"{t}.csv" for t in TABLES)]:
            assert (folder / name).is_file(), name
        assert {p.stem for p in (folder / "charts").glob("*.png")} == set(CHARTS)
        for chart in CHARTS:
            assert (folder / "charts" / f"{chart}.png").stat().st_size > 0
            assert (folder / "charts" / f"{chart}.svg").stat().st_size > 0
        for table in TABLES:  # Excel needs the BOM to read the Chinese
            assert (folder / f"{table}.csv").read_bytes().startswith(BOM)
        manifest = mf.read_manifest(folder)
        assert manifest["parameters"]["year"] == year
        assert f"{year}/figures.csv" in manifest["inputs"]["data"]
        assert "vocabulary/metrics.csv" in manifest["inputs"]["vocabulary"]
        assert manifest["packages"]["papermill"]
        html_hash = file_sha256(folder / "report.html")
        assert manifest["outputs"]["report.html"] == html_hash
        assert {f"charts/{c}.png" for c in CHARTS} <= set(manifest["outputs"])
        # the reviewer's 复核意见表, listed (with its hash) among the year's outputs
        assert manifest["outputs"]["review-worksheet.xlsx"] == file_sha256(
            folder / "review-worksheet.xlsx"
        )


@pytest.mark.slow
def test_2022_tables_hold_the_reports_figures(project, first_run):
    _data, out = project
    folder = out / "2022"
    figures = read_csv(folder / "figures.csv")
    platforms = figures[figures["metric"] == "innovation_platforms"].iloc[0]
    assert platforms["value_text"] == "近600家"  # 截止目前，全市园区科技创新平台已近600家
    assert platforms["qualifier"] == "approx" and platforms["value"] == 600
    assessment = read_csv(folder / "assessment.csv")
    total = assessment[assessment["item"] == "total"].iloc[0]
    assert total["reported_score"] == 100  # 总分 100
    assert total["weight"] == 100
    assert total["reported_grade"] == "优"
    budget = assessment[assessment["item"] == "budget"].iloc[0]
    assert (budget["weight"], budget["reported_score"]) == (10, 10)  # 分值 10, 得分 10
    derived = read_csv(folder / "derived.csv")
    base = derived[derived["metric"] == "total_revenue"].iloc[0]
    assert base["value"] == pytest.approx(5329 / 1.131, abs=0.05)  # 5329亿元 at +13.1%
    findings = read_csv(folder / "findings.csv")
    # the table says 10602亩 disposed, the narrative 10065亩: review check 2
    conflict = findings[findings["subject"] == "idle_land_disposed"]
    assert conflict["message_zh"].str.contains("10602").any()
    assert "evidence" not in findings.columns and "evidence_text" in findings.columns


@pytest.mark.slow
def test_2022_html_is_the_report_without_code(project, first_run):
    _data, out = project
    html = (out / "2022" / "report.html").read_text(encoding="utf-8")
    assert "技工贸总收入5329亿元，增长13.1%" in html
    assert "4711.8亿元" in html  # the implied 2021 base, said to be derived
    assert "由增长率推算" in html
    # a qualifier survives into the report: 配置产业规划用地近万亩, never a bare 10000亩
    assert "近万亩" in html and "10000亩" not in html
    assert "load_year(" not in html and "import " not in html  # no code cells
    assert "injected-parameters" not in html and "/work/" not in html
    assert html.count("<img") == len(CHARTS)  # every chart once, in its section or at the end


@pytest.mark.slow
def test_synthetic_years_are_rescored_by_the_rules(project, first_run):
    _data, out = project
    assessment = read_csv(out / "2024" / "assessment.csv").set_index("item")
    # 全年执行 774 of 全年预算 900 = 86% → 8.6 of 10 (the synthetic table reports 9)
    assert assessment.loc["budget", "recomputed_score"] == pytest.approx(8.6)
    assert assessment.loc["budget", "reported_score"] == 9
    # 技工贸总收入增长 8% against a ≥10% target, weight 30 → 8 ÷ 10 × 30 = 24
    assert assessment.loc["indicator-3", "recomputed_score"] == pytest.approx(24)
    # targets 150、130、110个, actuals 150、120、100个: mean(1, 120/130, 100/110) × 30 = 28.32
    projects = (1 + 120 / 130 + 100 / 110) / 3 * 30
    assert assessment.loc["indicator-1", "recomputed_score"] == pytest.approx(projects)
    assert assessment.loc["total", "reported_score"] == 99
    # 8.6 + 28.32 + 20 (774 ≤ 900万元) + 24 + 10 (95% ≥ 90%) = 90.92 → still 优 (≥ 90)
    recomputed = 8.6 + projects + 20 + 24 + 10
    assert assessment.loc["total", "recomputed_score"] == pytest.approx(recomputed)
    assert assessment.loc["total", "recomputed_grade"] == "优"
    derived_2024 = read_csv(out / "2024" / "derived.csv")
    assert derived_2024.iloc[0]["value"] == pytest.approx(6264 / 1.08, abs=0.05)  # 5800亿元
    derived_2023 = read_csv(out / "2023" / "derived.csv").set_index("metric")
    assert derived_2023.loc["total_revenue", "value"] == pytest.approx(5800 / 1.088, abs=0.05)
    html_2024 = (out / "2024" / "report.html").read_text(encoding="utf-8")
    assert "92.3%" in html_2024  # 新开工 120 ÷ 130, reported as 100%
    findings_2024 = read_csv(out / "2024" / "findings.csv")
    found = set(zip(findings_2024["code"], findings_2024["subject"], strict=True))
    assert ("ratio_mismatch", "indicator-1.2") in found  # the same 92.3% against 100%: check 1
    # 2023 is built consistent (fixtures README): nothing in it is an error
    findings_2023 = read_csv(out / "2023" / "findings.csv")
    assert "error" not in set(findings_2023["severity"])
    html_2023 = (out / "2023" / "report.html").read_text(encoding="utf-8")
    assert "5800亿元" in html_2023 and "6264亿元" not in html_2023


@pytest.mark.slow
def test_second_run_skips_and_a_touched_input_reruns_only_its_year(project, first_run, capsys):
    data, out = project
    _code, snapshots = first_run
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(mf, "_code_hash", lambda: "pinned-for-tests")
        capsys.readouterr()
        assert runner.run_cli(None, data, out, 1, False, None) == runner.EXIT_OK
        # every year and the folder's trends report (2022–2024, reports/trends/)
        assert capsys.readouterr().out.count("skipped (unchanged)") == len(YEARS) + 1

        source = next((data / "2023" / "source").iterdir())
        source.write_text(source.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        assert runner.run_cli(None, data, out, 1, False, None) == runner.EXIT_OK
    lines = capsys.readouterr().out.splitlines()
    # 2023's source is an input of 2023 and of the trends report, of no other year
    assert [line.split(":")[0] for line in lines if "skipped" not in line] == ["2023", "trends"]
    assert snapshot(out / "2022") == snapshots[2022]  # untouched years are not rewritten


@pytest.mark.slow
def test_forced_rerun_is_byte_identical_and_a_broken_year_stops_the_run(
    project, first_run, capsys
):
    """--force on 2023 and 2024 while 2024's figures.csv is broken: nothing runs (exit 2, the
    file, line and value on stderr) and both reports stay; then 2023 alone is rebuilt byte for
    byte, its executed notebook and manifest included."""
    data, out = project
    # 2023 as it is now (an earlier test may have rebuilt it from a touched source)
    before = snapshot(out / "2023")
    good = (out / "2024" / "manifest.json").read_bytes()
    figures = data / "2024" / "figures.csv"
    original = figures.read_text(encoding="utf-8")
    lines = original.splitlines()
    lines[2] = lines[2].replace(",万元,", ",万园,", 1)  # line 3 of the file: an unknown unit
    figures.write_text("\n".join(lines) + "\n", encoding="utf-8")
    try:
        capsys.readouterr()
        code = runner.run_cli([2023, 2024], data, out, 2, True, None)
        captured = capsys.readouterr()
    finally:
        figures.write_text(original, encoding="utf-8")
    assert code == runner.EXIT_BAD_INPUT
    [problem] = [line for line in captured.err.splitlines() if "figures.csv" in line]
    assert "2024/figures.csv:3" in problem and "万园" in problem  # file, line, value
    assert captured.out == ""  # no year ran
    assert (out / "2024" / "manifest.json").read_bytes() == good
    assert snapshot(out / "2023") == before
    assert not (out / "2024.FAILED").exists()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(mf, "_code_hash", lambda: "pinned-for-tests")
        assert runner.run_cli([2023], data, out, 1, True, None) == runner.EXIT_OK
    assert "2023: ok" in capsys.readouterr().out
    # every file, byte for byte: charts, CSV, HTML, Word, the executed notebook, the manifest
    assert snapshot(out / "2023") == before
    # data fixed (here: restored): the good report is current, nothing reruns
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(mf, "_code_hash", lambda: "pinned-for-tests")
        assert runner.run_cli([2024], data, out, 1, False, None) == runner.EXIT_OK
    assert "2024: skipped" in capsys.readouterr().out


def test_notebook_parameters_are_typed_and_documented(tmp_path):
    ipynb = tmp_path / "yearly_assessment.ipynb"
    jupytext.write(jupytext.read(NOTEBOOK), ipynb)  # what `jupytext --to ipynb` produces
    params = papermill.inspect_notebook(str(ipynb))
    assert params["year"]["inferred_type_name"] == "int"
    assert params["year"]["help"] == "报告年份"
    assert {"data_dir", "output_dir", "rules_path"} <= set(params)
    assert set(runner.notebook_parameters(_job(tmp_path))) == set(params)
    nb = jupytext.read(NOTEBOOK)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1


def _job(tmp_path: Path) -> runner.YearJob:
    return runner.YearJob(2022, tmp_path, tmp_path, NOTEBOOK)


def test_notebooks_are_thin():
    """No function definitions, no thresholds, no paths outside the parameters cell."""
    for path in (NOTEBOOK, EXPLORE):
        nb = jupytext.read(path)
        for cell in nb.cells:
            if cell.cell_type != "code" or "parameters" in cell.metadata.get("tags", []):
                continue
            assert "def " not in cell.source and "lambda" not in cell.source, path.name
            assert not PATH_LITERAL.search(cell.source), (path.name, cell.source)
            assert not NUMBER_LITERAL.search(cell.source), (path.name, cell.source)


@pytest.mark.slow
def test_papermill_cli_runs_the_notebook(tmp_path):
    ipynb = tmp_path / "yearly_assessment.ipynb"
    subprocess.run(
        [sys.executable, "-m", "jupytext", "--to", "ipynb", str(NOTEBOOK), "-o", str(ipynb)],
        check=True,
        capture_output=True,
    )
    executed = tmp_path / "2022.ipynb"
    subprocess.run(
        [sys.executable, "-m", "papermill", str(ipynb), str(executed), "-k", "python3",
         "-p", "year", "2022", "-p", "data_dir", str(ROOT / "data"), "--cwd", str(tmp_path),
         "--no-progress-bar"],
        check=True,
        capture_output=True,
    )  # fmt: skip
    nb = json.loads(executed.read_text(encoding="utf-8"))
    assert nb["metadata"]["papermill"]["parameters"]["year"] == 2022
    text = json.dumps(nb, ensure_ascii=False)
    assert "5329亿元" in text and '"output_type": "error"' not in text


@pytest.mark.slow
def test_explore_notebook_runs_with_other_parameters(tmp_path):
    executed = tmp_path / "explore.ipynb"
    papermill.execute_notebook(
        jupytext.read(EXPLORE),
        str(executed),
        parameters={"year": 2022, "data_dir": str(ROOT / "data"), "theme": "projects",
                    "park": "city", "chart": "pipeline"},
        kernel_name="python3",
        cwd=str(tmp_path),
        execution_timeout=120,
        progress_bar=False,
    )  # fmt: skip
    text = executed.read_text(encoding="utf-8")
    assert "projects_introduced" in text and "177" in text  # 新引进…产业项目177个
    assert "total_revenue" in text  # the derived table
    assert "image/png" in text


# --------------------------------------------------------------------------- the sentences (fast)


@pytest.fixture(scope="module")
def year_2022():
    from parkmetrics.data.dataset import load_year
    from parkmetrics.review import audit
    from parkmetrics.scoring.assessment import assess
    from parkmetrics.scoring.derived import derive

    year_data = load_year(2022, ROOT / "data")
    return year_data, assess(year_data), audit(year_data), derive(year_data)


def test_pipeline_recomputes_completion_from_task_and_actual(year_2022):
    from parkmetrics.report import narrative

    year_data, assessment, _findings, _derived = year_2022
    table = narrative.pipeline_table(year_data, assessment).set_index("项目")
    # 新开工 137个 against a task of 130: 105.4%, the report says 102%
    # the task is written with its unit, like the actual beside it (one way of writing 个)
    assert table.loc["新开工产业项目", "年度任务"] == "130个"
    assert table.loc["新开工产业项目", "报告完成率"] == "102%"
    assert table.loc["新开工产业项目", "复算完成率"] == "105.4%"
    text = narrative.pipeline_text(year_data, assessment)
    assert "新竣工产业项目145个（年度任务110个），报告完成率126%，按实际÷任务复算为131.8%" in text


def test_sentences_keep_qualifiers_and_mark_derived_figures(year_2022):
    from parkmetrics.report import narrative

    year_data, assessment, findings, derived = year_2022
    land = narrative.land_text(year_data)
    assert "配置产业规划用地近万亩" in land  # never "10000亩"
    # land in 公顷: 10065亩 ÷ 15 亩/公顷 = 671公顷; factory floor space stays in 平方米 (12.3万
    # 平方米 of buildings is not 12.3 hectares of land)
    assert "处置批而未供、闲置、低效用地10065亩（约671公顷）" in land
    assert "盘活闲置标准厂房12.3万平方米；" in land and "约12.3公顷" not in land
    table = narrative.land_table(year_data).set_index("指标")
    assert table.loc["盘活闲置标准厂房", "折合公顷"] == ""
    economy = narrative.economy_text(year_data, derived)
    assert "技工贸总收入5329亿元，增长13.1%（由增长率推算上年约4711.8亿元）" in economy
    budget = narrative.budget_text(year_data)
    assert "明细合计810.2446万元" in budget  # 760 + 19.5 + 19.5 + 11.2446
    headline = narrative.headline(year_data, assessment, findings)
    assert headline.startswith("2022年") and "自评总分100分（优）" in headline


def test_finding_subjects_read_in_chinese(year_2022):
    from parkmetrics.report import narrative

    year_data, _assessment, findings, _derived = year_2022
    vocabulary = year_data.vocabulary
    assert narrative.subject_label("indicator-1.2", vocabulary) == "第1行指标第2项"
    assert (
        narrative.subject_label("idle_land_disposed", vocabulary) == "处置批而未供、闲置、低效用地"
    )
    assert narrative.subject_label("hetang", vocabulary) == "荷塘产业开发区"
    table = narrative.findings_table(findings, vocabulary)
    assert len(table) == len(findings)
    assert not table["对象"].str.contains("indicator-").any()


def test_jupyterlab_opens_percent_files_as_notebooks():
    """jupytext's server extension, installed with the package, is enabled in this environment
    (so JupyterLab serves notebooks/*.py as notebooks), and it reads explore.py as one."""
    from jupyter_core.paths import jupyter_config_path

    enabled = {}
    for folder in jupyter_config_path():
        config = Path(folder) / "jupyter_server_config.d" / "jupytext.json"
        if config.is_file():
            enabled |= json.loads(config.read_text())["ServerApp"]["jpserver_extensions"]
    assert enabled.get("jupyterlab_jupytext") is True
    nb = jupytext.read(EXPLORE)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    assert sum("parameters" in c.metadata.get("tags", []) for c in nb.cells) == 1
