"""An assessment item's scoring rule, inference and reason not recomputed, said in Chinese.

The assessment writes these three columns for code readers, in English (``>= at_least``,
``composite mean_capped_ratio of 3 parts``, ``target not in the source (unknown)``); the
workbook and the briefing say them in Chinese. Each pattern below is one sentence the scoring
layer writes (``scoring.assessment``, ``scoring.indicators``, ``scoring.layouts``,
``scoring.deductions``); the figures, units and labels inside it are kept as written. A text no
pattern matches is shown as written, never dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from parkmetrics.report.narrative.common import qualifier_label
from parkmetrics.scoring.cells import is_blank

DIRECTIONS = {">=": "≥", "<=": "≤", ">": "＞", "<": "＜", "=": "＝"}
FORMULAS = {
    "at_least": "完成值达到指标值得满分，否则按完成值÷指标值×分值",
    "at_most": "完成值不超过指标值得满分，超出按（1−超出÷指标值）×分值，达2倍指标值得0分",
    "equal": "按达到指标值计分；指标值为0时完成值不大于0得满分，否则0分",
}
COMPOSITES = {
    "mean_capped_ratio": "各分项完成比例（以100%为限）的平均值×分值",
    "min_capped_ratio": "各分项完成比例（以100%为限）的最小值×分值",
}
BANDS = {"achieved": "达成年度指标", "partial": "部分达成", "not_achieved": "未达成"}
QUALITATIVE_SCORES = {
    "clamp_reported": "自评得分在档内则保留，否则取最近的档限",
    "band_high": "取档次上限",
    "band_low": "取档次下限",
}
CUT_REASONS = {"no survey": "无满意度调查", "tasks unfinished": "有任务未完成",
               "no_evidence": "无完成依据", "boilerplate": "完成值为套话",
               "descriptive": "完成值只有描述"}  # fmt: skip
CELLS = {"target": "年度指标值", "actual": "实际完成值", "weight": "分值",
         "full_year": "全年预算数", "executed": "全年执行数"}  # fmt: skip
UNIT_SOURCES = {"度量单位": "度量单位栏", "its row's target": "本行年度指标值"}
TOTAL_STATES = {"blank": "为空", "all zero": "全为0"}
FALLBACK_REASON = "未能按评分规则复算"
SEPARATOR = "; "  # how the assessment joins several inferences of one item


def _direction(text: str) -> str:
    return DIRECTIONS.get(text, text)


def _in_unit(unit: str) -> str:
    # canonical unit "1": a figure without a unit
    return "" if unit == "1" else f"以{unit}计、"


def _cells(text: str) -> str:
    return "、".join(CELLS.get(c.strip(), c.strip()) for c in text.split(","))


Pattern = tuple[re.Pattern[str], Callable[[re.Match[str]], str]]


def _patterns(*pairs: tuple[str, Callable[[re.Match[str]], str]]) -> tuple[Pattern, ...]:
    return tuple((re.compile(p, re.S), f) for p, f in pairs)


RULES = _patterns(
    (r"budget: min\(全年执行数 ÷ 全年预算数, (?P<cap>[\d.e+-]+)\) × weight",
     lambda m: f"预算执行率：min(全年执行数÷全年预算数, {m['cap']})×分值"),
    (r"composite (?P<method>\w+) of (?P<n>\d+) parts",
     lambda m: f"组合指标（{m['n']}个分项）：{COMPOSITES.get(m['method'], m['method'])}"),
    (r"(?P<dir>\S+) target, text actual: qualitative band (?P<band>\w+)",
     lambda m: f"{_direction(m['dir'])}型指标、完成值为文字：按定性档次"
               f"「{BANDS.get(m['band'], m['band'])}」计分"),
    (r"qualitative band (?P<band>\w+) \((?P<share>[^)]*)\), (?P<how>\w+)",
     lambda m: f"定性指标，档次「{BANDS.get(m['band'], m['band'])}」（分值的{m['share']}），"
               f"{QUALITATIVE_SCORES.get(m['how'], m['how'])}"),
    (r"qualitative", lambda m: "定性指标"),
    (r"(?P<dir>[<>=]+) (?P<formula>\w+)",
     lambda m: f"{_direction(m['dir'])}型指标：{FORMULAS.get(m['formula'], m['formula'])}"),
)  # fmt: skip
RULE_SUFFIXES = _patterns(
    (r" \(approximate actual (?P<text>.+) taken as a bound\)",
     lambda m: f"（约数完成值{m['text']}按界值计）"),
    (r" \(actual: number of parks named\)", lambda m: "（完成值按列出的园区个数计）"),
    (r" \(amounts summed from the lines\)", lambda m: "（金额由各资金行相加）"),
)  # fmt: skip
INFERENCES = _patterns(
    (r"target read as (?P<text>.+) \(指标性质 \| 指标值 \| 度量单位 columns\)",
     lambda m: f"年度指标值由指标性质、指标值、度量单位三栏合成：{m['text']}"),
    (r"actual (?P<number>\S+) read as (?P<read>.+): unit inferred from (?P<source>.+)",
     lambda m: f"实际完成值{m['number']}读作{m['read']}（单位取自"
               f"{UNIT_SOURCES.get(m['source'], m['source'])}）"),
    (r"(?P<n>\d+) parts: the target's list (?P<list>.+) \(no metrics annotated\)",
     lambda m: f"年度指标值列出{m['n']}项（{m['list']}），逐项计分（未标注指标）"),
    (r"总额 line (?P<state>blank|all zero): 全年预算数 and 全年执行数 summed from its lines "
     r"\((?P<lines>.*)\)",
     lambda m: f"年度资金总额行{TOTAL_STATES[m['state']]}：全年预算数、全年执行数由各资金行"
               f"（{m['lines']}）相加"),
)  # fmt: skip
REASONS = _patterns(
    (r"(?P<cells>[\w, ]+) not in the source \(unknown\)",
     lambda m: f"{_cells(m['cells'])}不在来源中（未知）"),
    (r"the report has no budget block \(no 年度资金总额 line\)",
     lambda m: "报告没有资金表（无年度资金总额行）"),
    (r"分值 of the budget line is blank: no weight to score by",
     lambda m: "资金行的分值为空，无分值可计"),
    (r"全年预算数 or 全年执行数 is blank \(or zero\)",
     lambda m: "全年预算数或全年执行数为空（或为零）"),
    (r"the actual states no figure in (?P<unit>.+) to compare with the target (?P<target>.+)",
     lambda m: f"实际完成值未给出{_in_unit(m['unit'])}可与年度指标值{m['target']}比较的数字"),
    (r"approximate actual: (?P<text>.+) \((?P<q>[\w+]+)\) does not prove the target "
     r"(?P<dir>\S+) (?P<target>.+)",
     lambda m: f"完成值{m['text']}带限定词（{qualifier_label(m['q']) or m['q']}），不能证明达到"
               f"年度指标值{_direction(m['dir'])}{m['target']}"),
    (r"part\(s\) (?P<parts>[\d, ]+) cannot be recomputed",
     lambda m: f"第{'、'.join(p.strip() for p in m['parts'].split(','))}分项无法复算"),
    (r"the actual text does not determine a qualitative band",
     lambda m: "实际完成值的文字不能确定定性档次"),
)  # fmt: skip


def _translate(text: str, patterns: tuple[Pattern, ...]) -> str | None:
    for pattern, say in patterns:
        match = pattern.fullmatch(text)
        if match:
            return say(match)
    return None


def rule_label(rule: Any, titles: Mapping[str, str] | None = None) -> str:
    """The scoring rule an item was recomputed by, in Chinese (``titles``: reviewer rules'
    titles by name, from the rule pack)."""
    if is_blank(rule):
        return ""
    text, suffixes = str(rule), []
    while True:  # the assessment appends its notes to the rule, each in brackets
        for pattern, say in RULE_SUFFIXES:
            match = pattern.search(text)
            if match and match.end() == len(text):
                suffixes.insert(0, say(match))
                text = text[: match.start()]
                break
        else:
            break
    reviewer = re.fullmatch(r"review_(?P<name>\w+): (?P<share>\d+%) cut \((?P<how>.+)\)", text)
    if reviewer:
        name, how = reviewer["name"], reviewer["how"]
        title = (titles or {}).get(name) or name
        how = CUT_REASONS.get(how) or re.sub(r"repeats row (\d+)", r"与第\1行重复", how)
        said = f"复核规则「{title}」：自评得分扣减{reviewer['share']}（{how}）"
    else:
        said = _translate(text, RULES) or text
    return said + "".join(suffixes)


def inferred_label(inferred: Any) -> str:
    """What the assessment inferred for an item (a composed target, a unit), in Chinese."""
    if is_blank(inferred):
        return ""
    parts = str(inferred).split(SEPARATOR)
    return "；".join(_translate(p, INFERENCES) or p for p in parts)


def reason_label(reason: Any, kind: Any = None) -> str:
    """Why a score was not recomputed, in Chinese (empty when it was recomputed)."""
    if is_blank(reason):
        return ""
    said = _translate(str(reason), REASONS)
    return said if said is not None else f"{FALLBACK_REASON}（{reason}）"  # never dropped


def untranslated(rule: Any = None, inferred: Any = None, reason: Any = None) -> list[str]:
    """The parts of an item's rule, inference and reason that no pattern here says in Chinese
    (what the workbook would show as written): empty when all are translated."""
    left = []
    if not is_blank(rule) and rule_label(rule) == str(rule):
        left.append(str(rule))
    if not is_blank(inferred):
        left += [p for p in str(inferred).split(SEPARATOR) if _translate(p, INFERENCES) is None]
    if not is_blank(reason) and _translate(str(reason), REASONS) is None:
        left.append(str(reason))
    return left
