"""What the report calls its project: as the report's own title names it.

The self-evaluation table's 项目名称 and the report's title may word the project differently
(2022: 园区发展专项 in the table, 园区建设专项 in the title); the HTML report and the briefing
both take the title's wording, so a reader sees one name.
"""

from __future__ import annotations

import re
from typing import Any

# "2022 年度市…专项资金绩效自评报告—园区建设专项" → "市…专项资金—园区建设专项": the year in front
# and the kind of document are not the project's name.
_TITLE_YEAR = re.compile(r"^\s*\d{4}\s*年度?\s*")
_TITLE_KIND = re.compile(r"(项目支出)?绩效自评(价)?报告|自评报告")
DEFAULT_NAME = "项目支出"


def project_name(header: dict[str, Any]) -> str:
    """The project as the report's title names it (else the table's 项目名称)."""
    title = str(header.get("title") or "").strip()
    if title:
        name = _TITLE_KIND.sub("", _TITLE_YEAR.sub("", title)).strip(" —-")
        if name:
            return re.sub(r"\s+", "", name)
    return str(header.get("project_name") or DEFAULT_NAME).strip()
