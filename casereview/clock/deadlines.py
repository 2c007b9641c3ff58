"""The case clock: deadlines from the received date, and how near or late each one is.

Plain data in, plain data out, so the rules can be tested without a database.
"""

from dataclasses import dataclass
from datetime import date

from casereview.clock.workdays import add_calendar_days, add_working_days


@dataclass(frozen=True)
class ClockSettings:
    acknowledgement_working_days: int = 5
    conclusion_calendar_days: int = 28


@dataclass(frozen=True)
class CaseDeadlines:
    acknowledgement_due: date
    conclusion_due: date


def case_deadlines(received: date, settings: ClockSettings) -> CaseDeadlines:
    """Acknowledgement: working days after receipt. Conclusion: calendar days after receipt."""
    return CaseDeadlines(
        acknowledgement_due=add_working_days(received, settings.acknowledgement_working_days),
        conclusion_due=add_calendar_days(received, settings.conclusion_calendar_days),
    )


@dataclass(frozen=True)
class Milestone:
    """One line of an application's timeline."""

    name: str
    due: date
    done_on: date | None = None
    # Started but not finished, said before the days left (a letter written, not yet sent).
    waiting: str = ""
    # No longer owed, and why (the request was withdrawn): neither open nor overdue.
    not_needed: str = ""

    @property
    def is_open(self) -> bool:
        return self.done_on is None and not self.not_needed

    def days_left(self, today: date) -> int:
        """Negative when overdue; zero on the day itself."""
        return (self.due - today).days

    def is_overdue(self, today: date) -> bool:
        return self.is_open and today > self.due

    def describe(self, today: date) -> str:
        if self.done_on is not None:
            late = (self.done_on - self.due).days
            return "Done" if late <= 0 else f"Done, {_days(late)} late"
        if self.not_needed:
            return self.not_needed
        left = self.days_left(today)
        if left == 0:
            when = "due today"
        elif left > 0:
            when = f"{_days(left)} left"
        else:
            when = f"{_days(-left)} overdue"
        return f"{self.waiting}: {when}" if self.waiting else when[0].upper() + when[1:]


def _days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"


def next_open_milestone(milestones: list[Milestone]) -> Milestone | None:
    """The earliest milestone not yet done: what the case is waiting for."""
    open_ones = [m for m in milestones if m.is_open]
    return min(open_ones, key=lambda m: m.due, default=None)
