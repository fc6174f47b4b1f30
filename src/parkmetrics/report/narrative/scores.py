"""The scores (reported against recomputed) and the review's findings: sentences and tables."""

from __future__ import annotations

from typing import Any

import pandas as pd

from parkmetrics.data.template import budget_columns
from parkmetrics.figures.formatting import report_number as number
from parkmetrics.report.narrative.common import MAX_LISTED
from parkmetrics.report.narrative.rule_text import reason_label
from parkmetrics.review import SEVERITY_LABELS
from parkmetrics.scoring.cells import is_blank

# --------------------------------------------------------------------------- scores


def scores_table(assessment: Any) -> pd.DataFrame:
    """Budget line and indicators: weight, reported score, recomputed score, and why not."""
    items = assessment.items
    items = items[items["kind"].isin(["budget", "indicator"])]

    def points(values: pd.Series) -> pd.Series:
        return values.map(lambda v: "" if is_blank(v) else f"{number(v)}分")

    return pd.DataFrame(
        {
            "项目": items["label"],
            "分值": points(items["weight"]),
            "自评得分": points(items["reported_score"]),
            "复算得分": points(items["recomputed_score"]),
            "差额": points(items["difference"]),
            "说明": [
                reason_label(reason, kind)
                for reason, kind in zip(items["not_recomputed_reason"], items["kind"], strict=True)
            ],
        }
    ).reset_index(drop=True)


def scores_text(assessment: Any) -> str:
    """How many items were recomputed, how many agree, and which ones differ."""
    items = assessment.items
    items = items[items["kind"].isin(["budget", "indicator"])]
    recomputed = items[items["recomputed_score"].notna()]
    differ = recomputed[(recomputed["difference"].abs() > 1e-9)]
    full = items[items["reported_score"] == items["weight"]]
    text = (
        f"共{len(items)}项（含预算执行率），自评满分{len(full)}项；"
        f"按规则复算{len(recomputed)}项，未能复算{len(items) - len(recomputed)}项"
    )
    if recomputed.empty:
        return text + "。"  # nothing recomputed: nothing to agree or disagree with
    if differ.empty:
        return text + "；复算得分与自评一致。"
    listed = "；".join(
        f"「{row.label}」自评{number(row.reported_score)}分、复算{number(row.recomputed_score)}分"
        for row in differ.itertuples()
    )
    return f"{text}；与自评不一致{len(differ)}项：{listed}。"


# --------------------------------------------------------------------------- findings


def severity_counts(findings: pd.DataFrame) -> dict[str, int]:
    """Number of findings per severity, in severity order."""
    counts = findings["severity"].value_counts() if not findings.empty else pd.Series(dtype=int)
    return {s: int(counts.get(s, 0)) for s in SEVERITY_LABELS}


def severity_summary(findings: pd.DataFrame) -> str:
    """``错误2条、警告5条`` (severities without findings left out)."""
    counts = severity_counts(findings)
    return "、".join(f"{SEVERITY_LABELS[s]}{n}条" for s, n in counts.items() if n)


SUBJECT_LABELS = {
    "budget": "预算执行", "spending": "支出明细", "indicators": "全部指标",
    "weights": "分值结构", "header": "表头", "table": "自评表",
}  # fmt: skip


def subject_label(subject: Any, vocabulary: Any = None) -> str:
    """A finding's subject in Chinese: 第5行指标, a metric's or header field's label, a park,
    a budget line or column (年度资金总额, 预算明细·全年执行数), a spending-plan item."""
    text = str(subject)
    if text.startswith("indicator-"):
        row, _, part = text.removeprefix("indicator-").partition(".")
        return f"第{row}行指标" + (f"第{part}项" if part else "")
    if text in SUBJECT_LABELS:
        return SUBJECT_LABELS[text]
    kind, _, rest = text.partition("-")
    if kind in ("budget", "plan") and rest:
        columns, lines = budget_columns(), _budget_lines()
        if kind == "budget" and rest in columns:  # the detail lines' sum of a column
            return f"预算明细·{columns[rest]}"
        line = lines.get(rest, rest)
        return f"支出计划·{line}" if kind == "plan" else line
    if vocabulary is not None:
        for lookup in (vocabulary.metric_label, vocabulary.header_label, vocabulary.park_name):
            try:
                return str(lookup(text))
            except LookupError:  # not this kind of name: try the next
                continue
    return text


def findings_table(findings: pd.DataFrame, vocabulary: Any = None) -> pd.DataFrame:
    """The findings for reading: number, severity, review check, subject, message."""
    return pd.DataFrame(
        {
            "编号": findings["finding"],
            "级别": findings["severity"].map(SEVERITY_LABELS),
            "复核项": findings["check"],
            "对象": findings["subject"].map(lambda s: subject_label(s, vocabulary)),
            "说明": findings["message_zh"],
        }
    ).reset_index(drop=True)


def findings_text(findings: pd.DataFrame) -> str:
    """Counts by severity and the first errors in full."""
    if findings.empty:
        return "复核未发现问题。"
    text = f"复核发现{len(findings)}条：{severity_summary(findings)}。"
    errors = findings[findings["severity"] == "error"]["message_zh"].tolist()
    if errors:
        text += "主要错误：" + "；".join(errors[:MAX_LISTED])
        text += "等。" if len(errors) > MAX_LISTED else "。"
    return text


def _budget_lines() -> dict[str, str]:
    """Budget line id → its label as the template writes it (total → 年度资金总额)."""
    from parkmetrics.ingest.labels import Labels  # the template's labels, read once

    return {line: names[0] for line, names in Labels().group("budget", "lines").items()}
