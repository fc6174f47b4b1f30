"""The table's labels (config/template_labels.yaml) and how a cell text is matched to them."""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

_SPACE = re.compile(r"[\s\u3000\u00a0]+")


@cache
def _t2s() -> Any:
    from opencc_purepy import OpenCC  # loaded once: building the dictionaries takes ~0.2 s

    return OpenCC("t2s")


@lru_cache(maxsize=65536)
def normalise(text: str) -> str:
    """A label as compared: no spaces or line breaks, NFKC (：（） → :()), Simplified."""
    text = unicodedata.normalize("NFKC", _SPACE.sub("", text))
    return _t2s().convert(text).rstrip(":")


@cache
def _load(path: str | None) -> dict[str, Any]:
    if path is None:
        ref = resources.files("parkmetrics") / "config" / "template_labels.yaml"
        return yaml.safe_load(ref.read_text(encoding="utf-8"))
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))


class Labels:
    """Synonym groups from the labels file; ``classify`` picks the longest matching synonym."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.raw = _load(None if path is None else str(path))
        self.placeholders = [re.compile(p) for p in self.raw["indicators"]["placeholders"]]
        self.line_prefixes = [normalise(p) for p in self.raw["budget"]["line_prefixes"]]

    def group(self, *keys: str) -> dict[str, list[str]]:
        node: Any = self.raw
        for key in keys:
            node = node[key]
        return node

    def synonyms(self, *keys: str) -> list[str]:
        node: Any = self.group(*keys)
        return list(node)

    def classify(self, text: str | None, groups: dict[str, list[str]]) -> str | None:
        """The id whose synonym ``text`` is (optionally followed by a bracketed note such as
        （万元）); the longest synonym wins, so 年度指标值 is not read as 指标值."""
        if not text:
            return None
        norm = normalise(text)
        best: tuple[int, str] | None = None
        for key, syns in groups.items():
            for syn in syns:
                s = normalise(syn)
                matches = norm == s or (norm.startswith(s) and norm[len(s)] in "([【<")
                if matches and (best is None or len(s) > best[0]):
                    best = (len(s), key)
        return None if best is None else best[1]

    def is_(self, text: str | None, *keys: str) -> bool:
        return self.classify(text, {"x": self.synonyms(*keys)}) is not None

    def strip_prefix(self, text: str) -> str:
        norm = normalise(text)
        for p in self.line_prefixes:
            if norm.startswith(p) and len(norm) > len(p):
                return norm[len(p) :].lstrip(":")
        return norm

    def is_placeholder(self, text: str | None) -> bool:
        return bool(text) and any(p.match(normalise(text or "")) for p in self.placeholders)

    def unit_in(self, text: str | None) -> str | None:
        """万元 or 元 when the text names one (longest first, since 元 is in 万元)."""
        norm = normalise(text or "")
        for unit in sorted(self.synonyms("budget", "units"), key=len, reverse=True):
            if normalise(unit) in norm:
                return unit
        return None
