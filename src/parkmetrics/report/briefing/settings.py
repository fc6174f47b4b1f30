"""The briefing's presentation settings (``config/briefing.yaml``), read and checked.

They are not scoring rules (``config/rules.yaml``, overridable with ``--rules``): they say what
the briefing quotes, not how a report is scored. The file explains each value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from parkmetrics.errors import DataValidationError, Problem

SETTINGS_NAME = "briefing.yaml"
HEADLINE_KEY = "headline_figures"


APPENDIX_CHOICES = ("document", "section", "none")
MAX_TOP_FINDINGS = 5  # the "at most 5" for the page a leader reads
# The settings besides headline_figures; a file that leaves one out gets the packaged value.
OPTIONAL_KEYS = ("main_charts", "top_findings", "appendix")


@dataclass(frozen=True)
class BriefingSettings:
    """What the briefing shows.

    ``headline_figures``: theme → the most base figures the headline quotes from it;
    ``main_charts``: the charts (``charts.ALL_CHARTS`` names) of the 简报 itself, in order;
    ``top_findings``: how many findings the 简报 lists (the appendix lists all);
    ``appendix``: ``document`` (briefing-appendix.docx), ``section`` (at the end), ``none``.
    """

    headline_figures: dict[str, int]
    reasons: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    main_charts: tuple[str, ...] = ()
    top_findings: int = MAX_TOP_FINDINGS
    appendix: str = "document"


def default_settings_path() -> Path:
    """Path of the settings shipped with the package."""
    return Path(str(resources.files("parkmetrics") / "config" / SETTINGS_NAME))


def load_briefing_settings(path: str | Path | None = None) -> BriefingSettings:
    """Read the settings (default: the package's ``config/briefing.yaml``).

    Raises ``DataValidationError`` listing every problem (file, line, setting, value, expected).
    """
    default = default_settings_path()
    path = Path(path) if path is not None else default
    name = path.name
    node, data = _parse(path)
    if not isinstance(data, dict) or not isinstance(data.get(HEADLINE_KEY), dict):
        expected = f"a mapping with {HEADLINE_KEY}: theme → value and reason"
        raise DataValidationError([Problem(name, 1, HEADLINE_KEY, None, expected)])

    lines = _key_lines(node)
    problems = [
        Problem(name, lines.get((key,)), str(key), None, f"only the settings {HEADLINE_KEY}, "
                + ", ".join(OPTIONAL_KEYS))
        for key in data
        if key != HEADLINE_KEY and key not in OPTIONAL_KEYS
    ]  # fmt: skip
    limits: dict[str, int] = {}
    reasons: dict[str, str] = {}
    for theme, setting in data[HEADLINE_KEY].items():
        line = lines.get((HEADLINE_KEY, theme))
        column = f"{HEADLINE_KEY}.{theme}"
        value = setting.get("value") if isinstance(setting, dict) else None
        if not _count(value):
            shown = None if value is None else repr(value)
            problems.append(Problem(name, line, column, shown, "a value: a whole number ≥ 0"))
        else:
            limits[str(theme)] = value
        reason = str(setting.get("reason") or "").strip() if isinstance(setting, dict) else ""
        if not reason:
            problems.append(Problem(name, line, column, None, "a reason for the value"))
        reasons[str(theme)] = reason
    chosen: dict[str, Any] = {}
    for key in OPTIONAL_KEYS:
        if key not in data:
            continue
        setting, line = data[key], lines.get((key,))
        value = setting.get("value") if isinstance(setting, dict) else None
        if not (isinstance(setting, dict) and str(setting.get("reason") or "").strip()):
            problems.append(Problem(name, line, key, None, "a value and a reason for it"))
        expected = _check_optional(key, value)
        if expected:
            problems.append(
                Problem(name, line, key, None if value is None else repr(value), expected)
            )
        else:
            chosen[key] = tuple(value) if key == "main_charts" else value
            reasons[key] = str(setting.get("reason") or "").strip()
    if problems:
        raise DataValidationError(problems)
    missing = [key for key in OPTIONAL_KEYS if key not in chosen]
    if missing and path.resolve() != default.resolve():
        packaged = load_briefing_settings(default)
        chosen |= {key: getattr(packaged, key) for key in missing}
    return BriefingSettings(headline_figures=limits, reasons=reasons, **chosen)


def _check_optional(key: str, value: Any) -> str | None:
    """What an optional setting's value should be, or None when it is right."""
    if key == "main_charts":
        from parkmetrics.report.charts import ALL_CHARTS

        ok = isinstance(value, list) and value and all(v in ALL_CHARTS for v in value)
        return None if ok else "a list of chart names: " + ", ".join(ALL_CHARTS)
    if key == "top_findings":
        ok = _count(value) and value <= MAX_TOP_FINDINGS
        return None if ok else f"a whole number from 0 to {MAX_TOP_FINDINGS}"
    return None if value in APPENDIX_CHOICES else "one of " + ", ".join(APPENDIX_CHOICES)


def _parse(path: Path) -> tuple[Any, Any]:
    """The file's YAML node tree (it knows the lines) and the data built from that same tree."""
    loader = yaml.SafeLoader(path.read_text(encoding="utf-8"))
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    except yaml.MarkedYAMLError as error:
        where = error.problem_mark or error.context_mark
        line = where.line + 1 if where is not None else None
        problem = Problem(path.name, line, None, None, f"well-formed YAML ({error.problem})")
        raise DataValidationError([problem]) from None
    finally:
        loader.dispose()


def _count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _key_lines(node: Any) -> dict[tuple[Any, ...], int]:
    """The line (1-based) of each key of the first two levels: ``(key,)`` and ``(key, sub)``."""
    lines: dict[tuple[Any, ...], int] = {}
    for key, value in getattr(node, "value", ()):
        lines[(key.value,)] = key.start_mark.line + 1
        if isinstance(value, yaml.MappingNode):
            for sub, _ in value.value:
                lines[(key.value, sub.value)] = sub.start_mark.line + 1
    return lines
