"""The one error type for bad input: every problem, each with file, line, column, value."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

SHOWN_PROBLEMS = 200  # the message lists this many problems, then "… and N more"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input file.

    ``line`` counts as a person does in an editor: the header row is line 1, the first data row
    line 2. It is None for problems of the whole file (missing file, missing column).
    """

    file: str
    line: int | None
    column: str | None
    value: str | None
    expected: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        parts = [where]
        if self.column is not None:
            parts.append(f"column {self.column}")
        if self.value is not None:
            parts.append(f"value {self.value!r}")
        return ": ".join(parts) + f": expected {self.expected}"


class DataValidationError(ValueError):
    """Raised when input files are invalid; lists every problem found, not just the first."""

    subject = "the data"  # what the heading says the problems are in

    def __init__(self, problems: Iterable[Problem], subject: str | None = None) -> None:
        if subject is not None:  # e.g. "the data folder data" (the run's preflight)
            self.subject = subject
        self.problems: list[Problem] = sorted(
            set(problems), key=lambda p: (p.file, p.line or 0, p.column or "", p.expected)
        )
        count = len(self.problems)
        lines = [f"{count} problem{'s' if count != 1 else ''} in {self.subject}:"]
        lines += [f"  {p}" for p in self.problems[:SHOWN_PROBLEMS]]
        if count > SHOWN_PROBLEMS:
            lines.append(f"  … and {count - SHOWN_PROBLEMS} more")
        super().__init__("\n".join(lines))


class RulesFileError(DataValidationError):
    """A rules file (``--rules``) that cannot be used: its problems, as for data files."""

    subject = "the rules file"
