"""Where the data folder is, which report years it holds, and the hash of a data file.

The one place that decides the data folder: the argument, else ``$PARKMETRICS_DATA``, else
``./data``, else the ``data/`` of the source checkout this package runs from.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

DATA_ENV = "PARKMETRICS_DATA"
_YEAR_DIR = re.compile(r"^\d{4}$")


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


def available_years(data_dir: Path | str | None = None) -> list[int]:
    """The years that have a folder in the data folder, ascending."""
    folder = resolve_data_dir(data_dir)
    if not folder.is_dir():
        raise FileNotFoundError(f"data folder {folder} does not exist")
    return sorted(int(p.name) for p in folder.iterdir() if p.is_dir() and _YEAR_DIR.match(p.name))


def file_sha256(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()
