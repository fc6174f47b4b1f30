"""The trends run: one job per series with two or more years, built like a year's report.

A ``TrendsJob`` goes through the same ``build_year`` as a year (``runner``): built in
``reports/[<series>/].trends.partial/``, checked, published by renames into
``reports/<series>/trends/`` (``reports/trends/`` for the data folder's own years), kept as
``trends.FAILED/`` when it fails, skipped when its inputs are unchanged. Its inputs are every
year of its range, the vocabulary, ``notebooks/trends.py``, the rules and the package.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from parkmetrics.run import manifest as mf

TRENDS_NOTEBOOK = "trends.py"  # beside the yearly notebook in notebooks/
TRENDS_DIR = "trends"  # the report's folder among the series' year folders


@dataclass(frozen=True)
class TrendsJob:
    """A series' years side by side; picklable, so it can go to a worker or a Dask task."""

    series: str | None
    years: tuple[int, ...]
    data_dir: Path
    out_dir: Path
    notebook: Path
    rules_path: Path | None = None
    execution_timeout: int = 600
    exports: bool = True
    hashes: dict[str, Any] = field(default_factory=dict)
    year: str = TRENDS_DIR  # build_year names the folder, notebook and result by it

    @property
    def name(self) -> str:
        """``trends`` or ``<series>/trends`` in logs and results."""
        return TRENDS_DIR if self.series is None else f"{self.series}/{TRENDS_DIR}"

    @property
    def reports_dir(self) -> Path:
        """The folder holding the series' reports (the trends folder goes into it)."""
        return self.out_dir if self.series is None else self.out_dir / self.series

    @property
    def title(self) -> str:
        """The HTML page's title."""
        return f"{self.name} {self.years[0]}–{self.years[-1]}年 逐年对比"

    def parameters(self) -> dict[str, Any]:
        """The notebook's parameters (ASCII only: papermill escapes other text)."""
        return {
            "series": self.series or "",
            "first_year": self.years[0],
            "last_year": self.years[-1],
            "data_dir": str(self.data_dir),
            "output_dir": ".",
            "rules_path": str(self.rules_path) if self.rules_path else "",
        }

    def missing_files(self, folder: Path) -> list[str]:
        """The trends files the notebook should have written and did not."""
        if not self.exports:
            return []
        from parkmetrics.report.trend_report import missing_files

        return missing_files(folder)


def trends_hashes(
    years: Sequence[int], data_dir: Path, notebook: Path, rules: Path | None, series: str | None
) -> dict[str, Any]:
    """The skip key: a year's inputs (``manifest.input_hashes``) with every year's data."""
    hashes: dict[str, Any] = {}
    for year in years:
        one = mf.input_hashes(year, data_dir, notebook, rules, series)
        hashes = one | {"data": {**hashes.get("data", {}), **one["data"]}}
    return hashes | {"years": list(years)}


def trends_jobs(year_jobs: Sequence[Any], notebook: Path | None = None) -> list[TrendsJob]:
    """One trends job per series with two or more of ``year_jobs``' years (the run's
    selection), in the order the series first appear; ``FileNotFoundError`` without the
    trends notebook (``notebooks/trends.py`` beside the yearly one, or ``notebook``)."""
    by_series: dict[str | None, list[Any]] = {}
    for job in year_jobs:
        by_series.setdefault(job.series, []).append(job)
    made = []
    for series, jobs in by_series.items():
        years = tuple(sorted({j.year for j in jobs}))
        if len(years) < 2:
            continue
        first = jobs[0]
        book = Path(notebook or Path(first.notebook).with_name(TRENDS_NOTEBOOK)).resolve()
        if not book.is_file():
            raise FileNotFoundError(f"trends notebook not found: {book}")
        made.append(
            TrendsJob(
                series=series,
                years=years,
                data_dir=first.data_dir,
                out_dir=first.out_dir,
                notebook=book,
                rules_path=first.rules_path,
                execution_timeout=first.execution_timeout,
                hashes=trends_hashes(years, first.data_dir, book, first.rules_path, series),
            )
        )
    return made
