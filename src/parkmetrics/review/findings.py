"""The findings table: the review checks' titles, and the findings assembled, sorted, numbered."""

from __future__ import annotations

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
