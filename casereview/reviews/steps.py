"""When each step of the review may be taken: the states the pages and the services check."""

from datetime import datetime

from django.utils import timezone

from casereview.applications.models import Status
from casereview.reviews.models import Meeting

# Partners may be asked, and the meeting set, from the decision until minutes are recorded.
BEFORE_MINUTES = (Status.THRESHOLD_MET, Status.IN_REVIEW)
CLOSED = (Status.CONCLUDED, Status.WITHDRAWN, Status.THRESHOLD_NOT_MET)
WITHDRAWABLE = (
    Status.RECEIVED,
    Status.THRESHOLD_MET,
    Status.IN_REVIEW,
    Status.REVIEWED,
)


def has_started(meeting: Meeting | None, now: datetime | None = None) -> bool:
    """For a meeting already in hand (a page's case joins it); services ask the database."""
    return meeting is not None and meeting.starts_at <= (now or timezone.now())
