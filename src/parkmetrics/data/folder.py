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


def file_sha256(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()
