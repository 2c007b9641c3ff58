"""Legal hold: a case kept past retention, for a recorded reason."""

from django.db import transaction

from casereview.accounts.models import Membership
from casereview.applications.models import Application
from casereview.applications.services import application_audit
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
        application_audit(
            membership,
            application,
            AuditAction.ALTER,
            f"retention: legal hold {'set' if hold else 'lifted'}",
        )
