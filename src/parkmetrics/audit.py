"""Review checks (复核) of a self-evaluation, each finding with its evidence.

``audit(year_data)`` runs the ten review checks of the domain brief and returns the findings
table (docs/architecture.md). The checks are generic: they work from the data, the vocabulary
(``growth_of`` / ``completion_of`` relations, the indicators' ``metrics`` annotation, park
names) and the rules (tolerances, thresholds, severities in ``config/rules.yaml``); none names a
figure, a park or a year. Consistent data produces no finding.

Finding codes by review check (severities: ``severity`` in rules.yaml):

 1  ratio_mismatch, budget_rate_mismatch — a reported rate that its own figures do not give
 2  value_conflict — one quantity with two values (table vs narrative, narrative vs budget block)
 3  wrong_quantity — an actual that is the narrative's figure of another quantity
 4  sum_mismatch, total_score_mismatch — parts that do not make their total
 5  blank_goal, blank_field, blank_cell, template_prompt — missing mandatory content
 6  over_achievement_no_reason, under_achievement_no_reason, budget_over_executed
 7  text_actual_full_marks, ranking_for_percentage, fewer_named_items, all_full_marks,
    score_differs — full marks the evidence does not support
 8  weights_total, weights_level1_mismatch, weights_unusual_split
 9  park_two_names, project_two_names — one entity under two names
10  unit_slip, rounding, score_rounded — unit slips and roundings

``run_cli`` is the ``parkmetrics audit`` command. Exit codes: 0 no error-severity finding,
1 error-severity findings, 2 bad input or usage (raised as exceptions the CLI maps to 2).
"""

from __future__ import annotations

import math
import re
import sys
import types
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd

from parkmetrics.assessment import (
    BUDGET_UNIT,
    Assessment,
    CellFigure,
    assess,
    figures_in,
    header_number,
    parks_named,
)
from parkmetrics.rules import SEVERITIES, Rules, load_rules

FINDING_COLUMNS = [
    "finding", "code", "check", "severity", "subject", "message_zh", "message_en",
    "evidence", "evidence_text",
]  # fmt: skip

EXIT_OK, EXIT_ERRORS = 0, 1
TABLE = "自评表"  # how evidence from the self-evaluation table is labelled
BUDGET_COLUMNS = {"initial": "年初预算数", "full_year": "全年预算数", "executed": "全年执行数"}
GOAL_FIELDS = ("goal_expected", "goal_actual")


@dataclass(frozen=True)
class Evidence:
    """One figure or text a finding rests on, with where it was written."""

    what: str
    value_text: str | None
    value: float | None = None
    unit: str | None = None
    source_quote: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """The evidence as a plain dict (the findings table's ``evidence`` items)."""
        return {
            "what": self.what,
            "value_text": self.value_text,
            "value": self.value,
            "unit": self.unit,
            "source_quote": self.source_quote,
        }


@dataclass(frozen=True)
class _Finding:
    code: str
    check: int
    subject: str
    message_zh: str
    message_en: str
    evidence: tuple[Evidence, ...]


def audit(year_data: Any, rules: Rules | None = None) -> pd.DataFrame:
    """Run the review checks on a year; one row per finding, errors first (see module doc)."""
    rules = rules or load_rules()
    assessment = assess(year_data, rules)
    matches = _table_matches(year_data)
    found: list[_Finding] = []
    for check in (
        _check_ratios, _check_values, _check_sums, _check_blanks, _check_reasons,
        _check_evidence, _check_weights, _check_park_names, _check_project_name, _check_scores,
    ):  # fmt: skip
        found += check(year_data, assessment, matches, rules)
    return _frame(found, rules)


# --- evidence helpers -------------------------------------------------------------------------


def _blank(value: Any) -> bool:
    """None, NaN, pandas' NA or an empty text."""
    if value is None or value is pd.NA:
        return True
    return (isinstance(value, float) and math.isnan(value)) or str(value) == ""


def _fmt(value: float | None) -> str:
    """A number as a person writes it: no trailing zeros, at most 4 decimals."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return text if text != "-0" else "0"


def _pct(ratio: float) -> str:
    return f"{ratio * 100:.1f}%"


def half_last_digit(written: str | float | None) -> float:
    """Half a unit of the last digit written (102% → 0.5; 810.24 → 0.005): a rounding's reach."""
    if written is None:
        return 0.0
    if isinstance(written, float | int):
        if isinstance(written, float) and math.isnan(written):
            return 0.0
        places = max(0, -Decimal(repr(float(written))).normalize().as_tuple().exponent)
        return 0.5 * 10**-places
    numbers = re.findall(r"\d+(?:\.(\d+))?", unicodedata.normalize("NFKC", written))
    if not numbers:
        return 0.0
    return 0.5 * 10 ** -len(numbers[-1])


def _canonical(symbol: Any) -> str | None:
    """The canonical unit of a unit as written (％ and 百分比 are %)."""
    from parkmetrics.units import unit

    found = unit(None if _blank(symbol) else str(symbol))
    return found.canonical_unit if found is not None else None


def _factor(figure: CellFigure | dict[str, Any]) -> float:
    """Canonical units per written unit of a figure (1 when unknown)."""
    get = figure.get if isinstance(figure, dict) else lambda k: getattr(figure, k)
    value, canonical = get("value"), get("canonical_value")
    if _blank(value) or _blank(canonical) or not value:
        return 1.0
    return float(canonical) / float(value)


def _figure_evidence(figure: dict[str, Any], what: str | None = None) -> Evidence:
    """Evidence of a narrative figure (a row of ``figures``)."""
    return Evidence(
        what=what or f"叙述·{figure['label']}",
        value_text=figure["value_text"],
        value=None if _blank(figure["value"]) else float(figure["value"]),
        unit=None if _blank(figure["unit"]) else figure["unit"],
        source_quote=figure["source_quote"],
    )


def _cell_evidence(what: str, figure: CellFigure | None, cell: str | None) -> Evidence:
    """Evidence of a figure (or the whole text) of a table cell; the quote is the cell."""
    if figure is None:
        return Evidence(f"{TABLE}·{what}", cell, source_quote=cell)
    return Evidence(f"{TABLE}·{what}", figure.text, figure.value, figure.unit, cell)


def _indicator_what(indicator: dict[str, Any], cell: str) -> str:
    return f"第{int(indicator['row'])}行「{indicator['level3']}」{cell}"


# --- matching table figures to metrics -------------------------------------------------------


@dataclass(frozen=True)
class _Match:
    """A figure of an indicator's actual cell and the metric it reports."""

    indicator: dict[str, Any]
    figure: CellFigure
    metric: str
    park: str | None  # whose narrative figures it is compared with


def _relations(vocabulary: Any) -> pd.DataFrame:
    return vocabulary.metrics.set_index("metric")


def _related_metrics(metrics: list[str], table: pd.DataFrame) -> list[str]:
    """The indicator's metrics, then the metrics they complete or grow, then those that
    complete or grow them (a count's completion rate, a rate's count)."""
    related = [m for m in metrics if m in table.index]
    for relation in ("completion_of", "growth_of"):
        for metric in list(related[: len(metrics)]):
            target = table.at[metric, relation]
            if not _blank(target) and target in table.index and target not in related:
                related.append(target)
    for relation in ("completion_of", "growth_of"):
        for metric in metrics:
            for other in table.index[table[relation] == metric]:
                if other not in related:
                    related.append(other)
    return related


def _table_matches(year_data: Any) -> list[_Match]:
    """Each figure of an actual cell matched to a metric: within one canonical unit, the k-th
    figure is the k-th related metric, when the numbers of both agree (else no match)."""
    table = _relations(year_data.vocabulary)
    figures = year_data.figures
    matches: list[_Match] = []
    for indicator in year_data.indicators.to_dict("records"):
        if _blank(indicator.get("metrics")) or _blank(indicator.get("actual")):
            continue
        metrics = [m.strip() for m in str(indicator["metrics"]).split(";") if m.strip()]
        related = _related_metrics(metrics, table)
        cell_figures = [f for f in figures_in(indicator["actual"]) if f.value is not None]
        for unit in dict.fromkeys(f.canonical_unit for f in cell_figures):
            of_unit = [f for f in cell_figures if f.canonical_unit == unit]
            candidates = [m for m in related if table.at[m, "canonical_unit"] == unit]
            if len(of_unit) != len(candidates):
                continue
            named = parks_named(indicator["actual"], year_data.parks)
            for figure, metric in zip(of_unit, candidates, strict=True):
                park = _park_of(figures, metric, named)
                matches.append(_Match(indicator, figure, metric, park))
    return matches


def _park_of(figures: pd.DataFrame, metric: str, named: tuple[str, ...]) -> str | None:
    """Whose narrative figures of ``metric`` a table figure is compared with: a park the cell
    names, else the whole city, else the only park that reports the metric."""
    parks = list(dict.fromkeys(figures.loc[figures["metric"] == metric, "park"]))
    for park in (*named, "city"):
        if park in parks:
            return park
    return parks[0] if len(parks) == 1 else None


def _exact(figure: dict[str, Any]) -> bool:
    return str(figure.get("qualifier") or "exact") == "exact" and not _blank(figure.get("value"))


def _narrative(figures: pd.DataFrame, metric: str, park: str | None) -> list[dict[str, Any]]:
    rows = figures[(figures["metric"] == metric) & (figures["park"] == park)]
    return [f for f in rows.to_dict("records") if _exact(f)]


def _agree(a: float, a_text: str | None, b: float, b_text: str | None, scale: float) -> bool:
    """Two canonical values agree within the rounding of the less precise written one."""
    tolerance = max(half_last_digit(a_text), half_last_digit(b_text)) * scale
    return abs(a - b) <= tolerance + 1e-9 * max(abs(a), abs(b), 1)


# --- check 1: ratios --------------------------------------------------------------------------


def _check_ratios(year_data: Any, assessment: Assessment, matches: list[_Match], rules: Rules):
    found: list[_Finding] = []
    table = _relations(year_data.vocabulary)
    items = assessment.items
    indicators = {int(i["row"]): i for i in year_data.indicators.to_dict("records")}
    for item in items[items["kind"].isin(["indicator", "part"])].to_dict("records"):
        ratio = item["ratio"]
        if math.isnan(ratio) or _canonical(item["target_unit"]) in rules.percent_evidence_units:
            continue  # a rate's own "completion rate" is not reported
        if item["direction"] == "qualitative" or _blank(item["actual_value"]):
            continue
        indicator = indicators[int(item["row"])]
        metric = _part_metric(indicator, item)
        if metric is None:
            continue
        completions = set(table.index[table["completion_of"] == metric])
        reported = [(m.figure, None) for m in matches if m.metric in completions
                    and m.indicator["row"] == indicator["row"]]  # fmt: skip
        park = next((m.park for m in matches if m.metric in completions
                     and m.indicator["row"] == indicator["row"]), "city")  # fmt: skip
        for completion in sorted(completions):
            reported += [(None, f) for f in _narrative(year_data.figures, completion, park)]
        wrong = [
            (cell, narrative) for cell, narrative in reported
            if not _agree(ratio * 100, None, _reported_value(cell, narrative),
                          _reported_text(cell, narrative), 1.0)
        ]  # fmt: skip
        if not wrong:
            continue
        label = item["label"] or indicator["level3"]
        shown = "、".join(dict.fromkeys(_reported_text(c, n) for c, n in wrong))
        evidence = (
            Evidence(f"{TABLE}·{_indicator_what(indicator, '年度指标值')}",
                     _target_text(item), item["target_value"], item["target_unit"],
                     indicator["target"]),
            Evidence(f"{TABLE}·{_indicator_what(indicator, '实际完成值')}",
                     _actual_text(item), item["actual_value"], item["actual_unit"],
                     indicator["actual"]),
            *[_cell_evidence(_indicator_what(indicator, "完成率"), c, indicator["actual"])
              if c is not None else _figure_evidence(n) for c, n in wrong],
        )  # fmt: skip
        found.append(
            _Finding(
                "ratio_mismatch", 1, item["item"],
                f"「{label}」完成率应为 {_actual_text(item)}÷{_target_text(item)}"
                f"＝{_pct(ratio)}，报告为 {shown}",
                f"'{label}': completion is {_actual_text(item)} ÷ {_target_text(item)} = "
                f"{_pct(ratio)}, reported as {shown}",
                evidence,
            )
        )  # fmt: skip
    found += _budget_rates(year_data.budget, rules)
    return found


def _part_metric(indicator: dict[str, Any], item: dict[str, Any]) -> str | None:
    if _blank(indicator.get("metrics")):
        return None
    metrics = [m.strip() for m in str(indicator["metrics"]).split(";") if m.strip()]
    index = int(item["part"]) - 1 if not _blank(item["part"]) else 0
    return metrics[index] if index < len(metrics) else None


def _reported_value(cell: CellFigure | None, narrative: dict | None) -> float:
    return float(cell.value) if cell is not None else float(narrative["value"])


def _reported_text(cell: CellFigure | None, narrative: dict | None) -> str:
    return cell.text if cell is not None else str(narrative["value_text"])


def _target_text(item: dict[str, Any]) -> str:
    unit = "" if _blank(item["target_unit"]) else item["target_unit"]
    return f"{_fmt(item['target_value'])}{unit}"


def _actual_text(item: dict[str, Any]) -> str:
    unit = "" if _blank(item["actual_unit"]) else item["actual_unit"]
    return f"{_fmt(item['actual_value'])}{unit}"


def _budget_rates(budget: pd.DataFrame, rules: Rules) -> list[_Finding]:
    found = []
    for line in budget.to_dict("records"):
        full, executed, rate = line["full_year"], line["executed"], line["rate"]
        if any(_blank(x) for x in (full, executed, rate)) or not full:
            continue
        actual = executed / full * 100
        if _agree(actual, None, rate, line["rate_text"], 1.0):
            continue
        found.append(
            _Finding(
                "budget_rate_mismatch", 1, f"budget-{line['line']}",
                f"「{line['label']}」执行率应为 {_fmt(executed)}÷{_fmt(full)}＝{actual:.1f}%，"
                f"报告为 {line['rate_text']}",
                f"'{line['label']}': execution rate is {_fmt(executed)} ÷ {_fmt(full)} = "
                f"{actual:.1f}%, reported as {line['rate_text']}",
                (
                    Evidence(f"{TABLE}·{line['label']}·全年预算数", _fmt(full), full, "万元"),
                    Evidence(f"{TABLE}·{line['label']}·全年执行数", _fmt(executed), executed,
                             "万元"),
                    Evidence(f"{TABLE}·{line['label']}·执行率", line["rate_text"], rate, "%"),
                ),
            )
        )  # fmt: skip
    return found


# --- checks 2, 3, 10: one quantity, two values ---------------------------------------------------


def _check_values(year_data: Any, assessment: Assessment, matches: list[_Match], rules: Rules):
    found: list[_Finding] = []
    figures = year_data.figures
    for match in matches:
        figure = match.figure
        if match.park is None or (figure.qualifier or "exact") != "exact":
            continue
        narrative = _narrative(figures, match.metric, match.park)
        scale = _factor(figure)
        differing = [
            n for n in narrative
            if not _agree(figure.canonical_value, figure.text, float(n["canonical_value"]),
                          n["value_text"], scale)
        ]  # fmt: skip
        if not differing:
            continue
        found.append(_value_finding(year_data, match, differing, rules))
    found += _figures_twice(figures, rules)
    found += _budget_block_figures(year_data, rules)
    return found


def _budget_block_figures(year_data: Any, rules: Rules) -> list[_Finding]:
    """The narrative's budget figures (预算收入, 年初预算, 支出 …) against the table's
    年度资金总额 line, through ``rules.budget_block_metrics``."""
    budget = year_data.budget
    lines = budget[budget["line"] == "total"].to_dict("records")
    if not lines:
        return []
    line, found = lines[0], []
    scale = _unit_scale(BUDGET_UNIT)
    for metric, column in rules.budget_block_metrics.items():
        cell = line.get(column)
        if _blank(cell):
            continue
        for f in _narrative(year_data.figures, metric, "city"):
            if _agree(float(cell) * scale, _fmt(float(cell)), float(f["canonical_value"]),
                      f["value_text"], scale):  # fmt: skip
                continue
            what = f"{line['label']}·{BUDGET_COLUMNS[column]}"
            found.append(
                _Finding(
                    "value_conflict", 2, metric,
                    f"「{f['label']}」叙述为 {f['value_text']}，自评表{what}为 "
                    f"{_fmt(float(cell))}{BUDGET_UNIT}",
                    f"'{f['label']}' ({metric}): narrative {f['value_text']}, table {what} "
                    f"{_fmt(float(cell))}{BUDGET_UNIT}",
                    (_figure_evidence(f),
                     Evidence(f"{TABLE}·{what}", f"{_fmt(float(cell))}{BUDGET_UNIT}",
                              float(cell), BUDGET_UNIT)),
                )
            )  # fmt: skip
    return found


def _value_finding(year_data: Any, match: _Match, differing: list[dict], rules: Rules) -> _Finding:
    indicator, figure = match.indicator, match.figure
    label = year_data.vocabulary.metric_label(match.metric)
    cell = _cell_evidence(_indicator_what(indicator, "实际完成值"), figure, indicator["actual"])
    others = [_figure_evidence(n) for n in differing]
    subject = f"indicator-{int(indicator['row'])}"
    shown = "、".join(n["value_text"] for n in differing)

    # check 3: the table's value is the figure of another quantity of the narrative
    namesake = _same_value_elsewhere(year_data.figures, match, figure)
    if namesake is not None:
        other_label = namesake["label"]
        return _Finding(
            "wrong_quantity", 3, subject,
            f"第{int(indicator['row'])}行「{indicator['level3']}」的实际完成值 {figure.text} 是"
            f"「{other_label}」的数值；叙述中「{label}」为 {shown}",
            f"row {int(indicator['row'])} '{indicator['level3']}': the actual {figure.text} is the "
            f"figure of '{other_label}' ({namesake['metric']}); the narrative gives "
            f"'{label}' ({match.metric}) as {shown}",
            (cell, *others, _figure_evidence(namesake)),
        )  # fmt: skip

    # check 10: a value off by a unit factor (万, 亿, 公顷 ↔ 亩) is a unit slip
    factors = [
        f for f in rules.unit_slip_factors for n in differing
        if _near_factor(figure.canonical_value, float(n["canonical_value"]), f)
    ]  # fmt: skip
    if factors:
        return _Finding(
            "unit_slip", 10, match.metric,
            f"「{label}」自评表为 {figure.text}，叙述为 {shown}，"
            f"相差约 {_fmt(factors[0])} 倍，疑似单位错误",
            f"'{label}' ({match.metric}): table {figure.text}, narrative {shown}, a factor of "
            f"about {_fmt(factors[0])}: likely a unit slip",
            (cell, *others),
        )  # fmt: skip
    return _Finding(
        "value_conflict", 2, match.metric,
        f"「{label}」前后不一致：自评表为 {figure.text}，叙述为 {shown}",
        f"'{label}' ({match.metric}) is given twice with different values: table {figure.text}, "
        f"narrative {shown}",
        (cell, *others),
    )  # fmt: skip


def _same_value_elsewhere(figures: pd.DataFrame, match: _Match, figure: CellFigure) -> dict | None:
    """The one narrative figure of another metric (same park, same unit) with the table's value."""
    rows = figures[
        (figures["park"] == match.park)
        & (figures["metric"] != match.metric)
        & (figures["canonical_unit"] == figure.canonical_unit)
    ]
    same = [
        f for f in rows.to_dict("records")
        if _exact(f) and _agree(figure.canonical_value, figure.text, float(f["canonical_value"]),
                                f["value_text"], _factor(figure))
    ]  # fmt: skip
    return same[0] if len(same) == 1 else None


def _near_factor(a: float, b: float, factor: float) -> bool:
    if not a or not b:
        return False
    ratio = max(a, b) / min(a, b)
    return abs(ratio / factor - 1) < 0.02


def _figures_twice(figures: pd.DataFrame, rules: Rules) -> list[_Finding]:
    """Within the narrative: the same park, metric and label with two different exact values."""
    found = []
    mask = pd.Series(
        [_exact(f) for f in figures.to_dict("records")], index=figures.index, dtype=bool
    )
    exact = figures[mask]
    for (park, metric, label), group in exact.groupby(["park", "metric", "label"], sort=True):
        rows = group.to_dict("records")
        first = rows[0]
        differing = [
            r for r in rows[1:]
            if not _agree(float(first["canonical_value"]), first["value_text"],
                          float(r["canonical_value"]), r["value_text"], _factor(first))
        ]  # fmt: skip
        if not differing:
            continue
        shown = "、".join(r["value_text"] for r in (first, *differing))
        found.append(
            _Finding(
                "value_conflict", 2, metric,
                f"「{label}」在叙述中出现不同数值：{shown}",
                f"'{label}' ({metric}, {park}) is given with different values: {shown}",
                tuple(_figure_evidence(r) for r in (first, *differing)),
            )
        )  # fmt: skip
    return found


# --- check 4: parts and totals (and check 10's roundings) -------------------------------------


def _check_sums(year_data: Any, assessment: Assessment, matches: list[_Match], rules: Rules):
    found: list[_Finding] = []
    budget = year_data.budget.set_index("line", drop=False)
    spending = year_data.spending
    if "total" in budget.index and not spending.empty:
        total = budget.at["total", "executed"]
        if not _blank(total):
            found += _sum_finding(
                "spending",
                [(r["label"], r["amount"], r["unit"], r["source_quote"],
                  r["amount"] * _unit_scale(r["unit"])) for r in spending.to_dict("records")],
                (f"{budget.at['total', 'label']}·全年执行数", total, "万元"),
                "支出明细", "spending items", rules,
            )  # fmt: skip
    details = [line for line in budget.index if line != "total"]
    if "total" in budget.index and details:
        for column, column_label in BUDGET_COLUMNS.items():
            total = budget.at["total", column]
            parts = [(budget.at[d, "label"], budget.at[d, column]) for d in details]
            parts = [(label, value) for label, value in parts if not _blank(value)]
            if _blank(total) or not parts:
                continue
            found += _sum_finding(
                f"budget-{column}",
                [(f"{label}·{column_label}", v, "万元", None, v * 10000) for label, v in parts],
                (f"{budget.at['total', 'label']}·{column_label}", total, "万元"),
                f"预算{column_label}明细", f"budget lines ({column})", rules,
            )  # fmt: skip
    found += _total_score(year_data, rules)
    return found


def _unit_scale(unit: Any) -> float:
    from parkmetrics.units import unit as unit_of

    found = unit_of(None if _blank(unit) else str(unit))
    return float(found.factor) if found is not None else 1.0


def _sum_finding(
    subject: str,
    parts: list[tuple[str, float, str, str | None, float]],
    total: tuple[str, float, str],
    zh: str,
    en: str,
    rules: Rules,
) -> list[_Finding]:
    """Compare parts (label, value, unit, quote, canonical value) with a total (in 万元)."""
    total_label, total_value, total_unit = total
    canonical_total = total_value * _unit_scale(total_unit)
    summed = sum(p[4] for p in parts)
    difference = summed - canonical_total
    if abs(difference) < 1e-9 * max(abs(canonical_total), 1):
        return []
    shown_sum = _fmt(summed / _unit_scale(total_unit))
    evidence = (
        *[Evidence(f"{TABLE}·{label}" if quote is None else f"叙述·{label}",
                   f"{_fmt(value)}{unit}", value, unit, quote)
          for label, value, unit, quote, _ in parts],
        Evidence(f"{TABLE}·{total_label}", f"{_fmt(total_value)}{total_unit}", total_value,
                 total_unit),
    )  # fmt: skip
    tolerance = half_last_digit(float(total_value)) * _unit_scale(total_unit)
    if abs(difference) <= tolerance:
        return [
            _Finding(
                "rounding", 10, subject,
                f"{zh}合计 {shown_sum}{total_unit}，总额记为 {_fmt(total_value)}{total_unit}，"
                "差额在四舍五入范围内",
                f"{en} add up to {shown_sum}{total_unit}; the total is written "
                f"{_fmt(total_value)}{total_unit}: within rounding",
                evidence,
            )
        ]  # fmt: skip
    slip = _slipped_part(parts, canonical_total, tolerance, rules)
    if slip is not None:
        label, value, unit, factor = slip
        return [
            _Finding(
                "unit_slip", 10, subject,
                f"{zh}中「{label}」{_fmt(value)}{unit} 按 {_fmt(factor)} 倍换算后合计与总额 "
                f"{_fmt(total_value)}{total_unit} 相符，疑似单位错误",
                f"{en}: with '{label}' {_fmt(value)}{unit} scaled by {_fmt(factor)} the items "
                f"make the total {_fmt(total_value)}{total_unit}: likely a unit slip",
                evidence,
            )
        ]  # fmt: skip
    return [
        _Finding(
            "sum_mismatch", 4, subject,
            f"{zh}合计 {shown_sum}{total_unit}，与总额 {_fmt(total_value)}{total_unit} 不符",
            f"{en} add up to {shown_sum}{total_unit}, not the total "
            f"{_fmt(total_value)}{total_unit}",
            evidence,
        )
    ]  # fmt: skip


def _slipped_part(
    parts: list[tuple[str, float, str, str | None, float]],
    total: float,
    tolerance: float,
    rules: Rules,
) -> tuple[str, float, str, float] | None:
    """The one part that, scaled by a unit factor (万, 亿 …), makes the parts add up."""
    summed = sum(p[4] for p in parts)
    found = []
    for label, value, unit, _, canonical in parts:
        for factor in rules.unit_slip_factors:
            for scaled in (canonical / factor, canonical * factor):
                if abs(summed - canonical + scaled - total) <= tolerance:
                    found.append((label, value, unit, factor))
    return found[0] if len(found) == 1 else None


def _total_score(year_data: Any, rules: Rules) -> list[_Finding]:
    declared = header_number(year_data.header.get("total_score"))
    if math.isnan(declared):
        return []
    budget = year_data.budget
    scores = list(budget.loc[budget["line"] == "total", "score"].dropna())
    scores += list(year_data.indicators["score"].dropna())
    summed = float(sum(scores))
    if abs(summed - declared) <= 1e-9:
        return []
    return [
        _Finding(
            "total_score_mismatch", 4, "total_score",
            f"各项得分合计 {_fmt(summed)}，总分记为 {_fmt(declared)}",
            f"the item scores add up to {_fmt(summed)}, the total score is written "
            f"{_fmt(declared)}",
            (Evidence(f"{TABLE}·总分·得分", str(year_data.header.get("total_score")), declared),
             Evidence(f"{TABLE}·各项得分之和", _fmt(summed), summed)),
        )
    ]  # fmt: skip


# --- check 5: blank or meaningless mandatory content ------------------------------------------


def _check_blanks(year_data: Any, assessment: Assessment, matches: list[_Match], rules: Rules):
    found: list[_Finding] = []
    vocabulary = year_data.vocabulary
    fields = vocabulary.header_fields
    required = fields.loc[fields["required"] == "yes", "field"].tolist()
    for field in required:
        value = year_data.header.get(field)
        label = vocabulary.header_label(field)
        if not _blank(value):
            continue
        code = "blank_goal" if field in GOAL_FIELDS else "blank_field"
        found.append(
            _Finding(
                code, 5, field, f"必填项「{label}」为空",
                f"the mandatory field {label} ({field}) is blank",
                (Evidence(f"{TABLE}·{label}", None),),
            )
        )  # fmt: skip
    cells = {"level3": "三级指标", "target": "年度指标值", "actual": "实际完成值",
             "weight": "分值", "score": "得分"}  # fmt: skip
    for indicator in year_data.indicators.to_dict("records"):
        for column, cell_label in cells.items():
            value = indicator.get(column)
            subject = f"indicator-{int(indicator['row'])}"
            what = f"第{int(indicator['row'])}行·{cell_label}"
            if _blank(value):
                found.append(
                    _Finding(
                        "blank_cell", 5, subject, f"{what}为空",
                        f"row {int(indicator['row'])}: {column} is blank",
                        (Evidence(f"{TABLE}·{what}", None),),
                    )
                )  # fmt: skip
            elif any(prompt in str(value) for prompt in rules.template_prompts):
                found.append(_prompt_finding(subject, what, str(value)))
    for field, value in year_data.header.items():
        if not _blank(value) and any(p in str(value) for p in rules.template_prompts):
            found.append(_prompt_finding(field, vocabulary.header_label(field), str(value)))
    return found


def _prompt_finding(subject: str, what: str, value: str) -> _Finding:
    return _Finding(
        "template_prompt", 5, subject, f"{what}仍为模板提示文字：{value}",
        f"{what} still holds the template's prompt: {value}",
        (Evidence(f"{TABLE}·{what}", value, source_quote=value),),
    )  # fmt: skip


# --- check 6: large deviations with no reason --------------------------------------------------


def _check_reasons(year_data: Any, assessment: Assessment, matches: list[_Match], rules: Rules):
    found: list[_Finding] = []
    indicators = {int(i["row"]): i for i in year_data.indicators.to_dict("records")}
    items = assessment.items
    parts = items[items["kind"] == "part"]
    # composite rows whose parts already explain the deviation
    explained = set(parts.loc[parts["reason_required"], "row"].dropna().astype(int))
    for item in items.to_dict("records"):
        if item["kind"] == "budget":
            found += _budget_reason(item, year_data.budget, rules)
            continue
        row = int(item["row"])
        if item["kind"] == "indicator" and row in explained:
            continue  # its parts speak for it
        if not item["reason_required"] or item["reason_present"]:
            continue
        indicator = indicators[row]
        evidence = (
            Evidence(f"{TABLE}·{_indicator_what(indicator, '年度指标值')}", item["target_text"],
                     item["target_value"], item["target_unit"], indicator["target"]),
            Evidence(f"{TABLE}·{_indicator_what(indicator, '实际完成值')}", item["actual_text"],
                     item["actual_value"], item["actual_unit"], indicator["actual"]),
            Evidence(f"{TABLE}·{_indicator_what(indicator, '偏差原因分析及改进措施')}",
                     indicator.get("deviation_reason") or None),
        )  # fmt: skip
        label = item["label"] or indicator["level3"]
        ratio = item["ratio"]
        threshold = rules.over_achievement_threshold
        if not math.isnan(ratio) and ratio >= threshold:
            found.append(
                _Finding(
                    "over_achievement_no_reason", 6, item["item"],
                    f"「{label}」实际 {_actual_text(item)} 为目标 {_target_text(item)} 的 "
                    f"{_pct(ratio)}（≥{threshold:.0%}），目标可能偏低，未填写偏差原因",
                    f"'{label}': actual {_actual_text(item)} is {_pct(ratio)} of the target "
                    f"{_target_text(item)} (≥ {threshold:.0%}): the target may have been set too "
                    "low, and no deviation reason is given",
                    evidence,
                )
            )  # fmt: skip
        else:
            found.append(
                _Finding(
                    "under_achievement_no_reason", 6, item["item"],
                    f"「{label}」未达到目标或未得满分，未填写偏差原因",
                    f"'{label}' falls short of its target or its weight, and no deviation reason "
                    "is given",
                    evidence,
                )
            )  # fmt: skip
    return found


def _budget_reason(item: dict[str, Any], budget: pd.DataFrame, rules: Rules) -> list[_Finding]:
    rate = item["ratio"]
    if math.isnan(rate):
        return []
    evidence = (
        Evidence(f"{TABLE}·{item['label']}·全年预算数", item["target_text"],
                 item["target_value"], "万元"),
        Evidence(f"{TABLE}·{item['label']}·全年执行数", item["actual_text"],
                 item["actual_value"], "万元"),
    )  # fmt: skip
    if rate > rules.budget_rate_flag_above:
        return [
            _Finding(
                "budget_over_executed", 6, "budget",
                f"预算执行率 {_pct(rate)} 超过 {rules.budget_rate_flag_above:.0%}，需说明原因",
                f"budget execution {_pct(rate)} exceeds {rules.budget_rate_flag_above:.0%}: "
                "an explanation is needed",
                evidence,
            )
        ]  # fmt: skip
    if rate < rules.budget_reason_below and rules.reason_required_when.get(
        "budget_below_threshold"
    ):
        return [
            _Finding(
                "under_achievement_no_reason", 6, "budget",
                f"预算执行率 {_pct(rate)} 低于 {rules.budget_reason_below:.0%}，"
                "需说明偏差原因",
                f"budget execution {_pct(rate)} is below {rules.budget_reason_below:.0%}; "
                "a deviation reason is required",
                evidence,
            )
        ]  # fmt: skip
    return []


# --- check 7: full marks the evidence does not support -----------------------------------------


def _check_evidence(year_data: Any, assessment: Assessment, matches: list[_Match], rules: Rules):
    found: list[_Finding] = []
    indicators = {int(i["row"]): i for i in year_data.indicators.to_dict("records")}
    items = assessment.items
    for item in items[items["kind"] == "indicator"].to_dict("records"):
        indicator = indicators[int(item["row"])]
        if _blank(indicator.get("actual")):
            continue  # a blank cell is check 5's
        full = not math.isnan(item["reported_score"]) and item["reported_score"] >= item["weight"]
        if not full or item["direction"] == "qualitative" or not _blank(item["actual_value"]):
            if full and not _blank(item["actual_value"]) and "named" in str(item["rule"]):
                found += _fewer_named(item, indicator)
            continue
        if not math.isnan(item["recomputed_score"]) or item["kind"] != "indicator":
            continue
        label = indicator["level3"]
        target = Evidence(f"{TABLE}·{_indicator_what(indicator, '年度指标值')}",
                          indicator["target"], item["target_value"], item["target_unit"],
                          indicator["target"])  # fmt: skip
        actual = Evidence(f"{TABLE}·{_indicator_what(indicator, '实际完成值')}",
                          indicator["actual"], source_quote=indicator["actual"])  # fmt: skip
        score = Evidence(f"{TABLE}·{_indicator_what(indicator, '得分')}",
                         _fmt(item["reported_score"]), item["reported_score"])  # fmt: skip
        honours = _honours_in(indicator["actual"], year_data, rules)
        if _canonical(item["target_unit"]) in rules.percent_evidence_units and honours:
            found.append(
                _Finding(
                    "ranking_for_percentage", 7, item["item"],
                    f"「{label}」目标为百分比（{indicator['target']}），实际完成值以排名或荣誉代替"
                    f"（{indicator['actual']}），却得满分",
                    f"'{label}': a percentage target ({indicator['target']}) is met by a ranking "
                    f"or honour ({indicator['actual']}), not a measured rate, yet scores full "
                    "marks",
                    (target, actual, *honours, score),
                )
            )  # fmt: skip
        else:
            found.append(
                _Finding(
                    "text_actual_full_marks", 7, item["item"],
                    f"「{label}」目标为 {indicator['target']}，实际完成值仅为文字"
                    f"（{indicator['actual']}），无可核对的数值，却得满分",
                    f"'{label}': the target {indicator['target']} is answered by text "
                    f"({indicator['actual']}) with no figure to check, yet scores full marks",
                    (target, actual, score),
                )
            )  # fmt: skip
    found += _all_full_marks(year_data)
    return found


def _honours_in(text: str, year_data: Any, rules: Rules) -> list[Evidence]:
    """Rankings and honours in a text: figures in a ranking unit, awards quoted there."""
    evidence = [
        Evidence(f"{TABLE}·排名", f.text, f.value, f.unit, text)
        for f in figures_in(text)
        if f.canonical_unit in rules.ranking_units
    ]
    for award in year_data.awards.to_dict("records"):
        quote = str(award["source_quote"])
        if quote in text or text in quote:
            evidence.append(Evidence(f"荣誉·{award['label']}", award["label"], None, None, quote))
    return evidence


def _fewer_named(item: dict[str, Any], indicator: dict[str, Any]) -> list[_Finding]:
    if item["actual_value"] >= item["target_value"]:
        return []
    label = indicator["level3"]
    return [
        _Finding(
            "fewer_named_items", 7, item["item"],
            f"「{label}」目标 {indicator['target']}，实际仅列出 {_fmt(item['actual_value'])} 家，"
            "却得满分",
            f"'{label}': target {indicator['target']}, but the actual names only "
            f"{_fmt(item['actual_value'])}, yet scores full marks",
            (Evidence(f"{TABLE}·{_indicator_what(indicator, '年度指标值')}", indicator["target"],
                      item["target_value"], item["target_unit"], indicator["target"]),
             Evidence(f"{TABLE}·{_indicator_what(indicator, '实际完成值')}", indicator["actual"],
                      item["actual_value"], "家", indicator["actual"])),
        )
    ]  # fmt: skip


def _all_full_marks(year_data: Any) -> list[_Finding]:
    indicators = year_data.indicators
    scored = indicators.dropna(subset=["weight", "score"])
    if len(scored) < 2 or not (scored["score"] >= scored["weight"]).all():
        return []
    total = year_data.header.get("total_score")
    return [
        _Finding(
            "all_full_marks", 7, "indicators",
            f"全部 {len(scored)} 项指标均为满分（总分 {total}），自评缺乏区分度，需逐项核实依据",
            f"all {len(scored)} indicators score full marks (total {total}); each needs its "
            "evidence checked",
            tuple(
                Evidence(f"{TABLE}·第{int(r['row'])}行「{r['level3']}」得分/分值",
                         f"{_fmt(r['score'])}/{_fmt(r['weight'])}", r["score"])
                for r in scored.to_dict("records")
            ),
        )
    ]  # fmt: skip


# --- check 8: weights ---------------------------------------------------------------------------


def _check_weights(year_data: Any, assessment: Assessment, matches: list[_Match], rules: Rules):
    found: list[_Finding] = []
    header, indicators = year_data.header, year_data.indicators
    budget = year_data.budget
    budget_weight = float(budget.loc[budget["line"] == "total", "weight"].fillna(0).sum())
    sums = indicators.groupby("level1")["weight"].sum()
    total = budget_weight + float(indicators["weight"].sum())
    declared_total = header.get("total_weight")
    expected_total = header_number(declared_total)
    if math.isnan(expected_total):
        expected_total = rules.total_weight
    if abs(total - expected_total) > 1e-9 or abs(total - rules.total_weight) > 1e-9:
        found.append(
            _Finding(
                "weights_total", 8, "weights",
                f"分值合计 {_fmt(total)}（预算执行率 {_fmt(budget_weight)} + 指标），应为 "
                f"{_fmt(rules.total_weight)}",
                f"the weights add up to {_fmt(total)} (budget {_fmt(budget_weight)} + "
                f"indicators), not {_fmt(rules.total_weight)}",
                (Evidence(f"{TABLE}·总分·分值", declared_total, expected_total),),
            )
        )  # fmt: skip
    for level1 in ("output", "benefit", "satisfaction"):
        written = header.get(f"{level1}_weight")
        declared = header_number(written)
        actual = float(sums.get(level1, 0.0))
        if not math.isnan(declared) and abs(actual - declared) > 1e-9:
            label = year_data.vocabulary.level_label(level1)
            found.append(
                _Finding(
                    "weights_level1_mismatch", 8, level1,
                    f"{label}标明 {_fmt(declared)} 分，其下指标分值合计 {_fmt(actual)}",
                    f"{label} ({level1}) is declared {_fmt(declared)} points, its indicators' "
                    f"weights add up to {_fmt(actual)}",
                    (Evidence(f"{TABLE}·{label}", str(written), declared),),
                )
            )  # fmt: skip
    split = {k: float(sums.get(k, 0.0)) for k in ("output", "benefit", "satisfaction")}
    split["budget"] = budget_weight
    if any(abs(split[k] - rules.weights[k]) > 1e-9 for k in split):
        shown = "/".join(_fmt(split[k]) for k in ("output", "benefit", "satisfaction", "budget"))
        norm = "/".join(
            _fmt(rules.weights[k]) for k in ("output", "benefit", "satisfaction", "budget")
        )
        found.append(
            _Finding(
                "weights_unusual_split", 8, "weights",
                f"分值结构（产出/效益/满意度/预算执行率）为 {shown}，常规为 {norm}",
                f"the weight split (output/benefit/satisfaction/budget) is {shown}, the usual "
                f"split is {norm}",
                (Evidence(f"{TABLE}·分值结构", shown),),
            )
        )  # fmt: skip
    return found


# --- check 9: one park, two names --------------------------------------------------------------


def _check_park_names(year_data: Any, assessment: Assessment, matches: list[_Match], rules: Rules):
    parks = year_data.parks
    parks = parks[parks["park"] != "city"]
    texts = list(_texts(year_data))
    found: list[_Finding] = []
    for park, names in parks.groupby("park", sort=True):
        used: dict[str, Evidence] = {}
        for name in names["name"]:
            for where, text in texts:
                if _names_park(text, name, parks):
                    used.setdefault(name, Evidence(where, name, source_quote=_sentence(text, name)))
        if len(used) < 2:
            continue
        official = year_data.vocabulary.park_name(park)
        shown = "、".join(used)
        found.append(
            _Finding(
                "park_two_names", 9, park,
                f"同一园区使用不同名称：{shown}（规范名称：{official}）",
                f"one park is named differently: {shown} (official name: {official})",
                tuple(used.values()),
            )
        )  # fmt: skip
    return found


def _check_project_name(
    year_data: Any, assessment: Assessment, matches: list[_Match], rules: Rules
) -> list[_Finding]:
    """The project under one name: the table's 项目支出名称 and the report's title end in the
    same special-fund name (the part after the last dash)."""
    header = year_data.header
    name, title = header.get("project_name"), header.get("title")
    if _blank(name) or _blank(title):
        return []
    ends = [re.split(r"[—–\-]+", str(text))[-1].strip() for text in (name, title)]
    if any(not end for end in ends) or len(re.split(r"[—–\-]+", str(title))) < 2:
        return []  # one of them has no dash-separated special-fund name to compare
    if ends[0] == ends[1] or ends[0] in str(title) or ends[1] in str(name):
        return []
    label = year_data.vocabulary.header_label
    return [
        _Finding(
            "project_two_names", 9, "project_name",
            f"项目名称前后不一致：自评表为「{ends[0]}」，报告标题为「{ends[1]}」",
            f"the project is named differently: '{ends[0]}' in the table, '{ends[1]}' in the "
            "report's title",
            (Evidence(f"{TABLE}·{label('project_name')}", str(name), source_quote=str(name)),
             Evidence(label("title"), str(title), source_quote=str(title))),
        )
    ]  # fmt: skip


def _texts(year_data: Any) -> Iterator[tuple[str, str]]:
    """Every text the report is made of: table cells, then the narrative's quotes."""
    for indicator in year_data.indicators.to_dict("records"):
        for column, label in (
            ("level3", "三级指标"),
            ("target", "年度指标值"),
            ("actual", "实际完成值"),
        ):
            if not _blank(indicator.get(column)):
                yield f"{TABLE}·第{int(indicator['row'])}行·{label}", str(indicator[column])
    for frame in (year_data.figures, year_data.awards, year_data.spending):
        for quote in dict.fromkeys(frame["source_quote"].dropna()):
            yield "叙述", str(quote)


def _names_park(text: str, name: str, parks: pd.DataFrame) -> bool:
    """Whether ``name`` occurs in ``text`` other than inside a longer park name."""
    longer = [n for n in parks["name"] if n != name and name in n]
    for other in longer:
        text = text.replace(other, "\0")
    return name in text


def _sentence(text: str, name: str) -> str:
    """The clause of ``text`` around ``name`` (the quote a reviewer looks for)."""
    start = text.find(name)
    left = max(text.rfind(p, 0, start) for p in "。；;\n") + 1
    ends = [i for i in (text.find(p, start) for p in "。；;\n") if i >= 0]
    return text[left : min(ends) if ends else len(text)].strip()


# --- recomputed scores --------------------------------------------------------------------------


def _check_scores(year_data: Any, assessment: Assessment, matches: list[_Match], rules: Rules):
    found: list[_Finding] = []
    items = assessment.items
    for item in items[items["kind"].isin(["budget", "indicator"])].to_dict("records"):
        difference = item["difference"]
        if _blank(difference) or abs(difference) < 1e-9:
            continue
        label = item["label"]
        evidence = (
            Evidence(f"{TABLE}·{label}·得分", _fmt(item["reported_score"]), item["reported_score"]),
            Evidence(f"重算·{item['rule']}", _fmt(item["recomputed_score"]),
                     item["recomputed_score"]),
        )  # fmt: skip
        rounded = abs(difference) <= rules.score_tolerance
        found.append(
            _Finding(
                "score_rounded" if rounded else "score_differs", 10 if rounded else 7, item["item"],
                f"「{label}」报告得分 {_fmt(item['reported_score'])}，按规则重算为 "
                f"{_fmt(item['recomputed_score'])}" + ("（取整所致）" if rounded else ""),
                f"'{label}': reported score {_fmt(item['reported_score'])}, recomputed by the "
                f"rules {_fmt(item['recomputed_score'])}" + (" (a rounding)" if rounded else ""),
                evidence,
            )
        )  # fmt: skip
    return found


# --- the findings table -----------------------------------------------------------------------


def _frame(found: Iterable[_Finding], rules: Rules) -> pd.DataFrame:
    rows = [
        {
            "code": f.code,
            "check": f.check,
            "severity": rules.severity_of(f.code),
            "subject": f.subject,
            "message_zh": f.message_zh,
            "message_en": f.message_en,
            "evidence": tuple(e.as_dict() for e in f.evidence),
            "evidence_text": evidence_text(f.evidence),
        }
        for f in found
    ]
    frame = pd.DataFrame(rows, columns=FINDING_COLUMNS[1:])
    order = {s: i for i, s in enumerate(SEVERITIES)}
    frame["_order"] = frame["severity"].map(order)
    frame = frame.sort_values(["_order", "code", "check", "subject"], kind="stable")
    frame = frame.drop(columns="_order").reset_index(drop=True)
    frame.insert(0, "finding", [f"F{i + 1:02d}" for i in range(len(frame))])
    return frame


def evidence_text(evidence: Iterable[Evidence | dict[str, Any]]) -> str:
    """Evidence as one readable line: ``what: value「quote」; …``."""
    parts = []
    for e in evidence:
        e = e if isinstance(e, Evidence) else Evidence(**e)
        value = e.value_text if e.value_text is not None else "（空）"
        quote = f"「{e.source_quote}」" if e.source_quote and e.source_quote != e.value_text else ""
        parts.append(f"{e.what}: {value}{quote}")
    return "；".join(parts)


# --- the terminal report (``parkmetrics audit``) ------------------------------------------------


def display_width(text: str) -> int:
    """Columns a text takes in a terminal: CJK (wide and full-width) characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def fit(text: Any, width: int, align: str = "<") -> str:
    """``text`` cut (with …) or padded to ``width`` terminal columns."""
    text = "" if _blank(text) else str(text).replace("\n", " ")
    if display_width(text) > width:
        out = ""
        for ch in text:
            if display_width(out + ch) > width - 1:
                break
            out += ch
        text = out + "…"
    pad = " " * (width - display_width(text))
    return pad + text if align == ">" else text + pad


_SCORE_COLUMNS = (  # (heading, width, alignment)
    ("项目 item", 15, "<"), ("指标 indicator", 26, "<"), ("目标 target", 12, ">"),
    ("实际 actual", 12, ">"), ("比率", 7, ">"), ("分值", 5, ">"), ("报告", 5, ">"),
    ("重算", 5, ">"), ("差额", 5, ">"), ("说明 rule / reason", 30, "<"),
)  # fmt: skip


def format_assessment(assessment: Assessment, rules: Rules | None = None) -> str:
    """The recomputed score table, totals and grades, aligned for a terminal; items that could
    not be recomputed are listed under the table with the reason."""
    rules = rules or load_rules()
    items = assessment.items
    lines = ["重算得分 Recomputed scores", _row([h for h, _, _ in _SCORE_COLUMNS])]
    lines.append("-" * display_width(lines[-1]))
    notes = []
    for item in items.to_dict("records"):
        name = item["item"] if item["kind"] != "part" else f"  .{int(item['part'])}"
        target, actual = _shown_target_actual(item, items)
        if not _blank(item["not_recomputed_reason"]):
            notes.append(f"  {item['item']}: {item['not_recomputed_reason']}")
        lines.append(_row([
            name, item["label"], target, actual,
            "" if _blank(item["ratio"]) else _pct(item["ratio"]),
            _fmt(item["weight"]), _fmt(item["reported_score"]) or "-",
            _fmt(item["recomputed_score"]) or "-", _fmt(item["difference"]),
            item["rule"] if _blank(item["not_recomputed_reason"]) else "未重算 not recomputed",
        ]))  # fmt: skip
    t = assessment.totals
    lines.append("")
    lines.append(
        f"总分 Total ({_fmt(t['weight_total'])}): 报告 reported {_fmt(t['reported_total'])} "
        f"({t['reported_grade']}), 重算 recomputed {_fmt(t['recomputed_total'])} "
        f"({t['recomputed_grade']})"
    )
    if t["unscored_weight"]:
        counted = ("按报告得分计入", "counted at their reported scores")
        if rules.unscored_items == "zero":
            counted = ("按0分计入", "counted as 0")
        lines.append(
            f"  其中 {_fmt(t['unscored_weight'])} 分无法重算（{counted[0]}）— "
            f"{_fmt(t['unscored_weight'])} points could not be recomputed ({counted[1]}):"
        )
        lines += notes
    return "\n".join(lines)


def _shown_target_actual(item: dict[str, Any], items: pd.DataFrame) -> tuple[str, str]:
    """Target and actual as shown in the table: the figures read, a composite's parts joined."""
    if item["kind"] == "indicator":
        parts = items[(items["kind"] == "part") & (items["row"] == item["row"])]
        if not parts.empty:
            actuals = [_actual_text(p) for p in parts.to_dict("records")]
            return "、".join(parts["target_text"]), "、".join(actuals)
    target = item["target_text"] if _blank(item["target_value"]) else _target_text(item)
    actual = item["actual_text"] if _blank(item["actual_value"]) else _actual_text(item)
    return target, actual


def _row(cells: list[Any]) -> str:
    return "  ".join(
        fit(cell, width, align)
        for cell, (_, width, align) in zip(cells, _SCORE_COLUMNS, strict=True)
    ).rstrip()


def format_findings(findings: pd.DataFrame) -> str:
    """The findings, one block each: id, severity, code, subject, messages and evidence."""
    counts = findings["severity"].value_counts()
    summary = ", ".join(f"{int(counts.get(s, 0))} {s}" for s in SEVERITIES)
    lines = [f"复核发现 Findings: {summary}"]
    for f in findings.to_dict("records"):
        lines.append("")
        lines.append(
            f"{f['finding']} [{f['severity']}] {f['code']} (check {f['check']}) {f['subject']}"
        )
        lines.append(f"    {f['message_zh']}")
        lines.append(f"    {f['message_en']}")
        for e in f["evidence"]:
            lines.append(f"    · {evidence_text([e])}")
    return "\n".join(lines)


def run_cli(year: int, data_dir: Path | None, rules_path: Path | None) -> int:
    """``parkmetrics audit``: print the recomputed scores and the findings of ``year``.

    Returns 0 when no finding has error severity, 1 when some do. Bad input (invalid data,
    unknown year, bad rules file) raises, and the CLI turns it into exit code 2.
    """
    from parkmetrics.dataset import load_year

    rules = load_rules(rules_path)
    year_data = load_year(year, data_dir)
    assessment = assess(year_data, rules)
    findings = audit(year_data, rules)
    title = year_data.header.get("title") or ""
    print(f"parkmetrics audit {year} — {title}")
    print(f"rules: {rules.source}")
    print()
    print(format_assessment(assessment, rules))
    print()
    print(format_findings(findings))
    errors = int((findings["severity"] == "error").sum())
    return EXIT_ERRORS if errors else EXIT_OK


class _CallableModule(types.ModuleType):
    """This module, callable as its main function.

    The package exports the function ``parkmetrics.audit``, but importing the submodule
    ``parkmetrics.audit`` makes Python bind the package attribute ``audit`` to the module,
    shadowing the function. Calling the module calls the function, so ``parkmetrics.audit(…)``
    works whichever the attribute holds.
    """

    def __call__(self, year_data: Any, rules: Rules | None = None) -> pd.DataFrame:
        return audit(year_data, rules)


sys.modules[__name__].__class__ = _CallableModule
