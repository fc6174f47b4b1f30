"""What the report calls its project: as the report's own title names it.

The self-evaluation table's 项目名称 and the report's title may word the project differently
(2022: 园区发展专项 in the table, 园区建设专项 in the title); the HTML report and the briefing
both take the title's wording, so a reader sees one name.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

# "2022 年度市…专项资金绩效自评报告—园区建设专项" → "市…专项资金—园区建设专项": the year in front
# and the kind of document are not the project's name.
# The form's own title says the year inside too (东岚市2023年度开发区…绩效自评表, 项目支出绩效
# 自评表（2023年度）): the year, the kind of document and a bracket left empty are removed.
_TITLE_YEAR = re.compile(r"^\s*\d{4}\s*年度?\s*|\d{4}\s*年度")
_TITLE_KIND = re.compile(r"(项目支出)?绩效自评(价)?(报告|表)|自评报告|自评表")
_EMPTY_BRACKETS = re.compile(r"[(（]\s*[)）]")
DEFAULT_NAME = "项目支出"


def project_name(header: dict[str, Any]) -> str:
    """The project as the report's title names it (else the table's 项目名称, unless that is
    the template's prompt left in: （填写项目名称） names no project)."""
    title = str(header.get("title") or "").strip()
    if title:
        name = _TITLE_KIND.sub("", _TITLE_YEAR.sub("", title))
        name = _EMPTY_BRACKETS.sub("", name).strip(" —-")
        if name:
            return re.sub(r"\s+", "", name)
    name = str(header.get("project_name") or "").strip()
    if not name or _default_rules().is_prompt(name):
        return DEFAULT_NAME
    return name


@cache
def _default_rules() -> Any:
    from parkmetrics.scoring.rules import load_rules

    return load_rules()
