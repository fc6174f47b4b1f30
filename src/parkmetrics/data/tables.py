"""Reading a CSV file as strings, remembering the line each record starts on.

The one place that reads data files. Everything is read as text (blank = ""), so that the
schema, not the CSV reader, decides what a number is and every problem can name its line.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from parkmetrics.errors import Problem

LINE = "_line"  # column holding the line (as a person counts) a record starts on


@dataclass(frozen=True)
class RawTable:
    """A CSV file read as text: ``frame`` has one str column per header name plus ``_line``."""

    path: Path
    name: str  # how problems name the file, e.g. "2022/figures.csv"
    frame: pd.DataFrame

    def cells(self) -> pd.DataFrame:
        """The cells alone (no ``_line``), blank cells as None: what typed frames are built from."""
        return self.frame.drop(columns=[LINE]).replace("", None)


def read_csv(path: Path, name: str) -> tuple[RawTable | None, list[Problem]]:
    """Read ``path``; return the table (None when unreadable) and the problems found."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        return None, [Problem(name, None, None, None, "this file to exist")]
    except UnicodeDecodeError as error:
        return None, [
            Problem(
                name, None, None, None, f"UTF-8 text (undecodable byte at offset {error.start})"
            )
        ]
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    problems: list[Problem] = []
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
    frame = pd.DataFrame(rows, columns=header, dtype=object)
    frame[LINE] = lines
    return RawTable(path, name, frame), []
