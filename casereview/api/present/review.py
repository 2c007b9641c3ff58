"""The review part of an application, from the prefetches of `applications_with_details`."""

from casereview.accounts.models import Membership, Role
from casereview.api.schemas.review import (
    ActionOut,
    ActionPartOut,
    ConclusionOut,
    MeetingOut,
    MinutesOut,
    PartnerRequestOut,
    RecommendationOut,
    ReviewOut,
    WithdrawalOut,
)
from casereview.applications.models import Application
from casereview.core.dates import local_today
from casereview.reviews.models import (
    Action,
    Conclusion,
    Meeting,
    Minutes,
    PartnerRequest,
    Withdrawal,
)
from casereview.reviews.selectors import request_state


def _requests_out(application: Application, membership: Membership) -> list[PartnerRequestOut]:
    today = local_today()
    requests: list[PartnerRequest] = list(application.partner_requests.all())
    if membership.role == Role.PARTNER:
        requests = [r for r in requests if r.agency_id == membership.agency_id]
    return [
        PartnerRequestOut(
            agency=r.agency.slug,
            due=r.due,
            state=request_state(r, today).label.lower().replace(" ", "_"),
        )
        for r in requests
    ]


def _meeting_out(meeting: Meeting) -> MeetingOut:
    return MeetingOut(
        starts_at=meeting.starts_at,
        location=meeting.location,
        agencies=[a.slug for a in meeting.agencies.all()],
        victim_invited=meeting.victim_invited,
    )


def _action_out(action: Action) -> ActionOut:
    parts = list(action.parts.all())
    others = [p.agency.slug for p in parts if p.agency_id != action.agency_id]
    return ActionOut(
        id=action.pk,
        text=action.text,
        agency=action.agency.slug,
        due=action.due,
        status=action.status,
        agencies=[action.agency.slug, *others],
        parts=[ActionPartOut(agency=p.agency.slug, status=p.status) for p in parts]
        or [ActionPartOut(agency=action.agency.slug, status=action.status)],
        person=action.person_id,
    )


def _minutes_out(minutes: Minutes) -> MinutesOut:
    return MinutesOut(
        version=minutes.version,
        summary=minutes.summary,
        decisions=minutes.decisions,
        approved=minutes.approved,
        recommendations=[
            RecommendationOut(
                text=r.text, agency=r.agency.slug, response=r.response, person=r.person_id
            )
            for r in minutes.recommendations.all()
        ],
        actions=[_action_out(a) for a in minutes.actions.all()],
        victim_response=minutes.victim_response,
    )


def review_out(application: Application, membership: Membership) -> ReviewOut:
    meeting: Meeting | None = getattr(application, "meeting", None)
    minutes = max(application.minutes.all(), key=lambda m: m.version, default=None)
    conclusion: Conclusion | None = getattr(application, "conclusion", None)
    withdrawal: Withdrawal | None = getattr(application, "withdrawal", None)
    return ReviewOut(
        partner_requests=_requests_out(application, membership),
        meeting=_meeting_out(meeting) if meeting else None,
        minutes=_minutes_out(minutes) if minutes else None,
        conclusion=ConclusionOut(
            summary=conclusion.summary, late=conclusion.late, issued_at=conclusion.issued_at
        )
        if conclusion
        else None,
        withdrawal=WithdrawalOut(reason=withdrawal.reason, at=withdrawal.withdrawn_at)
        if withdrawal
        else None,
    )
