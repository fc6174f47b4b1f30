"""Figures: the parser of Chinese figures (quantity, numerals, units) and the one number formatter.

Depends on nothing in parkmetrics but ``errors``.
"""
