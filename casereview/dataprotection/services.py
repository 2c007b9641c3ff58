"""Legal hold: a case kept past retention, for a recorded reason."""

from django.db import transaction

from casereview.accounts.models import Membership
from casereview.applications.models import Application
from casereview.core.audit import Actor, audit_record
from casereview.core.errors import FieldError, InvalidInput
from casereview.core.models import AuditAction


def legal_hold_set(
    *, membership: Membership, application: Application, hold: bool, reason: str
) -> None:
    if hold and not reason.strip():
        raise InvalidInput([FieldError("reason", "Enter why the case is held")])
    with transaction.atomic():
        Application.objects.filter(pk=application.pk).update(
            legal_hold=hold, legal_hold_reason=reason.strip() if hold else ""
        )
        audit_record(
            actor=Actor.for_membership(membership),
            action=AuditAction.ALTER,
            object_type="application",
            object_id=application.reference,
            partnership_id=application.partnership_id,
            purpose=f"retention: legal hold {'set' if hold else 'lifted'}",
        )
