"""Reading a CSV file as strings, remembering the line each record starts on.

The one place that reads data files. Everything is read as text (blank = ""), so that the
schema, not the CSV reader, decides what a number is and every problem can name its line.
"""

from __future__ import annotations

import csv
import io
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from parkmetrics.errors import Problem

if TYPE_CHECKING:  # pandas is imported where frames are made: the run's parent and workers
    import pandas as pd  # import this module for decode_text and need not pay for pandas

LINE = "_line"  # column holding the line (as a person counts) a record starts on
CARRIED = "_carried"  # indicator levels carried down from the row above (layout.prepare)
PLACEHOLDER = "_placeholder"  # "yes" on a placeholder row (指标2, ……) (layout.prepare)
INTERNAL = (LINE, CARRIED, PLACEHOLDER)  # columns the loader adds, never in a file


# Encodings a data file may be in: UTF-8 (with or without BOM), else what Excel on Chinese
# Windows writes (GB18030, a superset of GBK and GB2312). The one found is recorded.
ENCODINGS = ("utf-8-sig", "gb18030")
# Big5 read as GB18030: about half its characters fall outside GB2312 (its trail bytes
# 0x40-0x7E are GBK's extension); text really in GB18030 has a few percent there at most
BIG5_OUTSIDE_SHARE = 0.3
BIG5_MIN_CHARACTERS = 4  # fewer Chinese characters say nothing about the encoding
_SAVE_AS = "save it as 'CSV UTF-8 (comma delimited)' (Excel) or as UTF-8 text"


_NATIVE = frozenset({str, float, int, bool, type(None)})  # cells to_dict leaves as they are


def records(frame: pd.DataFrame) -> list[dict]:
    """``frame.to_dict("records")``, the same dicts, several times faster on the small frames a
    year has: pandas converts row by row through ``itertuples``, which the review checks paid
    dozens of times per year (most of auditing a province). Column arrays as lists, zipped;
    object cells boxed as to_dict boxes them (numpy scalars made native) when any needs it."""
    from pandas.api.extensions import ExtensionDtype
    from pandas.core.dtypes.cast import maybe_box_native  # what to_dict itself boxes cells with

    columns = list(frame.columns)
    if len(set(columns)) != len(columns):  # frame[c] would be a frame: leave it to pandas
        return frame.to_dict("records")
    arrays = getattr(frame, "_iter_column_arrays", None)
    values = []
    for array in arrays() if arrays else (frame[c].array for c in columns):
        cells = array.tolist()
        boxed = array.dtype == object or isinstance(array.dtype, ExtensionDtype)
        if boxed and not set(map(type, cells)) <= _NATIVE:  # map: a C loop, not a generator
            cells = list(map(maybe_box_native, cells))
        values.append(cells)
    return [dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True)]


T = TypeVar("T")

# Lookups derived from one loaded object (a year's frame, a vocabulary's), by its identity and
# the lookup's name: the checks ask the same question of the same frame many times a report
# (which parks a cell names, whose figures a metric has), and pandas' per-call overhead on
# small frames was most of a province's audit. Loaded frames are not modified after loading;
# an entry is forgotten with its object (its id may then be reused by another one).
_MEMO: dict[tuple[int, str], tuple[weakref.ref, Any]] = {}


def memo(owner: Any, name: str, compute: Callable[[Any], T]) -> T:
    """``compute(owner)``, computed once per ``owner`` object (not per content) and ``name``."""
    key = (id(owner), name)
    kept = _MEMO.get(key)
    if kept is not None and kept[0]() is owner:
        return kept[1]
    value = compute(owner)
    _MEMO[key] = (weakref.ref(owner, lambda _gone, key=key: _MEMO.pop(key, None)), value)
    return value


def loaded_records(frame: pd.DataFrame, where: Callable[[dict], bool] | None = None) -> list[dict]:
    """``records(frame)`` of a loaded year's frame (never modified after loading), those
    ``where`` accepts: converted once per frame object (``memo``), new dicts each call, so a
    caller may change its own."""
    rows = memo(frame, "records", records)
    return [dict(r) for r in rows if where is None or where(r)]


@dataclass(frozen=True)
class RawTable:
    """A CSV file read as text: ``data`` maps each header name to its column's cells (str), and
    ``_line`` to the line each record starts on.

    Columns are the reader's lists, not a frame: the loader checks and prepares a year's six
    tables cell by cell, and builds each typed frame once (``data.dataset``); a pandas frame
    per step was most of loading a province. ``frame`` is made when asked for (vocabulary
    lookups, pandera's failure report).
    """

    path: Path
    name: str  # how problems name the file, e.g. "2022/figures.csv"
    data: dict[str, list]
    encoding: str = "utf-8"  # the encoding the file was read in (utf-8 or gb18030)
    added: frozenset[str] = frozenset()  # optional columns the file leaves out (made blank)

    def __len__(self) -> int:
        return len(self.data[LINE])

    def column(self, name: str) -> list:
        """The cells of column ``name`` (a list the caller must not change)."""
        return self.data[name]

    def rows(self) -> list[dict]:
        """One dict per record, ``_line`` included."""
        names = list(self.data)
        return [dict(zip(names, row, strict=True)) for row in zip(*self.data.values(), strict=True)]

    @cached_property
    def frame(self) -> pd.DataFrame:
        """The table as a frame of text (object) columns and the ``_line`` integers."""
        import pandas as pd

        return pd.DataFrame(
            {c: pd.Series(v, dtype="int64" if c == LINE else object) for c, v in self.data.items()}
        )

    def cells(self) -> pd.DataFrame:
        """The cells alone (no ``_line``), blank cells as None: what typed frames are built
        from; a column the file leaves out is blank text (missing)."""
        import pandas as pd

        return pd.DataFrame(
            {
                c: pd.Series(blank_as_none(v), dtype="str" if c in self.added else object)
                for c, v in self.data.items()
                if c not in INTERNAL
            }
        )


def blank_as_none(cells: list) -> list:
    """``cells`` with each blank ("") as None."""
    return [None if v == "" else v for v in cells]


def read_bytes(path: Path, name: str) -> tuple[bytes | None, list[Problem]]:
    """The bytes of ``path``, or one problem saying in plain words why it cannot be read."""
    try:
        return path.read_bytes(), []
    except FileNotFoundError:
        expected = "this file to exist"
    except IsADirectoryError:
        expected = "a file here, found a directory"
    except PermissionError:
        expected = "a file this user may read (permission denied)"
    except OSError as error:  # a symlink loop (ELOOP), a broken device…
        expected = f"a readable file ({error.strerror or error})"
    if path.is_symlink() and not path.exists():
        expected = "a file, found a symbolic link that leads nowhere (or loops)"
    return None, [Problem(name, None, None, None, expected)]


def decode_text(data: bytes, name: str) -> tuple[str | None, str, list[Problem]]:
    """Decode a data file: (text, encoding, problems). UTF-16 and binary files are refused with
    a message saying how to save them."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, "", [Problem(name, None, None, None, f"UTF-8 text, found UTF-16: {_SAVE_AS}")]
    if b"\x00" in data:
        where = data.index(b"\x00")
        expected = f"text, found binary data (a NUL byte at offset {where}): {_SAVE_AS}"
        return None, "", [Problem(name, None, None, None, expected)]
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "gb18030" and _big5_instead(data, text):
            expected = f"UTF-8 or GB18030 text, found what looks like Big5: {_SAVE_AS}"
            return None, "", [Problem(name, None, None, None, expected)]
        return text, "utf-8" if encoding == "utf-8-sig" else encoding, []
    offset = 0
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        offset = error.start
    line = data.count(b"\n", 0, offset) + 1
    expected = f"UTF-8 or GB18030 text (undecodable byte {data[offset]:#04x}): {_SAVE_AS}"
    return None, "", [Problem(name, line, None, None, expected)]


def _big5_instead(data: bytes, text: str) -> bool:
    """Whether bytes that decoded as GB18030 are Big5 (Traditional Chinese as Windows saves it
    in Taiwan and Hong Kong): read as GB18030 they are mostly characters outside GB2312, which
    Chinese text written in GB18030 hardly uses, and the bytes are valid Big5."""
    chinese = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    if len(chinese) < BIG5_MIN_CHARACTERS:
        return False
    outside = sum(1 for c in chinese if not _in_gb2312(c))
    if outside < BIG5_OUTSIDE_SHARE * len(chinese):
        return False
    try:
        data.decode("big5")
    except UnicodeDecodeError:
        return False
    return True


def _in_gb2312(character: str) -> bool:
    try:
        character.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def read_csv(path: Path, name: str) -> tuple[RawTable | None, list[Problem]]:
    """Read ``path``; return the table (None when unreadable) and the problems found."""
    data, problems = read_bytes(path, name)
    if data is None:
        return None, problems
    text, encoding, problems = decode_text(data, name)
    if text is None:
        return None, problems
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    problems = []
    try:
        header = next(reader, None)
    except csv.Error as error:
        return None, [Problem(name, 1, None, None, f"a well-formed CSV header ({error})")]
    if not header or not any(cell.strip() for cell in header):
        return None, [Problem(name, 1, None, None, "a header row naming the columns")]
    header = [cell.strip() for cell in header]
    for column in {c for c in header if header.count(c) > 1}:
        problems.append(Problem(name, 1, column, column, "each column name once"))

    rows: list[list[str]] = []
    lines: list[int] = []
    start = reader.line_num + 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            problems.append(Problem(name, start, None, None, f"well-formed CSV ({error})"))
            break
        if record and any(cell.strip() for cell in record):
            if len(record) != len(header):
                problems.append(
                    Problem(
                        name,
                        start,
                        None,
                        ",".join(record),
                        f"{len(header)} fields as in the header, found {len(record)}",
                    )
                )
            else:
                rows.append([cell.strip() for cell in record])
                lines.append(start)
        start = reader.line_num + 1
    if problems:
        return None, problems
    columns = [list(c) for c in zip(*rows, strict=True)] if rows else [[] for _ in header]
    data = dict(zip(header, columns, strict=True))
    data[LINE] = lines
    return RawTable(path, name, data, encoding), []
