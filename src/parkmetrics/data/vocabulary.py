"""One vocabulary: metric ids ↔ Chinese labels ↔ canonical units ↔ meanings; indicator levels;
parks and every name they appear under; the self-evaluation table's header fields.

Readers, schemas, charts and reports all take names and labels from here. The files live in
``<data>/vocabulary/`` so that another city's data brings its own parks.
"""

from __future__ import annotations

import hashlib
from collections import Counter, OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from parkmetrics.data.folder import VOCABULARY_DIR, resolve_data_dir
from parkmetrics.data.schemas import (
    AWARD_LEVELS,
    PARK_NAME_KINDS,
    SCHEMAS,
    THEMES,
    check_table,
    duplicate_keys,
)
from parkmetrics.data.tables import LINE, RawTable, memo, read_csv
from parkmetrics.errors import DataValidationError, Problem
from parkmetrics.figures.units import add_units, canonical_units

if TYPE_CHECKING:  # checking the files needs no pandas (the run's pre-flight): Vocabulary does
    import pandas as pd

CITY = "city"  # the park id of figures that belong to the whole city
VOCABULARY_FILES = ("metrics.csv", "parks.csv", "indicator_levels.csv", "header_fields.csv")
# Optional files a data folder may add to the package's names: units beyond config/units.csv
# (same columns; laid over the parser's unit table) and themes beyond the built-in ones.
UNITS_FILE = "units.csv"
THEMES_FILE = "themes.csv"


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


# Checked vocabularies by the bytes of their files: a province's reports share one vocabulary
# (and each series its additions), which would otherwise be read and checked for every year.
_CHECKED: OrderedDict[tuple, tuple[dict[str, RawTable], list[Problem]]] = OrderedDict()
_CHECKED_KEPT = 16  # series are loaded one after another: a few recent vocabularies suffice


def _contents(folder: Path | None) -> tuple[tuple[str, str], ...] | None:
    """Every file of ``folder`` by name and SHA-256 (None: no such folder)."""
    if folder is None or not folder.is_dir():
        return None
    return tuple(
        (p.name, hashlib.sha256(p.read_bytes()).hexdigest())
        for p in sorted(folder.iterdir())
        if p.is_file()
    )


def read_vocabulary(
    folder: Path, additions: Path | None = None, additions_name: str = ""
) -> tuple[dict[str, RawTable], list[Problem]]:
    """Read and check the vocabulary files of ``folder``; return the tables and every problem.

    The result is kept for files with the same bytes (and the same unit table), so a folder of
    many reports checks its vocabulary once; a folder with its own ``units.csv`` (which changes
    the parser's unit table as it is read) is read every time.
    """
    if (folder / UNITS_FILE).exists():
        return _read_vocabulary(folder, additions, additions_name)
    key = (
        str(folder), _contents(folder), str(additions), _contents(additions), additions_name,
        canonical_units(),
    )  # fmt: skip
    if key not in _CHECKED:
        _CHECKED[key] = _read_vocabulary(folder, additions, additions_name)
        while len(_CHECKED) > _CHECKED_KEPT:
            _CHECKED.popitem(last=False)
    _CHECKED.move_to_end(key)
    tables, problems = _CHECKED[key]
    return dict(tables), list(problems)  # the tables' frames are shared and never modified


def _read_vocabulary(
    folder: Path, additions: Path | None, additions_name: str
) -> tuple[dict[str, RawTable], list[Problem]]:
    """Read and check the vocabulary files (uncached).

    ``additions`` is a series' own ``vocabulary/`` folder (named ``additions_name`` in problems):
    any of the four files with rows that only add to the shared ones (new metrics, parks and
    their names, …); a key the shared file already has is a problem of the addition.
    """
    tables, problems = _read_files(folder, "vocabulary", optional=False)
    extra: dict[str, RawTable] = {}
    if additions is not None and additions.is_dir():
        extra, more = _read_files(additions, additions_name or str(additions), optional=True)
        problems += more
    themes, found = _themes(folder)
    problems += found
    if (folder / UNITS_FILE).exists():
        try:
            add_units(folder / UNITS_FILE, f"vocabulary/{UNITS_FILE}")
        except DataValidationError as error:
            problems += error.problems
    if problems:
        return tables, problems

    metric_ids = {
        *tables["metrics.csv"].data.get("metric", ()),
        *(extra["metrics.csv"].data.get("metric", ()) if "metrics.csv" in extra else ()),
    }
    allowed = {
        "canonical_units": (canonical_units(), "config/units.csv canonical units"),
        "themes": (themes, "the built-in themes or vocabulary/themes.csv"),
        "metrics": (metric_ids, "vocabulary/metrics.csv"),
        "park_name_kinds": (PARK_NAME_KINDS, ""),
        "levels": ({"1", "2"}, ""),
        "yes_no": ({"yes", "no"}, ""),
        "award_levels": (AWARD_LEVELS, ""),
    }
    for file, table in [*tables.items(), *extra.items()]:
        problems += check_table(table, SCHEMAS[file], allowed)
    for file, key in _KEYS.items():
        problems += duplicate_keys(tables[file], key)
        if file in extra:
            problems += duplicate_keys(extra[file], key)
            problems += _already_shared(extra[file], tables[file], key)
    problems += _one_official_name(tables["parks.csv"])
    problems += _level_parents(tables["indicator_levels.csv"])
    if "parks.csv" in extra:
        problems += _one_official_name(extra["parks.csv"], tables["parks.csv"])
    if "indicator_levels.csv" in extra:
        problems += _level_parents(extra["indicator_levels.csv"], tables["indicator_levels.csv"])
    if problems:  # the tables are not used: a column set may differ between the two files
        return tables, problems
    for file, table in extra.items():  # one table per file from here on: shared rows first
        shared = tables[file]
        # checked, no problem: both files have the schema's columns (in either order)
        data = {c: cells + table.data[c] for c, cells in shared.data.items()}
        tables[file] = RawTable(shared.path, shared.name, data, shared.encoding)
    return tables, problems


def _themes(folder: Path) -> tuple[set[str], list[Problem]]:
    """The built-in themes and those the data folder adds in ``vocabulary/themes.csv``."""
    path = folder / THEMES_FILE
    if not path.exists():
        return set(THEMES), []
    table, problems = read_csv(path, f"vocabulary/{THEMES_FILE}")
    if table is None:
        return set(THEMES), problems
    problems += check_table(table, SCHEMAS[THEMES_FILE], {})
    problems += duplicate_keys(table, ["theme"])
    return set(THEMES) | set(table.data.get("theme", ())), problems


# The key of each vocabulary file: unique within a file, and across shared file and additions.
_KEYS = {
    "metrics.csv": ["metric"],
    "parks.csv": ["name"],
    "indicator_levels.csv": ["id"],
    "header_fields.csv": ["field"],
}


def _read_files(
    folder: Path, name: str, optional: bool
) -> tuple[dict[str, RawTable], list[Problem]]:
    """The vocabulary files of one folder (``optional``: only those that exist)."""
    tables: dict[str, RawTable] = {}
    problems: list[Problem] = []
    for file in VOCABULARY_FILES:
        if optional and not (folder / file).is_file():
            continue
        table, found = read_csv(folder / file, f"{name}/{file}")
        problems += found
        if table is not None:
            tables[file] = table
    return tables, problems


def _already_shared(addition: RawTable, shared: RawTable, key: list[str]) -> list[Problem]:
    """Rows of a series' addition whose key the shared vocabulary already has."""
    if any(k not in addition.data or k not in shared.data for k in key):
        return []
    known = set(zip(*(shared.column(k) for k in key), strict=True))
    return [
        Problem(
            addition.name,
            int(line),
            "+".join(key),
            " / ".join(values),
            f"a {'+'.join(key)} not already in {shared.name} (additions only add)",
        )
        for *values, line in zip(
            *(addition.column(k) for k in key), addition.column(LINE), strict=True
        )
        if tuple(values) in known
    ]


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
    while len(_BUILT) > _CHECKED_KEPT:
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


def vocabulary_folders(folder: Path, series: str | None) -> tuple[Path, Path | None, str]:
    """The shared vocabulary folder, a series' additions folder and how problems name it."""
    additions = folder / series / VOCABULARY_DIR if series is not None else None
    return folder / VOCABULARY_DIR, additions, f"{series}/{VOCABULARY_DIR}"


def _one_official_name(table: RawTable, shared: RawTable | None = None) -> list[Problem]:
    """Each park of ``table`` with exactly one official name (counting ``shared``'s too)."""
    if not {"park", "kind"} <= set(table.data):
        return []
    others = shared.data if shared is not None and {"park", "kind"} <= set(shared.data) else {}
    elsewhere = Counter(
        park
        for park, kind in zip(others.get("park", ()), others.get("kind", ()), strict=True)
        if kind == "official"
    )  # a shared file without these columns has its own problem, and no official name here
    official: Counter[str] = Counter()
    first_line: dict[str, int] = {}
    for park, kind, line in zip(table.column("park"), table.column("kind"), table.column(LINE),
                                strict=True):  # fmt: skip
        first_line.setdefault(park, int(line))
        official[park] += kind == "official"
    problems = []
    for park in sorted(first_line):
        count = official[park] + elsewhere[park]
        if count != 1:
            problems.append(
                Problem(
                    table.name,
                    first_line[park],
                    "kind",
                    str(park),
                    f"exactly one official name per park (found {count})",
                )
            )
    return problems


def _level_parents(table: RawTable, shared: RawTable | None = None) -> list[Problem]:
    """Level-2 rows with a level-1 parent (of ``table`` or ``shared``), level-1 rows without."""
    if not {"level", "id", "parent"} <= set(table.data):
        return []
    both = [t for t in (shared, table) if t is not None and {"level", "id"} <= set(t.data)]
    level1 = {  # a shared file without these columns has its own problem, and no level 1 here
        id_
        for t in both
        for level, id_ in zip(t.column("level"), t.column("id"), strict=True)
        if level == "1"
    }
    problems = []
    for row in table.rows():
        if row["level"] == "2" and row["parent"] not in level1:
            expected = "the id of a level-1 indicator (" + ", ".join(sorted(level1)) + ")"
        elif row["level"] == "1" and row["parent"]:
            expected = "blank (level-1 indicators have no parent)"
        else:
            continue
        problems.append(Problem(table.name, int(row[LINE]), "parent", row["parent"], expected))
    return problems
