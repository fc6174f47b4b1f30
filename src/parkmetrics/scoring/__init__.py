"""Scoring: rules as configuration, the scoring formulas, table cells, assessment, derived figures.

May import ``errors``, ``figures`` and ``data``.
"""
