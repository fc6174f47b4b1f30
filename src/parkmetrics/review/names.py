"""Names (check 9): one park under two names anywhere in the report's text, park names the
vocabulary does not know, and the project under two names."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from parkmetrics.data.tables import loaded_records
from parkmetrics.data.vocabulary import CITY
from parkmetrics.figures.characters import simplified
from parkmetrics.review.evidence import CELL_LABELS, TABLE, Evidence
from parkmetrics.review.findings import Finding
from parkmetrics.review.matching import Match
from parkmetrics.scoring.assessment import Assessment
from parkmetrics.scoring.cells import is_blank, unknown_parks
from parkmetrics.scoring.rules import Rules

if TYPE_CHECKING:
    from parkmetrics.data.dataset import YearData

_DASHES = r"[—–\-]+"  # what separates a project title's parts (…—园区发展专项资金)
_CLAUSE_ENDS = "。；;\n"


# --- check 9: one entity, two names -----------------------------------------------------------


def check_park_names(
    year_data: YearData, assessment: Assessment, matches: list[Match], rules: Rules
) -> list[Finding]:
    """A park written under two or more of its names anywhere in the report (the whole source
    text, not only quoted rows); its full legal name (kind ``legal``) beside another is no
    defect. Name lookups are built once per audit: each name is masked and counted once."""
    parks = year_data.parks
    parks = parks[parks["park"] != CITY]
    names = list(parks["name"])
    texts = list(_texts(year_data))
    cells = [(where, text) for where, text in texts if where.startswith(TABLE)]
    # the whole source text; a year built without one (tests, imports) has its quotes
    sources = list(year_data.source_texts.values()) or [
        "\n".join(text for where, text in texts if not where.startswith(TABLE))
        + "\n"
        + "\n".join(text for _, text in cells)
    ]
    legal = set(parks.loc[parks["kind"] == "legal", "name"])
    found: list[Finding] = []
    for park, rows in parks.groupby("park", sort=True):
        used: dict[str, Evidence] = {}
        for name in rows["name"]:
            evidence = _name_used(name, names, cells, sources)
            if evidence is not None:
                used[name] = evidence
        if len([n for n in used if n not in legal]) < 2:
            continue
        official = year_data.vocabulary.park_name(park)
        shown = "、".join(used)
        found.append(
            Finding(
                "park_two_names", 9, park,
                f"同一园区使用不同名称：{shown}（规范名称：{official}）",
                f"one park is named differently: {shown} (official name: {official})",
                tuple(used.values()),
            )
        )  # fmt: skip
    found += _unknown_parks(year_data, rules)
    return found


def _name_used(
    name: str, names: list[str], cells: list[tuple[str, str]], sources: list[str]
) -> Evidence | None:
    """Where a park name is written: a table cell first, else the narrative (the source text
    outside the table's cells), each time other than inside a longer park name."""
    name = simplified(name)
    longer = [simplified(n) for n in names if n != name and name in simplified(n)]

    def searched(text: str) -> str:
        """The text in Simplified with the longer names blanked, character for character: the
        same length, so a match in it is at the same place in the text as written."""
        text = simplified(text)
        for other in longer:
            text = text.replace(other, "\0" * len(other))
        return text

    in_cells = 0
    first_cell: tuple[str, str] | None = None
    for where, text in cells:
        count = searched(text).count(name)
        in_cells += count
        if count and first_cell is None:
            first_cell = (where, text)
    for source in sources:
        search = searched(source)
        if search.count(name) > in_cells:  # written outside the table too
            start = _narrative_start(search, name)
            quote = _clause(source[start:], search[start:], name)
            return Evidence("叙述", _as_written(source, search, name), source_quote=quote)
    if first_cell is not None:
        where, text = first_cell
        search = searched(text)
        quote = _clause(text, search, name)
        return Evidence(where, _as_written(text, search, name), source_quote=quote)
    return None


def _as_written(text: str, search: str, name: str) -> str:
    """The name as ``text`` writes it where ``search`` (its searched form) has it first."""
    start = search.find(name)
    return text[start : start + len(name)]


def _narrative_start(text: str, name: str) -> int:
    """Where the first use of ``name`` outside a table cell (a line not opened by a tab) is."""
    start = text.find(name)
    while start >= 0:
        line_start = text.rfind("\n", 0, start) + 1
        if not text.startswith("\t", line_start):
            return line_start
        start = text.find(name, start + 1)
    return 0


def _unknown_parks(year_data: YearData, rules: Rules) -> list[Finding]:
    """Park-like names in table cells that the vocabulary does not list."""
    found = []
    for indicator in loaded_records(year_data.indicators):
        row = int(indicator["row"])
        for column in ("level3", "target", "actual"):
            text = indicator.get(column)
            for name in unknown_parks(text, year_data.parks, rules.park_name_suffixes):
                where = f"第{row}行·{CELL_LABELS[column]}"
                found.append(
                    Finding(
                        "unknown_park_name", 9, f"indicator-{row}",
                        f"{TABLE}{where}中的园区名称「{name}」不在园区名录中，"
                        "请核实名称或补充名录（按一家园区计）",
                        f"row {row} {column}: the park name '{name}' is not in the vocabulary's "
                        "parks; check it or add it (counted as one park named)",
                        (Evidence(f"{TABLE}·{where}", name, source_quote=str(text)),),
                        rule="park_name_suffixes",
                    )
                )  # fmt: skip
    return found


def check_project_name(
    year_data: YearData, assessment: Assessment, matches: list[Match], rules: Rules
) -> list[Finding]:
    """The project under one name: the table's 项目支出名称 and the report's title end in the
    same special-fund name (the part after the last dash)."""
    header = year_data.header
    name, title = header.get("project_name"), header.get("title")
    if is_blank(name) or is_blank(title):
        return []
    ends = [re.split(_DASHES, str(text))[-1].strip() for text in (name, title)]
    if any(not end for end in ends) or len(re.split(_DASHES, str(title))) < 2:
        return []  # one of them has no dash-separated special-fund name to compare
    if ends[0] == ends[1] or ends[0] in str(title) or ends[1] in str(name):
        return []
    label = year_data.vocabulary.header_label
    return [
        Finding(
            "project_two_names", 9, "project_name",
            f"项目名称前后不一致：自评表为「{ends[0]}」，报告标题为「{ends[1]}」",
            f"the project is named differently: '{ends[0]}' in the table, '{ends[1]}' in the "
            "report's title",
            (Evidence(f"{TABLE}·{label('project_name')}", str(name), source_quote=str(name)),
             Evidence(label("title"), str(title), source_quote=str(title))),
        )
    ]  # fmt: skip


def _texts(year_data: YearData) -> Iterator[tuple[str, str]]:
    """Every text the report is made of: table cells, then the narrative's quotes."""
    for indicator in loaded_records(year_data.indicators):
        for column in ("level3", "target", "actual"):
            if not is_blank(indicator.get(column)):
                where = f"{TABLE}·第{int(indicator['row'])}行·{CELL_LABELS[column]}"
                yield where, str(indicator[column])
    for frame in (year_data.figures, year_data.awards, year_data.spending):
        for quote in dict.fromkeys(frame["source_quote"].dropna()):
            yield "叙述", str(quote)


def _clause(text: str, search: str, name: str) -> str:
    """The clause of ``text`` around ``name``, found in ``search`` (the text's searched form,
    the same length): the quote a reviewer looks for, as written."""
    start = search.find(name)
    left = max(search.rfind(p, 0, start) for p in _CLAUSE_ENDS) + 1
    ends = [i for i in (search.find(p, start) for p in _CLAUSE_ENDS) if i >= 0]
    return text[left : min(ends) if ends else len(text)].strip()
