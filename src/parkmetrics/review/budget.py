"""Budget changes and plans: a full-year budget cut or raised beyond the rules' band against the
initial budget, with no reason in the budget block or the narrative (check 6); a spending plan
against the budget — planned items above it, a plan item with no budget line (check 4). The
execution rate on the wrong base (initial instead of full-year) is ``arithmetic``'s."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from parkmetrics.data.tables import loaded_records, records
from parkmetrics.figures.formatting import format_number as fmt
from parkmetrics.review.evidence import BUDGET_COLUMNS, TABLE, Evidence, budget_cell
from parkmetrics.review.findings import Finding
from parkmetrics.review.matching import Match
from parkmetrics.review.numbers import agree, half_last_digit, pct, unit_scale
from parkmetrics.scoring.assessment import Assessment
from parkmetrics.scoring.cells import block_unit, is_blank
from parkmetrics.scoring.rules import Rules

if TYPE_CHECKING:
    import pandas as pd

    from parkmetrics.data.dataset import YearData

_SENTENCE_ENDS = r"[。；;！!\n]"


def check_budget_changes(
    year_data: YearData, assessment: Assessment, matches: list[Match], rules: Rules
) -> list[Finding]:
    """The 年度资金总额 line's full-year budget against its initial budget."""
    band = rules.budget_change
    budget = year_data.budget
    lines = records(budget[budget["line"] == "total"])
    if not lines or not band:
        return []
    line = lines[0]
    initial, full = line["initial"], line["full_year"]
    if is_blank(initial) or is_blank(full) or not initial:
        return []
    change = full / initial
    low, high = band.get("cut_below", 0.0), band.get("increase_above", float("inf"))
    if low <= change <= high or _adjustment_explained(year_data, rules):
        return []
    cut = change < low
    zh_way, en_way = ("调减", "cut") if cut else ("调增", "raised")
    limit = low if cut else high
    initial_col, full_col = BUDGET_COLUMNS["initial"], BUDGET_COLUMNS["full_year"]
    label = line["label"]
    return [
        Finding(
            "budget_adjusted_no_reason", 6, "budget",
            f"{TABLE}·{label}：{full_col} {fmt(full)} 为{initial_col} {fmt(initial)} 的 "
            f"{pct(change)}（{zh_way}超过 {abs(1 - limit):.0%}），未说明预算调整原因",
            f"'{label}': the full-year budget {fmt(full)} is {pct(change)} of the initial budget "
            f"{fmt(initial)} ({en_way} by more than {abs(1 - limit):.0%}) and no reason for the "
            "adjustment is given",
            (budget_cell(label, "initial", fmt(initial), initial, line.get("unit")),
             budget_cell(label, "full_year", fmt(full), full, line.get("unit"))),
            rule="budget_change",
        )
    ]  # fmt: skip


def _adjustment_explained(year_data: YearData, rules: Rules) -> bool:
    """A reason for an adjusted budget: the budget block's reason cell, or a sentence of the
    narrative with an adjustment word and a cause."""
    budget = year_data.budget
    if "reason" in budget.columns and any(
        not rules.is_empty_reason(r) for r in budget["reason"] if not is_blank(r)
    ):
        return True
    words = rules.budget_reason_words
    for text in year_data.source_texts.values():
        for sentence in re.split(_SENTENCE_ENDS, text):
            if any(w in sentence for w in words.get("adjustment", ())) and any(
                w in sentence for w in words.get("reason", ())
            ):
                return True
    return False


# --- the spending plan against the budget -------------------------------------------------------


def check_spending_plan(
    year_data: YearData, assessment: Assessment, matches: list[Match], rules: Rules
) -> list[Finding]:
    """Planned spending items (spending.csv ``stage`` planned) against the budget: a plan item
    charged to a budget line the block lacks or leaves without money, and planned items that add
    up to more than their line's budget — the full-year budget, or the initial one when the
    full-year cell is blank."""
    plan = year_data.spending_plan
    if plan.empty:
        return []
    unit = block_unit(year_data)
    lines = {line["line"]: line for line in loaded_records(year_data.budget)}
    found: list[Finding] = []
    charged: dict[str, list[dict[str, Any]]] = {}
    for item in records(plan):
        line_id = item.get("line")
        line_id = "total" if is_blank(line_id) else str(line_id)
        line = lines.get(line_id)
        if line is None or _base(line) is None:
            found.append(_unbudgeted(item, line_id, line))
            continue
        charged.setdefault(line_id, []).append(item)
    if "total" in lines and _base(lines["total"]) is not None:
        # every budgeted item is part of the total (a detail line is 其中 of 年度资金总额)
        charged["total"] = [i for items in charged.values() for i in items]
    for line_id, items in sorted(charged.items()):
        found += _over_budget(lines[line_id], items, unit)
    return found


def _base(line: dict[str, Any]) -> tuple[str, float] | None:
    """The budget a plan is held to: (column, amount) — full-year, else initial; None if the
    line has no money (blank or 0 in both)."""
    for column in ("full_year", "initial"):
        value = line.get(column)
        if not is_blank(value) and value > 0:
            return column, float(value)
    return None


def _over_budget(line: dict[str, Any], items: list[dict[str, Any]], unit: str) -> list[Finding]:
    column, budget = _base(line)  # type: ignore[misc]  # only budgeted lines are charged
    summed = sum(float(i["amount"]) * unit_scale(i["unit"]) for i in items) / unit_scale(unit)
    if summed <= budget + half_last_digit(budget):
        return []
    label, heading = line["label"], BUDGET_COLUMNS[column]
    excess = summed - budget
    en_base = "full-year budget" if column == "full_year" else "initial budget"
    zh_note = en_note = ""
    if column == "initial":
        zh_note = f"（{BUDGET_COLUMNS['full_year']}为空，按{heading}核对）"
        en_note = " (the full-year budget is blank: held to the initial budget)"
    elif not is_blank(line.get("initial")) and summed <= float(line["initial"]):
        # the plan fits the initial budget, so the full-year cut left it unrevised
        zh_note = (f"（计划未随预算调减修订：{BUDGET_COLUMNS['initial']} "
                   f"{fmt(line['initial'])}{unit}）")
        en_note = (f" (the plan fits the initial budget {fmt(line['initial'])}{unit}: not revised "
                   "after the cut)")
    parts = "＋".join(fmt(float(i["amount"])) for i in items)
    return [
        Finding(
            "plan_exceeds_budget", 4, f"plan-{line['line']}",
            f"支出计划 {len(items)} 项合计 {parts}＝{fmt(summed)}{unit}，超过{TABLE}·{label}·"
            f"{heading} {fmt(budget)}{unit}，超出 {fmt(excess)}{unit}（为预算的 "
            f"{pct(summed / budget)}）{zh_note}",
            f"the {len(items)} planned items add up to {fmt(summed)}{unit}, above the {en_base} "
            f"of '{label}' {fmt(budget)}{unit} by {fmt(excess)}{unit} ({pct(summed / budget)} of "
            f"the budget){en_note}",
            (*[_plan_evidence(i) for i in items],
             budget_cell(label, column, fmt(budget), budget, unit)),
            rule="plan_within_budget",
        )
    ]  # fmt: skip


def _unbudgeted(item: dict[str, Any], line_id: str, line: dict[str, Any] | None) -> Finding:
    amount = f"{fmt(float(item['amount']))}{item['unit']}"
    if line is None:
        # the line id is English (fiscal_appropriation …) unless the form's own label: only
        # the latter is said in the Chinese message
        shown = "" if line_id.isascii() else f"「{line_id}」"
        zh_why, en_why = f"预算表中没有其列支的预算行{shown}", "no such budget line"
        evidence: tuple[Evidence, ...] = (_plan_evidence(item),)
    else:
        label = line["label"]
        zh_why = (f"其列支的预算行「{label}」{BUDGET_COLUMNS['initial']}、"
                  f"{BUDGET_COLUMNS['full_year']}均为空或为 0")
        en_why = f"its budget line '{label}' has no initial or full-year budget"
        evidence = (_plan_evidence(item),
                    budget_cell(label, "full_year", None if is_blank(line.get("full_year"))
                                else fmt(line["full_year"]), line.get("full_year"),
                                line.get("unit")))  # fmt: skip
    return Finding(
        "plan_item_unbudgeted", 4, f"plan-{item['item']}",
        f"支出计划「{item['label']}」{amount} 没有对应的预算资金：{zh_why}",
        f"the planned item '{item['label']}' ({amount}) has no budget: {en_why}"
        + ("" if line is not None else f" ('{line_id}')"),
        evidence, rule="plan_within_budget",
    )  # fmt: skip


def _plan_evidence(item: dict[str, Any]) -> Evidence:
    return Evidence(f"支出计划·{item['label']}", f"{fmt(float(item['amount']))}{item['unit']}",
                    float(item["amount"]), item["unit"], item.get("source_quote"))  # fmt: skip


# --- check 1: the budget block's execution rates ---------------------------------------------


def budget_rates(budget: pd.DataFrame) -> list[Finding]:
    """Check 1 for the budget block: execution rates that 全年执行数 ÷ 全年预算数 does not give
    (and those computed on the initial budget instead)."""
    found = []
    for line in records(budget):
        full, executed, rate = line["full_year"], line["executed"], line["rate"]
        if any(is_blank(x) for x in (full, executed, rate)) or not full:
            continue
        actual = executed / full * 100
        if agree(actual, None, rate, line["rate_text"], 1.0):
            continue
        initial, label = line.get("initial"), line["label"]
        if not is_blank(initial) and initial and abs(initial - full) > 1e-9:
            on_initial = executed / initial * 100
            if agree(on_initial, None, rate, line["rate_text"], 1.0):
                found.append(_wrong_base(line, on_initial, actual))
                continue
        found.append(
            Finding(
                "budget_rate_mismatch", 1, f"budget-{line['line']}",
                f"{TABLE}·{line['label']}·执行率应为{BUDGET_COLUMNS['executed']} {fmt(executed)}"
                f"÷{BUDGET_COLUMNS['full_year']} {fmt(full)}＝{actual:.1f}%，"
                f"报告为 {line['rate_text']}",
                f"'{line['label']}': execution rate is executed {fmt(executed)} ÷ full-year "
                f"budget {fmt(full)} = {actual:.1f}%, reported as {line['rate_text']}",
                (
                    budget_cell(label, "full_year", fmt(full), full, line.get("unit")),
                    budget_cell(label, "executed", fmt(executed), executed, line.get("unit")),
                    Evidence(f"{TABLE}·{line['label']}·执行率", line["rate_text"], rate, "%"),
                ),
            )
        )  # fmt: skip
    return found


def _wrong_base(line: dict[str, Any], on_initial: float, actual: float) -> Finding:
    """An execution rate computed on the initial budget instead of the full-year one."""
    label, rate_text = line["label"], line["rate_text"]
    executed, initial, full = fmt(line["executed"]), fmt(line["initial"]), fmt(line["full_year"])
    initial_col, full_col = BUDGET_COLUMNS["initial"], BUDGET_COLUMNS["full_year"]
    return Finding(
        "budget_rate_wrong_base", 1, f"budget-{line['line']}",
        f"{TABLE}·{label}·执行率 {rate_text} 是按{initial_col}计算的（{executed}÷{initial}＝"
        f"{on_initial:.1f}%），应按{full_col}计算：{executed}÷{full}＝{actual:.1f}%",
        f"'{label}': the execution rate {rate_text} is computed on the initial budget "
        f"({executed} ÷ {initial} = {on_initial:.1f}%); on the full-year budget it is "
        f"{executed} ÷ {full} = {actual:.1f}%",
        (budget_cell(label, "initial", initial, line["initial"], line.get("unit")),
         budget_cell(label, "full_year", full, line["full_year"], line.get("unit")),
         budget_cell(label, "executed", executed, line["executed"], line.get("unit")),
         Evidence(f"{TABLE}·{label}·执行率", rate_text, line["rate"], "%")),
        rule="budget_rate_cap",
    )  # fmt: skip
