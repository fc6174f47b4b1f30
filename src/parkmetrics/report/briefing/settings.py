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


@dataclass(frozen=True)
class BriefingSettings:
    """``headline_figures``: theme → the most base figures the headline quotes from it."""

    headline_figures: dict[str, int]
    reasons: dict[str, str] = field(default_factory=dict, compare=False, repr=False)


def default_settings_path() -> Path:
    """Path of the settings shipped with the package."""
    return Path(str(resources.files("parkmetrics") / "config" / SETTINGS_NAME))


def load_briefing_settings(path: str | Path | None = None) -> BriefingSettings:
    """Read the settings (default: the package's ``config/briefing.yaml``).

    Raises ``DataValidationError`` listing every problem (file, line, setting, value, expected).
    """
    path = Path(path) if path is not None else default_settings_path()
    name = path.name
    node, data = _parse(path)
    if not isinstance(data, dict) or not isinstance(data.get(HEADLINE_KEY), dict):
        expected = f"a mapping with {HEADLINE_KEY}: theme → value and reason"
        raise DataValidationError([Problem(name, 1, HEADLINE_KEY, None, expected)])

    lines = _key_lines(node)
    problems = [
        Problem(name, lines.get((key,)), str(key), None, f"only the setting {HEADLINE_KEY}")
        for key in data
        if key != HEADLINE_KEY
    ]
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
    if problems:
        raise DataValidationError(problems)
    return BriefingSettings(headline_figures=limits, reasons=reasons)


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
