"""The period grammar's arithmetic (qdextract.periods): the base of a comparison named from a
figure's own time."""

from __future__ import annotations

import pytest

from qdextract.periods import is_period, period_before, year_before


@pytest.mark.parametrize(("period", "before"), [
    ("2017-04", "2017-03"), ("2017-01", "2016-12"), ("2025Q1", "2024Q4"), ("2025Q3", "2025Q2"),
    ("2025H1", "2024H2"), ("2025", "2024"), ("2017-01/2017-04", None), ("2021-2025", None),
])
def test_the_period_just_before(period, before) -> None:
    assert period_before(period) == before
    assert before is None or is_period(before)


@pytest.mark.parametrize(("period", "before"), [
    ("2017-04", "2016-04"), ("2017-01/2017-04", "2016-01/2016-04"), ("2020Q1-Q3", "2019Q1-Q3"),
    ("2017-03-21", "2016-03-21"),
])
def test_the_same_period_a_year_earlier(period, before) -> None:
    assert year_before(period) == before and is_period(before)


@pytest.mark.parametrize(("text", "ok"), [
    ("1800", True), ("2200", True), ("1799", False), ("2723", False), ("2199-2201", False),
    ("2025Q1-Q3", True), ("2017-01/2017-04", True), ("2017-13", False),
])
def test_a_period_names_years_within_the_schemas_bounds(text, ok) -> None:
    assert is_period(text) is ok
