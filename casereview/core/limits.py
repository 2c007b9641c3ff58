"""How much anyone may enter, in one place: the longest each text may be, how many entries
each list may hold, and which dates make sense.

The services check these (so pages and the API refuse the same input, naming the field),
the forms give them to their fields and the API's request schemas publish them in the
OpenAPI document. A text kept in a column of fixed width is never longer than its column;
free texts have a generous bound, so that no request can make a page, a letter or a meeting
pack too big to build. docs/operations.md lists them for administrators and integrators.
"""

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.utils import timezone

from casereview.core.errors import FieldError

# --- Dates --------------------------------------------------------------------------------
# Part 6 of the Anti-social Behaviour, Crime and Policing Act 2014, which created the case
# review, came into force on 20 October 2014: nothing a case records happened before it.
EARLIEST_EVENT = date(2014, 10, 20)
# The figures are counted by financial year: the first is the one Part 6 commenced in.
EARLIEST_STATISTICS = date(2014, 4, 1)
STATISTICS_MAX_YEARS = 10
# Dates set ahead: the meeting and the partners' due date (the review itself is due within
# weeks), and the actions of the plan (which may run longer).
MEETING_MAX_AHEAD = timedelta(days=366)
REQUEST_DUE_MAX_AHEAD = timedelta(days=366)
ACTION_DUE_MAX_AHEAD = timedelta(days=2 * 366)

# --- Lists --------------------------------------------------------------------------------
COMPLAINTS_MAX = 200  # complaints on one application
INVOLVEMENT_MAX = 100  # involvement entries in one agency's contribution
RECOMMENDATIONS_MAX = 50  # recommendations in one version of the minutes
ACTIONS_MAX = 100  # actions in one version of the minutes
DECISIONS_MAX = 50  # decisions in one version of the minutes
APPEAL_RECOMMENDATIONS_MAX = 50  # recommendations of one appeal outcome
AGENCIES_MAX = 100  # agencies named in one request (asked, or attending the meeting)

# --- Texts, in characters -----------------------------------------------------------------
# Columns of fixed width (the models' max_length).
NAME = 200  # victim, advocate, reporter
POSTCODE = 10
EMAIL = 254
PHONE = 40
INTERPRETER_LANGUAGE = 100
NAMED_CONTACT = 200
ORGANISATION = 200
RELATIONSHIP = 200
COMPLAINT_ID = 20
COMPLAINT_REFERENCE = 100
AGENCY_SLUG = 50
MEETING_LOCATION = 500
# Free texts.
ADDRESS = 1000
SUPPORT_NEEDS = 2000
DESCRIPTION = 10000
IMPACT = 10000
COMPLAINT_SUMMARY = 5000
RATIONALE = 5000
CONTRIBUTION_SUMMARY = 10000
INVOLVEMENT_DETAILS = 5000
VICTIM_VIEWS = 10000
MINUTES_SUMMARY = 20000
DECISION = 1000  # one decision of the minutes
DECISIONS_TEXT = 10000  # all of them, one a line, as the minutes page takes them
RECOMMENDATION = 2000
ACTION = 2000
VICTIM_RESPONSE = 10000
CONCLUSION = 10000
WITHDRAWAL_REASON = 5000
PROGRESS = 5000
APPEAL_DETAILS = 10000
LATE_REASON = 5000
FINDINGS = 10000
CONTACT_SUMMARY = 5000  # what was said, in one entry of a case's contact log
HARM_NOTES = 5000  # the coordinator's notes on one harm assessment


def too_long(field: str, value: str, limit: int) -> FieldError | None:
    if len(value) > limit:
        return FieldError(field, f"Must be {limit:,} characters or fewer")
    return None


def texts_too_long(texts: Iterable[tuple[str, str, int]]) -> list[FieldError]:
    """(field, value, limit) triples: an error for each text longer than its limit."""
    return [e for field, value, limit in texts if (e := too_long(field, value, limit))]


def too_many(field: str, items: list[object] | int, limit: int, noun: str) -> FieldError | None:
    count = items if isinstance(items, int) else len(items)
    if count > limit:
        return FieldError(field, f"There can be at most {limit} {noun}")
    return None


def long_date(day: date) -> str:
    """The one way a date is shown to people (GOV.UK style): 1 December 2026. A moment is
    shown as the date it was where the service is."""
    if isinstance(day, datetime):
        day = timezone.localtime(day)
    return f"{day.day} {day:%B %Y}"


def past_date_error(field: str, value: date, today: date, noun: str) -> FieldError | None:
    """A date something happened: from the commencement of the case review to today."""
    if value > today:
        return FieldError(field, f"{noun} must be today or in the past")
    if value < EARLIEST_EVENT:
        return FieldError(
            field,
            f"{noun} must be on or after {long_date(EARLIEST_EVENT)}, when the case review "
            "came into force",
        )
    return None


def ahead_date_error(
    field: str, value: date, earliest: date, latest: date, noun: str
) -> FieldError | None:
    """A date set ahead (or, for a meeting, recorded after it was held): within bounds."""
    if value < earliest:
        return FieldError(field, f"{noun} must be on or after {long_date(earliest)}")
    if value > latest:
        return FieldError(field, f"{noun} must be on or before {long_date(latest)}")
    return None
