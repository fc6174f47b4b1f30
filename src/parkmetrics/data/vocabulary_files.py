"""The vocabulary's files read and checked, before any frame is built.

``read_vocabulary`` reads ``<data>/vocabulary/`` (and a series' additions), checks every file
against its schema, each key once, one official name per park and the indicator levels'
parents, and returns the checked tables (the CSV reader's lists) with every problem. Valid
files need no pandas: ``data.year_files`` checks a year against these tables, and
``data.vocabulary`` builds the typed ``Vocabulary`` from them.
"""

from __future__ import annotations

import hashlib
from collections import Counter, OrderedDict
from pathlib import Path

from parkmetrics.data.cell_checks import check_table, duplicate_keys
from parkmetrics.data.folder import VOCABULARY_DIR
from parkmetrics.data.schemas import (
    AWARD_LEVELS,
    PARK_NAME_KINDS,
    SCHEMAS,
    THEMES,
)
from parkmetrics.data.tables import LINE, RawTable, read_csv
from parkmetrics.errors import DataValidationError, Problem
from parkmetrics.figures.units import Unit, add_units, canonical_units, load_units, package_units

VOCABULARY_FILES = ("metrics.csv", "parks.csv", "indicator_levels.csv", "header_fields.csv")
# Optional files a data folder may add to the package's names: units beyond config/units.csv
# (same columns; laid over the parser's unit table) and themes beyond the built-in ones.
UNITS_FILE = "units.csv"
THEMES_FILE = "themes.csv"


# Checked vocabularies by the bytes of their files: a province's reports share one vocabulary
# (and each series its additions), which would otherwise be read and checked for every year.
_CHECKED: OrderedDict[tuple, tuple[dict[str, RawTable], list[Problem]]] = OrderedDict()
CHECKED_KEPT = 16  # series are loaded one after another: a few recent vocabularies suffice


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
    many reports checks its vocabulary once; a folder (or a series) with its own ``units.csv``
    (which changes the parser's unit table as it is read) is read every time.
    """
    adds_units = additions is not None and (additions / UNITS_FILE).exists()
    if (folder / UNITS_FILE).exists() or adds_units:
        return _read_vocabulary(folder, additions, additions_name)
    key = (
        str(folder), _contents(folder), str(additions), _contents(additions), additions_name,
        canonical_units(),
    )  # fmt: skip
    if key not in _CHECKED:
        _CHECKED[key] = _read_vocabulary(folder, additions, additions_name)
        while len(_CHECKED) > CHECKED_KEPT:
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
    # themes and units: the shared folder's, then the series' (additions only, as the rest)
    sources = [(folder, "vocabulary")]
    if additions is not None and additions.is_dir():
        sources.append((additions, additions_name or str(additions)))
    themes: set[str] = set(THEMES)
    # the units this vocabulary knows: the package's and its own files' (the parser's table
    # is shared by every folder loaded in the process; validation asks for these only, so a
    # series never depends on another series' units having been loaded first)
    known = dict(package_units())
    for source, name in sources:
        found_themes, found = _themes(source, name)
        themes |= found_themes
        problems += found
        if (source / UNITS_FILE).exists():
            others = _sibling_units(folder, source, known) if source != folder else {}
            try:
                known |= add_units(source / UNITS_FILE, f"{name}/{UNITS_FILE}", known, others)
            except DataValidationError as error:
                problems += error.problems
    if problems:
        return tables, problems

    files = [f"{name}/{UNITS_FILE}" for source, name in sources if (source / UNITS_FILE).exists()]
    unit_files = " or ".join(["config/units.csv", *files])  # where this vocabulary's units are
    metric_ids = {
        *tables["metrics.csv"].data.get("metric", ()),
        *(extra["metrics.csv"].data.get("metric", ()) if "metrics.csv" in extra else ()),
    }
    allowed = {
        "canonical_units": (
            {u.canonical_unit for u in known.values()},
            f"{unit_files} canonical units",
        ),
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
    tables[UNITS_FILE] = _unit_scope(folder, known, unit_files)
    return tables, problems


def _sibling_units(shared: Path, own: Path, base: dict) -> dict[str, tuple[Unit, str]]:
    """The units the other series of the data folder define (symbol → unit, file): a series'
    unit must mean what theirs means, found whichever series is loaded first. A sibling file
    with problems of its own is left to that series' loading."""
    found: dict[str, tuple[Unit, str]] = {}
    data = shared.parent
    for path in sorted(data.glob(f"*/{VOCABULARY_DIR}/{UNITS_FILE}")):
        if path.parent == own or path.parent == shared:
            continue
        name = f"{path.parent.parent.name}/{VOCABULARY_DIR}/{UNITS_FILE}"
        try:
            theirs = load_units(path, base=base, name=name)
        except DataValidationError:
            continue
        for symbol, unit in theirs.items():
            if symbol not in base:
                found.setdefault(symbol, (unit, name))
    return found


def _unit_scope(folder: Path, known: dict, where: str) -> RawTable:
    """The units a vocabulary knows, as a table (``unit``, ``canonical_unit``) beside its files,
    named by the unit files they come from: what a year's unit cells are checked against
    (``data.integrity``)."""
    symbols = sorted(known)
    data = {
        "unit": symbols,
        "canonical_unit": [known[s].canonical_unit for s in symbols],
        LINE: [0] * len(symbols),  # not lines of a file: the package's table and the additions
    }
    return RawTable(folder / UNITS_FILE, where, data)


def _themes(folder: Path, name: str) -> tuple[set[str], list[Problem]]:
    """The built-in themes and those a vocabulary folder (named ``name`` in problems) adds in
    its ``themes.csv``."""
    path = folder / THEMES_FILE
    if not path.exists():
        return set(THEMES), []
    table, problems = read_csv(path, f"{name}/{THEMES_FILE}")
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
