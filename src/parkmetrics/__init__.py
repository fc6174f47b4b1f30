"""parkmetrics: industrial-park fund self-evaluations as validated tidy data.

The public API is small; each name lives in the module of its concept and is imported on
first use, so ``import parkmetrics`` stays cheap (the CLI and notebook kernels start fast).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "load_year": "dataset",
    "available_years": "dataset",
    "YearData": "dataset",
    "DataValidationError": "errors",
    "Problem": "errors",
    "parse_quantity": "quantity",
    "parse_quantities": "quantity",
    "Quantity": "quantity",
    "QuantityError": "quantity",
    "load_vocabulary": "vocabulary",
    "load_rules": "rules",
    "assess": "assessment",
    "audit": "review",
    "derive": "derived",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'parkmetrics' has no attribute {name!r}")
    return getattr(import_module(f"parkmetrics.{module}"), name)
