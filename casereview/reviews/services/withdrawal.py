"""Withdrawing an application: at any point until the conclusion, with the reason kept."""

from django.db import transaction

from casereview.accounts.models import Membership
from casereview.applications.lifecycle import WITHDRAWABLE, status_move
from casereview.applications.models import Application, Status
from casereview.core import limits
from casereview.core.errors import FieldError, InvalidInput
from casereview.core.models import AuditAction
from casereview.reviews.models import Withdrawal
from casereview.reviews.services.common import (
    REVIEW_PURPOSE,
    application_locked,
    require_status,
    review_audit,
)


def application_withdraw(
    *, membership: Membership, application: Application, reason: str
) -> Withdrawal:
    require_status(application, WITHDRAWABLE, "withdraw the application")
    if not reason.strip():
        raise InvalidInput([FieldError("reason", "Enter why the application is withdrawn")])
    too_long = limits.too_long("reason", reason, limits.WITHDRAWAL_REASON)
    if too_long is not None:
        raise InvalidInput([too_long])
    with transaction.atomic():
        locked = application_locked(application)
        require_status(locked, WITHDRAWABLE, "withdraw the application")
        withdrawal = Withdrawal.objects.create(
            application=locked,
            reason=reason.strip(),
            previous_status=locked.status,
            withdrawn_by=membership.user,
        )
        status_move(locked, Status.WITHDRAWN)
        review_audit(membership, locked, AuditAction.ALTER, f"{REVIEW_PURPOSE}: withdrawn")
    application.refresh_from_db()
    return withdrawal
