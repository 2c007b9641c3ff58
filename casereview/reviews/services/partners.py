"""Asking partner agencies for their previous involvement, and no longer asking one."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from casereview.accounts.models import Membership
from casereview.applications.lifecycle import BEFORE_MINUTES, status_move
from casereview.applications.models import Application, Status
from casereview.clock.workdays import subtract_working_days
from casereview.core import limits
from casereview.core.dates import local_today
from casereview.core.errors import FieldError, InvalidInput, NotAllowedNow
from casereview.core.models import AuditAction
from casereview.partnerships.models import Agency
from casereview.partnerships.selectors import case_settings_of
from casereview.reviews import notify
from casereview.reviews.models import Contribution, PartnerRequest
from casereview.reviews.services.common import (
    REVIEW_PURPOSE,
    application_locked,
    meeting_of,
    require_status,
    review_audit,
)


def default_due(application: Application) -> date:
    """Contributions are due the configured working days before the meeting, or before the
    review completion date while no meeting is set."""
    days = case_settings_of(application.partnership).contribution_working_days
    meeting = meeting_of(application)
    if meeting is not None:
        anchor = timezone.localdate(meeting.starts_at)
    else:
        anchor = application.decision.review_date or application.conclusion_due
    return max(subtract_working_days(anchor, days), local_today())


def partner_requests_send(
    *,
    membership: Membership,
    application: Application,
    agencies: list[Agency] | None = None,
    due: date | None = None,
) -> list[PartnerRequest]:
    """Ask agencies (default: every active agency) for their previous involvement. Agencies
    already asked are left as they are; each newly asked one is emailed a link."""
    require_status(application, BEFORE_MINUTES, "ask partner agencies")
    if agencies is None:
        agencies = list(
            Agency.objects.filter(partnership_id=application.partnership_id, active=True)
        )
    due = due or default_due(application)
    if due < application.received:
        raise InvalidInput([FieldError("due", "The due date must be after the date received")])
    latest = local_today() + limits.REQUEST_DUE_MAX_AHEAD
    if due > latest:
        raise InvalidInput(
            [FieldError("due", f"The due date must be on or before {limits.long_date(latest)}")]
        )
    with transaction.atomic():
        locked = application_locked(application)
        require_status(locked, BEFORE_MINUTES, "ask partner agencies")
        created = _requests_create(membership, locked, agencies, due)
        if locked.status == Status.THRESHOLD_MET:
            status_move(locked, Status.IN_REVIEW)
        if created:
            review_audit(
                membership,
                locked,
                AuditAction.DISCLOSE,
                f"{REVIEW_PURPOSE}: partner agencies asked for their involvement",
                recipients=[f"agency {r.agency.slug} (request {r.pk})" for r in created],
            )
            ids = [r.pk for r in created]
            transaction.on_commit(lambda: notify.requests_sent(ids))
    application.refresh_from_db()
    return created


def _requests_create(
    membership: Membership, application: Application, agencies: list[Agency], due: date
) -> list[PartnerRequest]:
    """A request for each agency not asked yet."""
    asked = set(
        PartnerRequest.objects.filter(application=application).values_list("agency_id", flat=True)
    )
    return [
        PartnerRequest.objects.create(
            application=application,
            partnership_id=application.partnership_id,
            agency=agency,
            due=due,
            requested_by=membership.user,
        )
        for agency in agencies
        if agency.pk not in asked
    ]


def partner_request_withdraw(*, membership: Membership, request: PartnerRequest) -> None:
    """Stop asking an agency that has not contributed; its users no longer see the case.
    Only while agencies may still be asked: once the minutes are recorded the review has
    taken place, and who was asked is part of its record."""
    _require_withdrawable(request, request.application)
    with transaction.atomic():
        locked = application_locked(request.application)
        _require_withdrawable(request, locked)
        request.delete()
        review_audit(
            membership,
            locked,
            AuditAction.ALTER,
            f"{REVIEW_PURPOSE}: no longer asking {request.agency}",
        )


def _require_withdrawable(request: PartnerRequest, application: Application) -> None:
    require_status(application, BEFORE_MINUTES, "stop asking an agency")
    if Contribution.objects.filter(request=request).exists():
        raise NotAllowedNow(f"{request.agency} has already contributed, so it stays in the review.")


def request_viewed(request: PartnerRequest) -> None:
    """The first time the agency opens the case, for the coordinator's at-a-glance view."""
    if request.first_viewed_at is None:
        PartnerRequest.objects.filter(pk=request.pk, first_viewed_at__isnull=True).update(
            first_viewed_at=timezone.now()
        )
