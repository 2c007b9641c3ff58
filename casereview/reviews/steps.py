"""When each step of the review may be taken. A page that offers a step asks the same rule
here as the service that takes it, so the offer and the refusal cannot drift apart."""

from datetime import datetime

from django.utils import timezone

from casereview.applications.models import Status
from casereview.reviews.models import Meeting


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
