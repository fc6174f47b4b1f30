"""Where the data folder is, which report series and years it holds, and a data file's hash.

The one place that decides the data folder: the argument, else ``$PARKMETRICS_DATA``, else
``./data``, else the ``data/`` of the source checkout this package runs from.

A data folder holds one series of yearly reports (``data/<year>/``) or several
(``data/<series>/<year>/``, each series with optional ``data/<series>/vocabulary/`` additions to
the shared ``data/vocabulary/``), or both: year folders at the top are the unnamed series
(``series`` None), whose reports go to ``reports/<year>/`` as before.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

DATA_ENV = "PARKMETRICS_DATA"
VOCABULARY_DIR = "vocabulary"
_YEAR_DIR = re.compile(r"^\d{4}$")
# A series folder's name becomes a folder name under reports/ and a notebook parameter.
_SERIES_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


class Report(NamedTuple):
    """One report of a data folder: its series (None: the folder's own years) and its year."""

    series: str | None
    year: int

    @property
    def name(self) -> str:
        """How logs and summaries name it: ``2022`` or ``zhuzhou/2022``."""
        return str(self.year) if self.series is None else f"{self.series}/{self.year}"


def resolve_data_dir(data_dir: Path | str | None = None) -> Path:
    """The data folder: the argument, else ``$PARKMETRICS_DATA``, else ``./data``, else the
    ``data/`` of the source checkout this package runs from."""
    if data_dir is not None:
        return Path(data_dir)
    if os.environ.get(DATA_ENV):
        return Path(os.environ[DATA_ENV])
    here = Path.cwd() / "data"
    if (here / "vocabulary").is_dir():
        return here
    return Path(__file__).resolve().parents[3] / "data"


def series_dir(data_dir: Path | str | None = None, series: str | None = None) -> Path:
    """The folder holding a series' years: the data folder itself for ``series`` None."""
    folder = resolve_data_dir(data_dir)
    return folder if series is None else folder / series


def available_years(data_dir: Path | str | None = None, series: str | None = None) -> list[int]:
    """The years that have a folder in the data folder (or in one of its series), ascending."""
    folder = series_dir(data_dir, series)
    if not folder.is_dir():
        raise FileNotFoundError(f"data folder {folder} does not exist")
    return sorted(int(p.name) for p in folder.iterdir() if p.is_dir() and _YEAR_DIR.match(p.name))


def available_series(data_dir: Path | str | None = None) -> list[str]:
    """The named series of the data folder: subfolders holding year folders, by name."""
    folder = resolve_data_dir(data_dir)
    if not folder.is_dir():
        raise FileNotFoundError(f"data folder {folder} does not exist")
    return sorted(
        p.name
        for p in folder.iterdir()
        if p.is_dir()
        and p.name != VOCABULARY_DIR
        and _SERIES_NAME.match(p.name)
        and not _YEAR_DIR.match(p.name)
        and available_years(p)
    )


def list_reports(data_dir: Path | str | None = None) -> list[Report]:
    """Every (series, year) of the data folder: its own years first, then each series'."""
    folder = resolve_data_dir(data_dir)
    reports = [Report(None, year) for year in available_years(folder)]
    for series in available_series(folder):
        reports += [Report(series, year) for year in available_years(folder, series)]
    return reports


def select_reports(
    data_dir: Path | str | None = None,
    series: Sequence[str] | None = None,
    years: Sequence[int] | None = None,
    shown: Path | str | None = None,
) -> list[Report]:
    """The reports of the data folder, only those of the given ``series`` and ``years`` (None:
    all). Raises ``LookupError``, one line naming the folder as ``shown`` and what it holds,
    for a series or a year it does not have."""
    folder = resolve_data_dir(data_dir)
    shown = folder if shown is None else shown
    reports = list_reports(folder)
    if series:
        named = {s for s, _ in reports if s is not None}
        unknown_series = sorted(set(series).difference(named))
        if unknown_series:
            raise LookupError(
                f"no series {', '.join(unknown_series)} in {shown} "
                f"(series there: {', '.join(sorted(named)) or 'none'})"
            )
        reports = [r for r in reports if r.series in set(series)]
    if years:
        known = sorted({y for _, y in reports})
        unknown = sorted({int(y) for y in years}.difference(known))
        if unknown:
            raise LookupError(
                f"no data for year {', '.join(map(str, unknown))} in {shown} "
                f"(years there: {', '.join(map(str, known)) or 'none'})"
            )
        reports = [r for r in reports if r.year in {int(y) for y in years}]
    return reports


def one_report(
    year: int, data_dir: Path | str | None = None, series: str | None = None
) -> Report:
    """The report of ``year`` (in ``series``): a year that only series hold needs one named,
    and ``LookupError`` says which hold it."""
    folder = resolve_data_dir(data_dir)
    if series is not None:
        return select_reports(folder, [series], [year])[0]
    if year in available_years(folder):
        return Report(None, year)
    holding = [s for s, y in list_reports(folder) if y == year and s is not None]
    if holding:
        raise LookupError(
            f"{year} is a year of series {', '.join(holding)} in {folder}, not of the folder "
            "itself: name the series with --series"
        )
    return select_reports(folder, None, [year])[0]


def file_sha256(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()
