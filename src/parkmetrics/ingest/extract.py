"""Figures of a report's narrative: every number the parser finds, with its sentence as quote.

A figure is *mapped* when its label (the words before it in its clause) contains a metric's
label from ``vocabulary/metrics.csv`` with the same canonical unit, and its sentence names a
park (``vocabulary/parks.csv``, aliases and 全市 included). Every other figure is an
*unmapped candidate* with the reason why: written for the analyst, never dropped, never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from typing import Any

import yaml

from parkmetrics.data.vocabulary import Vocabulary
from parkmetrics.figures.characters import simplified
from parkmetrics.figures.quantity import Quantity, find_quantities

FIGURE_COLUMNS = (
    "park",
    "metric",
    "label",
    "value_text",
    "value",
    "unit",
    "canonical_value",
    "canonical_unit",
    "qualifier",
    "comparison",
    "document",
    "source_quote",
    "note",
)
UNMAPPED_COLUMNS = (
    "park",
    "metric",
    "label",
    "value_text",
    "value",
    "unit",
    "canonical_value",
    "canonical_unit",
    "qualifier",
    "comparison",
    "document",
    "source_quote",
    "location",
    "reason",
)


@cache
def rules() -> dict[str, Any]:
    """The extraction rules (``config/extraction.yaml``)."""
    ref = resources.files("parkmetrics") / "config" / "extraction.yaml"
    return yaml.safe_load(ref.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Figure:
    """One figure found in the narrative. ``reason`` is None for a mapped figure."""

    quantity: Quantity
    value_text: str
    label: str
    quote: str
    location: str  # 第12行: the source text's line the quote starts on
    park: str | None
    metric: str | None
    reason: str | None

    @property
    def mapped(self) -> bool:
        return self.reason is None


def sentences(text: str, paragraphs: Iterable[str]) -> Iterable[tuple[int, str]]:
    """(offset in ``text``, sentence) of every sentence of the narrative ``paragraphs`` (lines
    of ``text``, in order), outer spaces removed."""
    ends = rules()["sentence_ends"]
    pattern = re.compile(rf"[^{re.escape(ends)}\n]+[{re.escape(ends)}]?")
    at = 0
    for paragraph in paragraphs:
        found = text.find(paragraph, at)
        if found < 0:
            continue  # not a line of the text (a reader's rendition): no place to quote
        at = found + len(paragraph)
        for m in pattern.finditer(paragraph):
            body = m.group().strip(" \t\u3000\u00a0\r")
            if body:
                yield found + m.start() + m.group().index(body), body


def _label(clause: str) -> str:
    cfg = rules()
    label = clause.strip(" \t\u3000\u00a0")
    for pattern in cfg["label_prefixes"] * 2 + cfg["label_suffixes"]:
        label = re.sub(pattern, "", label).strip(" \u3000")
    return label


def _is_figure(sentence: str, start: int, end: int, q: Quantity) -> bool:
    cfg = rules()
    if (
        start > 0
        and sentence[start - 1] == cfg["ordinal_prefix"]
        and q.unit not in cfg["rank_units"]
    ):
        return False  # 第3条: an article number
    return not (end < len(sentence) and re.match(cfg["name_letters"], sentence[end]))


class _Names:
    """Park names and metric labels of the vocabulary, longest first."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        parks = vocabulary.parks
        self.parks = sorted(
            zip(parks["name"], parks["park"], strict=True), key=lambda p: -len(p[0])
        )
        metrics = vocabulary.metrics
        self.metrics = sorted(
            (
                (str(r.label), str(r.metric), r.canonical_unit, r.growth_of)
                for r in metrics.itertuples()
            ),
            key=lambda m: -len(m[0]),
        )
        self.growth = {
            str(r.growth_of): str(r.metric)
            for r in metrics.itertuples()
            if isinstance(r.growth_of, str) and r.growth_of
        }

    def park(self, sentence: str, before: int) -> str | None:
        """The park named nearest before ``before``; else the one park the sentence names (a
        Traditional sentence is searched in Simplified: 株洲高新區 is 株洲高新区)."""
        found: dict[int, str] = {}
        sentence = simplified(sentence)
        for name, _ in self.parks:
            for m in re.finditer(re.escape(name), sentence):
                if not any(a <= m.start() < a + len(n) for a, n in found.items()):
                    found[m.start()] = name
        by_name = dict(self.parks)
        earlier = [a for a in found if a < before]
        if earlier:
            return by_name[found[max(earlier)]]
        named = {by_name[n] for n in found.values()}
        return named.pop() if len(named) == 1 else None

    def metric(self, label: str, unit: str | None) -> tuple[str | None, str | None]:
        """(metric, None) or (None, why not) for a label and the figure's canonical unit."""
        label = simplified(label)
        for text, metric, canonical, _ in self.metrics:
            if text and text in label:
                if canonical != unit:
                    return None, f"label {text} ({metric}) is in {canonical}, the figure in {unit}"
                return metric, None
        return None, "no metric label of vocabulary/metrics.csv in the label"


def extract_figures(text: str, paragraphs: Iterable[str], vocabulary: Vocabulary) -> list[Figure]:
    """Every figure of the narrative ``paragraphs`` of ``text``, quoted from ``text``."""
    names = _Names(vocabulary)
    breaks = rules()["clause_breaks"]
    growth_words = tuple(rules()["growth_words"])
    found: list[Figure] = []
    for offset, sentence in sentences(text, paragraphs):
        line = text.count("\n", 0, offset) + 1
        previous_end, previous_metric = 0, None
        for start, end, q in find_quantities(sentence):
            if q.qualitative or not _is_figure(sentence, start, end, q):
                continue
            cut = max([previous_end] + [sentence.rfind(c, 0, start) + 1 for c in breaks])
            label = _label(sentence[cut:start])
            metric, reason = names.metric(label, q.canonical_unit)
            growth = simplified(label) in growth_words
            if metric is None and growth and previous_metric in names.growth:
                metric, reason = names.growth[previous_metric], None
                label = f"{label}（{vocabulary.metric_label(previous_metric)}）"
            park = names.park(sentence, start)
            if metric is not None and park is None:
                reason = "no park named in the sentence"  # the metric kept as a candidate
            found.append(
                Figure(q, sentence[start:end], label, sentence, f"第{line}行", park, metric, reason)
            )
            previous_end, previous_metric = end, metric
    return _unique_keys(_unique_quotes(found, text))


def _unique_quotes(found: list[Figure], text: str) -> list[Figure]:
    """A quote must point at one place: a sentence written twice is lengthened until unique."""
    out = []
    for f in found:
        quote = f.quote
        start = text.find(quote)
        while text.count(quote) > 1 and start + len(quote) < len(text):
            quote = text[start : start + len(quote) + 1]
        out.append(replace(f, quote=quote) if quote != f.quote else f)
    return out


def _unique_keys(found: list[Figure]) -> list[Figure]:
    """One (park, metric, quote) per figure: a metric named twice in a sentence is unmapped."""
    seen: set[tuple[str | None, str | None, str]] = set()
    out = []
    for f in found:
        key = (f.park, f.metric, f.quote)
        if f.mapped and key in seen:
            f = replace(f, metric=None, reason=f"{f.metric} is already mapped in this sentence")
        seen.add(key)
        out.append(f)
    return out


def _number(value: Any) -> str:
    if value is None:
        return ""
    text = format(value.normalize(), "f") if hasattr(value, "normalize") else str(value)
    return text.rstrip("0").rstrip(".") if "." in text else text


def figure_rows(found: Iterable[Figure], document: str) -> tuple[list[dict], list[dict]]:
    """(figures.csv rows, figures_unmapped.csv rows) in the source's order."""
    mapped, unmapped = [], []
    for f in found:
        q = f.quantity
        row = {
            "park": f.park or "",
            "metric": f.metric or "",
            "label": f.label,
            "value_text": f.value_text,
            "value": _number(q.value),
            "unit": q.unit or "",
            "canonical_value": _number(q.canonical_value),
            "canonical_unit": q.canonical_unit or "",
            "qualifier": q.qualifier,
            "comparison": q.comparison or "",
            "document": document,
            "source_quote": f.quote,
        }
        if f.mapped:
            mapped.append({**row, "note": f"extracted from {f.location}"})
        else:
            unmapped.append({**row, "location": f.location, "reason": f.reason})
    return mapped, unmapped
