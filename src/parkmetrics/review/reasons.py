"""Whether a deviation reason explains a deviation: the part it names, the direction it speaks
of (超额 vs 未完成); and whether a low budget execution is explained anywhere."""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, Any

from parkmetrics.scoring.cells import is_blank
from parkmetrics.scoring.rules import Rules

if TYPE_CHECKING:
    from parkmetrics.data.dataset import YearData

_SENTENCE_ENDS = r"[。；;！!\n]"


def stem(label: str, siblings: list[str]) -> str:
    """The shortest start (two characters or more) of a part's label that no sibling shares
    (新开工产业项目 among 新引进…/新竣工… → 新开工)."""
    others = [s for s in siblings if s != label]
    for end in range(2, len(label) + 1):
        if not any(o.startswith(label[:end]) for o in others):
            return label[:end]
    return label


def explains(reason: str, item: dict[str, Any], siblings: list[str], rules: Rules) -> bool:
    """Whether ``reason`` explains the deviation of ``item``: a reason naming parts of its row
    explains only those; one speaking only of the other direction explains nothing here."""
    if item["kind"] == "part" and not is_blank(item["label"]):
        stems = {s: stem(s, siblings) for s in siblings}
        named = [label for label, s in stems.items() if s in reason]
        if named:
            return item["label"] in named
    ratio = item["ratio"]
    over = not math.isnan(ratio) and ratio >= rules.over_achievement_threshold
    want, other = ("over", "under") if over else ("under", "over")
    words = rules.reason_directions
    speaks = any(w in reason for w in words.get(want, ()))
    speaks_other = any(w in reason for w in words.get(other, ()))
    return speaks or not speaks_other


def budget_explained(year_data: YearData, rules: Rules) -> bool:
    """A reason for the budget's execution: a reason cell of the budget block, or a sentence of
    the narrative that speaks of spending and gives a cause."""
    budget = year_data.budget
    if "reason" in budget.columns and any(
        not rules.is_empty_reason(r) for r in budget["reason"] if not is_blank(r)
    ):
        return True
    words = rules.budget_reason_words
    for text in year_data.source_texts.values():
        for sentence in re.split(_SENTENCE_ENDS, text):
            if any(w in sentence for w in words.get("spending", ())) and any(
                w in sentence for w in words.get("reason", ())
            ):
                return True
    return False
