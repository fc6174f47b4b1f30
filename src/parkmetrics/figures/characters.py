"""Traditional characters read as Simplified, one character for one (so a match in the read
text is at the same place in the text as written, and every quote stays verbatim).

- :func:`grammar_fold`: the Traditional forms of the characters the figure parser reads
  (``config/traditional.csv``: 萬 → 万, 個 → 个, 累計 → 累计), without the forms that are other
  words (颱 typhoon is not the unit 台);
- :func:`simplified`: every one-to-one Traditional character of OpenCC's table
  (``config/traditional_characters.txt``), for finding the vocabulary's names and labels in a
  Traditional report (株洲高新區 is 株洲高新区).

Both files are made by ``tools/make_traditional_fold.py`` from the tables of the opencc-purepy
dependency. A Simplified text costs one pass over its characters (about half a millisecond for a
report's source text, once: each distinct text is converted once).
"""

from __future__ import annotations

import csv
from functools import cache, lru_cache
from importlib import resources

_CONFIG = resources.files("parkmetrics") / "config"


@cache
def grammar_fold() -> dict[str, str]:
    """Traditional form → the grammar's Simplified character (rows whose ``fold`` is ``no`` are
    other words and stay as written)."""
    with (_CONFIG / "traditional.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return {r["traditional"]: r["simplified"] for r in rows if r["fold"] == "yes"}


@cache
def _table() -> tuple[frozenset[str], dict[int, str]]:
    lines = [
        line
        for line in (_CONFIG / "traditional_characters.txt").read_text("utf-8").splitlines()
        if not line.startswith("#")
    ]
    traditional, simple = lines
    return frozenset(traditional), str.maketrans(traditional, simple)


@lru_cache(maxsize=1024)  # a report's texts are searched once per name: each converted once
def simplified(text: str) -> str:
    """``text`` with every Traditional character written Simplified; the same length (a
    Simplified text is returned as it is, after one pass)."""
    traditional, table = _table()
    return text if traditional.isdisjoint(text) else text.translate(table)
