"""The ``parkmetrics audit`` command: recomputed scores and findings, aligned for a terminal.

Exit codes: 0 no error-severity finding, 1 error-severity findings; bad input or usage raises,
and the CLI maps it to 2.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

import pandas as pd

from parkmetrics.figures.formatting import format_number as fmt
from parkmetrics.review.checks import audit
from parkmetrics.review.evidence import evidence_text, written
from parkmetrics.review.findings import rule_title
from parkmetrics.review.numbers import pct
from parkmetrics.scoring.assessment import SUM_OF_SCORES, Assessment, assess, reported_total_note
from parkmetrics.scoring.cells import is_blank
from parkmetrics.scoring.rules import SEVERITIES, Rules, load_rules

EXIT_OK, EXIT_ERRORS = 0, 1


def display_width(text: str) -> int:
    """Columns a text takes in a terminal: CJK (wide and full-width) characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def fit(text: Any, width: int, align: str = "<") -> str:
    """``text`` cut (with …) or padded to ``width`` terminal columns."""
    text = "" if is_blank(text) else str(text).replace("\n", " ")
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
        if not is_blank(item["not_recomputed_reason"]):
            notes.append(f"  {item['item']}: {item['not_recomputed_reason']}")
        lines.append(_row([
            name, item["label"], target, actual,
            "" if is_blank(item["ratio"]) else pct(item["ratio"]),
            fmt(item["weight"]), fmt(item["reported_score"]) or "-",
            fmt(item["recomputed_score"]) or "-", fmt(item["difference"]),
            item["rule"] if is_blank(item["not_recomputed_reason"]) else "未重算 not recomputed",
        ]))  # fmt: skip
    t = assessment.totals
    lines.append("")
    lines.append(
        f"总分 Total ({fmt(t['weight_total'])}): 报告 reported {fmt(t['reported_total']) or '—'} "
        f"({t['reported_grade'] or '—'}), 重算 recomputed {fmt(t['recomputed_total']) or '—'} "
        f"({t['recomputed_grade'] or '—'})"
    )
    if t.get("recomputed_partial"):
        lines.append("  重算总分只含可复算部分，不评定等级（部分得分或分值不在原文中）— "
                     "the recomputed total is of the cells in the source only: no grade")
    note = reported_total_note(t)
    if note is not None:
        (sum_zh, sum_en), (why_zh, why_en) = SUM_OF_SCORES, note
        lines.append(f"  报告总分为{sum_zh}（{why_zh}）— reported: {sum_en} ({why_en})")
    if t["unscored_weight"]:
        counted = ("按报告得分计入", "counted at their reported scores")
        if rules.unscored_items == "zero":
            counted = ("按0分计入", "counted as 0")
        lines.append(
            f"  其中 {fmt(t['unscored_weight'])} 分无法重算（{counted[0]}）— "
            f"{fmt(t['unscored_weight'])} points could not be recomputed ({counted[1]}):"
        )
        lines += notes
    return "\n".join(lines)


def _shown_target_actual(item: dict[str, Any], items: pd.DataFrame) -> tuple[str, str]:
    """Target and actual as shown in the table: the figures read, a composite's parts joined."""
    if item["kind"] == "indicator":
        parts = items[(items["kind"] == "part") & (items["row"] == item["row"])]
        if not parts.empty:
            actuals = [written(p, "actual") for p in parts.to_dict("records")]
            return "、".join(parts["target_text"]), "、".join(actuals)
    target = item["target_text"] if is_blank(item["target_value"]) else written(item, "target")
    actual = item["actual_text"] if is_blank(item["actual_value"]) else written(item, "actual")
    return target, actual


def _row(cells: list[Any]) -> str:
    return "  ".join(
        fit(cell, width, align)
        for cell, (_, width, align) in zip(cells, _SCORE_COLUMNS, strict=True)
    ).rstrip()


def format_findings(findings: pd.DataFrame, rules: Rules | None = None) -> str:
    """The findings, one block each: id, severity, code, subject, the rule in words (a reviewer
    rule's title from ``rules``), messages and evidence."""
    counts = findings["severity"].value_counts()
    summary = ", ".join(f"{int(counts.get(s, 0))} {s}" for s in SEVERITIES)
    lines = [f"复核发现 Findings: {summary}"]
    for f in findings.to_dict("records"):
        lines.append("")
        lines.append(
            f"{f['finding']} [{f['severity']}] {f['code']} (check {f['check']}) {f['subject']}"
        )
        rule_zh, rule_en = rule_title(f["code"], rules)
        lines.append(f"    规则 rule: {rule_zh} — {rule_en}")
        lines.append(f"    {f['message_zh']}")
        lines.append(f"    {f['message_en']}")
        for e in f["evidence"]:
            lines.append(f"    · {evidence_text([e])}")
    return "\n".join(lines)


def run_cli(
    year: int,
    data_dir: Path | None,
    rules_path: Path | None,
    xlsx: Path | None = None,
    series: str | None = None,
) -> int:
    """``parkmetrics audit``: print the recomputed scores and the findings of ``year``; with
    ``xlsx``, also write the reviewer's working sheet (复核意见表) there.

    Returns 0 when no finding has error severity, 1 when some do. Bad input (invalid data,
    unknown year, bad rules file) raises, and the CLI turns it into exit code 2.
    """
    from parkmetrics.data.dataset import load_year
    from parkmetrics.data.folder import one_report

    rules = load_rules(rules_path)
    report = one_report(year, data_dir, series)  # a series' year needs its series named
    year_data = load_year(year, data_dir, report.series)
    assessment = assess(year_data, rules)
    findings = audit(year_data, rules, assessment)
    title = year_data.header.get("title") or ""
    print(f"parkmetrics audit {report.name} — {title}")
    print(f"rules: {rules.source}")
    print()
    print(format_assessment(assessment, rules))
    print()
    print(format_findings(findings, rules))
    if xlsx is not None:
        from parkmetrics.review.worksheet import write_worksheet

        write_worksheet(findings, assessment, rules, xlsx, year=year, title=title)
        print()
        print(f"复核意见表 written: {xlsx}")
    errors = int((findings["severity"] == "error").sum())
    return EXIT_ERRORS if errors else EXIT_OK
