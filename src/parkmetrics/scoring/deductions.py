"""Reviewer rules (rule packs, ``review_*`` in rules.yaml) that change a re-score: satisfaction
without a survey → 0, an unverifiable indicator cut by a graded share, the same indicator in two
blocks counted once, a timeliness indicator at full marks while a task is unfinished.

``apply_reviewer_rules`` returns a new items frame; each cut item's ``rule`` names the reviewer
rule (``review_<name>``) and its ``recomputed_score`` is the reported score less the cut. The
review reads the same functions to explain the cut (``review.packs``).
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from parkmetrics.data.tables import records
from parkmetrics.scoring.cells import figures_in, is_blank
from parkmetrics.scoring.formulas import REACH_DIRECTIONS
from parkmetrics.scoring.rules import REVIEWER_PREFIX, Rules


def without_survey(indicator: dict[str, Any], rules: Rules) -> bool:
    """A satisfaction indicator answered without a measured percentage, or by words that offer
    a ranking, an honour or the absence of complaints instead of a survey."""
    spec = rules.rule("satisfaction_without_survey")
    if spec is None or indicator.get("level1") != "satisfaction":
        return False
    actual = "" if is_blank(indicator.get("actual")) else str(indicator["actual"])
    measured = any(f.canonical_unit in rules.percent_evidence_units for f in figures_in(actual))
    return not measured or any(w in actual for w in spec.get("no_survey", ()))


def unverifiable_grade(actual: Any, rules: Rules) -> str:
    """How little an unverifiable actual shows: no_evidence (blank), boilerplate (已完成) or
    descriptive (a text without the measured figure)."""
    spec = rules.rule("unverifiable_cut") or {}
    if is_blank(actual):
        return "no_evidence"
    text = "".join(ch for ch in str(actual) if ch.isalnum())
    return "boilerplate" if text in spec.get("boilerplate", ()) else "descriptive"


def duplicates(indicators: pd.DataFrame) -> dict[int, int]:
    """Rows that repeat an earlier row of another first-level block (same metric or same 三级指标
    text): later row → the earlier row it repeats."""
    seen: list[tuple[int, str, set[str], str]] = []
    repeated: dict[int, int] = {}
    for ind in records(indicators.sort_values("row")):
        metrics = set() if is_blank(ind.get("metrics")) else set(str(ind["metrics"]).split(";"))
        text = "" if is_blank(ind.get("level3")) else "".join(str(ind["level3"]).split())
        for row, level1, other_metrics, other_text in seen:
            if level1 != ind["level1"] and (
                (metrics & other_metrics) or (text and text == other_text)
            ):
                repeated[int(ind["row"])] = row
                break
        seen.append((int(ind["row"]), ind["level1"], metrics, text))
    return repeated


def unfinished_tasks(items: pd.DataFrame, indicators: pd.DataFrame, rules: Rules) -> list[str]:
    """Tasks of the table that are not finished: quantity items short of their target, and
    actuals that say so (未完成, 尚未, 正在 …)."""
    spec = rules.rule("timeliness_unfinished") or {}
    words = spec.get("unfinished", ())
    tasks = []
    for item in records(items):
        if item["kind"] not in ("indicator", "part"):
            continue
        if (item["level2"] == "quantity" and item["direction"] in REACH_DIRECTIONS
                and not math.isnan(item["ratio"]) and item["ratio"] < 1):  # fmt: skip
            tasks.append(str(item["item"]))
    for ind in records(indicators):
        actual = "" if is_blank(ind.get("actual")) else str(ind["actual"])
        if any(w in actual for w in words):
            tasks.append(f"indicator-{int(ind['row'])}")
    return list(dict.fromkeys(tasks))


def apply_reviewer_rules(
    items: pd.DataFrame, indicators: pd.DataFrame, rules: Rules
) -> pd.DataFrame:
    """The items re-scored by the pack's reviewer rules (a new frame)."""
    items = items.copy()
    by_row = {int(i["row"]): i for i in records(indicators)}
    repeated = duplicates(indicators) if rules.rule("duplicate_indicator") else {}
    unfinished = (
        unfinished_tasks(items, indicators, rules) if rules.rule("timeliness_unfinished") else []
    )
    for index, item in zip(items.index, records(items), strict=True):  # dicts: no row Series
        if item["kind"] != "indicator":
            continue
        indicator = by_row[int(item["row"])]
        cut = _cut(item, indicator, repeated, unfinished, rules)
        if cut is None:
            continue
        name, share, how = cut
        reported = item["reported_score"]
        if math.isnan(reported):
            continue
        items.loc[index, "recomputed_score"] = reported * (1 - share)
        items.loc[index, "not_recomputed_reason"] = None
        items.loc[index, "rule"] = f"{REVIEWER_PREFIX}{name}: {share:.0%} cut ({how})"
    items["difference"] = items["recomputed_score"] - items["reported_score"]
    return items


def _cut(
    item: dict[str, Any],
    indicator: dict[str, Any],
    repeated: dict[int, int],
    unfinished: list[str],
    rules: Rules,
) -> tuple[str, float, str] | None:
    """The reviewer rule that cuts an indicator row: (rule, share of the reported score, why)."""
    row = int(item["row"])
    if without_survey(indicator, rules):
        return (
            "satisfaction_without_survey",
            _share(rules, "satisfaction_without_survey"),
            "no survey",
        )
    if row in repeated and _share(rules, "duplicate_indicator"):
        return (
            "duplicate_indicator",
            _share(rules, "duplicate_indicator"),
            f"repeats row {repeated[row]}",
        )
    spec = rules.rule("timeliness_unfinished")
    full = not math.isnan(item["reported_score"]) and item["reported_score"] >= item["weight"]
    if (
        spec
        and item["level2"] == "timeliness"
        and full
        and unfinished
        and _share(rules, "timeliness_unfinished")
    ):
        return "timeliness_unfinished", _share(rules, "timeliness_unfinished"), "tasks unfinished"
    cut = rules.rule("unverifiable_cut")
    if cut and math.isnan(item["recomputed_score"]):
        grade = unverifiable_grade(indicator.get("actual"), rules)
        return "unverifiable_cut", float(cut.get("shares", {}).get(grade, 0.0)), grade
    return None


def _share(rules: Rules, name: str) -> float:
    """A reviewer rule's deduction, as a share of the reported score (0 when it gives none)."""
    spec = rules.rule(name) or {}
    value = spec.get("deduction")
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0.0
