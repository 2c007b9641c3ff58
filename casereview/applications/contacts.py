"""The case's contact log: every contact with the applicant, as the single point of contact
records it (the 2025 guidance asks for one named contact who keeps the victim informed).

Staff of the partnership who may see the case add and read entries; an entry is never changed
(a correction is a new entry); each one is audited; the subject access export carries the log,
and erasure of the case blanks what was said (keeping that a contact was made, and when).
"""

from dataclasses import dataclass
from datetime import date, datetime, time

import rules
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from casereview.accounts.models import Membership
from casereview.applications.models import (
    Application,
    ContactDirection,
    ContactEntry,
    ContactMethod,
)
from casereview.applications.services import application_audit
from casereview.core import limits
from casereview.core.errors import FieldError, InvalidInput, NotAllowedNow
from casereview.core.models import AuditAction

CONTACT_PURPOSE = "managing an ASB case review: contact with the applicant"


@dataclass(frozen=True)
class ContactInput:
    contacted_on: date | None
    contacted_at: time | None
    method: str
    direction: str
    summary: str


def contacts_of(application: Application) -> QuerySet[ContactEntry]:
    """The case's log, newest first, with who recorded each entry (one query)."""
    return ContactEntry.objects.filter(application=application).select_related("recorded_by")


def contact_errors(data: ContactInput, now: datetime) -> list[FieldError]:
    errors = []
    today = timezone.localdate(now)
    if data.contacted_on is None:
        errors.append(FieldError("contacted_on", "Enter the date of the contact"))
    else:
        wrong = limits.past_date_error("contacted_on", data.contacted_on, today, "The date")
        if wrong is not None:
            errors.append(wrong)
        elif (
            data.contacted_on == today
            and data.contacted_at is not None
            and data.contacted_at > timezone.localtime(now).time()
        ):
            errors.append(FieldError("contacted_at", "The time must be now or in the past"))
    if data.method not in ContactMethod.values:
        errors.append(FieldError("method", "Select how the contact was made"))
    if data.direction not in ContactDirection.values:
        errors.append(FieldError("direction", "Select who made the contact"))
    if not data.summary.strip():
        errors.append(FieldError("summary", "Enter what was said"))
    else:
        errors += limits.texts_too_long([("summary", data.summary, limits.CONTACT_SUMMARY)])
    return errors


def contact_add(
    *, membership: Membership, application: Application, data: ContactInput
) -> ContactEntry:
    """Add one entry to the case's contact log."""
    if not rules.test_rule("applications.log_contact", membership, application):
        raise NotAllowedNow("You cannot add to this case's contact log.")
    if application.erased_at is not None:
        raise NotAllowedNow("This case has been erased: nothing more can be added to it.")
    errors = contact_errors(data, timezone.now())
    if errors:
        raise InvalidInput(errors)
    assert data.contacted_on is not None  # checked above
    with transaction.atomic():
        entry = ContactEntry.objects.create(
            partnership_id=application.partnership_id,
            application=application,
            contacted_on=data.contacted_on,
            contacted_at=data.contacted_at,
            method=data.method,
            direction=data.direction,
            summary=data.summary.strip(),
            recorded_by=membership.user,
        )
        application_audit(
            membership,
            application,
            AuditAction.COLLECT,
            f"{CONTACT_PURPOSE}: {entry.get_method_display().lower()} of "
            f"{limits.long_date(entry.contacted_on)} logged (entry {entry.pk})",
        )
    return entry
