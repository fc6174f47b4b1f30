"""The jobs of a yearly run: one ``YearJob`` per (series, year), made by ``make_jobs`` after
checking the run's parameters (``preflight``) and before any kernel starts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from parkmetrics.run import manifest as mf
from parkmetrics.run import preflight
from parkmetrics.run.preflight import RunParameterError

NOTEBOOK_NAME = Path("notebooks") / "yearly_assessment.py"
# The notebook is project source, not package data: found in the checkout this package is
# installed from (pip install -e), else in the project folder the command runs in.
NOTEBOOK = Path(__file__).resolve().parents[3] / NOTEBOOK_NAME
DEFAULT_EXECUTION_TIMEOUT = 600  # seconds per cell: generous, but a hung kernel must not hang cron


@dataclass(frozen=True)
class YearJob:
    """Everything one year's build needs; picklable, so it can go to a worker process."""

    year: int
    data_dir: Path
    out_dir: Path
    notebook: Path
    rules_path: Path | None = None
    execution_timeout: int = DEFAULT_EXECUTION_TIMEOUT
    exports: bool = True  # False: don't require the report files (tests of the mechanics)
    hashes: dict[str, Any] = field(default_factory=dict)
    series: str | None = None  # None: a year of the data folder itself, into reports/<year>/

    @property
    def name(self) -> str:
        """The report's name in logs and results: ``2022`` or ``<series>/2022``."""
        return str(self.year) if self.series is None else f"{self.series}/{self.year}"

    @property
    def reports_dir(self) -> Path:
        """The folder the year's report goes into: ``reports/`` or ``reports/<series>/``."""
        return self.out_dir if self.series is None else self.out_dir / self.series


# --------------------------------------------------------------------------- parameters


def make_jobs(
    years: Sequence[int] | None,
    data_dir: Path | None,
    out_dir: Path,
    rules_path: Path | None = None,
    notebook: Path | None = None,
    execution_timeout: int = DEFAULT_EXECUTION_TIMEOUT,
    exports: bool = True,
    series: Sequence[str] | None = None,
) -> list[YearJob]:
    """Check the run's parameters before any kernel starts; one job per (series, year): the data
    folder's own years first, then each series', each in year order.

    Raises ``RunParameterError`` (one line) for a missing folder, unknown series or year or a
    missing file, and ``DataValidationError`` (every problem) for a rules file with bad settings.
    """
    from parkmetrics.data.folder import select_reports

    # --data and --out both relative to the working folder (preflight.data_folder); messages
    # name the data folder as given, jobs carry it absolute
    given_data = preflight.data_folder(data_dir)
    preflight.check_data_folder(given_data)
    data_dir = given_data.resolve()
    if notebook is None and not NOTEBOOK.is_file():
        notebook = Path.cwd() / NOTEBOOK_NAME
    notebook = Path(notebook or NOTEBOOK).resolve()
    try:
        reports = select_reports(data_dir, series, years, given_data)
    except LookupError as error:  # an unknown series or year: one line, as every parameter
        raise RunParameterError(str(error)) from None
    if not reports:
        raise RunParameterError(f"no year folders (like 2022/ or <series>/2022/) in {given_data}")
    # a rules file (or pack) read and checked once, not once per kernel; all its problems at once
    rules = preflight.check_rules(rules_path)
    if not notebook.is_file():
        raise RunParameterError(
            f"notebook not found: {notebook} (run from the project folder, or install it with "
            "pip install -e .)"
        )
    return [
        YearJob(
            year=year,
            data_dir=data_dir,
            out_dir=Path(out_dir).resolve(),
            notebook=notebook,
            rules_path=rules,
            execution_timeout=execution_timeout,
            exports=exports,
            hashes=mf.input_hashes(year, data_dir, notebook, rules, name),
            series=name,
        )
        for name, year in reports
    ]


def notebook_parameters(job: YearJob) -> dict[str, Any]:
    """The values injected into the notebook's ``parameters`` cell.

    Only ASCII-safe paths and numbers: papermill writes Chinese strings as ``\\u`` escapes. The
    output folder is ``.`` because the kernel's working directory is the build folder, which is
    renamed afterwards; an absolute path would point at a folder that no longer exists.
    """
    if hasattr(job, "parameters"):  # a trends job (run/trends.py) has its own parameters
        return job.parameters()
    return {
        "year": job.year,
        "series": job.series or "",  # "": the data folder's own years
        "data_dir": str(job.data_dir),
        "output_dir": ".",
        "rules_path": str(job.rules_path) if job.rules_path else "",
    }
