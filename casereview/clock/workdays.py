"""Deadline arithmetic in calendar days and England and Wales working days.

A working day is Monday to Friday, except the England and Wales bank holidays, substitute
days included (Boxing Day 2026 falls on a Saturday, so Monday 28 December is not a working
day). England and Wales share one list of bank holidays; the ``holidays`` package gives it
as the United Kingdom subdivision ``"ENG"`` (its ``"WLS"`` list is the same), offline.

Counting convention, the way a letter reads it: "5 working days after d" counts the working
days strictly after d, so d itself never counts, whether or not it is a working day.
A request received on Monday 2 November 2026 is acknowledged by Monday 9 November; one
received on Saturday 21 November 2026 by Friday 27 November. "2 working days before d" counts
back the same way, strictly before d. Adding or subtracting 0 working days returns d
unchanged, so ``working_days_between(d, add_working_days(d, n)) == n`` for every n >= 0.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

import holidays

_ONE_DAY = timedelta(days=1)


@cache
def _bank_holidays(year: int) -> frozenset[date]:
    # Building a calendar costs far more than a lookup, and deadlines revisit the same years.
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_working_day(d: date) -> bool:
    """Whether ``d`` is a weekday that is not an England and Wales bank holiday."""
    return d.weekday() < 5 and d not in _bank_holidays(d.year)


def _count_working_days(d: date, n: int, step: timedelta) -> date:
    if n < 0:
        raise ValueError(f"the number of working days must not be negative, not {n}")
    while n:
        d += step
        if is_working_day(d):
            n -= 1
    return d


def add_working_days(d: date, n: int) -> date:
    """The n-th working day strictly after ``d`` (``d`` itself when n is 0).

    For n >= 1 the result is always a working day. Raises ``ValueError`` for negative n.
    """
    return _count_working_days(d, n, _ONE_DAY)


def subtract_working_days(d: date, n: int) -> date:
    """The n-th working day strictly before ``d`` (``d`` itself when n is 0).

    "Contributions 2 working days before a meeting on Monday 4 January 2027" gives
    Wednesday 30 December 2026. Raises ``ValueError`` for negative n.
    """
    return _count_working_days(d, n, -_ONE_DAY)


def working_days_between(a: date, b: date) -> int:
    """The number of working days after ``a`` up to and including ``b``.

    Negative when ``b`` is before ``a`` (then minus the count from ``b`` to ``a``), so
    ``working_days_between(a, b) == -working_days_between(b, a)``.
    """
    if b < a:
        return -working_days_between(b, a)
    return sum(is_working_day(a + timedelta(days=i)) for i in range(1, (b - a).days + 1))


def add_calendar_days(d: date, n: int) -> date:
    """``d`` plus ``n`` calendar days (n may be negative); no day is skipped."""
    return d + timedelta(days=n)
