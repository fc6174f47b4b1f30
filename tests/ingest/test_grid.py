"""The cell grid: a merge's continuation, a blank cell and an unknown position are three things."""

from __future__ import annotations

import pytest

from parkmetrics.ingest.grid import Cell, Grid, join_grids


def test_origin_continuation_blank_and_unknown():
    grid = Grid(
        (
            Cell("项目资金", 0, 0, rowspan=2, colspan=2, location="A1"),
            Cell("", 0, 2, location="C1"),
            Cell("5", 1, 2, location="C2"),
            Cell("x", 2, 0, location="A3"),
        ),
        "t",
        "表1",
    )
    assert grid.position(0, 0).is_origin
    assert grid.position(0, 1).is_continuation and not grid.position(0, 1).is_vertical_continuation
    assert grid.position(1, 1).is_vertical_continuation
    assert grid.position(0, 2).is_origin and grid.position(0, 2).cell.is_blank
    assert grid.position(2, 1).is_unknown
    assert (grid.n_rows, grid.n_cols) == (3, 3)
    assert [p.col for p in grid.row_cells(0)] == [0, 2]


def test_overlapping_cells_are_refused():
    with pytest.raises(ValueError, match="overlapping cells at B1 and A1"):
        Grid((Cell("a", 0, 0, colspan=2, location="A1"), Cell("b", 0, 1, location="B1")), "t", "x")


def test_joined_grids_keep_each_cell_location():
    a = Grid((Cell("a", 0, 0, location="表1 第1行 第1列"),), "t", "表1")
    b = Grid((Cell("b", 0, 0, location="表2 第1行 第1列"),), "t", "表2")
    joined = join_grids([a, b])
    assert joined.name == "表1"
    assert joined.position(1, 0).cell.location == "表2 第1行 第1列"
