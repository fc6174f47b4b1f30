"""Loading a year of data: read every file, validate everything, then build the frames.

``load_year`` either returns a complete ``YearData`` or raises one ``DataValidationError``
listing every problem in every file: nothing is ever partially loaded.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pandas as pd

from parkmetrics.errors import DataValidationError, Problem
from parkmetrics.quantity import COMPARISONS
from parkmetrics.schemas import AWARD_LEVELS, BUDGET_LINES, SCHEMAS, duplicate_keys
from parkmetrics.schemas import check_table as _check
from parkmetrics.tables import LINE, RawTable, read_csv
from parkmetrics.units import units
from parkmetrics.vocabulary import Vocabulary, read_vocabulary, vocabulary_from

YEAR_FILES = (
    "header.csv",
    "figures.csv",
    "awards.csv",
    "spending.csv",
    "budget.csv",
    "indicators.csv",
)
SOURCE_FOLDER = "source"
DATA_ENV = "PARKMETRICS_DATA"
_YEAR_DIR = re.compile(r"^\d{4}$")
# Rounding allowed between a number as entered and the same number re-read from its text.
_TOLERANCE = Decimal("1e-6")


@dataclass(frozen=True)
class YearData:
    """One year's self-evaluation as tidy frames (columns: docs/architecture.md)."""

    year: int
    data_dir: Path
    header: dict[str, str | None]
    goals: dict[str, str | None]
    figures: pd.DataFrame
    awards: pd.DataFrame
    spending: pd.DataFrame
    budget: pd.DataFrame
    indicators: pd.DataFrame
    parks: pd.DataFrame
    vocabulary: Vocabulary
    sources: dict[str, Path] = field(default_factory=dict)


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
    return Path(__file__).resolve().parents[2] / "data"


def available_years(data_dir: Path | str | None = None) -> list[int]:
    """The years that have a folder in the data folder, ascending."""
    folder = resolve_data_dir(data_dir)
    if not folder.is_dir():
        raise FileNotFoundError(f"data folder {folder} does not exist")
    return sorted(int(p.name) for p in folder.iterdir() if p.is_dir() and _YEAR_DIR.match(p.name))


def load_year(year: int, data_dir: Path | str | None = None) -> YearData:
    """Load and validate one year; raise ``DataValidationError`` listing every problem."""
    folder = resolve_data_dir(data_dir)
    year_dir = folder / str(year)
    if not year_dir.is_dir():
        known = ", ".join(map(str, available_years(folder))) if folder.is_dir() else "none"
        raise LookupError(f"no data for year {year} in {folder} (years available: {known})")

    vocab_tables, problems = read_vocabulary(folder / "vocabulary")
    tables: dict[str, RawTable] = {}
    for file in YEAR_FILES:
        table, found = read_csv(year_dir / file, f"{year}/{file}")
        problems += found
        if table is not None:
            tables[file] = table
    sources = _sources(year_dir)
    if problems or len(tables) < len(YEAR_FILES):
        raise DataValidationError(problems)

    vocabulary = vocabulary_from(vocab_tables)
    problems += _check_year(tables, vocabulary, sources)
    if problems:
        raise DataValidationError(problems)
    return _build(year, folder, tables, vocabulary, sources)


def _sources(year_dir: Path) -> dict[str, Path]:
    folder = year_dir / SOURCE_FOLDER
    if not folder.is_dir():
        return {}
    return {p.name: p for p in sorted(folder.iterdir()) if p.is_file()}


def _allowed(vocabulary: Vocabulary, sources: dict[str, Path]) -> dict:
    unit_table = units()
    levels = vocabulary.levels
    return {
        "documents": (set(sources), f"files in the year's {SOURCE_FOLDER}/ folder"),
        "parks": (set(vocabulary.parks["park"]), "vocabulary/parks.csv"),
        "metrics": (set(vocabulary.metrics["metric"]), "vocabulary/metrics.csv"),
        "units": (set(unit_table), "config/units.csv"),
        "canonical_units": ({u.canonical_unit for u in unit_table.values()}, "config/units.csv"),
        "comparisons": (COMPARISONS, ""),
        "header_fields": (set(vocabulary.header_fields["field"]), "vocabulary/header_fields.csv"),
        "award_levels": (AWARD_LEVELS, ""),
        "budget_lines": (BUDGET_LINES, ""),
        "level1": (set(levels.loc[levels["level"] == 1, "id"]), "vocabulary/indicator_levels.csv"),
        "level2": (set(levels.loc[levels["level"] == 2, "id"]), "vocabulary/indicator_levels.csv"),
    }


def _check_year(
    tables: dict[str, RawTable], vocabulary: Vocabulary, sources: dict[str, Path]
) -> list[Problem]:
    allowed = _allowed(vocabulary, sources)
    problems: list[Problem] = []
    for file, table in tables.items():
        problems += _check(table, SCHEMAS[file], allowed)
    if problems:
        # Cross-row checks assume well-typed cells; report the cell problems first.
        return problems
    problems += duplicate_keys(tables["figures.csv"], ["park", "metric", "source_quote"])
    problems += duplicate_keys(tables["awards.csv"], ["park", "award", "source_quote"])
    problems += duplicate_keys(tables["spending.csv"], ["item"])
    problems += duplicate_keys(tables["budget.csv"], ["line"])
    problems += duplicate_keys(tables["indicators.csv"], ["row"])
    problems += duplicate_keys(tables["header.csv"], ["field"])
    texts = {name: path.read_text(encoding="utf-8") for name, path in sources.items()}
    for file in ("figures.csv", "awards.csv", "spending.csv"):
        problems += _quotes_in_source(tables[file], texts)
    problems += _header_quotes(tables["header.csv"], texts)
    problems += _figures_read_back(tables["figures.csv"])
    problems += _header_complete(tables["header.csv"], vocabulary)
    problems += _budget_lines(tables["budget.csv"])
    problems += _indicators(tables["indicators.csv"], vocabulary)
    problems += _weights_total(tables)
    return problems


def _quotes_in_source(table: RawTable, texts: dict[str, str]) -> list[Problem]:
    problems = []
    for _, row in table.frame.iterrows():
        quote = row["source_quote"]
        if quote not in texts.get(row["document"], ""):
            problems.append(
                Problem(
                    table.name,
                    int(row[LINE]),
                    "source_quote",
                    quote,
                    f"a verbatim quote of {row['document']}",
                )
            )
        if "value_text" in row and row["value_text"] not in quote:
            problems.append(
                Problem(
                    table.name,
                    int(row[LINE]),
                    "value_text",
                    row["value_text"],
                    "text that occurs in its source_quote",
                )
            )
    return problems


def _header_quotes(table: RawTable, texts: dict[str, str]) -> list[Problem]:
    whole = "\n".join(texts.values())
    return [
        Problem(
            table.name,
            int(row[LINE]),
            "source_quote",
            row["source_quote"],
            "a verbatim quote of the year's source document",
        )
        for _, row in table.frame.iterrows()
        if row["source_quote"] and row["source_quote"] not in whole
    ]


def _figures_read_back(table: RawTable) -> list[Problem]:
    """Each figure's value, unit, qualifier… must be what the parser reads from its text."""
    from parkmetrics.quantity import QuantityError, parse_quantity

    problems = []
    for _, row in table.frame.iterrows():
        line = int(row[LINE])
        try:
            parsed = parse_quantity(row["value_text"])
        except QuantityError as error:
            problems.append(Problem(table.name, line, "value_text", row["value_text"], str(error)))
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
        text = format(value.normalize(), "f")
        return text
    return str(value)


def _header_complete(table: RawTable, vocabulary: Vocabulary) -> list[Problem]:
    present = set(table.frame["field"])
    required = vocabulary.header_fields.loc[vocabulary.header_fields["required"] == "yes", "field"]
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


def _budget_lines(table: RawTable) -> list[Problem]:
    frame = table.frame
    problems = [
        Problem(
            table.name,
            None,
            "line",
            line,
            "a row for every budget line (blank cells stay blank; rows are never omitted)",
        )
        for line in BUDGET_LINES
        if line not in set(frame["line"])
    ]
    for _, row in frame.iterrows():
        problems += _score_within_weight(table, row)
        if row["rate"] and row["rate_text"]:
            from parkmetrics.quantity import parse_quantity

            read = parse_quantity(row["rate_text"]).value
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


def _score_within_weight(table: RawTable, row: pd.Series) -> list[Problem]:
    if row["score"] and row["weight"] and Decimal(row["score"]) > Decimal(row["weight"]):
        return [
            Problem(
                table.name,
                int(row[LINE]),
                "score",
                row["score"],
                f"a score no higher than its weight {row['weight']}",
            )
        ]
    if row["score"] and Decimal(row["score"]) < 0:
        return [Problem(table.name, int(row[LINE]), "score", row["score"], "a score ≥ 0")]
    return []


def _indicators(table: RawTable, vocabulary: Vocabulary) -> list[Problem]:
    frame = table.frame
    problems = []
    rows = sorted(int(r) for r in frame["row"])
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
    parents = dict(zip(vocabulary.levels["id"], vocabulary.levels["parent"], strict=True))
    metric_ids = set(vocabulary.metrics["metric"])
    for _, row in frame.iterrows():
        line = int(row[LINE])
        if parents.get(row["level2"]) != row["level1"]:
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
        problems += _score_within_weight(table, row)
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


def _weights_total(tables: dict[str, RawTable]) -> list[Problem]:
    """Indicator weights plus the budget-execution weight must make the table's 总分 weight."""
    header = tables["header.csv"].frame
    declared = dict(zip(header["field"], header["value"], strict=True))
    total = Decimal(declared.get("total_weight") or "100")
    budget = tables["budget.csv"].frame
    budget_weight = sum(Decimal(w) for w in budget.loc[budget["line"] == "total", "weight"] if w)
    weights = sum(Decimal(w) for w in tables["indicators.csv"].frame["weight"]) + budget_weight
    if weights == total:
        return []
    return [
        Problem(
            tables["indicators.csv"].name,
            None,
            "weight",
            _plain(weights),
            f"indicator weights plus the budget weight ({_plain(budget_weight)}) "
            f"summing to the total weight {_plain(total)}",
        )
    ]


def _build(
    year: int,
    folder: Path,
    tables: dict[str, RawTable],
    vocabulary: Vocabulary,
    sources: dict[str, Path],
) -> YearData:
    def frame(file: str) -> pd.DataFrame:
        data = tables[file].frame.drop(columns=[LINE]).replace("", None)
        data.insert(0, "year", year)
        return data

    header_rows = frame("header.csv")
    header = {r.field: r.value for r in header_rows.itertuples()}

    figures = frame("figures.csv")
    figures = _numeric(figures, ["value", "canonical_value"])
    figures = figures.sort_values(["park", "metric", "source_quote"], kind="stable")

    spending = _numeric(frame("spending.csv"), ["amount"])
    budget = _numeric(
        frame("budget.csv"),
        ["initial", "full_year", "executed", "weight", "rate", "score"],
    )
    budget["_order"] = budget["line"].map(BUDGET_LINES.index)
    budget = budget.sort_values("_order").drop(columns="_order")

    indicators = _numeric(frame("indicators.csv"), ["weight", "score"])
    indicators["row"] = indicators["row"].astype(int)
    indicators = indicators.sort_values("row")
    labels = dict(zip(vocabulary.levels["id"], vocabulary.levels["label"], strict=True))
    indicators.insert(
        indicators.columns.get_loc("level1") + 1, "level1_label", indicators["level1"].map(labels)
    )
    indicators.insert(
        indicators.columns.get_loc("level2") + 1, "level2_label", indicators["level2"].map(labels)
    )

    awards = frame("awards.csv").sort_values(["park", "award", "source_quote"], kind="stable")
    return YearData(
        year=year,
        data_dir=folder,
        header=header,
        goals={"expected": header.get("goal_expected"), "actual": header.get("goal_actual")},
        figures=figures.reset_index(drop=True),
        awards=awards.reset_index(drop=True),
        spending=spending.reset_index(drop=True),
        budget=budget.reset_index(drop=True),
        indicators=indicators.reset_index(drop=True),
        parks=vocabulary.parks.copy(),
        vocabulary=vocabulary,
        sources=sources,
    )


def _numeric(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    frame = frame.copy()
    for column in columns:
        frame[column] = pd.to_numeric(frame[column]).astype(float)
    return frame


def validate_cli(years: list[int] | None, data_dir: Path | None) -> int:
    """``parkmetrics validate``: load every (or the given) year and print a summary line each."""
    folder = resolve_data_dir(data_dir)
    chosen = years or available_years(folder)
    if not chosen:
        print(f"no year folders in {folder}")
        return 2
    failed: list[str] = []
    for year in chosen:
        try:
            data = load_year(year, folder)
        except DataValidationError as error:
            failed.append(f"{year}: {error}")
            print(f"{year}: INVALID, {len(error.problems)} problem(s)")
            continue
        print(
            f"{year}: ok: {len(data.figures)} figures, {len(data.awards)} awards, "
            f"{len(data.spending)} spending items, {len(data.budget)} budget lines, "
            f"{len(data.indicators)} indicators, {data.parks['park'].nunique()} parks; "
            f"reported total {data.header.get('total_score')}"
        )
    for message in failed:
        print(message)
    return 2 if failed else 0


__all__ = [
    "YearData",
    "available_years",
    "load_year",
    "resolve_data_dir",
    "validate_cli",
]
