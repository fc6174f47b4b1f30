"""``parkmetrics template``: an Excel entry workbook whose sheets the import reads back.

Sheets 表头 / 资金 / 指标 hold the self-evaluation table as the form has it (so ``recognise``
reads them like any workbook); 数字 (narrative figures) and 支出 (spending items) are the data
format's tables with Chinese headings, read by ``template_rows``. Lists, number checks and
Excel's own error messages come from data validation; header rows are frozen.
"""

from __future__ import annotations

from pathlib import Path

from parkmetrics.data.vocabulary import Vocabulary
from parkmetrics.errors import Problem
from parkmetrics.figures.quantity import QuantityError, parse_quantity
from parkmetrics.figures.units import units
from parkmetrics.ingest.grid import Document, Grid

INDICATOR_ROWS = 30  # empty rows before 总分 (blank rows are skipped on import)
SIGNS = ("≥", "≤", "＞", "＜", "=", "定性")
FIGURE_SHEET, SPENDING_SHEET = "数字", "支出"
FIGURE_HEADINGS = ("园区", "指标代码", "报告用语", "数字原文", "原文句子", "备注")
SPENDING_HEADINGS = ("支出代码", "支出项目", "金额", "单位", "原文句子")
INSTRUCTIONS = (
    "如何填写本工作簿（项目支出绩效自评表录入模板）",
    "1. 表头、资金、指标三张表照抄自评表，每格照原文填写；空白格留空，不要填0。",
    "2. 资金表第一格选择金额单位（万元或元）；金额、分值、得分填数字。",
    "3. 指标表：一级、二级指标从下拉列表选择（同组后续行可留空，导入时自动沿用并记录）；"
    "指标性质（≥、≤、定性…）与度量单位从列表选择，指标值填数字。",
    "4. 数字表：自评报告正文中的数字，每行一个；数字原文照抄（如 近600家、累计超70亿元），"
    "原文句子照抄包含该数字的句子；园区填简称（如 株洲高新区）或 全市。",
    "5. 支出表：项目支出明细，金额为数字，单位从列表选择。",
    "6. 填好后运行：parkmetrics import 本文件.xlsx --year 年份。"
    "错误会按“表名!单元格”指出（如 指标!H7）。",
)


def write_template(path: Path, year: int, vocabulary: Vocabulary) -> Path:
    """Write the entry workbook for ``year`` to ``path``."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    bold = Font(bold=True)
    guide = wb.active
    guide.title = "说明"
    for i, line in enumerate(INSTRUCTIONS, 1):
        guide.cell(i, 1, line).font = bold if i == 1 else Font()
    guide.column_dimensions["A"].width = 110

    lists = wb.create_sheet("列表")
    level1 = vocabulary.levels.loc[vocabulary.levels["level"] == 1, "label"].tolist()
    level2 = vocabulary.levels.loc[vocabulary.levels["level"] == 2, "label"].tolist()
    unit_names = list(units())
    parks = sorted(set(vocabulary.parks["name"]))
    metrics = vocabulary.metrics["metric"].tolist()
    columns = {
        "A": level1,
        "B": level2,
        "C": list(SIGNS),
        "D": unit_names,
        "E": parks,
        "F": metrics,
        "G": ["项目资金（万元）", "项目资金（元）"],
    }
    for col, values in columns.items():
        for r, v in enumerate(values, 1):
            lists[f"{col}{r}"] = v
    lists.sheet_state = "hidden"

    def choice(ws, cells: str, col: str, title: str) -> None:
        n = len(columns[col])
        dv = DataValidation(
            type="list",
            formula1=f"='列表'!${col}$1:${col}${n}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=title,
            error=f"请从列表中选择{title}",
        )
        ws.add_data_validation(dv)
        dv.add(cells)

    def number(ws, cells: str, title: str) -> None:
        dv = DataValidation(
            type="decimal",
            operator="greaterThanOrEqual",
            formula1="-1e15",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=title,
            error=f"{title}须为数字（单位另列，不要写在格内）",
        )
        ws.add_data_validation(dv)
        dv.add(cells)

    def sheet(name: str, headings: list[str], widths: list[int]):
        ws = wb.create_sheet(name)
        for c, (text, width) in enumerate(zip(headings, widths, strict=True), 1):
            ws.cell(1, c, text).font = bold
            ws.column_dimensions[chr(64 + c)].width = width
        ws.freeze_panes = "A2"
        return ws

    head = sheet("表头", ["项目名称", ""], [16, 60])
    for r, label in enumerate(["主管部门", "实施单位"], 2):
        head.cell(r, 1, label).font = bold
    head.cell(5, 1, "年度总体目标").font = bold
    head.cell(5, 2, "预期目标").font = bold
    head.cell(5, 3, "实际完成情况").font = bold
    head.column_dimensions["C"].width = 60
    head.cell(8, 1, f"{year}年度项目支出绩效自评表")

    money = sheet(
        "资金",
        [
            "项目资金（万元）",
            "年初预算数",
            "全年预算数",
            "全年执行数",
            "分值",
            "执行率",
            "得分",
            "原因",
        ],
        [20, 12, 12, 12, 8, 10, 8, 30],
    )
    for r, label in enumerate(
        ["年度资金总额", "其中：当年财政拨款", "上年结转资金", "其他资金"], 2
    ):
        money.cell(r, 1, label)
    choice(money, "A1", "G", "金额单位")
    number(money, "B2:E20", "金额或分值")
    number(money, "G2:G20", "得分")

    ind = sheet(
        "指标",
        [
            "一级指标",
            "二级指标",
            "三级指标",
            "指标性质",
            "指标值",
            "度量单位",
            "实际完成值",
            "分值",
            "得分",
            "偏差原因分析及改进措施",
        ],
        [14, 18, 30, 10, 10, 10, 30, 8, 8, 30],
    )
    last = INDICATOR_ROWS + 1
    choice(ind, f"A2:A{last}", "A", "一级指标")
    choice(ind, f"B2:B{last}", "B", "二级指标")
    choice(ind, f"D2:D{last}", "C", "指标性质")
    choice(ind, f"F2:F{last}", "D", "度量单位")
    number(ind, f"E2:E{last}", "指标值")
    number(ind, f"H2:I{last + 1}", "分值或得分")
    ind.cell(last + 1, 1, "总分").font = bold

    fig = sheet(FIGURE_SHEET, list(FIGURE_HEADINGS), [14, 30, 24, 16, 60, 30])
    choice(fig, "A2:A500", "E", "园区")
    choice(fig, "B2:B500", "F", "指标代码")
    spend = sheet(SPENDING_SHEET, list(SPENDING_HEADINGS), [20, 36, 12, 8, 60])
    number(spend, "C2:C200", "金额")
    choice(spend, "D2:D200", "D", "单位")
    wb.move_sheet("列表", offset=len(wb.sheetnames))
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def _sheet(doc: Document, name: str, headings: tuple[str, ...]) -> Grid | None:
    for grid in doc.tables:
        first = [p.cell.text.strip() if p.cell else "" for p in grid.row(0)] if grid.n_rows else []
        if grid.name == name and tuple(first[: len(headings)]) == headings:
            return grid
    return None


def _records(grid: Grid, n: int) -> list[list]:
    out = []
    for r in range(1, grid.n_rows):
        cells = [grid.position(r, c).cell for c in range(n)]
        if any(c is not None and c.text.strip() for c in cells):
            out.append(cells)
    return out


def template_rows(
    doc: Document,
    vocabulary: Vocabulary,
    document: str,
) -> tuple[list[dict], list[dict], list[Problem]] | None:
    """(figures rows, spending rows, problems) of a filled template; None for other files."""
    figures_grid = _sheet(doc, FIGURE_SHEET, FIGURE_HEADINGS)
    spending_grid = _sheet(doc, SPENDING_SHEET, SPENDING_HEADINGS)
    if figures_grid is None and spending_grid is None:
        return None
    names = dict(zip(vocabulary.parks["name"], vocabulary.parks["park"], strict=True))
    metric_ids = set(vocabulary.metrics["metric"])
    problems: list[Problem] = []

    def text(cell) -> str:
        return cell.text.strip() if cell is not None else ""

    def bad(cell, fallback: str, expected: str) -> None:
        problems.append(
            Problem(document, None, cell.location if cell else fallback, text(cell), expected)
        )

    figures = []
    for cells in _records(figures_grid, 6) if figures_grid else []:
        park, metric, label, value_text, quote, note = (text(c) for c in cells)
        if park not in names and park not in names.values():
            bad(cells[0], "数字!A", "园区: a park name of vocabulary/parks.csv (或 全市)")
        if metric not in metric_ids:
            bad(cells[1], "数字!B", "指标代码: a metric id of vocabulary/metrics.csv")
        try:
            q = parse_quantity(value_text)
        except QuantityError as error:
            bad(cells[3], "数字!D", f"数字原文: {error.expected}")
            continue
        if value_text not in quote:
            bad(cells[4], "数字!E", "原文句子: the sentence, containing 数字原文 as written")
        figures.append(
            {
                "park": names.get(park, park),
                "metric": metric,
                "label": label,
                "value_text": value_text,
                "value": _num(q.value),
                "unit": q.unit or "",
                "canonical_value": _num(q.canonical_value),
                "canonical_unit": q.canonical_unit or "",
                "qualifier": q.qualifier,
                "comparison": q.comparison or "",
                "document": document,
                "source_quote": quote,
                "note": note,
            }
        )
    spending = []
    for cells in _records(spending_grid, 5) if spending_grid else []:
        item, label, amount, unit, quote = (text(c) for c in cells)
        spending.append(
            {
                "item": item,
                "label": label,
                "amount": amount,
                "unit": unit,
                "document": document,
                "source_quote": quote,
            }
        )
    return figures, spending, problems


def _num(value) -> str:
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
