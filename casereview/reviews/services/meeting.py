"""The review meeting: setting it, or moving it, with invitations to those attending."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from casereview.accounts.models import Membership
from casereview.applications.lifecycle import (
    BEFORE_MINUTES,
    RECONVENE_REVIEW,
    reopened_by,
    status_move,
)
from casereview.applications.models import Application, Status
from casereview.core import limits
from casereview.core.dates import local_today
from casereview.core.errors import FieldError, InvalidInput, NotAllowedNow
from casereview.core.events import case_changed
from casereview.core.models import AuditAction
from casereview.letters.render import recipient_role
from casereview.partnerships.models import Agency
from casereview.reviews import notify
from casereview.reviews.models import Conclusion, Meeting, PartnerRequest
from casereview.reviews.services.common import (
    REVIEW_PURPOSE,
    application_locked,
    meeting_of,
    require_status,
    review_audit,
)
from casereview.reviews.steps import has_started


def meeting_schedule(
    *,
    membership: Membership,
    application: Application,
    starts_at: datetime,
    location: str,
    agencies: list[Agency] | None = None,
    victim_invited: bool = False,
    victim_views: str = "",
) -> Meeting:
    """Set (or move) the meeting. It may be in the past, to record a meeting already held.
    Invitations with a calendar file go to the attending agencies (default: those asked),
    but only for a meeting still to come: a meeting already started is recorded and nobody
    is sent anything. After an upheld appeal against the conclusion it reconvenes the
    review: a new meeting, the earlier meeting and conclusion kept as superseded, and the
    case back in review."""
    _require_schedulable(application)
    errors = _meeting_errors(application, starts_at, location, agencies, victim_views)
    if errors:
        raise InvalidInput(errors)
    with transaction.atomic():
        locked = application_locked(application)
        _require_schedulable(locked)
        reconvened = reopened_by(locked) == RECONVENE_REVIEW
        if reconvened:
            _supersede_review(locked)
        existing = meeting_of(locked)
        meeting, _ = Meeting.objects.update_or_create(
            application=locked,
            defaults={
                "starts_at": starts_at,
                "location": location.strip(),
                "victim_invited": victim_invited,
                "victim_views": victim_views.strip(),
                "scheduled_by": membership.user,
                "sequence": existing.sequence + 1 if existing else 0,
            },
        )
        if agencies is None:
            agencies = _asked_agencies(locked)
        meeting.agencies.set(agencies)
        if locked.status in (Status.THRESHOLD_MET, Status.APPEAL_UPHELD):
            status_move(locked, Status.IN_REVIEW)
        if reconvened:
            review_audit(
                membership,
                locked,
                AuditAction.ALTER,
                f"{REVIEW_PURPOSE}: reconvened after an upheld appeal",
                object_type="meeting",
                object_id=meeting.pk,
            )
        if has_started(meeting):
            # Nobody can be invited to a meeting already held: it is recorded, not announced.
            review_audit(
                membership,
                locked,
                AuditAction.ALTER,
                f"{REVIEW_PURPOSE}: meeting recorded as already started, no invitations sent",
            )
        else:
            recipients = [f"agency {a.slug} (meeting {meeting.pk})" for a in agencies]
            if victim_invited:
                recipients.append(f"{recipient_role(locked)} (meeting {meeting.pk})")
            review_audit(
                membership,
                locked,
                AuditAction.DISCLOSE,
                f"{REVIEW_PURPOSE}: meeting invitations",
                recipients=recipients,
            )
            meeting_id = meeting.pk
            transaction.on_commit(lambda: notify.meeting_invitations(meeting_id))
        case_changed(locked.pk)
    application.refresh_from_db()
    return meeting


def _require_schedulable(application: Application) -> None:
    if reopened_by(application) == RECONVENE_REVIEW:
        return
    if application.status == Status.APPEAL_UPHELD:
        raise NotAllowedNow(
            "The appeal was against the threshold decision: the Chair decides again first."
        )
    require_status(application, BEFORE_MINUTES, "schedule the meeting")


def _supersede_review(application: Application) -> None:
    """Keep the earlier meeting and conclusion as evidence, no longer the current ones."""
    now = timezone.now()
    for model, name in ((Meeting, "meeting"), (Conclusion, "conclusion")):
        model.objects.filter(application=application).update(
            application=None, superseded_from=application, superseded_at=now
        )
        application._state.fields_cache.pop(name, None)


def _meeting_errors(
    application: Application,
    starts_at: datetime,
    location: str,
    agencies: list[Agency] | None,
    victim_views: str,
) -> list[FieldError]:
    errors = []
    if not location.strip():
        errors.append(FieldError("location", "Enter the place, or a link to join online"))
    errors += limits.texts_too_long(
        [
            ("location", location, limits.MEETING_LOCATION),
            ("victim_views", victim_views, limits.VICTIM_VIEWS),
        ]
    )
    if agencies is not None:
        errors += [
            e
            for e in [limits.too_many("agencies", len(agencies), limits.AGENCIES_MAX, "agencies")]
            if e
        ]
    # It may be recorded after it was held.
    when = limits.ahead_date_error(
        "starts_at",
        timezone.localdate(starts_at),
        limits.EARLIEST_EVENT,
        local_today() + limits.MEETING_MAX_AHEAD,
        "The date of the meeting",
    )
    if when is not None:
        errors.append(when)
    return errors


def _asked_agencies(application: Application) -> list[Agency]:
    requests = PartnerRequest.objects.filter(application=application).select_related("agency")
    return [r.agency for r in requests]
