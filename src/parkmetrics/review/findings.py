"""The findings table: the review checks' titles, and the findings assembled, sorted, numbered."""

from __future__ import annotations

import csv
import functools
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import resources
from typing import Any

import pandas as pd

from parkmetrics.review.evidence import Evidence, evidence_text
from parkmetrics.scoring.assessment import Assessment
from parkmetrics.scoring.rules import SEVERITIES, Rules

FINDING_COLUMNS = [
    "finding", "code", "check", "severity", "subject", "message_zh", "message_en",
    "evidence", "evidence_text", "priority", "rule", "deduction",
]  # fmt: skip

# A finding's priority on a reviewer's sheet (P0 must fix, P1 explain, P2 note), by severity.
SEVERITY_PRIORITY: dict[str, str] = {"error": "P0", "warning": "P1", "info": "P2"}

# How each severity is named in Chinese output (report, charts, briefing).
SEVERITY_LABELS: dict[str, str] = {"error": "错误", "warning": "警告", "info": "提示"}

# Short names of the ten review checks (复核) of the domain brief: the ``check`` column's meaning
# (the findings chart's axis, the briefing's headings).
CHECK_TITLES: dict[int, str] = {
    1: "比率与分子分母不符",
    2: "同一数量前后不一致",
    3: "实际值不是所列指标的数",
    4: "分项之和与合计不符",
    5: "必填内容空白或无意义",
    6: "大幅偏离未说明原因",
    7: "证据不能支撑满分",
    8: "分值构成异常",
    9: "同一对象两种名称",
    10: "单位与取整",
}




@functools.cache
def _rule_titles() -> dict[str, tuple[str, str]]:
    """config/finding_rules.csv: each finding code's rule, said in Chinese and in English."""
    text = (resources.files("parkmetrics") / "config" / "finding_rules.csv").read_text("utf-8")
    return {r["code"]: (r["title_zh"], r["title_en"]) for r in csv.DictReader(text.splitlines())}


def rule_title(code: str, rules: Rules | None = None) -> tuple[str, str]:
    """The rule a finding of ``code`` applies, as a reviewer names it: (Chinese, English).

    A reviewer rule's own ``title`` (its pack's wording) comes first; then
    config/finding_rules.csv; an unknown code is said as the check it belongs to.
    """
    if rules is not None and code in rules.reviewer:
        spec = rules.reviewer[code]
        zh = str(spec.get("title") or "")
        if zh:
            return zh, str(spec.get("key") or code)  # the rules.yaml key, as --rules files say it
    if code in _rule_titles():
        return _rule_titles()[code]
    return "复核规则", code.replace("_", " ")


@dataclass(frozen=True)
class Finding:
    """One finding before it is numbered; its severity comes from the rules by ``code``."""

    code: str
    check: int
    subject: str
    message_zh: str
    message_en: str
    evidence: tuple[Evidence, ...]
    rule: str = ""  # the rules.yaml setting the finding applies (a reviewer rule's key)
    deduction: float | None = None  # suggested deduction in points, where a rule gives one
    priority: str | None = None  # a reviewer rule's own priority (else from the severity)


# A review check: (year data, its assessment, the table's matched figures, rules) → findings.
Check = Callable[[Any, Assessment, list[Any], Rules], list[Finding]]


def findings_frame(found: Iterable[Finding], rules: Rules) -> pd.DataFrame:
    """The findings table: sorted by severity (as ranked in the rules), code, check, subject,
    and numbered ``F01``…"""
    rows = [
        {
            "code": f.code,
            "check": f.check,
            "severity": _severity(f, rules),
            "subject": f.subject,
            "message_zh": f.message_zh,
            "message_en": f.message_en,
            "evidence": tuple(e.as_dict() for e in f.evidence),
            "evidence_text": evidence_text(f.evidence),
            "priority": f.priority or SEVERITY_PRIORITY[_severity(f, rules)],
            "rule": f.rule or f.code,
            "deduction": f.deduction,
        }
        for f in found
    ]
    order = {s: i for i, s in enumerate(SEVERITIES)}
    # sorted as pandas' stable multi-column sort would (blanks last), without a frame per step
    rows.sort(key=lambda r: (_last_if_blank(order.get(r["severity"])), _last_if_blank(r["code"]),
                             _last_if_blank(r["check"]), _last_if_blank(r["subject"])))  # fmt: skip
    frame = pd.DataFrame(rows, columns=FINDING_COLUMNS[1:])
    frame.insert(0, "finding", [f"F{i + 1:02d}" for i in range(len(frame))])
    return frame


def _last_if_blank(value: Any) -> tuple[int, Any]:
    """A sort key putting None and NaN after every value (pandas' ``na_position="last"``)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return (1, 0)
    return (0, value)


def _severity(finding: Finding, rules: Rules) -> str:
    """A reviewer rule's priority decides its severity; other findings' come by code."""
    if finding.priority is not None:
        return rules.priority_severity.get(finding.priority, rules.severity_of(finding.code))
    return rules.severity_of(finding.code)
