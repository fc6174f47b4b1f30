"""The values a rules file may give: what each setting must be, checked one by one.

``rule_fields`` turns the merged settings of ``config/rules.yaml`` and a user's file (or rule
pack) into the fields of a ``Rules`` (``rules.py``), collecting every bad value with the file
and line it came from; the allowed words (directions, formulas, bands, priorities …) are here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from parkmetrics.errors import DataValidationError, Problem
from parkmetrics.figures.quantity import COMPARISONS
from parkmetrics.scoring.rules_file import summary

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


def rule_fields(
    settings: dict[str, Any], where: dict[str, tuple[str, int | None]]
) -> dict[str, Any]:
    """Check every setting's value; the fields of the ``Rules`` they make (all but ``source``).

    Raises ``DataValidationError`` with every bad value, each named by the file and line it
    was written on (``where``).
    """
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

    fields = dict(
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
        completion_words=strings("completion_words"),
        completion_not_after=strings("completion_not_after"),
        reason_directions=word_lists["reason_directions"],
        budget_reason_words=word_lists["budget_reason_words"],
        priority_severity={str(k): str(x) for k, x in priority_severity.items()},
        reviewer=reviewer,
        plausibility=mapping("plausibility", None, None),
        budget_change={str(k): float(x) for k, x in mapping("budget_change", None, None).items()},
        reasons={k: str(s.get("reason", "")).strip() for k, s in settings.items()},
    )
    if problems:
        raise DataValidationError(problems)
    return fields


def _texts(value: object) -> bool:
    """Whether ``value`` is a list of texts."""
    return isinstance(value, list) and all(isinstance(x, str) for x in value)
