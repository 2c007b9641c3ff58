"""Working days in England and Wales, and the counting convention for deadlines."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casereview.clock.workdays import (
    add_calendar_days,
    add_working_days,
    is_working_day,
    subtract_working_days,
    working_days_between,
)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 11, 20), True),  # Friday
        (date(2026, 11, 21), False),  # Saturday
        (date(2026, 11, 22), False),  # Sunday
        (date(2026, 11, 23), True),  # Monday
        (date(2026, 12, 24), True),  # Christmas Eve is not a bank holiday
        (date(2026, 12, 25), False),  # Christmas Day, a Friday
        (date(2026, 12, 28), False),  # substitute for Boxing Day (Saturday 26th)
        (date(2026, 12, 29), True),
        (date(2027, 1, 1), False),  # New Year's Day
        (date(2027, 12, 27), False),  # substitute for Christmas Day (Saturday)
        (date(2027, 12, 28), False),  # substitute for Boxing Day (Sunday)
        (date(2026, 4, 3), False),  # Good Friday 2026
        (date(2026, 4, 6), False),  # Easter Monday 2026
        (date(2027, 3, 25), True),  # Maundy Thursday
        (date(2027, 3, 26), False),  # Good Friday 2027
        (date(2027, 3, 29), False),  # Easter Monday 2027
        (date(2027, 3, 30), True),
        (date(2026, 5, 4), False),  # Early May bank holiday
        (date(2026, 5, 25), False),  # Spring bank holiday
        (date(2026, 8, 31), False),  # Summer bank holiday (England and Wales)
        (date(2022, 9, 19), False),  # one-off: the Queen's state funeral
        (date(2023, 5, 8), False),  # one-off: the coronation
    ],
)
def test_is_working_day(day: date, working: bool) -> None:
    assert is_working_day(day) is working


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 1, 2),  # Scotland's 2 January
        date(2026, 8, 3),  # Scotland's summer bank holiday
        date(2026, 11, 30),  # St Andrew's Day (Scotland)
        date(2026, 3, 17),  # St Patrick's Day (Northern Ireland)
        date(2026, 7, 13),  # Battle of the Boyne, observed (Northern Ireland)
    ],
)
def test_holidays_elsewhere_in_the_uk_are_working_days(day: date) -> None:
    assert is_working_day(day)


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2026, 12, 18), 5, date(2026, 12, 29)),  # over Christmas and the substitute day
        (date(2026, 11, 2), 5, date(2026, 11, 9)),  # Monday: acknowledgement the next Monday
        (date(2026, 11, 20), 1, date(2026, 11, 23)),  # Friday: the next is Monday
        (date(2026, 11, 21), 5, date(2026, 11, 27)),  # received on a Saturday
        (date(2027, 3, 25), 1, date(2027, 3, 30)),  # over Easter 2027
        (date(2026, 12, 10), 20, date(2027, 1, 12)),  # an appeal window over the new year
        (date(2026, 11, 21), 0, date(2026, 11, 21)),  # nothing to count
    ],
)
def test_add_working_days_counts_days_strictly_after(start: date, n: int, expected: date) -> None:
    assert add_working_days(start, n) == expected


@pytest.mark.parametrize(
    ("meeting", "n", "expected"),
    [
        (date(2026, 11, 25), 2, date(2026, 11, 23)),  # Wednesday: the Monday
        (date(2026, 11, 23), 2, date(2026, 11, 19)),  # Monday: the Thursday before
        (date(2027, 1, 4), 2, date(2026, 12, 30)),  # over New Year's Day
        (date(2027, 3, 30), 2, date(2027, 3, 24)),  # over Easter 2027
        (date(2026, 12, 29), 1, date(2026, 12, 24)),  # over Christmas 2026
        (date(2026, 11, 22), 0, date(2026, 11, 22)),
    ],
)
def test_subtract_working_days_counts_days_strictly_before(
    meeting: date, n: int, expected: date
) -> None:
    assert subtract_working_days(meeting, n) == expected


@pytest.mark.parametrize("function", [add_working_days, subtract_working_days])
def test_negative_working_days_are_refused(function: object) -> None:
    with pytest.raises(ValueError, match="must not be negative"):
        function(date(2026, 11, 20), -1)  # type: ignore[operator]


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (date(2026, 12, 18), date(2026, 12, 29), 5),
        (date(2026, 12, 29), date(2026, 12, 18), -5),
        (date(2026, 11, 20), date(2026, 11, 20), 0),
        (date(2026, 11, 21), date(2026, 11, 22), 0),  # a weekend
        (date(2026, 11, 20), date(2026, 11, 23), 1),  # Friday to Monday
        (date(2026, 11, 19), date(2026, 11, 20), 1),
        (date(2026, 1, 1), date(2026, 12, 31), 253),  # 261 weekdays less 8 bank holidays
    ],
)
def test_working_days_between(a: date, b: date, expected: int) -> None:
    assert working_days_between(a, b) == expected


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2026, 11, 2), 28, date(2026, 11, 30)),  # the conclusion deadline
        (date(2026, 12, 20), 28, date(2027, 1, 17)),  # weekends and holidays still count
        (date(2028, 2, 1), 28, date(2028, 2, 29)),
        (date(2026, 3, 1), -1, date(2026, 2, 28)),
        (date(2026, 3, 1), 0, date(2026, 3, 1)),
    ],
)
def test_add_calendar_days(start: date, n: int, expected: date) -> None:
    assert add_calendar_days(start, n) == expected


DAYS = st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 12, 31))
COUNTS = st.integers(0, 60)


@settings(deadline=None)  # the first lookup in a year builds that year's calendar
@given(DAYS, COUNTS)
def test_adding_n_working_days_spans_n_working_days(d: date, n: int) -> None:
    result = add_working_days(d, n)
    assert working_days_between(d, result) == n
    assert n == 0 or is_working_day(result)
    if n:
        # The earliest such day: the day before it is one working day short.
        assert working_days_between(d, result - timedelta(days=1)) == n - 1


@settings(deadline=None)
@given(DAYS, COUNTS)
def test_subtracting_undoes_adding_from_a_working_day(d: date, n: int) -> None:
    start = add_working_days(d, 1)
    assert subtract_working_days(add_working_days(start, n), n) == start


@settings(deadline=None)
@given(DAYS, DAYS)
def test_working_days_between_is_antisymmetric(a: date, b: date) -> None:
    assert working_days_between(a, b) == -working_days_between(b, a)
