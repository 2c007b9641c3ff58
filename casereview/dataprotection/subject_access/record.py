"""Recording a subject access request: who asked, where the answer goes, and whom it is about."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from casereview.accounts.models import Membership
from casereview.applications.intake import normalise_postcode
from casereview.core.audit import Actor, audit_record
from casereview.core.errors import FieldError, InvalidInput
from casereview.core.models import AuditAction
from casereview.core.tenancy import partnership_id_of
from casereview.dataprotection.models import SubjectAccessRequest
from casereview.threshold.engine import add_months

PURPOSE = "answering a subject access request"


def sar_create(
    *,
    membership: Membership,
    requester: str,
    reply_to: str,
    received: date,
    name: str,
    email: str,
    postcode: str,
) -> SubjectAccessRequest:
    errors = []
    if not requester.strip():
        errors.append(FieldError("requester", "Enter who made the request"))
    if not reply_to.strip():
        errors.append(FieldError("reply_to", "Enter where the answer goes"))
    if not name.strip():
        errors.append(FieldError("name", "Enter the full name of the person the request is about"))
    if not (email.strip() or postcode.strip()):
        errors.append(
            FieldError(
                "email",
                "Enter their email address or their postcode as well as their name, "
                "so only their records are found",
            )
        )
    if postcode.strip() and normalise_postcode(postcode) is None:
        errors.append(FieldError("postcode", "Enter a real postcode, like ST5 1AB"))
    if received > timezone.localdate():
        errors.append(FieldError("received", "The date received must be today or in the past"))
    if errors:
        raise InvalidInput(errors)
    with transaction.atomic():
        request = SubjectAccessRequest.objects.create(
            partnership_id=partnership_id_of(membership),
            requester=requester.strip(),
            reply_to=reply_to.strip(),
            received=received,
            due=add_months(received, 1),
            name=" ".join(name.split()),
            email=email.strip(),
            postcode=normalise_postcode(postcode) or "" if postcode.strip() else "",
            created_by=membership.user,
        )
        audit_record(
            actor=Actor.for_membership(membership),
            action=AuditAction.COLLECT,
            object_type="subject_access_request",
            object_id=request.pk,
            partnership_id=membership.partnership_id,
            purpose=PURPOSE,
        )
    return request
