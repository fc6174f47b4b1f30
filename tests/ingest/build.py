"""Builders for test reports: .docx tables written as raw XML (gridSpan, vMerge, gridBefore),
filled with the 2022 table's cells taken from the hand-curated CSVs of data/2022."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

DATA = Path(__file__).resolve().parents[2] / "data" / "2022"
NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


@dataclass(frozen=True)
class C:
    """A table cell to write: text (\n = a new paragraph), span across, vmerge down."""

    text: str = ""
    span: int = 1
    vmerge: str | None = None  # "restart" or "continue"


CONT = C(vmerge="continue")


def csv_rows(name: str) -> list[dict[str, str]]:
    with open(DATA / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


LEVEL_LABELS = {r["id"]: r["label"] for r in csv_rows("../vocabulary/indicator_levels.csv")}
LEVEL1_CELLS = {
    "output": "产出指标\n(50分)",
    "benefit": "效益指标\n（30分）",
    "satisfaction": "满意度指标\n（10分）",
}


def tc_xml(cell: C) -> str:
    pr = ""
    if cell.span > 1:
        pr += f'<w:gridSpan w:val="{cell.span}"/>'
    if cell.vmerge == "restart":
        pr += '<w:vMerge w:val="restart"/>'
    elif cell.vmerge == "continue":
        pr += "<w:vMerge/>"
    paras = "".join(
        f'<w:p><w:r><w:t xml:space="preserve">{escape(t)}</w:t></w:r></w:p>' if t else "<w:p/>"
        for t in cell.text.split("\n")
    )
    return f"<w:tc><w:tcPr>{pr}</w:tcPr>{paras}</w:tc>"


def tbl_xml(rows: list[list[C]], ncols: int, before: dict[int, int] | None = None) -> str:
    before = before or {}
    grid = "".join('<w:gridCol w:w="900"/>' for _ in range(ncols))
    trs = []
    for i, row in enumerate(rows):
        pr = f'<w:trPr><w:gridBefore w:val="{before[i]}"/></w:trPr>' if i in before else ""
        trs.append(f"<w:tr>{pr}{''.join(tc_xml(c) for c in row)}</w:tr>")
    return f"<w:tbl {NS}><w:tblPr/><w:tblGrid>{grid}</w:tblGrid>{''.join(trs)}</w:tbl>"


def write_docx(path: Path, blocks: list[str | tuple[list[list[C]], int]]) -> Path:
    """Write paragraphs (str) and tables ((rows, ncols)) in order; "\f" is a page break."""
    import docx
    from docx.enum.text import WD_BREAK
    from docx.oxml import parse_xml

    doc = docx.Document()
    body = doc.element.body
    for block in blocks:
        if block == "\f":
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        elif isinstance(block, str):
            doc.add_paragraph(block)
        else:
            rows, ncols = block
            body.insert(len(body) - 1, parse_xml(tbl_xml(rows, ncols)))  # before sectPr
    doc.save(str(path))
    return path


def budget_rows(
    unit: str = "万元",
    lines: list[tuple[str, list[str]]] | None = None,
    columns: tuple[str, ...] = ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"),
    ncols: int = 9,
) -> list[list[C]]:
    """项目资金（万元） | (blank) | 年初预算数 … then one row per line, as in the 2022 table."""
    if lines is None:
        lines = [
            (
                r["label"],
                [
                    r[k]
                    for k in ("initial", "full_year", "executed", "weight", "rate_text", "score")
                ],
            )
            for r in csv_rows("budget.csv")
        ]
    pad = ncols - 3 - len(columns)  # the label column spans what the amounts leave
    head = [C(f"项目资金\n（{unit}）", 2, "restart"), C("", 1 + pad)] + [C(c) for c in columns]
    body = [
        [C(span=2, vmerge="continue"), C(label, 1 + pad)] + [C(v) for v in values]
        for label, values in lines
    ]
    return [head, *body]


def indicator_rows(
    rows: list[dict[str, str]] | None = None, merged: bool = True, separate: bool = False
) -> list[list[C]]:
    """The indicator block with 一级/二级 merged down (or left blank under the first row)."""
    rows = rows if rows is not None else csv_rows("indicators.csv")
    values = ["指标性质", "指标值", "度量单位"] if separate else ["年度\n指标值"]
    head = [
        C("绩\n效\n指\n标", vmerge="restart"),
        C("一级指标"),
        C("二级指标"),
        C("三级指标"),
        *[C(v) for v in values],
        C("实际\n完成值"),
        C("分值"),
        C("得分"),
        C("偏差原因分析及改进措施"),
    ]
    out = [head]
    prev1 = prev2 = None
    for r in rows:
        l1 = LEVEL1_CELLS.get(r["level1"], r["level1"])
        l2 = LEVEL_LABELS.get(r["level2"], r["level2"])
        start = "restart" if merged else None
        same = CONT if merged else C()
        c1 = same if l1 == prev1 else C(l1, vmerge=start)
        c2 = same if l2 == prev2 else C(l2, vmerge=start)
        prev1, prev2 = l1, l2
        target = (
            [C(r["sign"]), C(r["target_value"]), C(r["unit"])] if separate else [C(r["target"])]
        )
        out.append(
            [
                CONT,
                c1,
                c2,
                C(r["level3"]),
                *target,
                C(r["actual"]),
                C(r["weight"]),
                C(r["score"]),
                C(r["deviation_reason"]),
            ]
        )
    return out


def header_rows(ncols: int = 9) -> list[list[C]]:
    rest = ncols - 2
    return [
        [C("项目名称", 2), C("经济信息产业发展——园区发展专项", rest)],
        [C("主管部门", 2), C("", rest - 4), C("实施单位"), C("园区发展科", 3)],
    ]


def goal_rows(ncols: int = 9) -> list[list[C]]:
    return [
        [C("年度总体目标", 2, "restart"), C("预期目标", ncols - 5), C("实际完成情况", 3)],
        [C(span=2, vmerge="continue"), C("", ncols - 5), C("", 3)],
    ]


def total_row(ncols: int = 9) -> list[C]:
    return [C("总分", ncols - 3), C("100"), C("100"), C("")]


def national_table(**kw: object) -> tuple[list[list[C]], int]:
    """The whole 2022 table in the national layout (9 columns)."""
    return header_rows() + budget_rows() + goal_rows() + indicator_rows() + [total_row()], 9


def traditional_rows() -> list[list[C]]:
    """A Traditional Chinese form (萬元, 項目名稱 …), one indicator row."""
    return [
        [C("項目名稱", 2), C("園區發展專項", 7)],
        [C("主管部門", 2), C(""), C(""), C(""), C("實施單位"), C("園區發展科", 3)],
        [
            C("項目資金（萬元）", 2, "restart"),
            C(""),
            C("年初預算數"),
            C("全年預算數"),
            C("全年執行數"),
            C("分值"),
            C("執行率"),
            C("得分"),
        ],
        [
            C(span=2, vmerge="continue"),
            C("年度資金總額"),
            C("7.29"),
            C("7.29"),
            C("7.29"),
            C("10"),
            C("100%"),
            C("10"),
        ],
        [
            C("績效指標", vmerge="restart"),
            C("一級指標"),
            C("二級指標"),
            C("三級指標"),
            C("年度指標值"),
            C("實際完成值"),
            C("分值"),
            C("得分"),
            C("偏差原因分析及改進措施"),
        ],
        [
            CONT,
            C("產出指標"),
            C("數量指標"),
            C("培訓企業數"),
            C("≥50家"),
            C("62家"),
            C("90"),
            C("90"),
            C(""),
        ],
        [C("總分", 6), C("100"), C("100"), C("")],
    ]


FONT = (
    Path(__file__).resolve().parents[2]
    / "src"
    / "parkmetrics"
    / "fonts"
    / "ParkmetricsSansSC-Regular.otf"
)


def resolve(rows: list[list[C]]) -> list[tuple[int, int, int, int, str]]:
    """(row, col, rowspan, colspan, text) of each origin cell, vMerge resolved."""
    cells: list[list] = []
    open_: dict[int, list] = {}
    for r, row in enumerate(rows):
        col = 0
        for cell in row:
            if cell.vmerge == "continue" and col in open_:
                open_[col][2] += 1
            else:
                entry = [r, col, 1, cell.span, cell.text]
                cells.append(entry)
                for c in range(col, col + cell.span):
                    open_[c] = entry
            col += cell.span
    return [tuple(c) for c in cells]


def write_pdf(path: Path, rows: list[list[C]], ncols: int, title: str = "", wrap: int = 8) -> Path:
    """A ruled table drawn with matplotlib (TrueType text, so the PDF has a text layer);
    cell texts longer than ``wrap`` characters wrap onto several lines."""
    return write_pdf_pages(path, [rows], ncols, title, wrap)


def write_pdf_pages(
    path: Path, pages: list[list[list[C]]], ncols: int, title: str = "", wrap: int = 8
) -> Path:
    """One ruled table per page (a table the page break cut in parts); ``title`` on page 1.
    A vMerge continued at the top of a page starts a new (empty) cell there, as Word draws it."""
    import matplotlib

    matplotlib.use("pdf")
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages

    with matplotlib.rc_context({"pdf.fonttype": 42}), PdfPages(path) as pdf:
        for number, rows in enumerate(pages):
            fig = _draw_table(rows, ncols, title if number == 0 else "", wrap)
            pdf.savefig(fig)
            plt.close(fig)
    return path


def _draw_table(rows: list[list[C]], ncols: int, title: str, wrap: int) -> object:
    import matplotlib.pyplot as plt
    from matplotlib.font_manager import FontProperties
    from matplotlib.patches import Rectangle

    size = 5
    fp = FontProperties(fname=str(FONT), size=size)
    cells = resolve(rows)
    lines_of = {
        id(c): [t[i : i + wrap] for t in c[4].split("\n") for i in range(0, len(t) or 1, wrap)]
        for c in cells
    }
    heights = [1] * len(rows)
    for c in cells:
        need = len(lines_of[id(c)])
        if c[2] == 1:
            heights[c[0]] = max(heights[c[0]], need)
    line_h, col_w, margin = size * 1.5, 50.0, 30.0
    tops = [margin + (size * 10 if title else 0)]
    for h in heights:
        tops.append(tops[-1] + h * line_h + 4)
    width, height = margin * 2 + col_w * ncols, tops[-1] + margin
    fig = plt.figure(figsize=(width / 72, height / 72))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, width)
    ax.set_ylim(height, 0)
    ax.axis("off")
    if title:
        ax.text(margin, margin, title, fontproperties=fp, va="top")
    for c in cells:
        r, col, rs, cs = c[:4]
        x0, y0 = margin + col * col_w, tops[r]
        ax.add_patch(Rectangle((x0, y0), cs * col_w, tops[r + rs] - y0, fill=False, lw=0.5))
        for k, line in enumerate(lines_of[id(c)]):
            ax.text(x0 + 2, y0 + 2 + k * line_h, line, fontproperties=fp, va="top")
    return fig
