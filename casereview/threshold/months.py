"""Month arithmetic as THRESHOLD.md defines it: keep the day, clamp it to a shorter month."""

from __future__ import annotations

import calendar
from datetime import date


def add_months(d: date, n: int) -> date:
    """Return ``d`` plus ``n`` months (``n`` may be negative).

    The day of the month is kept, clamped to the last day of a shorter target month
    (31 January + 1 month is 28 or 29 February). Raises ``OverflowError`` outside the years
    ``date`` supports, as ``date + timedelta`` does.
    """
    year, month_index = divmod(d.year * 12 + d.month - 1 + n, 12)
    if not date.min.year <= year <= date.max.year:
        raise OverflowError(f"{d.isoformat()} plus {n} months is out of range")
    month = month_index + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def add_months_clamped(d: date, n: int) -> date:
    """``add_months``, but the calendar's first or last day where that would overflow."""
    # A bound beyond the calendar admits everything on that side, so the calendar's edge
    # is an exact stand-in for it.
    try:
        return add_months(d, n)
    except OverflowError:
        return date.max if n > 0 else date.min
