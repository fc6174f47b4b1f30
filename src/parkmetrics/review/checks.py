"""The ten review checks in the order they run, and ``audit`` running them on a year."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from parkmetrics.review.arithmetic import check_ratios, check_sums
from parkmetrics.review.budget import check_budget_changes, check_spending_plan
from parkmetrics.review.completeness import check_blanks, check_weights
from parkmetrics.review.consistency import check_values
from parkmetrics.review.defects import check_defects
from parkmetrics.review.findings import Check, Finding, findings_frame
from parkmetrics.review.justification import check_evidence, check_reasons
from parkmetrics.review.matching import table_matches
from parkmetrics.review.names import check_park_names, check_project_name
from parkmetrics.review.packs import check_packs
from parkmetrics.review.plausibility import check_plausibility
from parkmetrics.review.scores import check_scores
from parkmetrics.scoring.assessment import assess
from parkmetrics.scoring.rules import Rules, load_rules

if TYPE_CHECKING:
    from parkmetrics.data.dataset import YearData
    from parkmetrics.scoring.assessment import Assessment

CHECKS: tuple[Check, ...] = (
    check_ratios, check_values, check_sums, check_blanks, check_reasons, check_evidence,
    check_weights, check_park_names, check_project_name, check_scores, check_defects,
    check_plausibility, check_budget_changes, check_spending_plan, check_packs,
)  # fmt: skip


def audit(
    year_data: YearData, rules: Rules | None = None, assessment: Assessment | None = None
) -> pd.DataFrame:
    """Run the review checks on a year; one row per finding, errors first (docs/architecture.md,
    "Findings"). ``assessment``: the year's ``assess(year_data, rules)`` when the caller already
    has it (a province's batch), else computed here."""
    rules = rules or load_rules()
    if assessment is None:
        assessment = assess(year_data, rules)
    matches = table_matches(year_data)
    found: list[Finding] = []
    for check in CHECKS:
        found += check(year_data, assessment, matches, rules)
    return findings_frame(found, rules)
