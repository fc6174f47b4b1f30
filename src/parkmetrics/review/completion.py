"""The completion rates a table's actual cell states itself, for rows without metrics.

An annotated row (``indicators.csv`` ``metrics``) finds its reported completion rate by metric
(``completion_of``). An imported report leaves ``metrics`` empty; its actual cell still says
``177个、137个、145个，分别完成年度任务的122%、102%、126%``. Here the percentages written after one
of ``rules.completion_words`` (with 为/是/达/了 between, not after ``completion_not_after``:
超额完成任务的20% is no rate) and those listed right after them are read in order, one per part
of the row's target. A cell with as many such rates as parts gives each part its rate; any other
count gives none (a rate that cannot be paired is not guessed). A rate written as a bound or
approximately (``105%以上``, ``近95%``) is paired but not compared: it states no exact rate.
"""

from __future__ import annotations

from typing import Any

from parkmetrics.figures.characters import simplified
from parkmetrics.scoring.cells import CellFigure, figures_in, is_blank
from parkmetrics.scoring.rules import Rules

PERCENT = "%"
LIST_GAP = "、，, 和及"  # what may stand between the rates of one list (122%、102%和126%)
FILLERS = ("为", "是", "达", "了")  # between a completion word and its rate (完成率为80%)
EXACT = ("exact", "reached")  # 达到95% states 95%; 105%以上 or 近95% state no exact rate


def stated_rates(actual: Any, rules: Rules) -> list[CellFigure]:
    """The completion rates an actual cell states, in order: each percentage written after a
    completion word, or listed right after such a percentage (``的122%、102%、126%``)."""
    if is_blank(actual) or not rules.completion_words:
        return []
    text = str(actual)
    rates: list[CellFigure] = []
    last_end, listing = 0, False  # the end of the figure before; whether it was a stated rate
    for figure in figures_in(text):
        before = simplified(text[last_end : figure.start])  # 完成年度任務的 is 完成年度任务的
        if figure.canonical_unit == PERCENT and (
            (listing and before.strip(LIST_GAP) == "") or _after_word(before, rules)
        ):
            rates.append(figure)
            listing = True
        else:
            listing = False
        last_end = figure.end
    return rates


def _after_word(before: str, rules: Rules) -> bool:
    """Whether ``before`` (the text since the last figure) ends with a completion word."""
    text = before.rstrip().replace("完成了", "完成")  # 完成了年度任务的 says 完成年度任务的
    while text.endswith(FILLERS):
        text = text[:-1].rstrip()
    for word in rules.completion_words:
        if text.endswith(word):
            ahead = text[: -len(word)]
            return not any(ahead.endswith(w) for w in rules.completion_not_after)
    return False


def part_rate(
    indicator: dict[str, Any], item: dict[str, Any], parts: int, rules: Rules
) -> CellFigure | None:
    """The exact rate the actual cell states for ``item`` (part k of ``parts``, or the whole
    row); None when the cell states none for it, or only a bound."""
    rates = stated_rates(indicator.get("actual"), rules)
    if len(rates) != max(parts, 1):
        return None
    index = int(item["part"]) - 1 if not is_blank(item["part"]) else 0
    if not 0 <= index < len(rates):
        return None
    rate = rates[index]
    return rate if rate.qualifier in EXACT and rate.comparison is None else None
