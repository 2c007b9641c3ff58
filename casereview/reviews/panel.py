"""What the application page shows of the review, and which of its steps the viewer may take."""

from dataclasses import dataclass, field
from datetime import date

import rules

from casereview.accounts.models import Membership
from casereview.applications.lifecycle import (
    BEFORE_MINUTES,
    RECONVENE_REVIEW,
    WITHDRAWABLE,
    reopened_by,
)
from casereview.applications.models import Application, Status
from casereview.reviews.models import Minutes
from casereview.reviews.selectors import RequestState, request_state
from casereview.reviews.steps import due_after_meeting_warning, minutes_refusal


@dataclass(frozen=True)
class ReviewPanel:
    show: bool
    states: list[RequestState] = field(default_factory=list)
    minutes: Minutes | None = None
    older: list[Minutes] = field(default_factory=list)
    can_request: bool = False
    can_schedule: bool = False
    can_minute: bool = False
    can_approve: bool = False
    can_conclude: bool = False
    can_withdraw: bool = False
    late_warning: str = ""


def review_panel(application: Application, membership: Membership, today: date) -> ReviewPanel:
    """Built from the prefetches of `application_get`: no queries of its own."""

    def may(rule: str) -> bool:
        return bool(rules.test_rule(rule, membership, application))

    status = application.status
    versions = sorted(application.minutes.all(), key=lambda m: -m.version)
    latest = versions[0] if versions else None
    meeting = getattr(application, "meeting", None)
    requests = list(application.partner_requests.all())
    return ReviewPanel(
        show=status not in (Status.RECEIVED, Status.THRESHOLD_NOT_MET) or bool(versions),
        states=[request_state(r, today) for r in requests],
        minutes=latest,
        older=versions[1:],
        can_request=status in BEFORE_MINUTES and may("reviews.request_partners"),
        can_schedule=(status in BEFORE_MINUTES or reopened_by(application) == RECONVENE_REVIEW)
        and may("reviews.schedule"),
        can_minute=minutes_refusal(status, meeting) is None and may("reviews.minutes"),
        can_approve=latest is not None and not latest.approved and may("reviews.approve_minutes"),
        can_conclude=status == Status.REVIEWED
        and latest is not None
        and latest.approved
        and may("reviews.conclude"),
        can_withdraw=status in WITHDRAWABLE and may("reviews.withdraw"),
        late_warning=due_after_meeting_warning(requests, meeting)
        if status in BEFORE_MINUTES and may("reviews.schedule")
        else "",
    )
