import datetime

import pytest
from django.utils import translation

from portal.cities.periods import Period, quarters_between

D = datetime.date


@pytest.mark.parametrize(
    ("day", "key", "start", "end"),
    [
        (D(2024, 1, 1), "2024Q1", D(2024, 1, 1), D(2024, 3, 31)),
        (D(2024, 5, 31), "2024Q2", D(2024, 4, 1), D(2024, 6, 30)),
        (D(2024, 9, 30), "2024Q3", D(2024, 7, 1), D(2024, 9, 30)),
        (D(2024, 12, 31), "2024Q4", D(2024, 10, 1), D(2024, 12, 31)),
    ],
)
def test_the_quarter_of_a_day(day, key, start, end):
    quarter = Period.of(day)
    assert (quarter.key, quarter.start, quarter.end) == (key, start, end)
    assert Period.parse(key) == quarter
    assert quarter.year_period == Period(day.year)


def test_a_year():
    year = Period.parse("2025")
    assert not year.is_quarter
    assert (year.start, year.end) == (D(2025, 1, 1), D(2025, 12, 31))


@pytest.mark.parametrize("key", ["", "2025Q5", "2025Q0", "25Q1", "2025-Q1", "x"])
def test_anything_else_is_refused(key):
    with pytest.raises(ValueError):
        Period.parse(key)


def test_quarters_between_cross_years():
    keys = [q.key for q in quarters_between(Period(2024, 3), Period(2025, 2))]
    assert keys == ["2024Q3", "2024Q4", "2025Q1", "2025Q2"]


def test_labels_in_both_languages():
    with translation.override("en"):
        assert Period(2025, 2).label == "2025 Q2"
    with translation.override("zh-hans"):
        assert Period(2025, 2).label == "2025年第2季度"
        assert Period(2025).label == "2025年全年"
