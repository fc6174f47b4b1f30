"""Consistency of a year's files with each other, the vocabulary and the source text.

The schemas (``schemas.py``) check each cell; this module checks what needs more than one cell:
keys, verbatim quotes, figures re-read from their own text, the budget block's one amount unit,
and the indicator rows' numbering and levels.

Only **malformed data** is refused here: what makes the files unreadable or untrue to their
source (a wrong column set, an unknown id, a quote not in the source, a figure whose columns
are not what its own text says). **Content defects** of the report itself — weights that do not
add up, a score above its weight, a negative amount, lines that do not add up — are loaded as
written and reported by the review (``parkmetrics.review``), see docs/architecture.md.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from parkmetrics.data.cell_checks import check_table, duplicate_keys
from parkmetrics.data.schemas import (
    AWARD_LEVELS,
    SCHEMAS,
    SPENDING_STAGES,
)
from parkmetrics.data.tables import LINE, RawTable
from parkmetrics.data.vocabulary_files import UNITS_FILE
from parkmetrics.errors import Problem
from parkmetrics.figures.quantity import COMPARISONS, Quantity, QuantityError, parse_quantity
from parkmetrics.figures.units import canonical_units, units

# Rounding allowed between a number as entered and the same number re-read from its text.
_TOLERANCE = Decimal("1e-6")


def _names(vocabulary: dict[str, RawTable]) -> dict[str, Any]:
    """The checked vocabulary tables' ids as sets (text as read: levels "1" and "2")."""
    levels, fields = vocabulary["indicator_levels.csv"], vocabulary["header_fields.csv"]
    level_of = list(zip(levels.column("level"), levels.column("id"), strict=True))
    scope = vocabulary.get(UNITS_FILE)  # the units this vocabulary knows (read_vocabulary)
    known = set(scope.column("unit")) if scope is not None else set(units())
    return {
        "units": known,
        "unit_files": scope.name if scope is not None else "config/units.csv",
        "canonical_units": (
            set(scope.column("canonical_unit")) if scope is not None else set(canonical_units())
        ),
        "parks": set(vocabulary["parks.csv"].column("park")),
        "metrics": set(vocabulary["metrics.csv"].column("metric")),
        "header_fields": set(fields.column("field")),
        "level1": {id_ for level, id_ in level_of if level == "1"},
        "level2": {id_ for level, id_ in level_of if level == "2"},
        "parents": {
            id_: parent or None
            for id_, parent in zip(levels.column("id"), levels.column("parent"), strict=True)
        },
        "required": [
            f
            for f, r in zip(fields.column("field"), fields.column("required"), strict=True)
            if r == "yes"
        ],
    }


def _allowed(names: dict[str, Any], texts: dict[str, str]) -> dict:
    return {
        "documents": (set(texts), "a file of the year's source/ folder"),
        "parks": (names["parks"], "vocabulary/parks.csv"),
        "metrics": (names["metrics"], "vocabulary/metrics.csv"),
        "units": (names["units"], names["unit_files"]),
        "canonical_units": (names["canonical_units"], names["unit_files"]),
        "comparisons": (COMPARISONS, ""),
        "header_fields": (names["header_fields"], "vocabulary/header_fields.csv"),
        "award_levels": (AWARD_LEVELS, ""),
        "spending_stages": (SPENDING_STAGES, ""),
        "money_units": (_money_units(), "config/units.csv money units"),
        "level1": (names["level1"], "vocabulary/indicator_levels.csv"),
        "level2": (names["level2"], "vocabulary/indicator_levels.csv"),
    }


def _money_units() -> set[str]:
    return {symbol for symbol, u in units().items() if u.kind == "money"}


def check_cells(
    tables: dict[str, RawTable], vocabulary: dict[str, RawTable], texts: dict[str, str]
) -> list[Problem]:
    """The cell problems of each of ``tables`` by its schema (any of a year's files: those
    that could be read when another could not)."""
    allowed = _allowed(_names(vocabulary), texts)
    problems: list[Problem] = []
    for file, table in tables.items():
        problems += check_table(table, SCHEMAS[file], allowed)
    return problems


def check_year(
    tables: dict[str, RawTable], vocabulary: dict[str, RawTable], texts: dict[str, str]
) -> list[Problem]:
    """Every problem of a year's tables (read as text) against each other, the checked
    vocabulary tables (``read_vocabulary``) and their sources.

    ``texts`` maps each source document's file name to its text.
    """
    names = _names(vocabulary)
    problems = check_cells(tables, vocabulary, texts)
    if problems:
        # Cross-row checks assume well-typed cells; report the cell problems first.
        return problems
    figures = tables["figures.csv"]
    # a restated earlier year's figure may share its sentence with this year's (比上年的X增长…)
    restates = any(figures.data.get("about_year", ()))
    key = ["park", "metric", "source_quote"] + (["about_year"] if restates else [])
    problems += duplicate_keys(figures, key)
    problems += duplicate_keys(tables["awards.csv"], ["park", "award", "source_quote"])
    problems += duplicate_keys(tables["spending.csv"], ["item"])
    problems += duplicate_keys(tables["budget.csv"], ["line"])
    problems += duplicate_keys(tables["indicators.csv"], ["row"])
    problems += duplicate_keys(tables["header.csv"], ["field"])
    for file in ("figures.csv", "awards.csv", "spending.csv"):
        problems += _quotes_in_source(tables[file], texts)
    problems += _header_quotes(tables["header.csv"], texts)
    problems += _figures_read_back(tables["figures.csv"])
    problems += _header_complete(tables["header.csv"], names)
    problems += _budget_block(tables["budget.csv"])
    problems += _indicators(tables["indicators.csv"], names)
    return problems


def _quotes_in_source(table: RawTable, texts: dict[str, str]) -> list[Problem]:
    columns = table.data
    values = columns["value_text"] if "value_text" in columns else [None] * len(table)
    problems = []
    rows = zip(columns[LINE], columns["document"], columns["source_quote"], values, strict=True)
    for line, document, quote, value_text in rows:
        if quote not in texts.get(document, ""):
            problems.append(
                Problem(
                    table.name,
                    int(line),
                    "source_quote",
                    quote,
                    f"a verbatim quote of {document}",
                )
            )
        if value_text is not None and value_text not in quote:
            problems.append(
                Problem(
                    table.name,
                    int(line),
                    "value_text",
                    value_text,
                    "text that occurs in its source_quote",
                )
            )
    return problems


def _header_quotes(table: RawTable, texts: dict[str, str]) -> list[Problem]:
    whole = "\n".join(texts.values())
    return [
        Problem(
            table.name,
            int(line),
            "source_quote",
            quote,
            "a verbatim quote of the year's source document",
        )
        for line, quote in zip(table.column(LINE), table.column("source_quote"), strict=True)
        if quote and quote not in whole
    ]


def _figures_read_back(table: RawTable) -> list[Problem]:
    """Each figure's value, unit, qualifier… must be what the parser reads from its text."""
    problems = []
    # Records, not iterrows (a Series per row), and each distinct text parsed once: at province
    # scale this check was most of loading.
    parsed_texts: dict[str, Quantity | QuantityError] = {}
    for row in table.rows():
        line = int(row[LINE])
        text = row["value_text"]
        if text not in parsed_texts:
            try:
                parsed_texts[text] = parse_quantity(text)
            except QuantityError as error:
                parsed_texts[text] = error
        parsed = parsed_texts[text]
        if isinstance(parsed, QuantityError):
            problems.append(Problem(table.name, line, "value_text", text, str(parsed)))
            continue
        expected = {
            "value": parsed.value,
            "unit": parsed.unit,
            "canonical_value": parsed.canonical_value,
            "canonical_unit": parsed.canonical_unit,
            "qualifier": parsed.qualifier,
            "comparison": parsed.comparison,
        }
        for column, want in expected.items():
            if not _same(row[column], want):
                shown = "blank" if want is None else repr(_plain(want))
                problems.append(
                    Problem(
                        table.name,
                        line,
                        column,
                        row[column],
                        f"{shown}, as read from value_text {row['value_text']!r}",
                    )
                )
    return problems


def _same(cell: str, want: object) -> bool:
    if want is None or want == "":
        return cell == ""
    if isinstance(want, Decimal):
        if cell == "":
            return False
        scale = max(abs(want), Decimal(1))
        return abs(Decimal(cell) - want) <= _TOLERANCE * scale
    return cell == str(want)


def _plain(value: object) -> str:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def _header_complete(table: RawTable, names: dict[str, Any]) -> list[Problem]:
    present = set(table.column("field"))
    required = names["required"]
    return [
        Problem(
            table.name,
            None,
            "field",
            field_name,
            "a row for every required header field (its value may be blank)",
        )
        for field_name in required
        if field_name not in present
    ]


def _budget_block(table: RawTable) -> list[Problem]:
    """One amount unit for the block; each rate the number its rate text reads."""
    problems = []
    block_units = list(dict.fromkeys(table.column("unit")))
    if len(block_units) > 1:
        first = block_units[0]
        problems += [
            Problem(
                table.name,
                int(row[LINE]),
                "unit",
                row["unit"],
                f"the one amount unit of the budget block ({first}, as on its first line)",
            )
            for row in table.rows()
            if row["unit"] != first
        ]
    for row in table.rows():
        if row["rate"] and row["rate_text"]:
            try:
                read = parse_quantity(row["rate_text"]).value
            except QuantityError:
                read = None
            if read is None or not _same(row["rate"], read):
                problems.append(
                    Problem(
                        table.name,
                        int(row[LINE]),
                        "rate",
                        row["rate"],
                        f"the number in rate_text {row['rate_text']!r}",
                    )
                )
    return problems


def _indicators(table: RawTable, names: dict[str, Any]) -> list[Problem]:
    problems = []
    rows = sorted(int(r) for r in table.column("row"))
    if rows != list(range(1, len(rows) + 1)):
        problems.append(
            Problem(
                table.name,
                None,
                "row",
                ",".join(map(str, rows)),
                f"rows numbered 1..{len(rows)} in table order, each once",
            )
        )
    parents, metric_ids = names["parents"], names["metrics"]
    for row in table.rows():
        line = int(row[LINE])
        if row["level1"] and row["level2"] and parents.get(row["level2"]) != row["level1"]:
            problems.append(
                Problem(
                    table.name,
                    line,
                    "level2",
                    row["level2"],
                    f"a second-level indicator under {row['level1']} "
                    "(vocabulary/indicator_levels.csv parent)",
                )
            )
        for metric in filter(None, row["metrics"].split(";")):
            if metric.strip() not in metric_ids:
                problems.append(
                    Problem(
                        table.name,
                        line,
                        "metrics",
                        metric,
                        "metric ids from vocabulary/metrics.csv separated by ';'",
                    )
                )
    return problems
