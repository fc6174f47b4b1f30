"""The briefing's sources note: report documents, data version, software and rules used."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from parkmetrics import __version__
from parkmetrics.data.folder import file_sha256
from parkmetrics.report.briefing.wording import BLANK
from parkmetrics.scoring.rules import default_rules_path

if TYPE_CHECKING:
    from parkmetrics.data.dataset import YearData

DEFAULT_RULES_TEXT = "config/rules.yaml（默认）"


def sources_note(year_data: YearData, rules: Any = None) -> list[str]:
    """Where the numbers come from: report document(s), a data version, software and rules."""
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
        f"生成软件：parkmetrics {__version__}；评分规则：{rules_text(rules)}。",
        "复算得分按评分规则由报告数据重新计算；推算数据由报告数据推得，并非报告原文所载。",
    ]
    return lines


def sources_line(year_data: YearData, rules: Any = None) -> str:
    """The sources note in one line, for the 简报 (the appendix has it in full)."""
    documents = sorted(year_data.sources) or [year_data.header.get("document") or BLANK]
    title = year_data.header.get("title")
    named = "；".join(f"《{title}》" if title and d == year_data.header.get("document") else d
                     for d in documents)  # fmt: skip
    digest = data_digest(data_files(year_data), Path(year_data.data_dir))
    return (
        f"资料来源：{named}；数据版本 SHA-256 {digest[:12]}；parkmetrics {__version__}，"
        f"评分规则 {rules_text(rules)}。复算得分由报告数据按评分规则重新计算。"
    )


def data_files(year_data: YearData) -> list[Path]:
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


def rules_text(rules: Any) -> str:
    """The rules file a run used: the packaged defaults, or a user's file laid over them.

    A user's file is named with its SHA-256, never its folder: the same inputs give the same
    briefing on every machine.
    """
    source = getattr(rules, "source", None) if rules is not None else None
    if not source:
        return DEFAULT_RULES_TEXT
    path = Path(source)
    if path.resolve() == default_rules_path().resolve():
        return DEFAULT_RULES_TEXT
    version = f"SHA-256 {file_sha256(path)[:12]}，" if path.is_file() else ""
    return f"{path.name}（{version}覆盖默认规则 config/rules.yaml）"


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.name
