"""The recognised self-evaluation table: plain dataclasses, every value with its cell and place."""

from __future__ import annotations

from dataclasses import dataclass, field

_OUTER = " \t\r\n\u3000\u00a0"


@dataclass(frozen=True)
class Value:
    """One cell's value as written.

    ``quote`` is the verbatim cell text, None when the source has no cell there (unknown,
    e.g. a row cut short) — distinct from a blank cell (``""``). ``merged`` marks a position
    covered by a merge from above or the left; ``carried_from`` is the location of the cell a
    一级/二级 value was carried down from (merged or left blank under its group's first row).
    ``number`` is the number a spreadsheet stored behind the displayed ``quote`` (0.86 → 86%).
    """

    quote: str | None
    location: str | None
    merged: bool = False
    carried_from: str | None = None
    number: float | int | None = None

    @property
    def text(self) -> str | None:
        """The cell text without outer spaces and U+3000; None when unknown."""
        return None if self.quote is None else self.quote.strip(_OUTER)

    @property
    def is_unknown(self) -> bool:
        return self.quote is None

    @property
    def is_blank(self) -> bool:
        return self.quote is not None and not self.text


UNKNOWN = Value(None, None)


@dataclass(frozen=True)
class HeaderField:
    """项目名称 / 主管部门 / 实施单位: the label cell and the value cell beside it."""

    field: str
    label: Value
    value: Value


@dataclass(frozen=True)
class BudgetLine:
    """One line of the budget block; ``line`` is None for a line the labels do not know
    (a named sub-fund), whose label is still kept as written."""

    line: str | None
    label: Value
    values: dict[str, Value]  # column id (initial, full_year, …, reason) → value


@dataclass(frozen=True)
class Budget:
    """The budget block: its heading, column header cells, unit (万元/元) and lines."""

    heading: Value
    unit: str | None
    columns: dict[str, Value]
    lines: tuple[BudgetLine, ...]


@dataclass(frozen=True)
class Goals:
    """年度总体目标: expected and actual (UNKNOWN when the form has no such cell)."""

    heading: Value
    expected: Value
    actual: Value


@dataclass(frozen=True)
class IndicatorRow:
    """One indicator row. Forms with separate 指标性质 | 指标值 | 度量单位 columns fill
    ``sign``/``target_value``/``unit`` and leave ``target`` UNKNOWN; others the reverse."""

    row: int  # 1..n in table order, after placeholders are dropped
    location: str
    level1: Value
    level2: Value
    level3: Value
    target: Value = UNKNOWN
    actual: Value = UNKNOWN
    sign: Value = UNKNOWN
    target_value: Value = UNKNOWN
    unit: Value = UNKNOWN
    weight: Value = UNKNOWN
    score: Value = UNKNOWN
    deviation_reason: Value = UNKNOWN
    table_row: int = 0  # 1..n in table order with placeholder rows counted (the data format's)


@dataclass(frozen=True)
class Indicators:
    """The indicator block: header cells by column id, rows, and what was dropped."""

    header_location: str
    columns: dict[str, Value]
    rows: tuple[IndicatorRow, ...]
    placeholders_dropped: tuple[str, ...] = ()  # locations of 指标1/指标2/…… rows
    blank_rows_dropped: tuple[str, ...] = ()
    placeholder_rows: tuple[IndicatorRow, ...] = ()  # the dropped rows, ``row`` 0

    def in_table_order(self) -> list[IndicatorRow]:
        """Indicator and placeholder rows as the table has them."""
        return sorted((*self.rows, *self.placeholder_rows), key=lambda r: r.table_row)


@dataclass(frozen=True)
class Total:
    """The 总分 row."""

    label: Value
    weight: Value
    score: Value


@dataclass(frozen=True)
class SelfEvaluation:
    """A recognised 项目支出绩效自评表. ``total`` is None when the table stops before 总分."""

    source: str
    table: str
    header: dict[str, HeaderField]
    budget: Budget | None
    goals: Goals | None
    indicators: Indicators
    total: Total | None
    title: str | None = None
    notes: tuple[str, ...] = field(default=())
