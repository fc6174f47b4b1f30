"""The import wing's error: a file that cannot be read or recognised, said in one clear line."""

from __future__ import annotations

from pathlib import Path

from parkmetrics.errors import DataValidationError, Problem


class IngestError(DataValidationError):
    """A report that cannot be read or recognised; a DataValidationError with one problem.

    ``location`` is where in the file (``表1 第8行``), ``expected`` what the reader needed.
    """

    def __init__(
        self, path: str | Path, expected: str, location: str | None = None, value: str | None = None
    ) -> None:
        self.path = str(path)
        self.location = location
        self.expected = expected
        # Problem.line is an int (CSV line); a grid location goes in ``column`` so it is shown.
        super().__init__([Problem(Path(path).name, None, location, value, expected)])

    def __str__(self) -> str:
        where = self.path if self.location is None else f"{self.path}: {self.location}"
        return f"{where}: {self.expected}"
