"""The table's figures matched to the narrative's metrics, and the narrative figures they meet.

An indicator's ``metrics`` annotation names what its actual cell reports; the vocabulary's
``completion_of`` / ``growth_of`` relations add the metrics a cell reports beside them (a count's
completion rate, a rate's count). Checks 1–3 and 10 compare through these matches.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from parkmetrics.data.tables import loaded_records, memo, records
from parkmetrics.data.vocabulary import CITY
from parkmetrics.scoring.assessment import metrics_of
from parkmetrics.scoring.cells import CellFigure, figures_in, is_blank, parks_named

if TYPE_CHECKING:
    from parkmetrics.data.dataset import YearData

_RELATIONS = ("completion_of", "growth_of")


@dataclass(frozen=True)
class Match:
    """A figure of an indicator's actual cell and the metric it reports."""

    indicator: dict[str, Any]
    figure: CellFigure
    metric: str
    park: str | None  # whose narrative figures it is compared with


def relations(vocabulary: Any) -> pd.DataFrame:
    """The vocabulary's metrics indexed by id (their units and relations)."""
    return memo(vocabulary.metrics, "relations", lambda m: m.set_index("metric"))


def indicators_by_row(year_data: YearData) -> dict[int, dict[str, Any]]:
    """The indicator rows as dicts, by row number."""
    return {int(i["row"]): i for i in loaded_records(year_data.indicators)}


@dataclass(frozen=True)
class Relations:
    """The metrics table as plain lookups (built once per vocabulary)."""

    ids: frozenset  # every metric id
    first: dict[str, dict[str, Any]]  # id → its row (ids are unique: the vocabulary is checked)
    of: dict[tuple[str, Any], list[str]]  # (relation, target) → ids relating to it, in order


def lookups(vocabulary: Any) -> Relations:
    """The vocabulary's metric relations as plain lookups, built once per vocabulary."""
    return memo(vocabulary.metrics, "relation_lookups", _relations)


def _relations(metrics: pd.DataFrame) -> Relations:
    rows = records(metrics)
    first: dict[str, dict[str, Any]] = {}
    of: dict[tuple[str, Any], list[str]] = {}
    for row in rows:
        first.setdefault(row["metric"], row)
        for relation in _RELATIONS:
            if isinstance(row[relation], str):  # ``table[relation] == metric`` matches text only
                of.setdefault((relation, row[relation]), []).append(row["metric"])
    return Relations(frozenset(first), first, of)


def _related_metrics(metrics: list[str], table: Relations) -> list[str]:
    """The indicator's metrics, then the metrics they complete or grow, then those that
    complete or grow them (a count's completion rate, a rate's count)."""
    related = [m for m in metrics if m in table.ids]
    for relation in _RELATIONS:
        for metric in list(related[: len(metrics)]):
            target = table.first[metric][relation]
            if not is_blank(target) and target in table.ids and target not in related:
                related.append(target)
    for relation in _RELATIONS:
        for metric in metrics:
            for other in table.of.get((relation, metric), []):
                if other not in related:
                    related.append(other)
    return related


def table_matches(year_data: YearData) -> list[Match]:
    """Each figure of an actual cell matched to a metric: within one canonical unit, the k-th
    figure is the k-th related metric, when the numbers of both agree (else no match)."""
    table = lookups(year_data.vocabulary)
    parks_of = memo(year_data.figures, "parks_by_metric", _parks_by_metric)
    matches: list[Match] = []
    for indicator in loaded_records(year_data.indicators):
        metrics = metrics_of(indicator)
        if not metrics or is_blank(indicator.get("actual")):
            continue
        related = _related_metrics(metrics, table)
        cell_figures = [f for f in figures_in(indicator["actual"]) if f.value is not None]
        for unit in dict.fromkeys(f.canonical_unit for f in cell_figures):
            of_unit = [f for f in cell_figures if f.canonical_unit == unit]
            candidates = [m for m in related if table.first[m]["canonical_unit"] == unit]
            if len(of_unit) != len(candidates):
                continue
            named = parks_named(indicator["actual"], year_data.parks)
            for figure, metric in zip(of_unit, candidates, strict=True):
                park = _park_of(parks_of.get(metric, []), named)
                matches.append(Match(indicator, figure, metric, park))
    return matches


def _parks_by_metric(figures: pd.DataFrame) -> dict[Any, list[Any]]:
    """Each metric's parks, distinct, in frame order."""
    found: dict[Any, dict[Any, None]] = {}
    for metric, park in zip(figures["metric"], figures["park"], strict=True):
        found.setdefault(metric, {})[park] = None
    return {metric: list(parks) for metric, parks in found.items()}


def _park_of(parks: list[Any], named: tuple[str, ...]) -> str | None:
    """Whose narrative figures of a metric a table figure is compared with: a park the cell
    names, else the whole city, else the only park that reports the metric (``parks``)."""
    for park in (*named, CITY):
        if park in parks:
            return park
    return parks[0] if len(parks) == 1 else None


def exact(figure: dict[str, Any]) -> bool:
    """Whether a narrative figure is an exact number (no 近, 超, 多 …), so it can be compared."""
    return str(figure.get("qualifier") or "exact") == "exact" and not is_blank(figure.get("value"))


# Each figures frame's records by (metric, park), made once per frame: the checks ask for one
# metric's figures dozens of times a year, and a frame → records conversion per question was
# most of check 2's time at province scale. A year's frames are not modified after loading.
_BY_METRIC: dict[int, tuple[Any, dict[tuple[Any, Any], list[dict[str, Any]]]]] = {}


def _by_metric(figures: pd.DataFrame) -> dict[tuple[Any, Any], list[dict[str, Any]]]:
    key = id(figures)
    kept = _BY_METRIC.get(key)
    if kept is not None and kept[0]() is figures:
        return kept[1]
    groups: dict[tuple[Any, Any], list[dict[str, Any]]] = {}
    for record in loaded_records(figures):
        groups.setdefault((record["metric"], record["park"]), []).append(record)
    # forgotten with the frame (the id may then be reused by another one)
    ref = weakref.ref(figures, lambda _gone, key=key: _BY_METRIC.pop(key, None))
    _BY_METRIC[key] = (ref, groups)
    return groups


def narrative_figures(figures: pd.DataFrame, metric: str, park: str | None) -> list[dict[str, Any]]:
    """The narrative's exact figures of ``metric`` for ``park`` (new dicts, in frame order)."""
    if not isinstance(metric, str) or not isinstance(park, str):  # ids are text: as the
        return []  # frame's ``== None`` (or NaN), such a key is equal to nothing
    rows = _by_metric(figures).get((metric, park), [])
    return [dict(f) for f in rows if exact(f)]
