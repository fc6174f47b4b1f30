"""The Word briefing (简报) of a year: headline figures, charts, score table, findings, sources.

The document starts from the Chinese reference template shipped in ``templates/`` (built by
``tools/make_briefing_template.py``: GB/T 9704-style page and styles, ``zh-CN`` East Asian
language). Every run written here also names its East Asian font (``w:eastAsia``), taken from
its paragraph style, because Word otherwise picks the Chinese glyphs from the theme.

Same inputs, same bytes: core properties and zip timestamps are fixed dates derived from the
report year (1 January of the following year, when a self-evaluation is written) unless a
``date`` is given; nothing reads the clock.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import math
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import docx
import pandas as pd
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm

from parkmetrics import __version__

TEMPLATE_PATH = Path(__file__).parent / "templates" / "briefing-zh-CN.docx"
CHART_WIDTH = Cm(15)  # GB/T 9704 text block is 15.6 cm wide
# Widths of the score table's columns (cm); they sum to the 15.6 cm text block.
SCORE_COLUMNS = (
    ("指标", 3.4),
    ("年度指标值", 3.2),
    ("实际完成值", 3.9),
    ("分值", 1.3),
    ("自评得分", 1.9),
    ("复核得分", 1.9),
)
NUMBER_COLUMNS = 3  # columns from this one on hold scores and weights, centred
SEVERITY_ORDER = ("error", "warning", "info")
SEVERITY_LABELS = {"error": "错误", "warning": "警示", "info": "提示"}
# The headline paragraph quotes the city-wide figures of these themes, in the order the report
# tells them, at most this many per theme (growth and completion rates ride with their base).
HEADLINE_THEMES = {"economy": 5, "projects": 3, "platforms": 1}
CITY = "city"
CITY_SUBJECT = "全市园区"  # how the report names the city's parks as a whole
BLANK = "—"


# ---------------------------------------------------------------------------------------------
# public API


ChartPaths = Sequence[tuple[str, str | Path] | str | Path]


def write_briefing(
    year_data: Any,
    assessment: Any,
    findings: pd.DataFrame,
    derived: pd.DataFrame | None,
    chart_paths: ChartPaths,
    out_path: str | Path,
    rules: Any = None,
    *,
    date: dt.date | None = None,
) -> Path:
    """Write the briefing of ``year_data`` to ``out_path`` atomically and return the path.

    ``chart_paths`` is the ordered list of (title, PNG path) placed as 图1, 图2…; bare PNG
    paths named after ``charts.ALL_CHARTS`` keys also do (titles and order then come from
    there). ``date`` is printed under the title and used for the file's dates (default: the
    report year only).
    """
    document = build_briefing(
        year_data, assessment, findings, derived, chart_paths, rules, date=date
    )
    buffer = io.BytesIO()
    document.save(buffer)
    data = normalized_zip(buffer.getvalue(), _fixed_datetime(year_data.year, date))
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    # A reader (or a failed run) never sees a half-written briefing.
    handle, temporary = tempfile.mkstemp(prefix=".briefing-", suffix=".docx", dir=out_path.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes it private; a report is not
        os.replace(temporary, out_path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return out_path


def build_briefing(
    year_data: Any,
    assessment: Any,
    findings: pd.DataFrame,
    derived: pd.DataFrame | None,
    chart_paths: ChartPaths,
    rules: Any = None,
    *,
    date: dt.date | None = None,
) -> docx.document.Document:
    """The briefing as a python-docx ``Document`` (not saved)."""
    document = docx.Document(str(TEMPLATE_PATH))
    writer = _Writer(document)
    year = int(year_data.year)
    writer.paragraph(briefing_title(year_data), "Title")
    writer.paragraph(_date_text(year, date), "Subtitle")
    writer.paragraph(headline(year_data, assessment, findings), "Normal")

    writer.paragraph("一、主要图表", "Heading 1")
    chart_paths = chart_entries(chart_paths)
    for number, (title, path) in enumerate(chart_paths, start=1):
        writer.picture(Path(path))
        writer.paragraph(f"图{number}　{title}", "Caption")
    if not chart_paths:
        writer.paragraph("本年度无图表。", "Normal")

    writer.paragraph("二、绩效指标评分复核", "Heading 1")
    writer.paragraph(_score_intro(assessment), "Normal")
    _score_table(writer, assessment)

    writer.paragraph(f"三、复核发现（共{len(findings)}项）", "Heading 1")
    _findings(writer, findings)

    section = 4
    if derived is not None and not derived.empty:
        writer.paragraph(f"{_chinese_number(section)}、推算数据", "Heading 1")
        _derived(writer, year_data, derived)
        section += 1

    writer.paragraph(f"{_chinese_number(section)}、资料来源与数据版本", "Heading 1")
    for text in sources_note(year_data, rules):
        writer.paragraph(text, "Evidence")

    _set_core_properties(document, year, date, briefing_title(year_data))
    return document


def chart_entries(chart_paths: ChartPaths) -> list[tuple[str, Path]]:
    """(title, path) pairs; bare paths get their title and order from ``charts.ALL_CHARTS``."""
    if all(isinstance(entry, str | os.PathLike) for entry in chart_paths):
        catalogue = _chart_catalogue()
        order = {name: i for i, name in enumerate(catalogue)}
        paths = sorted(map(Path, chart_paths), key=lambda p: order.get(p.stem, len(order)))
        return [(catalogue.get(p.stem, p.stem), p) for p in paths]
    return [(str(title), Path(path)) for title, path in chart_paths]  # type: ignore[misc]


def _chart_catalogue() -> dict[str, str]:
    """Chart name → title, in ``ALL_CHARTS`` order (empty when the charts are unavailable)."""
    try:
        from parkmetrics.charts import ALL_CHARTS
    except ImportError:
        return {}
    titles = {}
    for name, entry in ALL_CHARTS.items():
        title = entry[0] if isinstance(entry, tuple | list) else getattr(entry, "title", None)
        titles[name] = str(title or name)
    return titles


def briefing_title(year_data: Any) -> str:
    """The briefing's title: year and project name as the self-evaluation table gives them."""
    project = year_data.header.get("project_name") or year_data.header.get("title") or "项目支出"
    return f"{year_data.year}年度{project.strip()}绩效自评简报"


def headline(year_data: Any, assessment: Any, findings: pd.DataFrame) -> str:
    """The first paragraph: budget, the report's city-wide headline figures, scores, findings.

    Figures are quoted as written (``value_text``), so qualifiers stay: 近600家, 累计超70亿元.
    """
    sentences = []
    budget = _budget_sentence(year_data)
    if budget:
        sentences.append(budget)
    phrases = headline_phrases(year_data)
    if phrases:
        # the labels may carry the subject already (“全市园区科技创新平台”): say it once
        phrases = [p.removeprefix(CITY_SUBJECT) for p in phrases]
        sentences.append(f"{year_data.year}年，{CITY_SUBJECT}" + "，".join(phrases))
    totals = assessment.totals
    score = f"项目自评得分{_number(totals['reported_total'])}分（{totals['reported_grade']}）"
    score += f"，按评分规则复核得分{_number(totals['recomputed_total'])}分"
    score += f"（{totals['recomputed_grade']}）"
    unscored = totals.get("unscored_weight")
    if unscored is not None and not _is_blank(unscored) and float(unscored) > 0:
        score += f"，其中{_number(unscored)}分的指标无法按规则复核"
    sentences.append(score)
    sentences.append(_findings_count(findings))
    return "。".join(sentences) + "。"


def sources_note(year_data: Any, rules: Any = None) -> list[str]:
    """Where the numbers come from: report document(s), a data version, the software version."""
    documents = sorted(year_data.sources) or [year_data.header.get("document") or BLANK]
    files = data_files(year_data)
    digest = data_digest(files, Path(year_data.data_dir))
    title = year_data.header.get("title")

    def name(document: str) -> str:
        # the report's own title when the header gives it, else the file name
        if title and document == year_data.header.get("document"):
            return f"《{title}》（{document}）"
        return document

    lines = [
        "报告原文：" + "；".join(name(d) for d in documents) + "。",
        f"数据版本：SHA-256 {digest[:12]}（{len(files)}个数据文件："
        + "、".join(_relative(f, Path(year_data.data_dir)) for f in files)
        + "）。",
        f"生成软件：parkmetrics {__version__}；评分规则：{_rules_text(rules)}。",
        "复核得分按评分规则由报告数据重新计算；推算数据由报告数据推得，并非报告原文所载。",
    ]
    return lines


def data_files(year_data: Any) -> list[Path]:
    """The CSV files a year's numbers come from: ``<data>/<year>/`` and ``<data>/vocabulary/``."""
    root = Path(year_data.data_dir)
    files = [*root.joinpath(str(year_data.year)).glob("*.csv"), *root.glob("vocabulary/*.csv")]
    return sorted(files, key=lambda f: _relative(f, root))


def data_digest(files: Iterable[Path], root: Path) -> str:
    """SHA-256 over the files' relative names and bytes: changes when any data changes."""
    digest = hashlib.sha256()
    for file in files:
        digest.update(_relative(file, root).encode() + b"\0")
        digest.update(file.read_bytes() + b"\0")
    return digest.hexdigest()


def normalized_zip(data: bytes, when: dt.datetime) -> bytes:
    """The same zip with every entry stamped ``when``, so identical content gives equal bytes."""
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(entry.filename))
    return out.getvalue()


def normalize_docx(path: str | Path, when: dt.datetime) -> None:
    """Rewrite the .docx at ``path`` in place with fixed zip timestamps (see ``normalized_zip``)."""
    path = Path(path)
    path.write_bytes(normalized_zip(path.read_bytes(), when))


def convert_to_pdf(docx_path: str | Path, timeout: float = 300) -> Path | None:
    """Convert with LibreOffice next to the .docx; None (and a message) when it is not installed."""
    docx_path = Path(docx_path)
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        print("parkmetrics: PDF skipped: LibreOffice (soffice) is not installed", file=sys.stderr)
        return None
    with tempfile.TemporaryDirectory(prefix="parkmetrics-soffice-") as profile:
        # A private profile: a running LibreOffice (or a parallel year) would lock the shared one.
        command = [
            office,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(docx_path.parent),
            str(docx_path),
        ]
        subprocess.run(command, check=True, capture_output=True, timeout=timeout)
    pdf = docx_path.with_suffix(".pdf")
    if not pdf.exists():
        raise RuntimeError(f"LibreOffice did not write {pdf}")
    return pdf


def run_cli(year: int, data_dir: Path | None, out_dir: Path, pdf: bool) -> int:
    """``parkmetrics briefing``: load, assess, audit, derive, chart, write; return the exit code.

    The computation and the charts are the yearly run's own (``export.compute``,
    ``export.write_charts``), so the briefing shows what ``parkmetrics run`` would.
    """
    from parkmetrics import export
    from parkmetrics.dataset import resolve_data_dir

    results = export.compute(year, resolve_data_dir(data_dir))
    out_path = Path(out_dir) / str(year) / "briefing.docx"
    # Charts go to a scratch folder: reports/<year>/charts belongs to the yearly run.
    with tempfile.TemporaryDirectory(prefix="parkmetrics-charts-") as scratch:
        pngs = [p for p in export.write_charts(results, Path(scratch)) if p.suffix == ".png"]
        write_briefing(
            results.year_data,
            results.assessment,
            results.findings,
            results.derived,
            chart_entries(pngs),
            out_path,
        )
    print(out_path)
    if pdf:
        try:
            written = convert_to_pdf(out_path)
        except (subprocess.SubprocessError, OSError, RuntimeError) as error:
            print(f"parkmetrics: PDF conversion failed: {error}", file=sys.stderr)
            return 1
        if written is not None:
            print(written)
    return 0


# ---------------------------------------------------------------------------------------------
# document building


class _Writer:
    """Adds paragraphs, runs and pictures, giving every run its style's East Asian font."""

    def __init__(self, document: docx.document.Document) -> None:
        self.document = document
        self._fonts: dict[str, str] = {}

    def paragraph(self, text: str, style: str, container: Any = None) -> Any:
        paragraph = (container or self.document).add_paragraph(style=style)
        self.run(paragraph, text)
        return paragraph

    def run(self, paragraph: Any, text: str) -> Any:
        run = paragraph.add_run(text)
        fonts = run._r.get_or_add_rPr().get_or_add_rFonts()
        fonts.set(qn("w:eastAsia"), self.east_asian_font(paragraph.style))
        return run

    def picture(self, path: Path) -> None:
        paragraph = self.document.add_paragraph(style="Figure")
        paragraph.add_run().add_picture(str(path), width=CHART_WIDTH)

    def east_asian_font(self, style: Any) -> str:
        """The ``w:eastAsia`` font of ``style``, following its basedOn chain to the defaults."""
        if style.name not in self._fonts:
            current, font = style, None
            while current is not None and font is None:
                rpr = current.element.rPr
                if rpr is not None and rpr.rFonts is not None:
                    font = rpr.rFonts.get(qn("w:eastAsia"))
                current = current.base_style
            if font is None:
                defaults = self.document.styles.element.find(qn("w:docDefaults"))
                fonts = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
                font = fonts.get(qn("w:eastAsia"))
            self._fonts[style.name] = font
        return self._fonts[style.name]


def _score_intro(assessment: Any) -> str:
    totals = assessment.totals
    return (
        f"表1列出各项指标的自评得分与按评分规则重新计算的得分。满分{_number(totals['weight_total'])}分，"
        f"自评{_number(totals['reported_total'])}分，复核{_number(totals['recomputed_total'])}分；"
        "“—”表示无法按规则复核。"
    )


def _score_table(writer: _Writer, assessment: Any) -> None:
    items = assessment.items
    totals = assessment.totals
    writer.paragraph("表1　绩效指标评分复核", "Caption")
    rows = [_score_row(item) for item in items.itertuples(index=False)]
    rows.append(
        [
            "合计",
            "",
            "",
            _number(totals["weight_total"]),
            _number(totals["reported_total"]),
            _number(totals["recomputed_total"]),
        ]
    )
    rows.append(
        ["等级", "", "", "", str(totals["reported_grade"]), str(totals["recomputed_grade"])]
    )
    table = writer.document.add_table(rows=1 + len(rows), cols=len(SCORE_COLUMNS))
    table.style = writer.document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, (heading, width) in enumerate(SCORE_COLUMNS):
        table.columns[column].width = Cm(width)  # the grid, which LibreOffice goes by
        _fill(writer, table.cell(0, column), heading, "Table Heading", width)
    _repeat_header(table.rows[0])
    for r, values in enumerate(rows, start=1):
        for column, value in enumerate(values):
            cell = table.cell(r, column)
            _fill(writer, cell, value, "Table Text", SCORE_COLUMNS[column][1])
            if column >= NUMBER_COLUMNS:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER


def _score_row(item: Any) -> list[str]:
    label = _text(item.label)
    if item.kind == "part":  # the part of a composite target (“145、130、110个”)
        label = f"　（{_number(item.part)}）{label}"
    return [
        label,
        _text(item.target_text),
        _text(item.actual_text),
        _number(item.weight),
        _number(item.reported_score),
        _number(item.recomputed_score),
    ]


def _fill(writer: _Writer, cell: Any, text: str, style: str, width_cm: float) -> None:
    cell.width = Cm(width_cm)
    paragraph = cell.paragraphs[0]
    paragraph.style = writer.document.styles[style]
    writer.run(paragraph, text)


def _repeat_header(row: Any) -> None:
    """Mark the heading row to repeat on every page the table spans."""
    header = OxmlElement("w:tblHeader")
    row._tr.get_or_add_trPr().append(header)


def _findings(writer: _Writer, findings: pd.DataFrame) -> None:
    if findings.empty:
        writer.paragraph("未发现问题。", "Normal")
        return
    for finding in _by_severity(findings).to_dict("records"):
        severity = SEVERITY_LABELS.get(finding["severity"], str(finding["severity"]))
        writer.paragraph(
            f"{finding['finding']}【{severity}】{_text(finding['message_zh'])}", "Normal"
        )
        lines = evidence_lines(finding)
        for number, line in enumerate(lines, start=1):
            prefix = "依据：" if len(lines) == 1 else f"依据{number}："
            writer.paragraph(prefix + line, "Evidence")


def evidence_lines(finding: dict[str, Any]) -> list[str]:
    """One line per piece of evidence: what, the value as written, and the quote it stands in.

    Uses the structured ``evidence`` when present (quotes may hold “；”, so the joined
    ``evidence_text`` cannot be split safely), else the lines of ``evidence_text``.
    """
    evidence = finding.get("evidence")
    if isinstance(evidence, tuple | list) and evidence:
        lines = []
        for piece in evidence:
            value = _text(piece.get("value_text")) or "（空）"
            line = f"{_text(piece.get('what'))}：{value}"
            quote = _text(piece.get("source_quote"))
            if quote and quote != value:
                line += f"「{quote}」"
            lines.append(line)
        return lines
    text = _text(finding.get("evidence_text"))
    return [line.strip() for line in text.splitlines() if line.strip()] or [BLANK]


def _by_severity(findings: pd.DataFrame) -> pd.DataFrame:
    """Most severe first; the audit's own order within a severity is kept."""
    rank = findings["severity"].map({s: i for i, s in enumerate(SEVERITY_ORDER)})
    return findings.assign(_rank=rank.fillna(len(SEVERITY_ORDER))).sort_values(
        "_rank", kind="stable"
    )


def _findings_count(findings: pd.DataFrame) -> str:
    if findings.empty:
        return "复核未发现问题"
    counts = findings["severity"].value_counts()
    parts = [f"{SEVERITY_LABELS[s]}{int(counts[s])}项" for s in SEVERITY_ORDER if counts.get(s, 0)]
    return f"复核发现问题{len(findings)}项，其中" + "、".join(parts)


def _derived(writer: _Writer, year_data: Any, derived: pd.DataFrame) -> None:
    writer.paragraph(
        "以下数据由报告数据推算（如由增长率推得上年基数），仅供参考，不是报告原文数据。", "Normal"
    )
    for row in derived.to_dict("records"):
        park = row.get("park")
        where = "" if _is_blank(park) or park == CITY else _park_name(year_data, park)
        about = "约" if row.get("qualifier") == "approx" else ""
        text = f"{where}{_text(row.get('label'))}：{about}{_number(row.get('value'))}"
        text += _text(row.get("unit"))
        if not _is_blank(row.get("method")):
            text += f"（{row['method']}）"
        writer.paragraph(text, "Evidence")


def _park_name(year_data: Any, park: str) -> str:
    try:
        return year_data.vocabulary.park_name(park)
    except (AttributeError, LookupError):
        return park


# ---------------------------------------------------------------------------------------------
# data helpers


def headline_phrases(year_data: Any) -> list[str]:
    """City-wide headline figures as the report writes them (“技工贸总收入5329亿元，增长13.1%”).

    A growth rate follows the figure it is the growth of, a completion rate the count it
    completes; each theme contributes at most ``HEADLINE_THEMES[theme]`` base figures.
    """
    metrics = year_data.vocabulary.metrics.set_index("metric")
    figures = year_data.figures
    figures = figures[(figures["park"] == CITY) & figures["metric"].isin(metrics.index)].copy()
    figures["theme_"] = figures["metric"].map(metrics["theme"])
    figures = figures[figures["theme_"].isin(list(HEADLINE_THEMES))]
    documents = {
        name: Path(path).read_text(encoding="utf-8") for name, path in year_data.sources.items()
    }
    figures["position_"] = [
        _position(documents, row.document, row.source_quote, row.value_text)
        for row in figures.itertuples()
    ]
    figures = figures.sort_values(["position_", "metric"], kind="stable").drop_duplicates("metric")

    def relation(column: str) -> dict[str, str]:
        if column not in metrics.columns:
            return {}
        return {m: str(b) for m, b in metrics[column].items() if not _is_blank(b)}

    rides_on = {**relation("growth_of"), **relation("completion_of")}
    growth = relation("growth_of")
    texts = {row.metric: row.value_text for row in figures.itertuples()}
    taken: dict[str, int] = {}
    phrases = []
    for row in figures.itertuples():
        base = rides_on.get(row.metric)
        if base in texts:
            continue  # said together with its base figure below
        if row.value_text in row.label:
            continue  # a figure that qualifies others (“5000万以上产业项目”), not a headline
        if taken.get(row.theme_, 0) >= HEADLINE_THEMES[row.theme_]:
            continue
        taken[row.theme_] = taken.get(row.theme_, 0) + 1
        phrase = f"{row.label}{row.value_text}"
        for rider, rider_base in rides_on.items():
            if rider_base == row.metric and rider in texts:
                word = "增长" if rider in growth else "完成年度任务的"
                phrase += (
                    f"，{word}{texts[rider]}" if rider in growth else f"（{word}{texts[rider]}）"
                )
        phrases.append(phrase)
    return phrases


def _position(texts: dict[str, str], document: str, quote: str, value_text: str) -> int:
    """Where a figure stands in its source text (unknown positions sort last)."""
    start = texts.get(document, "").find(quote)
    if start < 0:
        return sys.maxsize
    return start + max(quote.find(value_text), 0)


def _budget_sentence(year_data: Any) -> str | None:
    budget = year_data.budget
    total = budget[budget["line"] == "total"]
    if total.empty or _is_blank(total["full_year"].iloc[0]):
        return None
    row = total.iloc[0]
    text = f"{year_data.year}年项目全年预算{_number(row['full_year'])}万元"
    if not _is_blank(row["executed"]):
        text += f"，执行{_number(row['executed'])}万元"
    if not _is_blank(row["rate_text"]):
        text += f"，执行率{row['rate_text']}"
    return text


def _set_core_properties(
    document: docx.document.Document, year: int, date: dt.date | None, title: str
) -> None:
    properties = document.core_properties
    properties.author = "parkmetrics"
    properties.last_modified_by = "parkmetrics"
    properties.title = title
    properties.subject = f"{year}年度项目支出绩效自评"
    properties.comments = f"parkmetrics {__version__}"
    properties.keywords = "parkmetrics; 绩效自评; 简报"
    properties.revision = 1
    when = _fixed_datetime(year, date)
    properties.created = properties.modified = when


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fixed_datetime(year: int, date: dt.date | None) -> dt.datetime:
    """The document's date: ``date`` at midnight, else 1 January after the report year."""
    day = date or dt.date(year + 1, 1, 1)
    return dt.datetime(day.year, day.month, day.day)


def _date_text(year: int, date: dt.date | None) -> str:
    if date is None:
        return f"（{year}年度）"
    return f"（{date.year}年{date.month}月{date.day}日）"


def _rules_text(rules: Any) -> str:
    source = getattr(rules, "source", None) if rules is not None else None
    return str(source) if source else "config/rules.yaml（默认）"


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.name


def _is_blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return bool(isinstance(value, str) and not value.strip())


def _text(value: Any) -> str:
    return "" if _is_blank(value) else str(value)


def _number(value: Any) -> str:
    """A number as the report writes it: at most two decimals, no trailing zeros; blank → —."""
    if _is_blank(value):
        return BLANK
    number = round(float(value), 2)
    if number == int(number):
        return str(int(number))
    return f"{number:.2f}".rstrip("0").rstrip(".")


def _chinese_number(n: int) -> str:
    digits = "零一二三四五六七八九十"
    return digits[n] if n <= 10 else str(n)
