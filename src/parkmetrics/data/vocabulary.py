"""One vocabulary: metric ids ↔ Chinese labels ↔ canonical units ↔ meanings; indicator levels;
parks and every name they appear under; the self-evaluation table's header fields.

Readers, schemas, charts and reports all take names and labels from here. The files live in
``<data>/vocabulary/`` so that another city's data brings its own parks; they are read and
checked by ``vocabulary_files``, and ``vocabulary_from`` builds this typed view of them.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from parkmetrics.data.folder import resolve_data_dir
from parkmetrics.data.tables import RawTable, memo
from parkmetrics.data.vocabulary_files import (
    CHECKED_KEPT,
    VOCABULARY_FILES,
    read_vocabulary,
    vocabulary_folders,
)
from parkmetrics.errors import DataValidationError

if TYPE_CHECKING:  # the files are checked without pandas (vocabulary_files); Vocabulary has frames
    import pandas as pd

CITY = "city"  # the park id of figures that belong to the whole city


@dataclass(frozen=True)
class Vocabulary:
    """The project's names. Frames are read-only views; use the lookup methods."""

    metrics: pd.DataFrame  # metric, label, canonical_unit, theme, growth_of, completion_of, meaning
    parks: pd.DataFrame  # park, name, kind, note
    levels: pd.DataFrame  # level, id, label, parent, default_weight, meaning
    header_fields: pd.DataFrame  # field, label, required, meaning

    def metric_label(self, metric: str) -> str:
        """The Chinese label of ``metric``."""
        return str(self._metric(metric)[0])

    def metric_unit(self, metric: str) -> str | None:
        """The canonical unit of ``metric`` (None for qualitative metrics)."""
        unit = self._metric(metric)[1]
        return None if unit is None or unit != unit else str(unit)  # None or NaN: none

    def metrics_of_theme(self, theme: str) -> list[str]:
        """Metric ids of one theme, in vocabulary order."""
        return self.metrics.loc[self.metrics["theme"] == theme, "metric"].tolist()

    def park_name(self, park: str) -> str:
        """The official (preferred) name of ``park``."""
        official = memo(self.parks, "official_names", _official_names)
        if park not in official:
            raise LookupError(f"unknown park id {park!r}")
        return str(official[park])

    def level_label(self, level_id: str) -> str:
        """The Chinese label of an indicator level id (产出指标, 数量指标…)."""
        labels = memo(self.levels, "labels_by_id", lambda f: _first_by(f, "id", "label"))
        if level_id not in labels:
            raise LookupError(f"unknown indicator level {level_id!r}")
        return str(labels[level_id])

    def header_label(self, field: str) -> str:
        """The Chinese label of a header field of the self-evaluation table."""
        labels = memo(self.header_fields, "labels", lambda f: _first_by(f, "field", "label"))
        if field not in labels:
            raise LookupError(f"unknown header field {field!r}")
        return str(labels[field])

    def _metric(self, metric: str) -> tuple:
        """(label, canonical_unit) of the first row of ``metric``."""
        rows = memo(self.metrics, "label_unit", _label_unit)
        if metric not in rows:
            raise LookupError(f"unknown metric id {metric!r}")
        return rows[metric]


# The lookups by id, built once per vocabulary frame (data.tables.memo): a province asks them
# thousands of times, and a boolean filter of a frame per question was a tenth of its audit.
def _first_by(frame: pd.DataFrame, key: str, column: str) -> dict:
    """``column`` of the first row of each ``key`` (the rows a boolean filter gives first)."""
    found: dict = {}
    for k, v in zip(frame[key], frame[column], strict=True):
        found.setdefault(k, v)
    return found


def _label_unit(metrics: pd.DataFrame) -> dict:
    found: dict = {}
    rows = zip(metrics["metric"], metrics["label"], metrics["canonical_unit"], strict=True)
    for metric, label, unit in rows:
        found.setdefault(metric, (label, unit))
    return found


def _official_names(parks: pd.DataFrame) -> dict:
    return _first_by(parks[parks["kind"] == "official"], "park", "name")


# Vocabularies built from checked tables, by the tables' identity: read_vocabulary shares one
# set of tables among the reports of a vocabulary, so its reports share one Vocabulary (and the
# lookups built on it) instead of building one per year. Holding the tables keeps ids unique.
_BUILT: OrderedDict[tuple[int, ...], tuple[tuple[RawTable, ...], Vocabulary]] = OrderedDict()


def vocabulary_from(tables: dict[str, RawTable]) -> Vocabulary:
    """The typed vocabulary of checked tables (one object for the same table objects)."""
    parts = tuple(tables[f] for f in VOCABULARY_FILES)
    key = tuple(map(id, parts))
    kept = _BUILT.get(key)
    if kept is not None and all(a is b for a, b in zip(kept[0], parts, strict=True)):
        _BUILT.move_to_end(key)
        return kept[1]
    vocabulary = _vocabulary_from(tables)
    _BUILT[key] = (parts, vocabulary)
    while len(_BUILT) > CHECKED_KEPT:
        _BUILT.popitem(last=False)
    return vocabulary


def _vocabulary_from(tables: dict[str, RawTable]) -> Vocabulary:
    import pandas as pd

    def frame(file: str) -> pd.DataFrame:
        return tables[file].cells().reset_index(drop=True)

    levels = frame("indicator_levels.csv")
    levels["level"] = levels["level"].astype(int)
    levels["default_weight"] = pd.to_numeric(levels["default_weight"])
    return Vocabulary(
        metrics=frame("metrics.csv"),
        parks=frame("parks.csv"),
        levels=levels,
        header_fields=frame("header_fields.csv"),
    )


def load_vocabulary(data_dir: Path | str | None = None, series: str | None = None) -> Vocabulary:
    """Load and validate ``<data_dir>/vocabulary`` (with ``<series>/vocabulary`` additions);
    raise ``DataValidationError`` on any problem."""
    folder = resolve_data_dir(data_dir)
    tables, problems = read_vocabulary(*vocabulary_folders(folder, series))
    if problems:
        raise DataValidationError(problems)
    return vocabulary_from(tables)
