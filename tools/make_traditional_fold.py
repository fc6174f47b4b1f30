"""Write the two character tables of ``parkmetrics.figures.characters`` (config/):

- ``traditional.csv``: the Traditional forms of the characters the figure parser reads (units,
  qualifier words, numerals, rank and date words), so that 累計超70億元 reads as 累计超70亿元
  while the text stays as written; from OpenCC's STCharacters table (Simplified → Traditional);
- ``traditional_characters.txt``: every Traditional character OpenCC's TSCharacters table
  writes as one Simplified character (its first), for finding names in a Traditional report.

    python tools/make_traditional_fold.py

Both OpenCC tables (Apache License 2.0) ship with the ``opencc-purepy`` dependency. A form that
is another word rather than a way of writing the same one (颱 typhoon for 台, 裡 inside for 里)
is written with ``fold`` = ``no`` and is not folded: after a number it would be read as a unit.
``tests/test_traditional.py`` checks ``traditional.csv`` against the table.
"""

from __future__ import annotations

import csv
import io
import sys
from importlib import resources
from pathlib import Path

from parkmetrics.figures.reading import grammar_characters

CONFIG = Path(__file__).resolve().parents[1] / "src" / "parkmetrics" / "config"
OUT = CONFIG / "traditional.csv"
CHARACTERS = CONFIG / "traditional_characters.txt"
# forms OpenCC lists that are other words, not the grammar's word written another way
NOT_FOLDED = {
    "韆": "秋韆 (swing), not 千",
    "檯": "table, not the unit 台",
    "颱": "typhoon, not the unit 台",
    "傢": "傢俱 (furniture), not the unit 家",
    "哩": "a mile or a particle, not 公里's 里",
    "裡": "inside, not 公里's 里",
    "裏": "inside, not 公里's 里",
    "鍾": "a surname or a cup, not 分钟's 钟",
}


def opencc_forms(name: str = "STCharacters") -> dict[str, list[str]]:
    """Character → its forms in OpenCC's table ``name`` (STCharacters: Simplified →
    Traditional; TSCharacters: Traditional → Simplified, the usual one first)."""
    table = resources.files("opencc_purepy") / "dicts" / f"{name}.txt"
    forms = {}
    for line in table.read_text(encoding="utf-8").splitlines():
        simplified, _, traditional = line.partition("\t")
        forms[simplified] = traditional.split()
    return forms


def rows() -> list[dict[str, str]]:
    forms = opencc_forms()
    out = []
    for simplified in sorted(grammar_characters()):
        for traditional in forms.get(simplified, []):
            if traditional != simplified:
                note = NOT_FOLDED.get(traditional, "")
                fold = "no" if note else "yes"
                out.append({"traditional": traditional, "simplified": simplified,
                            "fold": fold, "note": note})  # fmt: skip
    return out


def character_lines() -> list[str]:
    """The Traditional characters and, at the same places, their Simplified ones."""
    pairs = sorted(
        (traditional, forms[0])
        for traditional, forms in opencc_forms("TSCharacters").items()
        if len(traditional) == 1 and len(forms[0]) == 1 and forms[0] != traditional
    )
    return [
        "# Traditional → Simplified, one character for one: line 1 the Traditional characters,",
        "# line 2 their Simplified forms at the same places. From OpenCC's TSCharacters table",
        "# (Apache License 2.0), made by tools/make_traditional_fold.py.",
        "".join(t for t, _ in pairs),
        "".join(s for _, s in pairs),
    ]


def main() -> int:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, ["traditional", "simplified", "fold", "note"],
                            lineterminator="\n")  # fmt: skip
    writer.writeheader()
    writer.writerows(rows())
    OUT.write_text(buffer.getvalue(), encoding="utf-8")
    print(f"{OUT}: {buffer.getvalue().count(chr(10)) - 1} forms")
    lines = character_lines()
    CHARACTERS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{CHARACTERS}: {len(lines[-1])} characters")
    return 0


if __name__ == "__main__":
    sys.exit(main())
