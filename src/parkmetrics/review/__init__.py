"""Review checks (复核) of a self-evaluation, each finding with its evidence."""

from __future__ import annotations

from parkmetrics.review.findings import CHECK_TITLES

__all__ = ["CHECK_TITLES"]
