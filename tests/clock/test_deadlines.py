"""The case clock: deadlines from the received date, and how each milestone reads."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from casereview.clock.deadlines import ClockSettings, Milestone, case_deadlines, next_open_milestone
from casereview.clock.workdays import is_working_day

DEFAULTS = ClockSettings()


def test_the_api_example() -> None:
    deadlines = case_deadlines(date(2026, 11, 2), DEFAULTS)
    assert deadlines.acknowledgement_due == date(2026, 11, 9)
    assert deadlines.conclusion_due == date(2026, 11, 30)


def test_bank_holidays_push_the_acknowledgement_back() -> None:
    # Received Wednesday 23 December 2026: 25 and 28 December are bank holidays in England.
    deadlines = case_deadlines(date(2026, 12, 23), DEFAULTS)
    # 24, 29, 30 and 31 December, then 1 January is a holiday too: Monday 4 January.
    assert deadlines.acknowledgement_due == date(2027, 1, 4)
    assert deadlines.conclusion_due == date(2027, 1, 20)


def test_a_partnership_can_set_its_own_deadlines() -> None:
    deadlines = case_deadlines(date(2026, 11, 2), ClockSettings(10, 30))
    assert deadlines.acknowledgement_due == date(2026, 11, 16)
    assert deadlines.conclusion_due == date(2026, 12, 2)


@given(st.dates(date(2015, 1, 1), date(2035, 12, 31)), st.integers(1, 30))
def test_the_acknowledgement_is_always_due_on_a_later_working_day(
    received: date, days: int
) -> None:
    due = case_deadlines(received, ClockSettings(days, 28)).acknowledgement_due
    assert due > received and is_working_day(due)


def test_milestones_read_as_days_left_or_overdue() -> None:
    due = date(2026, 11, 30)
    open_one = Milestone("Conclusion letter", due)
    assert open_one.describe(date(2026, 11, 29)) == "1 day left"
    assert open_one.describe(date(2026, 11, 30)) == "Due today"
    assert open_one.describe(date(2026, 12, 3)) == "3 days overdue"
    assert open_one.is_overdue(date(2026, 12, 1)) and not open_one.is_overdue(due)
    assert (
        Milestone("Letter", due, done_on=date(2026, 11, 20)).describe(date(2026, 12, 9)) == "Done"
    )
    late = Milestone("Letter", due, done_on=date(2026, 12, 2))
    assert late.describe(date(2026, 12, 9)) == "Done, 2 days late"
    assert not late.is_overdue(date(2026, 12, 9))


def test_the_next_milestone_is_the_earliest_not_done() -> None:
    done = Milestone("Acknowledgement", date(2026, 11, 9), done_on=date(2026, 11, 5))
    review = Milestone("Review", date(2026, 11, 25))
    conclusion = Milestone("Conclusion", date(2026, 11, 30))
    assert next_open_milestone([done, conclusion, review]) == review
    assert next_open_milestone([done]) is None
