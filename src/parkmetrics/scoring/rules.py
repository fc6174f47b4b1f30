"""Scoring rules and review thresholds as configuration (``config/rules.yaml``).

The national defaults live in the package's ``config/rules.yaml``; every setting there carries
its value, the reason for it and its source. ``load_rules(path)`` lays a user's file (a
province's variant) over the defaults, setting by setting, and checks every value, so a rule set
is changed without editing code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from parkmetrics.errors import DataValidationError, Problem, RulesFileError
from parkmetrics.figures.quantity import COMPARISONS
from parkmetrics.scoring.rules_file import read_rules_file, summary

DIRECTIONS = COMPARISONS  # a target's direction is the comparison sign its figure carries
FORMULAS = ("at_least", "at_most", "equal")
COMPOSITE_METHODS = ("mean_capped_ratio", "min_capped_ratio")
QUALITATIVE_SCORES = ("clamp_reported", "band_high", "band_low")
TEXT_ACTUAL_MODES = ("not_recomputed", "qualitative_band")
UNSCORED_MODES = ("reported", "zero")
TOLERANCE_MODES = ("half_last_digit",)
APPROXIMATE_MODES = ("cannot_verify", "as_bound")
PRIORITIES = ("P0", "P1", "P2")  # a reviewer rule's priority: P0 must fix, P1, P2
REVIEWER_PREFIX = "review_"  # settings that are reviewer rules (rule packs)
PACKS_FOLDER = "packs"  # config/packs/<name>.yaml: rule packs selectable by name
SEVERITIES = ("error", "warning", "info")
BANDS = ("achieved", "partial", "not_achieved")
WEIGHT_KEYS = ("output", "benefit", "satisfaction", "budget")
REASON_CONDITIONS = (
    "score_below_weight",
    "ratio_below_one",
    "over_achievement",
    "budget_below_threshold",
)


@dataclass(frozen=True)
class Band:
    """A qualitative band: the share of the weight (``low``–``high``) its indicators earn."""

    name: str
    label: str
    low: float
    high: float


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
        rules = _build(settings, where, str(path or base_path))
    except DataValidationError as error:
        problems += error.problems
    if problems:
        raise RulesFileError(problems)
    return rules


def _build(
    settings: dict[str, Any], where: dict[str, tuple[str, int | None]], source: str
) -> Rules:
    """Check every setting's value and build the ``Rules``; collect all problems."""
    problems: list[Problem] = []
    v = {key: setting["value"] for key, setting in settings.items()}

    def bad(key: str, expected: str) -> None:
        file, line = where.get(key, ("rules.yaml", None))
        problems.append(Problem(file, line, key, summary(v.get(key)), expected))

    def number(key: str, low: float = 0.0, allow_none: bool = False) -> float | None:
        value = v.get(key)
        if value is None and allow_none:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or value < low:
            bad(key, f"a number ≥ {low}" + (" or null" if allow_none else ""))
            return 0.0
        return float(value)

    def choice(key: str, options: tuple[str, ...]) -> str:
        if v.get(key) not in options:
            bad(key, f"one of {', '.join(options)}")
            return options[0]
        return str(v[key])

    def mapping(key: str, keys: tuple[str, ...] | None, values: tuple[str, ...] | None) -> dict:
        value = v.get(key)
        if not isinstance(value, Mapping):
            bad(key, "a mapping")
            return {}
        if keys is not None and set(value) - set(keys):
            bad(key, f"keys among {', '.join(keys)}")
        if values is not None and any(x not in values for x in value.values()):
            bad(key, f"values among {', '.join(values)}")
        return dict(value)

    def strings(key: str) -> tuple[str, ...]:
        value = v.get(key)
        if not _texts(value):
            bad(key, "a list of texts")
            return ()
        return tuple(value)

    weights = mapping("weights", WEIGHT_KEYS, None)
    if set(weights) != set(WEIGHT_KEYS) or not all(
        isinstance(x, int | float) and x >= 0 for x in weights.values()
    ):
        bad("weights", f"a number ≥ 0 for each of {', '.join(WEIGHT_KEYS)}")
    quantitative = mapping("quantitative", DIRECTIONS, FORMULAS)
    if set(quantitative) != set(DIRECTIONS):
        bad("quantitative", f"a formula for each direction {' '.join(DIRECTIONS)}")

    bands: dict[str, Band] = {}
    for band, spec in mapping("qualitative_bands", BANDS, None).items():
        try:
            low, high = float(spec["low"]), float(spec["high"])
            if not 0 <= low <= high <= 1:
                raise ValueError
            bands[band] = Band(band, str(spec.get("label", band)), low, high)
        except (TypeError, KeyError, ValueError):
            bad("qualitative_bands", f"{band}: low and high shares with 0 ≤ low ≤ high ≤ 1")
    if set(bands) != set(BANDS) and not any(p.column == "qualitative_bands" for p in problems):
        bad("qualitative_bands", f"a band for each of {', '.join(BANDS)}")
    keywords = mapping("qualitative_keywords", BANDS, None)
    if not all(_texts(words) for words in keywords.values()):
        bad("qualitative_keywords", "a list of words for each band")

    grades_value = mapping("grades", None, None)
    if (
        not grades_value
        or not all(
            isinstance(x, int | float) and not isinstance(x, bool) for x in grades_value.values()
        )
        or min(grades_value.values()) != 0
    ):
        bad("grades", "a mapping of grade name to cut-off score, the lowest grade's cut-off 0")
        grades_value = {"-": 0}
    cut_offs = ((str(k), float(c)) for k, c in grades_value.items())
    grades = tuple(sorted(cut_offs, key=lambda g: -g[1]))

    reason_when = mapping("reason_required_when", REASON_CONDITIONS, None)
    if not all(isinstance(x, bool) for x in reason_when.values()):
        bad("reason_required_when", "true or false for each condition")
    severity = mapping("severity", None, SEVERITIES)
    factors = v.get("unit_slip_factors")
    if not isinstance(factors, list) or not all(
        isinstance(x, int | float) and x > 1 for x in factors
    ):
        bad("unit_slip_factors", "a list of numbers > 1")
        factors = []
    direction_by_level2 = mapping("direction_by_level2", None, DIRECTIONS)

    precision = v.get("score_precision", "table")
    if precision != "table" and (
        isinstance(precision, bool) or not isinstance(precision, int) or precision < 0
    ):
        bad("score_precision", '"table" or a whole number of decimals ≥ 0')
        precision = "table"
    word_lists = {}
    for key in ("reason_directions", "budget_reason_words"):
        words = mapping(key, None, None) if key in v else {}
        if not all(_texts(x) for x in words.values()):
            bad(key, "a list of words for each key")
        word_lists[key] = {k: tuple(x) for k, x in words.items() if _texts(x)}
    reviewer = {}
    for key in (k for k in v if k.startswith(REVIEWER_PREFIX)):
        spec = v[key]
        if not isinstance(spec, Mapping) or spec.get("priority") not in PRIORITIES:
            bad(key, f"a mapping with enabled and a priority among {', '.join(PRIORITIES)}")
            continue
        reviewer[key.removeprefix(REVIEWER_PREFIX)] = {
            **spec,
            "key": key,
            "source": str(settings[key].get("source", "")).strip(),
        }
    priority_severity = mapping("priority_severity", PRIORITIES, SEVERITIES)

    rules = Rules(
        weights={k: float(x) for k, x in weights.items() if isinstance(x, int | float)},
        total_weight=number("total_weight") or 0.0,
        budget_rate_cap=number("budget_rate_cap") or 0.0,
        budget_rate_flag_above=number("budget_rate_flag_above") or 0.0,
        budget_reason_below=number("budget_reason_below") or 0.0,
        default_direction=choice("default_direction", DIRECTIONS),
        direction_by_level2={str(k): str(x) for k, x in direction_by_level2.items()},
        zero_target_direction=choice("zero_target_direction", DIRECTIONS),
        quantitative={str(k): str(x) for k, x in quantitative.items()},
        at_most_zero_at=number("at_most_zero_at", low=1.0) or 2.0,
        over_achievement_threshold=number("over_achievement_threshold", low=1.0) or 1.3,
        over_achievement_cut=number("over_achievement_cut", allow_none=True),
        composite=choice("composite", COMPOSITE_METHODS),
        qualitative_bands=bands,
        qualitative_keywords={k: tuple(x) for k, x in keywords.items() if isinstance(x, list)},
        qualitative_score=choice("qualitative_score", QUALITATIVE_SCORES),
        text_actual_of_quantitative_target=choice(
            "text_actual_of_quantitative_target", TEXT_ACTUAL_MODES
        ),
        unscored_items=choice("unscored_items", UNSCORED_MODES),
        grades=grades,
        reason_required_when={k: bool(x) for k, x in reason_when.items()},
        empty_reasons=frozenset("".join(str(x).split()) for x in strings("empty_reasons")),
        ratio_tolerance=choice("ratio_tolerance", TOLERANCE_MODES),
        score_tolerance=number("score_tolerance") or 0.0,
        sum_tolerance=choice("sum_tolerance", TOLERANCE_MODES),
        value_tolerance=choice("value_tolerance", TOLERANCE_MODES),
        unit_slip_factors=tuple(float(x) for x in factors),
        percent_evidence_units=strings("percent_evidence_units"),
        ranking_units=strings("ranking_units"),
        template_prompts=strings("template_prompts"),
        severity={str(k): str(x) for k, x in severity.items()},
        budget_block_metrics={
            str(k): str(x)
            for k, x in mapping(
                "budget_block_metrics", None, ("initial", "full_year", "executed")
            ).items()
        },
        score_precision=precision,
        approximate_actual=choice("approximate_actual", APPROXIMATE_MODES),
        approximate_margin=number("approximate_margin") or 0.0,
        park_name_suffixes=strings("park_name_suffixes"),
        reason_directions=word_lists["reason_directions"],
        budget_reason_words=word_lists["budget_reason_words"],
        priority_severity={str(k): str(x) for k, x in priority_severity.items()},
        reviewer=reviewer,
        plausibility=mapping("plausibility", None, None),
        budget_change={str(k): float(x) for k, x in mapping("budget_change", None, None).items()},
        source=source,
        reasons={k: str(s.get("reason", "")).strip() for k, s in settings.items()},
    )
    if problems:
        raise DataValidationError(problems)
    return rules


def _texts(value: object) -> bool:
    """Whether ``value`` is a list of texts."""
    return isinstance(value, list) and all(isinstance(x, str) for x in value)
