"""What every chart is drawn with: sizes, colours and the charts' own words.

Every figure is 15 cm wide, the A4 text block of a briefing (GB/T 9704: 156 mm). The only
Chinese typed here are the words of the national template and of the charts themselves
(:data:`TEXT`, :data:`TITLES`); labels of figures come from the data and the vocabulary.
"""

from __future__ import annotations

from parkmetrics.data.template import budget_columns, indicator_columns

CM = 1 / 2.54  # matplotlib sizes figures in inches
WIDTH_CM = 15.0  # ≤ 15.6 cm, the text block of an A4 briefing

LABEL_LINES = 3  # a label of any length wraps to at most three lines
FONT_SIZE = 8.0
TITLE_SIZE = 10.0
NOTE_SIZE = 6.5

COLOURS = {
    "initial": "#D6E0F0",  # the budget set at the start of the year
    "plan": "#8FAADC",  # targets, budgets: the thing measured against
    "actual": "#2F5597",  # reported actuals and scores
    "recomputed": "#C55A11",  # our recomputation
    "reported": "#7FB3A8",  # a rate as the report states it (not the actual counts' blue)
    "weight": "#7F7F7F",
    "derived": "#A9D18E",
    "error": "#C00000",
    "warning": "#ED7D31",
    "info": "#8497B0",
}
QUALIFIED_HATCH = "////"
QUALIFIED_LIGHTEN = 0.6  # share of white mixed into a qualified bar's colour

# The template's and the charts' own words; everything else comes from data or vocabulary.
TEXT = {
    **{k: budget_columns()[k] for k in ("initial", "full_year", "executed", "rate")},
    **{k: indicator_columns()[k] for k in ("target", "actual", "weight")},
    "budget_lines": "预算资金",
    "spending": "支出构成",
    "spending_sum": "支出明细合计{total}{unit}，全年执行数{executed}{unit}",
    "spending_only": "支出明细合计{total}{unit}（报告未给出全年执行数）",
    "blank_lines": "空白未填：{labels}",
    "growth": "增长率（%）",
    "levels": "总量与上年基数",
    "reported_year": "{year}年（报告值）",
    "previous_year": "{year}年（由增长率推算）",
    "tasks": "年度任务与实际完成",
    "completion": "完成率（%）",
    "reported_rate": "报告的完成率",
    "recomputed_rate": "按实际÷任务复算",
    "reported_score": "自评得分",
    "recomputed_score": "复算得分",
    "not_recomputed": "未能复算",
    "budget_item": "预算执行率",
    "score_totals": "；{reported}，{recomputed}",
    "reported_total": "自评总分{points}分",
    "reported_total_unknown": "自评总分不在原文中",
    "reported_total_blank": "自评总分未填写",
    "recomputed_total": "复算总分{points}分",
    "recomputed_total_partial": "可复算部分{points}分",
    "recomputed_total_none": "未能复算总分",
    "all_full_marks": "全部{count}项自评满分；按规则复算{recomputed}项，也都是满分",
    "scores_differ": "自评满分{full}项（共{count}项）；复算{recomputed}项，{differ}项与自评不同",
    "scores_unscored": "，{unscored}项未能复算",
    "score_difference": "复算{difference}分",
    "weight_scale": "分值（满分）",
    "points": "得分（分）",
    "area": "面积（{unit}）",
    "land_area": "土地面积",
    "floor_area": "厂房建筑面积（不是土地面积）",
    "count_unit": "以“{unit}”计",
    "count": "条数",
    "findings_total": "共{total}条：{detail}",
    "no_findings": "未发现问题",
    "no_data": "本年度无可绘制的数据",
    "check": "复核第{check}项",
    "qualified": "浅色斜线：原文为约数或非精确数（近、多、超、以上等），标注原文",
}

TITLES = {
    "budget": "预算执行与支出构成",
    "growth": "园区经济增长",
    "pipeline": "产业项目任务完成情况",
    "scores": "绩效指标分值、自评得分与复算得分",
    "land": "园区用地与空间",
    "counts": "园区主要数量指标",
    "funds": "基金与金融规模",
    "findings": "复核发现",
}
