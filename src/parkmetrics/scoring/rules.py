"""Scoring rules and review thresholds as configuration (``config/rules.yaml``).

The national defaults live in the package's ``config/rules.yaml``; every setting there carries
its value, the reason for it and its source. ``load_rules(path)`` lays a user's file (a
province's variant) over the defaults, setting by setting, and checks every value, so a rule set
is changed without editing code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from parkmetrics.errors import DataValidationError, Problem, RulesFileError
from parkmetrics.scoring.rules_file import read_rules_file
from parkmetrics.scoring.rules_values import (  # noqa: F401  (re-exported)
    APPROXIMATE_MODES,
    BANDS,
    COMPOSITE_METHODS,
    DIRECTIONS,
    FORMULAS,
    PACKS_FOLDER,
    PRIORITIES,
    QUALITATIVE_SCORES,
    REASON_CONDITIONS,
    REVIEWER_PREFIX,
    SEVERITIES,
    TEXT_ACTUAL_MODES,
    TOLERANCE_MODES,
    UNSCORED_MODES,
    WEIGHT_KEYS,
    Band,
    rule_fields,
)


@dataclass(frozen=True)
class Rules:
    """One rule set. Field meanings, reasons and sources: ``config/rules.yaml``."""

    weights: dict[str, float]
    total_weight: float
    budget_rate_cap: float
    budget_rate_flag_above: float
    budget_reason_below: float
    default_direction: str
    direction_by_level2: dict[str, str]
    zero_target_direction: str
    quantitative: dict[str, str]
    at_most_zero_at: float
    over_achievement_threshold: float
    over_achievement_cut: float | None
    composite: str
    qualitative_bands: dict[str, Band]
    qualitative_keywords: dict[str, tuple[str, ...]]
    qualitative_score: str
    text_actual_of_quantitative_target: str
    unscored_items: str
    grades: tuple[tuple[str, float], ...]  # (grade, cut-off), highest cut-off first
    reason_required_when: dict[str, bool]
    empty_reasons: frozenset[str]
    ratio_tolerance: str
    score_tolerance: float
    sum_tolerance: str
    value_tolerance: str
    unit_slip_factors: tuple[float, ...]
    percent_evidence_units: tuple[str, ...]
    ranking_units: tuple[str, ...]
    template_prompts: tuple[str, ...]
    severity: dict[str, str]
    budget_block_metrics: dict[str, str]
    score_precision: str | int = "table"
    approximate_actual: str = "cannot_verify"
    approximate_margin: float = 0.05
    park_name_suffixes: tuple[str, ...] = ()
    completion_words: tuple[str, ...] = ()  # a percentage after these is a completion rate
    completion_not_after: tuple[str, ...] = ()  # …unless one of these comes before the word
    reason_directions: dict[str, tuple[str, ...]] = field(default_factory=dict)
    budget_reason_words: dict[str, tuple[str, ...]] = field(default_factory=dict)
    priority_severity: dict[str, str] = field(default_factory=dict)
    reviewer: dict[str, dict[str, Any]] = field(default_factory=dict)  # review_* settings
    plausibility: dict[str, Any] = field(default_factory=dict)
    budget_change: dict[str, float] = field(default_factory=dict)
    source: str = "config/rules.yaml"
    reasons: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def grade(self, total: float) -> str | None:
        """The grade (优/良/中/差 by default) of a total score; None for a missing total."""
        if total is None or total != total:  # NaN
            return None
        for name, cut in self.grades:
            if total >= cut:
                return name
        return self.grades[-1][0]  # a negative total: the lowest grade (its cut-off is 0)

    def is_empty_reason(self, text: str | None) -> bool:
        """Whether a deviation-reason cell counts as no reason at all."""
        if text is None or text != text:  # None or NaN
            return True
        return "".join(str(text).split()) in self.empty_reasons

    def is_prompt(self, text: object) -> bool:
        """Whether a cell holds the template's prompt instead of content (（填写项目名称）)."""
        return any(prompt in str(text) for prompt in self.template_prompts)

    def severity_of(self, code: str) -> str:
        """Severity of a finding code; unknown codes are warnings (never silently dropped)."""
        return self.severity.get(code, "warning")

    def rule(self, name: str) -> dict[str, Any] | None:
        """A reviewer rule (``review_<name>`` in rules.yaml) when the pack enables it."""
        spec = self.reviewer.get(name)
        return spec if spec and spec.get("enabled") else None


def default_rules_path() -> Path:
    """Path of the national default rules shipped with the package."""
    return Path(str(resources.files("parkmetrics") / "config" / "rules.yaml"))


def rule_packs() -> dict[str, Path]:
    """The rule packs shipped with the package (``config/packs/<name>.yaml``), by name."""
    folder = default_rules_path().parent / PACKS_FOLDER
    return {p.stem: p for p in sorted(folder.glob("*.yaml"))}


def resolve_rules(path: str | Path | None) -> Path | None:
    """A rules file, or the name of a shipped rule pack (``national``, ``review-firm`` …), as the
    path to read; a path that exists wins over a pack of the same name."""
    if path is None or Path(path).exists():
        return None if path is None else Path(path)
    return rule_packs().get(str(path), Path(path))


def load_rules(path: str | Path | None = None) -> Rules:
    """Load the rules: the national defaults, overlaid by ``path`` (a file, or the name of a
    shipped rule pack) when given.

    Raises ``RulesFileError`` (a ``DataValidationError``) listing every problem of the file and
    every bad setting (file as the caller named it, line, key, value, expected), and
    ``FileNotFoundError`` when there is no such file or pack.
    """
    given, path = path, resolve_rules(path)
    base_path = default_rules_path()
    settings, base_lines, problems = read_rules_file(base_path, "rules.yaml")
    # where each setting was written, so a problem names the file the user must fix
    where: dict[str, tuple[str, int | None]] = {
        key: ("rules.yaml", line) for key, line in base_lines.items()
    }
    if path is not None:
        path = Path(path)
        # problems name the file as the user gave it (a pack by its place in the package)
        name = str(given) if Path(given) == path else f"config/{PACKS_FOLDER}/{path.name}"
        if not path.exists():
            raise FileNotFoundError(f"rules file {given} does not exist")
        override, override_lines, more = read_rules_file(path, name)
        problems += more
        for key, setting in override.items():
            if key not in settings:
                expected = "a setting of the national rules.yaml (" + ", ".join(settings) + ")"
                problems.append(Problem(name, override_lines.get(key), key, key, expected))
                continue
            settings[key] = setting
            where[key] = (name, override_lines.get(key))
    try:
        rules = Rules(**rule_fields(settings, where), source=str(path or base_path))
    except DataValidationError as error:
        problems += error.problems
    if problems:
        raise RulesFileError(problems)
    return rules
