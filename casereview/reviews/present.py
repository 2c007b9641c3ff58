"""The review part of an application as the API shows it."""

from typing import Any

from casereview.accounts.models import Membership, Role
from casereview.applications.models import Application
from casereview.core.dates import local_today
from casereview.reviews.models import Conclusion, Meeting, Minutes, Withdrawal
from casereview.reviews.selectors import request_state


def _minutes_json(minutes: Minutes) -> dict[str, Any]:
    return {
        "version": minutes.version,
        "summary": minutes.summary,
        "decisions": minutes.decisions,
        "approved": minutes.approved,
        "recommendations": [
            {"text": r.text, "agency": r.agency.slug} for r in minutes.recommendations.all()
        ],
        "actions": [
            {
                "id": a.pk,
                "text": a.text,
                "agency": a.agency.slug,
                "due": a.due.isoformat(),
                "status": a.status,
            }
            for a in minutes.actions.all()
        ],
        "victim_response": minutes.victim_response,
    }


def review_json(application: Application, membership: Membership) -> dict[str, Any]:
    today = local_today()
    # Everything below comes from the prefetches of `applications_with_details`.
    requests = list(application.partner_requests.all())
    if membership.role == Role.PARTNER:
        requests = [r for r in requests if r.agency_id == membership.agency_id]
    meeting: Meeting | None = getattr(application, "meeting", None)
    minutes: Minutes | None = max(
        application.minutes.all(),
        key=lambda m: m.version,
        default=None,
    )
    conclusion: Conclusion | None = getattr(application, "conclusion", None)
    withdrawal: Withdrawal | None = getattr(application, "withdrawal", None)
    return {
        "partner_requests": [
            {
                "agency": r.agency.slug,
                "due": r.due.isoformat(),
                "state": request_state(r, today).label.lower().replace(" ", "_"),
            }
            for r in requests
        ],
        "meeting": {
            "starts_at": meeting.starts_at.isoformat(),
            "location": meeting.location,
            "agencies": [a.slug for a in meeting.agencies.all()],
            "victim_invited": meeting.victim_invited,
        }
        if meeting
        else None,
        "minutes": _minutes_json(minutes) if minutes else None,
        "conclusion": {
            "summary": conclusion.summary,
            "late": conclusion.late,
            "issued_at": conclusion.issued_at.isoformat(),
        }
        if conclusion
        else None,
        "withdrawal": {"reason": withdrawal.reason, "at": withdrawal.withdrawn_at.isoformat()}
        if withdrawal
        else None,
    }
