"""A year's ``source/`` folder: the report as text, and the originals that may sit beside it.

Text documents (``.txt``, ``.md``) are read (UTF-8, else GB18030, the encoding recorded) and are
what quotes are checked against. Any other file — the original ``.docx`` or ``.pdf`` — may sit
in the folder and is listed in ``sources``, but is never read as text. Every unreadable entry,
a missing or empty folder, is one problem naming it.
"""

from __future__ import annotations

from pathlib import Path

from parkmetrics.data.tables import decode_text, read_bytes
from parkmetrics.errors import Problem

SOURCE_FOLDER = "source"
TEXT_SUFFIXES = (".txt", ".md")


def read_sources(
    folder: Path, name: str
) -> tuple[dict[str, Path], dict[str, str], dict[str, str], list[Problem]]:
    """(every file by name, text documents' texts, their encodings, problems) of ``folder``."""
    if not folder.is_dir():
        found = "a file" if folder.exists() else "nothing"
        expected = f"a folder holding the report's text (found {found})"
        return {}, {}, {}, [Problem(name, None, None, None, expected)]
    try:
        entries = sorted(folder.iterdir())
    except OSError as error:
        expected = f"a readable folder ({error.strerror or error})"
        return {}, {}, {}, [Problem(name, None, None, None, expected)]
    sources: dict[str, Path] = {}
    texts: dict[str, str] = {}
    encodings: dict[str, str] = {}
    problems: list[Problem] = []
    for path in entries:
        entry = f"{name}/{path.name}"
        if path.is_dir():
            continue  # a sub-folder (scans, attachments) is the user's own
        sources[path.name] = path
        if path.suffix.lower() not in TEXT_SUFFIXES:
            if not path.exists():  # a broken or looping link
                problems += read_bytes(path, entry)[1]
            continue  # an original (.docx, .pdf…): kept, not read as text
        data, found = read_bytes(path, entry)
        if data is None:
            problems += found
            continue
        text, encoding, found = decode_text(data, entry)
        problems += found
        if text is not None:
            texts[path.name] = text
            encodings[entry] = encoding
    if not texts and not problems:
        expected = "at least one text document (.txt or .md) of the report"
        problems.append(Problem(name, None, None, None, expected))
    return sources, texts, encodings, problems
