"""The one number formatter and its three uses (review messages, report text, charts)."""

from __future__ import annotations

import math

import pytest

from parkmetrics.figures.formatting import chart_number, format_number, report_number


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (810.24, "810.24"),  # the report's own figure, as written
        (810.2446, "810.2446"),  # 760 + 19.5 + 19.5 + 11.2446: four decimals survive
        (1.0, "1"),
        (105.40, "105.4"),  # trailing zeros go
        (137 / 130 * 100, "105.3846"),  # 105.384615… rounded to 4 places
        (-0.00001, "0"),  # no negative zero
        (0, "0"),
        (12345.5, "12345.5"),  # no thousands separator by default
        (None, ""),
        (math.nan, ""),
        ("", ""),
        ("7.29", "7.29"),  # a numeric cell text
    ],
)
def test_format_number_defaults(value, expected):
    assert format_number(value) == expected


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (810.2446, 2, "810.24"),
        (131.81818, 1, "131.8"),  # 145 ÷ 110 = 131.8%
        (99.999, 2, "100"),
        (None, 2, "—"),
        (math.nan, 2, "—"),
    ],
)
def test_report_number(value, places, expected):
    assert report_number(value, places) == expected


def test_report_number_writes_two_decimals_by_default():
    assert report_number(10.4567) == "10.46"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (9999, "9999"),
        (10000, "10,000"),  # separated from 10 000 up
        (5329e8 / 1e8, "5329"),
        (47118.037, "47,118.037"),
        (-12000.5, "-12,000.5"),
        (None, ""),
    ],
)
def test_chart_number(value, expected):
    assert chart_number(value) == expected
