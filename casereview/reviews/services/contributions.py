"""A partner agency's contribution: what it did before the review, or a nil return. It may
be changed until the meeting starts."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction

from casereview.accounts.models import Membership
from casereview.applications.lifecycle import CLOSED
from casereview.applications.models import Application
from casereview.core import limits
from casereview.core.dates import local_today
from casereview.core.errors import FieldError, InvalidInput, NotAllowedNow
from casereview.core.models import AuditAction
from casereview.reviews.models import Contribution, Involvement, PartnerRequest
from casereview.reviews.services.common import application_locked, meeting_of, review_audit
from casereview.reviews.steps import has_started

CONTRIBUTION_PURPOSE = "contribution to case review"


@dataclass(frozen=True)
class InvolvementInput:
    date: date
    kind: str
    details: str


def meeting_started(application: Application, now: datetime | None = None) -> bool:
    """Asks the database; a page with the meeting already joined calls `has_started`."""
    return has_started(meeting_of(application), now)


def _contribution_errors(
    nil_return: bool, summary: str, entries: list[InvolvementInput]
) -> list[FieldError]:
    errors = limits.texts_too_long([("summary", summary, limits.CONTRIBUTION_SUMMARY)])
    too_many = limits.too_many(
        "involvement", len(entries), limits.INVOLVEMENT_MAX, "involvement entries"
    )
    if too_many is not None:
        return [*errors, too_many]
    if nil_return and entries:
        errors.append(FieldError("involvement", "A nil return has no involvement entries"))
    if not nil_return and not summary.strip() and not entries:
        errors.append(
            FieldError("summary", "Summarise your agency's involvement, or make a nil return")
        )
    today = local_today()
    for i, entry in enumerate(entries):
        if not entry.details.strip():
            errors.append(FieldError(f"involvement[{i}].details", "Enter the details"))
        errors += limits.texts_too_long(
            [(f"involvement[{i}].details", entry.details, limits.INVOLVEMENT_DETAILS)]
        )
        when = limits.past_date_error(f"involvement[{i}].date", entry.date, today, "The date")
        if when is not None:
            errors.append(when)
    return errors


def contribution_save(
    *,
    membership: Membership,
    request: PartnerRequest,
    nil_return: bool,
    summary: str,
    entries: list[InvolvementInput],
) -> Contribution:
    application = request.application
    if application.status in CLOSED or meeting_started(application):
        raise NotAllowedNow("The meeting has started, so contributions are locked.")
    errors = _contribution_errors(nil_return, summary, entries)
    if errors:
        raise InvalidInput(errors)
    with transaction.atomic():
        application_locked(application)
        if meeting_started(application):
            raise NotAllowedNow("The meeting has started, so contributions are locked.")
        contribution, created = Contribution.objects.update_or_create(
            request=request,
            defaults={
                "nil_return": nil_return,
                "summary": summary.strip(),
                "updated_by": membership.user,
            },
        )
        contribution.entries.all().delete()
        Involvement.objects.bulk_create(
            [
                Involvement(contribution=contribution, date=e.date, kind=e.kind, details=e.details)
                for e in entries
            ]
        )
        review_audit(
            membership,
            application,
            AuditAction.COLLECT if created else AuditAction.ALTER,
            CONTRIBUTION_PURPOSE,
            object_type="contribution",
            object_id=contribution.pk,
        )
    return contribution
