"""The report's sentences and display tables, built from a year's data — never typed for a year.

The yearly notebook only calls these. Every number in a sentence comes from the frames
(``YearData``, the assessment, the findings, the derived figures); figures keep the wording they
were reported with (``近600家`` stays 近600家), and derived figures are always said to be derived.
Display tables are wide and Chinese-headed for reading; the tidy frames stay the source of truth.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import pandas as pd

from parkmetrics.data.vocabulary import CITY
from parkmetrics.figures.formatting import report_number as number
from parkmetrics.figures.units import require_unit

# The notebook shows every sentence and table through these: data escaped, never Markdown.
from parkmetrics.report.markup import heading as heading
from parkmetrics.report.markup import html_table as html_table
from parkmetrics.report.markup import paragraph as paragraph
from parkmetrics.report.markup import subheading as subheading
from parkmetrics.report.titles import project_name
from parkmetrics.review import SEVERITY_LABELS
from parkmetrics.scoring.assessment import metrics_of
from parkmetrics.scoring.cells import BUDGET_UNIT, is_blank

if TYPE_CHECKING:
    from parkmetrics.data.dataset import YearData

HECTARE = "公顷"  # land areas are also shown in hectares (factor from config/units.csv)
# Charts the yearly notebook shows inside their own section; the rest go under 其他数字.
SECTION_CHARTS = ("budget", "growth", "pipeline", "land", "scores", "findings")
MAX_LISTED = 3  # findings quoted in full in a sentence; the table lists them all
QUALIFIER_LABELS = {
    "exact": "",
    "approx": "约数",
    "over": "超过",
    "more_than": "多于",
    "at_least": "以上",
    "at_most": "以内",
    "under": "不足",
    "cumulative": "累计",
    "reached": "达到",
}


# --------------------------------------------------------------------------- formatting


def qualifier_label(qualifier: Any) -> str:
    """Chinese words for a qualifier such as ``cumulative+over`` (累计、超过)."""
    if not isinstance(qualifier, str) or not qualifier:
        return ""
    words = [QUALIFIER_LABELS.get(q, q) for q in qualifier.split("+")]
    return "、".join(w for w in words if w)


def _city_figure(year_data: YearData, metric: str) -> dict[str, Any] | None:
    """The city-wide figure of ``metric`` (the first, in file order), or None."""
    rows = year_data.figures[
        (year_data.figures["metric"] == metric) & (year_data.figures["park"] == CITY)
    ]
    return None if rows.empty else rows.iloc[0].to_dict()


def _park_name(year_data: YearData, park: str) -> str:
    try:
        return year_data.vocabulary.park_name(park)
    except LookupError:
        return park


def _joined(parts: list[str]) -> str:
    return "；".join(parts)


# --------------------------------------------------------------------------- headline and total


def title(year_data: YearData) -> str:
    """The report's heading, from the year's header (the report's own title when given)."""
    header = year_data.header
    name = header.get("title") or header.get("project_name") or f"{year_data.year}年度绩效自评"
    return f"{name}：复核与分析"


def headline(year_data: YearData, assessment: Any, findings: pd.DataFrame) -> str:
    """The opening paragraph: money executed, reported and recomputed total, findings count."""
    title = project_name(year_data.header)
    total = _budget_total(year_data)
    money = ""
    if total is not None and not is_blank(total["executed"]):
        money = f"全年执行{number(total['executed'])}{BUDGET_UNIT}"
        if not is_blank(total["full_year"]) and total["full_year"]:
            rate = total["executed"] / total["full_year"] * 100
            money += f"（执行率{number(rate, 1)}%）"
        money += "。"
    found = _severity_summary(findings)
    return (
        f"{year_data.year}年「{title}」{money}{total_text(assessment)}复核发现{found or '无问题'}。"
    )


def total_text(assessment: Any) -> str:
    """Total and grade, reported and recomputed by the rules."""
    totals = assessment.totals
    text = (
        f"自评总分{number(totals.get('reported_total'))}分（{totals.get('reported_grade')}），"
        f"按评分规则复算{number(totals.get('recomputed_total'))}分"
        f"（{totals.get('recomputed_grade')}）"
    )
    unscored = totals.get("unscored_weight")
    if not is_blank(unscored) and unscored:
        text += f"，其中{number(unscored)}分的指标未能按规则复算"
    weight_total = totals.get("weight_total")
    if not is_blank(weight_total):
        text += f"；各项分值合计{number(weight_total)}分"
    return text + "。"


# --------------------------------------------------------------------------- budget


def _budget_total(year_data: YearData) -> dict[str, Any] | None:
    rows = year_data.budget[year_data.budget["line"] == "total"]
    return None if rows.empty else rows.iloc[0].to_dict()


def budget_text(year_data: YearData) -> str:
    """Budget lines as reported, the execution rate recomputed, and what the money went to."""
    total = _budget_total(year_data)
    parts: list[str] = []
    if total is not None:
        amounts = [
            f"{label}{number(total[key])}{BUDGET_UNIT}"
            for key, label in (
                ("initial", "年初预算"),
                ("full_year", "全年预算"),
                ("executed", "全年执行"),
            )
            if not is_blank(total[key])
        ]
        sentence = f"{total['label']}：" + "，".join(amounts)
        if (
            not is_blank(total["full_year"])
            and total["full_year"]
            and not is_blank(total["executed"])
        ):
            recomputed = total["executed"] / total["full_year"] * 100
            reported = total["rate_text"] if not is_blank(total["rate_text"]) else "未填"
            sentence += (
                f"；执行率报告为{reported}，按全年执行数÷全年预算数复算为{number(recomputed, 1)}%"
            )
        parts.append(sentence)
    spending = year_data.spending
    if not spending.empty:
        items = "、".join(
            f"{row.label}{number(row.amount, 4)}{row.unit}" for row in spending.itertuples()
        )
        units = spending["unit"].unique()
        sentence = f"支出{len(spending)}项：{items}"
        if len(units) == 1:
            sentence += f"，明细合计{number(spending['amount'].sum(), 4)}{units[0]}"
        parts.append(sentence)
    return (_joined(parts) + "。") if parts else "本年度无预算数据。"


# --------------------------------------------------------------------------- economy


def economy_table(year_data: YearData, derived: pd.DataFrame) -> pd.DataFrame:
    """Levels and growth rates of the park economy, with the previous-year bases they imply."""
    vocabulary = year_data.vocabulary
    metrics = vocabulary.metrics
    growth_of = {
        row.growth_of: row.metric
        for row in metrics.itertuples()
        if row.theme == "economy" and isinstance(row.growth_of, str) and row.growth_of
    }
    rows = []
    for base, growth in growth_of.items():
        level, rate = _city_figure(year_data, base), _city_figure(year_data, growth)
        if level is None and rate is None:
            continue
        previous = derived[(derived["metric"] == base) & (derived["park"] == CITY)]
        rows.append(
            {
                "指标": vocabulary.metric_label(base),
                f"{year_data.year}年（报告）": level["value_text"] if level else "",
                "增长（报告）": rate["value_text"] if rate else "",
                f"{year_data.year - 1}年（推算）": (
                    f"约{number(previous.iloc[0]['value'])}{previous.iloc[0]['unit']}"
                    if not previous.empty
                    else ""
                ),
            }
        )
    return pd.DataFrame(rows)


def economy_text(year_data: YearData, derived: pd.DataFrame) -> str:
    """One sentence per economic quantity: level, growth, and the implied previous-year base."""
    table = economy_table(year_data, derived)
    if table.empty:
        return "本年度未报告园区经济指标。"
    level_col, rate_col, base_col = table.columns[1:4]
    parts = []
    for row in table.to_dict("records"):
        text = f"{row['指标']}{row[level_col]}" if row[level_col] else row["指标"]
        if row[rate_col]:
            text += f"，增长{row[rate_col]}" if row[level_col] else f"增长{row[rate_col]}"
        if row[base_col]:
            text += f"（由增长率推算上年{row[base_col]}）"
        parts.append(text)
    return f"全市园区{_joined(parts)}。括号中的上年数值由报告的总量和增长率推算，不是报告数。"


# --------------------------------------------------------------------------- project pipeline


def _indicator_metric_items(year_data: YearData, assessment: Any) -> dict[str, dict[str, Any]]:
    """Assessment item of each annotated metric: part k of a composite ↔ its k-th metric."""
    items = assessment.items.set_index("item")
    found: dict[str, dict[str, Any]] = {}
    for indicator in year_data.indicators.to_dict("records"):
        metrics, row = metrics_of(indicator), indicator["row"]
        for k, metric in enumerate(metrics, start=1):
            key = f"indicator-{row}.{k}" if len(metrics) > 1 else f"indicator-{row}"
            if key in items.index:
                found[metric] = items.loc[key].to_dict()
    return found


def pipeline_table(year_data: YearData, assessment: Any) -> pd.DataFrame:
    """Project counts: annual task (target), actual, completion as reported and recomputed."""
    vocabulary = year_data.vocabulary
    metrics = vocabulary.metrics
    by_metric = _indicator_metric_items(year_data, assessment)
    rows = []
    for row in metrics.itertuples():
        count = row.completion_of
        if row.theme != "projects" or not isinstance(count, str) or not count:
            continue
        actual, reported = _city_figure(year_data, count), _city_figure(year_data, row.metric)
        item = by_metric.get(count, {})
        target = item.get("target_value")
        actual_value = actual["canonical_value"] if actual else None
        recomputed = (
            actual_value / target * 100
            if not is_blank(target) and target and not is_blank(actual_value)
            else None
        )
        rows.append(
            {
                "项目": vocabulary.metric_label(count),
                "年度任务": (
                    f"{number(target)}{_text(item.get('target_unit'))}"
                    if not is_blank(target)
                    else ""
                ),
                "实际完成": actual["value_text"] if actual else "",
                "报告完成率": reported["value_text"] if reported else "",
                "复算完成率": f"{number(recomputed, 1)}%" if recomputed is not None else "",
            }
        )
    return pd.DataFrame(rows)


def pipeline_text(year_data: YearData, assessment: Any) -> str:
    """Targets against actuals, and where the reported completion differs from actual ÷ task."""
    table = pipeline_table(year_data, assessment)
    if table.empty:
        return "本年度未报告产业项目任务。"
    parts = []
    for row in table.to_dict("records"):
        text = f"{row['项目']}{row['实际完成']}"
        if row["年度任务"]:
            text += f"（年度任务{row['年度任务']}）"
        if row["报告完成率"]:
            text += f"，报告完成率{row['报告完成率']}"
        if row["复算完成率"]:
            same = row["复算完成率"].rstrip("%") == row["报告完成率"].rstrip("%")
            text += "，与复算一致" if same else f"，按实际÷任务复算为{row['复算完成率']}"
        parts.append(text)
    return _joined(parts) + "。"


# --------------------------------------------------------------------------- land


def land_table(year_data: YearData) -> pd.DataFrame:
    """Land and space figures as written, with the qualifier spelled out and area in 公顷."""
    vocabulary = year_data.vocabulary
    metrics = vocabulary.metrics_of_theme("land")
    figures = year_data.figures[year_data.figures["metric"].isin(metrics)]
    hectare = require_unit(HECTARE)
    rows = []
    for row in figures.itertuples():
        hectares = (
            number(row.canonical_value / float(hectare.factor), 1)
            if row.canonical_unit == hectare.canonical_unit and row.unit != HECTARE
            else ""
        )
        rows.append(
            {
                "指标": vocabulary.metric_label(row.metric),
                "园区": _park_name(year_data, row.park),
                "原文": row.value_text,
                "限定": qualifier_label(row.qualifier),
                "折合公顷": hectares,
            }
        )
    return pd.DataFrame(rows)


def land_text(year_data: YearData) -> str:
    """The land figures as reported, qualifiers kept."""
    table = land_table(year_data)
    if table.empty:
        return "本年度未报告园区用地数据。"
    parts = [
        f"{row['指标']}{row['原文']}" + (f"（约{row['折合公顷']}公顷）" if row["折合公顷"] else "")
        for row in table.to_dict("records")
    ]
    return _joined(parts) + "。"


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


# Why a score could not be recomputed, in the report's language (the assessment's own
# reasons are written for code readers); matched by the start of the assessment's wording.
NOT_RECOMPUTED = (
    ("全年预算数 or", "全年预算数或全年执行数为空（或为零）"),
    ("the actual states no figure", "实际完成值未给出可与年度指标值比较的数字"),
    ("part(s)", "其中有分项无法复算"),
    ("the actual text does not determine", "实际完成值的文字不能确定定性档次"),
)


def reason_label(reason: Any, kind: Any = None) -> str:
    """The reason a score was not recomputed, in Chinese (empty when it was recomputed)."""
    if is_blank(reason):
        return ""
    for start, label in NOT_RECOMPUTED:
        if str(reason).startswith(start):
            return label
    return "未能按评分规则复算"


def _text(value: Any) -> str:
    return "" if is_blank(value) else str(value)


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


def _severity_summary(findings: pd.DataFrame) -> str:
    """``错误2条、警告5条`` (severities without findings left out)."""
    counts = severity_counts(findings)
    return "、".join(f"{SEVERITY_LABELS[s]}{n}条" for s, n in counts.items() if n)


SUBJECT_LABELS = {"budget": "预算执行", "spending": "支出明细", "indicators": "全部指标"}


def subject_label(subject: Any, vocabulary: Any = None) -> str:
    """A finding's subject in Chinese: 第5行指标, a metric's or header field's label, a park."""
    text = str(subject)
    if text.startswith("indicator-"):
        row, _, part = text.removeprefix("indicator-").partition(".")
        return f"第{row}行指标" + (f"第{part}项" if part else "")
    if text in SUBJECT_LABELS:
        return SUBJECT_LABELS[text]
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
    text = f"复核发现{len(findings)}条：{_severity_summary(findings)}。"
    errors = findings[findings["severity"] == "error"]["message_zh"].tolist()
    if errors:
        text += "主要错误：" + "；".join(errors[:MAX_LISTED])
        text += "等。" if len(errors) > MAX_LISTED else "。"
    return text


def other_charts(names: Iterable[str]) -> list[str]:
    """The chart names, in order, that no section of the yearly notebook shows."""
    return [name for name in names if name not in SECTION_CHARTS]
