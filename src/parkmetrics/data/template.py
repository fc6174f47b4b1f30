"""The national template's column headings (``config/template_columns.csv``), read in one place.

Review messages, charts and the briefing name a cell of the self-evaluation table by the
heading the template gives its column (年度指标值, 全年执行数 …); they all take it from here.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType

from parkmetrics.data.tables import read_csv
from parkmetrics.errors import DataValidationError

COLUMNS_FILE = "config/template_columns.csv"
BLOCKS = ("budget", "indicator")


@cache
def _headings() -> Mapping[str, Mapping[str, str]]:
    path = Path(str(resources.files("parkmetrics") / COLUMNS_FILE))
    table, problems = read_csv(path, COLUMNS_FILE)
    if table is None:
        raise DataValidationError(problems)
    headings: dict[str, dict[str, str]] = {block: {} for block in BLOCKS}
    for row in table.frame.to_dict("records"):
        headings[row["block"]][row["column"]] = row["label"]
    return MappingProxyType({b: MappingProxyType(h) for b, h in headings.items()})


def budget_columns() -> Mapping[str, str]:
    """Budget-block column id → heading (``executed`` → 全年执行数)."""
    return _headings()["budget"]


def indicator_columns() -> Mapping[str, str]:
    """Indicator-block column id → heading (``actual`` → 实际完成值)."""
    return _headings()["indicator"]
