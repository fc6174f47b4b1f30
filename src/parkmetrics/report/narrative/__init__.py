"""The report's sentences and display tables, built from a year's data — never typed for a year.

The yearly notebook only calls these. Every number in a sentence comes from the frames
(``YearData``, the assessment, the findings, the derived figures); figures keep the wording they
were reported with (``近600家`` stays 近600家), and derived figures are always said to be derived.
Display tables are wide and Chinese-headed for reading; the tidy frames stay the source of truth.

The sentences live by section — :mod:`.summary` (heading, headline, total, budget),
:mod:`.economy` (economy, projects, land), :mod:`.scores` (scores and findings) — on the shared
helpers of :mod:`.common`; this module is the one place the notebooks import them from.
"""

from __future__ import annotations

# The notebook shows every sentence and table through these: data escaped, never Markdown.
from parkmetrics.report.markup import heading as heading
from parkmetrics.report.markup import html_table as html_table
from parkmetrics.report.markup import paragraph as paragraph
from parkmetrics.report.markup import subheading as subheading
from parkmetrics.report.narrative.common import (
    HECTARE,
    MAX_LISTED,
    QUALIFIER_LABELS,
    SECTION_CHARTS,
    other_charts,
    qualifier_label,
)
from parkmetrics.report.narrative.economy import (
    economy_table,
    economy_text,
    land_table,
    land_text,
    pipeline_table,
    pipeline_text,
)
from parkmetrics.report.narrative.rule_text import inferred_label, reason_label, rule_label
from parkmetrics.report.narrative.scores import (
    SUBJECT_LABELS,
    findings_table,
    findings_text,
    scores_table,
    scores_text,
    severity_counts,
    subject_label,
)
from parkmetrics.report.narrative.summary import budget_text, headline, title, total_text

__all__ = [
    "HECTARE",
    "MAX_LISTED",
    "QUALIFIER_LABELS",
    "SECTION_CHARTS",
    "SUBJECT_LABELS",
    "budget_text",
    "economy_table",
    "economy_text",
    "findings_table",
    "findings_text",
    "heading",
    "headline",
    "html_table",
    "inferred_label",
    "land_table",
    "land_text",
    "other_charts",
    "paragraph",
    "pipeline_table",
    "pipeline_text",
    "qualifier_label",
    "reason_label",
    "rule_label",
    "scores_table",
    "scores_text",
    "severity_counts",
    "subheading",
    "subject_label",
    "title",
    "total_text",
]
