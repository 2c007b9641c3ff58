"""When each step of the review may be taken. A page that offers a step asks the same rule
here as the service that takes it, so the offer and the refusal cannot drift apart."""

from collections.abc import Iterable
from datetime import date, datetime

from django.utils import timezone

from casereview.applications.models import Status
from casereview.reviews.models import Meeting, PartnerRequest


def has_started(meeting: Meeting | None, now: datetime | None = None) -> bool:
    """To the minute: a meeting later today has not started, whatever the calendar says."""
    return meeting is not None and meeting.starts_at <= (now or timezone.now())


def minutes_refusal(
    status: str, meeting: Meeting | None, now: datetime | None = None
) -> str | None:
    """Why minutes cannot be recorded now, or None when they can. Approved minutes may still
    be corrected after the conclusion, so only an application closed without a review
    refuses them."""
    if status == Status.APPEAL_UPHELD:
        return "The appeal was upheld: reconvene the review with a new meeting first."
    if not has_started(meeting, now):
        return "Minutes can be recorded once the meeting has started."
    if status in (Status.WITHDRAWN, Status.THRESHOLD_NOT_MET):
        return "The application is closed."
    return None


def due_too_late(due: date, meeting: Meeting | None) -> bool:
    """A contribution due on the day of the meeting or later arrives after it has locked:
    contributions lock when the meeting starts."""
    return meeting is not None and due >= timezone.localdate(meeting.starts_at)


def due_after_meeting(
    requests: Iterable[PartnerRequest], meeting: Meeting | None
) -> list[PartnerRequest]:
    """The agencies asked, not yet contributed, whose contributions are due too late for the
    meeting. Needs each request's contribution joined."""
    return [
        r
        for r in requests
        if getattr(r, "contribution", None) is None and due_too_late(r.due, meeting)
    ]


def due_after_meeting_warning(requests: list[PartnerRequest], meeting: Meeting | None) -> str:
    """The warning the coordinator reads, or "" when every contribution is due in time."""
    late = due_after_meeting(requests, meeting)
    if not late or meeting is None:
        return ""
    names = ", ".join(r.agency.name for r in late)
    day = timezone.localdate(meeting.starts_at)
    return (
        f"Contributions from {names} are due on or after the day of the meeting "
        f"({day.day} {day:%B %Y}), but contributions lock when the meeting starts. "
        "Ask them to contribute sooner, or move the meeting."
    )
