"""Sharing a victim's information with the partner agencies when they did not agree to it.

A request is recorded whether or not the victim agrees to sharing: the partnership relies on
its public task (UK GDPR Article 6(1)(e); Part 3 of the Data Protection Act 2018 for the
police), not on consent. When the victim said no, the Chair decides whether to share anyway,
on which basis and why, and that decision is kept on the application and audited.
"""

from django.db import transaction
from django.utils import timezone

from casereview.accounts.models import Membership
from casereview.applications.models import Application, SharingBasis, SharingDecision
from casereview.applications.services import CASE_PURPOSE, application_audit
from casereview.core import limits
from casereview.core.errors import FieldError, InvalidInput, NotAllowedNow
from casereview.core.models import AuditAction

SHARING_PURPOSE = f"{CASE_PURPOSE}: sharing without the victim's agreement decided"


def sharing_pending(application: Application) -> bool:
    """The victim said no to sharing and the Chair has not yet decided."""
    return not application.consent_to_share and not application.sharing_decision


def sharing_decide(
    *, membership: Membership, application: Application, decision: str, basis: str, reason: str
) -> Application:
    if application.consent_to_share:
        raise NotAllowedNow("The victim agreed to sharing, so there is nothing to decide.")
    if application.erased_at is not None:
        raise NotAllowedNow("This case's personal information has been erased.")
    errors = []
    if decision not in SharingDecision.values:
        errors.append(FieldError("decision", "Select whether to share the information"))
    if decision == SharingDecision.SHARE and basis not in SharingBasis.values:
        errors.append(FieldError("basis", "Select the lawful basis for sharing"))
    if not reason.strip():
        errors.append(FieldError("reason", "Enter the reason for your decision"))
    errors += limits.texts_too_long([("reason", reason, limits.RATIONALE)])
    if errors:
        raise InvalidInput(errors)
    with transaction.atomic():
        application.sharing_decision = decision
        application.sharing_basis = basis if decision == SharingDecision.SHARE else ""
        application.sharing_reason = reason.strip()
        application.sharing_decided_by = membership.user
        application.sharing_decided_at = timezone.now()
        application.save(
            update_fields=[
                "sharing_decision",
                "sharing_basis",
                "sharing_reason",
                "sharing_decided_by",
                "sharing_decided_at",
            ]
        )
        application_audit(membership, application, AuditAction.ALTER, SHARING_PURPOSE)
    return application
