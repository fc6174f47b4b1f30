"""parkmetrics: industrial-park fund self-evaluations as validated tidy data.

The public API is small; each name lives in the module of its concept and is imported on
first use, so ``import parkmetrics`` stays cheap (the CLI and notebook kernels start fast).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "load_year": "data.dataset",
    "available_years": "data.dataset",
    "available_series": "data.folder",
    "list_reports": "data.folder",
    "YearData": "data.dataset",
    "DataValidationError": "errors",
    "Problem": "errors",
    "parse_quantity": "figures.quantity",
    "parse_quantities": "figures.quantity",
    "Quantity": "figures.quantity",
    "QuantityError": "figures.quantity",
    "load_vocabulary": "data.vocabulary",
    "load_rules": "scoring.rules",
    "assess": "scoring.assessment",
    "audit": "review",
    "audit_series": "review.across_years",
    "growth_table": "review.across_years",
    "derive": "scoring.derived",
    # what the notebooks show: the report's sentences and tables, the charts, the attachments
    "ALL_CHARTS": "report.charts",
    "chart_bundle": "report.charts:bundle",
    "attachments_text": "report.export",
    "write_report_files": "report.export",
    "chart_image": "report.export",
}
# Submodules that are public as a whole (``from parkmetrics import narrative``).
_MODULES = {"narrative": "report.narrative", "trends": "report.trend_report"}

__all__ = ["__version__", *_EXPORTS, *_MODULES]


def __getattr__(name: str) -> Any:
    if name in _MODULES:
        return import_module(f"parkmetrics.{_MODULES[name]}")
    target = _EXPORTS.get(name)
    if target is None:
        raise AttributeError(f"module 'parkmetrics' has no attribute {name!r}")
    module, _, attribute = target.partition(":")
    return getattr(import_module(f"parkmetrics.{module}"), attribute or name)
