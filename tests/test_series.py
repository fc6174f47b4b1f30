"""Several report series in one data folder: finding them, loading a series' year with the
shared vocabulary and the series' additions, choosing them for a run, and their skip keys."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import parkmetrics as pm
from parkmetrics.data.folder import Report
from parkmetrics.errors import DataValidationError
from parkmetrics.run import manifest as mf
from parkmetrics.run import runner

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
PARKS_HEADER = "park,name,kind,note\n"


@pytest.fixture
def province(tmp_path: Path) -> Path:
    """The shipped vocabulary and 2022 at the top (the one-series layout) plus two series:
    ``east`` with 2021 and 2022, ``west`` with 2022, each year a copy of the 2022 report."""
    data = tmp_path / "data"
    shutil.copytree(DATA / "vocabulary", data / "vocabulary")
    shutil.copytree(DATA / "2022", data / "2022")
    for series, years in {"east": (2021, 2022), "west": (2022,)}.items():
        for year in years:
            shutil.copytree(DATA / "2022", data / series / str(year))
    (data / "notes").mkdir()  # a folder without years is not a series
    return data


def test_list_reports_names_every_series_and_year(province):
    assert pm.list_reports(province) == [
        Report(None, 2022),
        Report("east", 2021),
        Report("east", 2022),
        Report("west", 2022),
    ]
    assert pm.available_series(province) == ["east", "west"]
    assert pm.available_years(province, "east") == [2021, 2022]
    assert pm.available_years(province) == [2022]  # the folder's own years, as before
    assert Report("east", 2021).name == "east/2021" and Report(None, 2022).name == "2022"


def test_a_series_year_loads_with_the_shared_vocabulary(province):
    d = pm.load_year(2021, province, "east")
    assert d.series == "east" and d.year == 2021
    # data/2022/figures.csv has 48 lines: the header and 47 figures, copied unchanged
    assert len(d.figures) == 47
    assert d.vocabulary.park_name("hetang") == "荷塘产业开发区"


def test_series_vocabulary_adds_parks_to_the_shared_one(province):
    additions = province / "east" / "vocabulary"
    additions.mkdir()
    (additions / "parks.csv").write_text(
        PARKS_HEADER + "east_new,东区新园,official,\neast_new,东新园,alias,\n", encoding="utf-8"
    )
    east = pm.load_year(2022, province, "east")
    assert east.vocabulary.park_name("east_new") == "东区新园"
    assert {"东区新园", "东新园"} <= set(east.parks["name"])
    west = pm.load_year(2022, province, "west")  # another series does not see them
    assert "east_new" not in set(west.parks["park"])


def test_series_vocabulary_may_not_redefine_a_shared_name(province):
    additions = province / "east" / "vocabulary"
    additions.mkdir()
    # 荷塘高新区 is already hetang's alias in the shared parks.csv; 无名园 has no official name
    (additions / "parks.csv").write_text(
        PARKS_HEADER + "other,荷塘高新区,official,\nnameless,无名园,alias,\n", encoding="utf-8"
    )
    with pytest.raises(DataValidationError) as caught:
        pm.load_year(2022, province, "east")
    problems = {(p.file, p.line, p.column) for p in caught.value.problems}
    assert ("east/vocabulary/parks.csv", 2, "name") in problems  # line 2: the first data row
    assert ("east/vocabulary/parks.csv", 3, "kind") in problems
    assert all(p.file.startswith("east/") for p in caught.value.problems)


def test_series_vocabulary_with_a_column_missing_is_a_problem_not_a_crash(province):
    # parks.csv without its note column, indicator_levels.csv without parent: each addition's
    # missing column is named (the additions are not merged into the shared tables)
    additions = province / "east" / "vocabulary"
    additions.mkdir()
    (additions / "parks.csv").write_text("park,name,kind\neast_new,东区新园,official\n",
                                         encoding="utf-8")  # fmt: skip
    (additions / "indicator_levels.csv").write_text(
        "level,id,label,default_weight,meaning\n2,east_extra,东区补充,,test\n", encoding="utf-8"
    )
    with pytest.raises(DataValidationError) as caught:
        pm.load_year(2022, province, "east")
    problems = {(p.file, p.line, p.column, p.expected) for p in caught.value.problems}
    assert ("east/vocabulary/parks.csv", 1, "note", "this column in the header") in problems
    assert (
        "east/vocabulary/indicator_levels.csv", 1, "parent", "this column in the header"
    ) in problems  # fmt: skip


def test_a_series_year_names_its_files_with_the_series(province):
    (province / "west" / "2022" / "budget.csv").unlink()
    with pytest.raises(DataValidationError) as caught:
        pm.load_year(2022, province, "west")
    assert [p.file for p in caught.value.problems] == ["west/2022/budget.csv"]


def test_run_makes_one_job_per_series_and_year_into_its_folder(province, tmp_path):
    out = tmp_path / "reports"
    jobs = runner.make_jobs(None, province, out)
    assert [j.name for j in jobs] == ["2022", "east/2021", "east/2022", "west/2022"]
    assert [j.reports_dir for j in jobs] == [out, out / "east", out / "east", out / "west"]
    assert runner.notebook_parameters(jobs[1])["series"] == "east"
    assert runner.notebook_parameters(jobs[0])["series"] == ""
    chosen = runner.make_jobs([2022], province, out, series=["east"])
    assert [j.name for j in chosen] == ["east/2022"]


def test_unknown_series_is_one_line_error_before_any_kernel(province, tmp_path, capsys):
    code = runner.run_cli(None, province, tmp_path / "out", 1, False, None, ["north"])
    assert code == runner.EXIT_BAD_INPUT
    err = capsys.readouterr().err.strip()
    assert err.startswith("parkmetrics run: no series north") and "east, west" in err
    assert len(err.splitlines()) == 1


def test_a_series_skip_key_covers_its_year_and_vocabulary_only(province):
    notebook = ROOT / "notebooks" / "yearly_assessment.py"
    hashes = mf.input_hashes(2021, province, notebook, None, "east")
    assert set(hashes["data"]) == {
        f"east/2021/{p.relative_to(province / 'east' / '2021').as_posix()}"
        for p in (province / "east" / "2021").rglob("*")
        if p.is_file()
    }
    additions = province / "west" / "vocabulary"
    additions.mkdir()
    (additions / "parks.csv").write_text(PARKS_HEADER, encoding="utf-8")
    assert mf.input_hashes(2021, province, notebook, None, "east") == hashes
    assert (
        "west/vocabulary/parks.csv"
        in mf.input_hashes(2022, province, notebook, None, "west")["vocabulary"]
    )


# --- validate, audit and briefing name a series as run does -----------------------------------


def test_validate_checks_every_series_year_and_names_it(province, capsys):
    from parkmetrics.cli import main

    assert main(["validate", "--data", str(province)]) == 0
    lines = capsys.readouterr().out.splitlines()
    # the fixture: 2022 at the top, east/2021, east/2022, west/2022, each the shipped 47 figures
    assert [line.split(":")[0] for line in lines] == ["2022", "east/2021", "east/2022", "west/2022"]
    assert all("47 figures" in line for line in lines)


def test_validate_series_and_year_choose_reports(province, capsys):
    from parkmetrics.cli import main

    assert main(["validate", "--data", str(province), "--series", "east", "--year", "2021"]) == 0
    assert [line.split(":")[0] for line in capsys.readouterr().out.splitlines()] == ["east/2021"]
    assert main(["validate", "--data", str(province), "--series", "north"]) == 2
    assert "no series north" in capsys.readouterr().err


def test_a_broken_series_year_is_named_by_validate(province, capsys):
    from parkmetrics.cli import main

    figures = province / "west" / "2022" / "figures.csv"
    figures.write_text(figures.read_text(encoding="utf-8") + "not,a,row\n", encoding="utf-8")
    assert main(["validate", "--data", str(province)]) == 2
    captured = capsys.readouterr()
    assert "west/2022: INVALID" in captured.out and "east/2022: ok" in captured.out
    assert "west/2022/figures.csv" in captured.err


def test_audit_of_a_series_year(province, capsys):
    from parkmetrics.cli import main

    main(["audit", "--data", str(province), "--year", "2021", "--series", "east"])
    assert capsys.readouterr().out.startswith("parkmetrics audit east/2021 — ")
    # 2021 is only east's: without --series, one line saying which series hold it
    assert main(["audit", "--data", str(province), "--year", "2021"]) == 2
    err = capsys.readouterr().err
    assert "series east" in err and "--series" in err and "Traceback" not in err


def test_briefing_of_a_series_year_goes_where_run_puts_it(province, tmp_path):
    from parkmetrics.cli import main

    out = tmp_path / "reports"
    assert main(["briefing", "--data", str(province), "--year", "2021", "--series", "east",
                 "--out", str(out)]) == 0  # fmt: skip
    assert (out / "east" / "2021" / "briefing.docx").is_file()
    assert not (out / "2021").exists()


# --- a series' own units and themes ---------------------------------------------------------

NEW_CITY = ROOT / "tests" / "fixtures" / "layouts" / "new_city"


def _new_city_series(data: Path, name: str, with_units: bool) -> None:
    """The new_city fixture's year as series ``name``: its parks, metrics and themes as additions
    to the shipped vocabulary, and its units.csv (千瓦, 兆瓦, 宗地) when ``with_units``."""
    own = NEW_CITY / "vocabulary"
    additions = data / name / "vocabulary"
    additions.mkdir(parents=True)
    parks = (own / "parks.csv").read_text(encoding="utf-8").splitlines()
    (additions / "parks.csv").write_text(
        "\n".join(line for line in parks if not line.startswith("city,")) + "\n", encoding="utf-8"
    )
    shared = set((DATA / "vocabulary" / "metrics.csv").read_text(encoding="utf-8").splitlines())
    metrics = (own / "metrics.csv").read_text(encoding="utf-8").splitlines()
    added = [metrics[0]] + [line for line in metrics[1:] if line not in shared]
    (additions / "metrics.csv").write_text("\n".join(added) + "\n", encoding="utf-8")
    shutil.copy(own / "themes.csv", additions / "themes.csv")
    if with_units:
        shutil.copy(own / "units.csv", additions / "units.csv")
    shutil.copytree(NEW_CITY / "2023", data / name / "2023")


def test_a_series_brings_its_own_units_and_themes(province):
    _new_city_series(province, "nanwan", with_units=True)
    d = pm.load_year(2023, province, "nanwan")
    pv = d.figures.set_index("metric").loc["pv_capacity"]
    # the fixture's 12.5兆瓦, by its units.csv: 兆瓦 = 1000 千瓦
    assert (pv["canonical_value"], pv["canonical_unit"]) == (12500.0, "千瓦")
    assert d.vocabulary.metrics_of_theme("new_energy") == ["pv_capacity"]


def test_a_series_does_not_lean_on_another_series_units(province):
    _new_city_series(province, "nanwan", with_units=True)
    _new_city_series(province, "copy", with_units=False)
    pm.load_year(2023, province, "nanwan")  # its units are now known to the parser
    with pytest.raises(DataValidationError) as caught:
        pm.load_year(2023, province, "copy")  # still unknown to this series' vocabulary
    said = [(p.file, p.value, p.expected) for p in caught.value.problems]
    expected = "a value listed in config/units.csv canonical units"
    assert ("copy/vocabulary/metrics.csv", "千瓦", expected) in said


def test_two_series_that_define_a_unit_differently_are_refused_whichever_loads(province):
    header = "unit,canonical_unit,factor,kind,meaning\n"
    for series, factor in (("east", "1"), ("west", "2")):
        additions = province / series / "vocabulary"
        additions.mkdir()
        (additions / "units.csv").write_text(f"{header}宗地,个,{factor},count,parcels\n", "utf-8")
    # west alone, before east was ever loaded: the conflict is named with east's file
    with pytest.raises(DataValidationError) as caught:
        pm.load_year(2022, province, "west")
    [problem] = caught.value.problems
    assert (problem.file, problem.line, problem.value) == ("west/vocabulary/units.csv", 2, "宗地")
    assert "east/vocabulary/units.csv" in problem.expected
    with pytest.raises(DataValidationError) as caught:
        pm.load_year(2022, province, "east")
    assert "west/vocabulary/units.csv" in caught.value.problems[0].expected
