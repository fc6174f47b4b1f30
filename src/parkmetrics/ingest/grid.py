"""A format-neutral cell grid: every physical position is an origin, a continuation or unknown."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Cell:
    """One cell as the source has it; ``row``/``col`` are 0-based, ``location`` is for people.

    ``number`` is the stored number when the source keeps one apart from the displayed
    ``text`` (Excel: 0.86 shown as ``86%``); None otherwise.
    """

    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    location: str = ""
    page: int | None = None
    number: float | int | None = None

    @property
    def is_blank(self) -> bool:
        return is_blank_text(self.text)


def is_blank_text(text: str) -> bool:
    """Empty once spaces, U+3000 and U+00A0 are removed (how dumps mark an empty cell)."""
    return not text.strip(" \t\r\n\u3000\u00a0")


@dataclass(frozen=True)
class Position:
    """A resolved grid position: ``cell`` is None when the source has nothing there (unknown)."""

    row: int
    col: int
    cell: Cell | None

    @property
    def is_unknown(self) -> bool:
        return self.cell is None

    @property
    def is_origin(self) -> bool:
        return self.cell is not None and (self.cell.row, self.cell.col) == (self.row, self.col)

    @property
    def is_continuation(self) -> bool:
        """Covered by a merge whose origin is elsewhere (not a blank cell)."""
        return self.cell is not None and not self.is_origin

    @property
    def is_vertical_continuation(self) -> bool:
        return self.is_continuation and self.cell is not None and self.cell.row < self.row


@dataclass(frozen=True)
class Grid:
    """A table's cells; ``flattened`` grids (text dumps) lost their merges, so their columns
    are positions within a row, not physical columns."""

    cells: tuple[Cell, ...]
    source: str
    name: str
    flattened: bool = False
    # the row a text that stops in the middle of it cuts off (its cells are read from the
    # left, the rest unknown), else None
    cut_row: int | None = None
    _index: dict[tuple[int, int], Cell] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "cells", tuple(self.cells))
        for cell in self.cells:
            for r in range(cell.row, cell.row + cell.rowspan):
                for c in range(cell.col, cell.col + cell.colspan):
                    if (r, c) in self._index:
                        raise ValueError(
                            f"{self.source} {self.name}: overlapping cells at "
                            f"{cell.location} and {self._index[r, c].location}"
                        )
                    self._index[r, c] = cell

    @property
    def n_rows(self) -> int:
        return max((c.row + c.rowspan for c in self.cells), default=0)

    @property
    def n_cols(self) -> int:
        return max((c.col + c.colspan for c in self.cells), default=0)

    def position(self, row: int, col: int) -> Position:
        return Position(row, col, self._index.get((row, col)))

    def row(self, row: int) -> list[Position]:
        return [self.position(row, c) for c in range(self.n_cols)]

    def rows(self) -> Iterator[list[Position]]:
        for r in range(self.n_rows):
            yield self.row(r)

    def row_cells(self, row: int) -> list[Position]:
        """The row's positions without horizontal continuations: each cell once, left to right."""
        out: list[Position] = []
        for pos in self.row(row):
            if pos.cell is not None and out and out[-1].cell is pos.cell:
                continue
            out.append(pos)
        return out

    def text_rows(self) -> list[list[str | None]]:
        """Origin texts by position (continuations and unknowns as None): handy in tests."""
        return [[p.cell.text if p.is_origin and p.cell else None for p in r] for r in self.rows()]


def join_grids(grids: Iterable[Grid], name: str | None = None) -> Grid:
    """Stack grids vertically (a table split over pages); cells keep their own locations."""
    grids = list(grids)
    cells: list[Cell] = []
    offset = 0
    for g in grids:
        for c in g.cells:
            cells.append(
                Cell(
                    c.text,
                    c.row + offset,
                    c.col,
                    c.rowspan,
                    c.colspan,
                    c.location,
                    c.page,
                    c.number,
                )
            )
        offset += g.n_rows
    return Grid(tuple(cells), grids[0].source, name or grids[0].name, grids[0].flattened)


@dataclass(frozen=True)
class Document:
    """A read report: its tables as grids and its narrative paragraphs in body order."""

    tables: list[Grid]
    paragraphs: list[str]
    source_path: Path
