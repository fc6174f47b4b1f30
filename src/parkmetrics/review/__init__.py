"""Review checks (复核) of a self-evaluation, each finding with its evidence.

``audit(year_data)`` runs the ten review checks of the domain brief and returns the findings
table (docs/architecture.md). The checks are generic: they work from the data, the vocabulary
(``growth_of`` / ``completion_of`` relations, the indicators' ``metrics`` annotation, park
names) and the rules (tolerances, thresholds, severities in ``config/rules.yaml``); none names a
figure, a park or a year. Consistent data produces no finding.

Finding codes by review check (severities: ``severity`` in rules.yaml), and where they are made:

 1  ratio_mismatch, budget_rate_mismatch, budget_rate_wrong_base — a reported rate that its own
    figures do not give, or an execution rate on the initial budget instead of the full-year
    one (``arithmetic``)
 2  value_conflict — one quantity with two values (table vs narrative, narrative vs budget block)
    (``consistency``)
 3  wrong_quantity — an actual that is the narrative's figure of another quantity (``consistency``)
 4  sum_mismatch, total_score_mismatch — parts that do not make their total (``arithmetic``);
    plan_exceeds_budget, plan_item_unbudgeted — the spending plan against the budget (``budget``)
 5  blank_goal, blank_field, blank_cell, template_prompt — missing mandatory content
    (``completeness``)
 6  over_achievement_no_reason, under_achievement_no_reason, budget_over_executed
    (``justification``); budget_adjusted_no_reason (``budget``)
 7  text_actual_full_marks, ranking_for_percentage, fewer_named_items, all_full_marks,
    score_differs — full marks the evidence does not support (``justification``)
 8  weights_total, weights_level1_mismatch, weights_unusual_split (``completeness``)
 9  park_two_names, project_two_names — one entity under two names (``consistency``)
10  unit_slip, rounding, score_rounded — unit slips and roundings (``consistency``,
    ``arithmetic``, ``justification``)

Across a series' years (``across_years``, ``audit_series(reports)``): growth_mismatch (check
1: a growth that its base metric's values in two consecutive reports do not give) and
figure_restated (check 2: a later report states an earlier year's figure differently from that
year's own report).

Content defects the loader loads as written (``defects``): score_above_weight and
negative_score (check 8), negative_amount (check 4), header_not_a_number and unknown_cells
(check 5: a header number written in words; cells not in the source, which are never filled in
and make the sums over them uncheckable).

``run_cli`` is the ``parkmetrics audit`` command (``terminal``).
"""

from __future__ import annotations

from parkmetrics.review.across_years import audit_series, growth_table
from parkmetrics.review.checks import audit
from parkmetrics.review.findings import CHECK_TITLES, FINDING_COLUMNS, SEVERITY_LABELS
from parkmetrics.review.terminal import run_cli

__all__ = [
    "CHECK_TITLES", "FINDING_COLUMNS", "SEVERITY_LABELS", "audit", "audit_series", "growth_table",
    "run_cli",
]  # fmt: skip
