"""Writes by a partnership's administrator: its agencies and its staff. Each one audits."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction

from casereview.core.audit import Actor, audit_record
from casereview.core.dates import local_today
from casereview.core.emails import ONE_EMAIL_MESSAGE, is_one_email
from casereview.core.errors import FieldError, InvalidInput
from casereview.core.models import AuditAction
from casereview.core.tenancy import ActingMembership, partnership_id_of
from casereview.harm import HarmInputError
from casereview.harm import Policy as HarmPolicy
from casereview.partnerships.models import (
    Agency,
    AppealsBody,
    CaseSettings,
    HarmPolicyVersion,
    LetterWording,
    Partnership,
    ThresholdPolicyVersion,
)

ADMIN_PURPOSE = "partnership administration"


@transaction.atomic
def agency_save(*, agency: Agency, actor: Actor) -> Agency:
    """Requests for information and meeting invitations are emailed to the agency's
    contact address, so it must be exactly one address."""
    if not is_one_email(agency.contact_email):
        raise InvalidInput([FieldError("contact_email", ONE_EMAIL_MESSAGE)])
    created = agency.pk is None
    agency.save()
    audit_record(
        actor=actor,
        action=AuditAction.COLLECT if created else AuditAction.ALTER,
        object_type="agency",
        object_id=agency.pk,
        partnership_id=agency.partnership_id,
        purpose=ADMIN_PURPOSE,
    )
    return agency


@transaction.atomic
def policy_version_add(
    *, admin: ActingMembership, values: dict[str, Any]
) -> ThresholdPolicyVersion:
    """A new version; existing versions are never changed, so every past decision can still
    name the rules it was made under."""
    version = ThresholdPolicyVersion.objects.create(
        partnership_id=partnership_id_of(admin), created_by_id=admin.user_id, **values
    )
    audit_record(
        actor=Actor.for_membership(admin),
        action=AuditAction.COLLECT,
        object_type="threshold_policy",
        object_id=version.pk,
        partnership_id=admin.partnership_id,
        purpose=f"{ADMIN_PURPOSE}: threshold policy from {version.effective_from}",
    )
    return version


def harm_policy_version_add(
    *,
    admin: ActingMembership,
    effective_from: date,
    weights: dict[str, int],
    medium_from: int,
    high_from: int,
) -> HarmPolicyVersion:
    """A new harm scoring version, numbered after the last; existing versions are never
    changed, so every assessment and decision keeps the policy it was scored under. The pure
    rule checks the weights (none negative, worse answers never scoring fewer points) and the
    cut-offs; a date already taken or in the past is refused."""
    partnership_id = partnership_id_of(admin)
    with transaction.atomic():
        # One administrator at a time numbers a version.
        Partnership.objects.select_for_update().filter(pk=partnership_id).first()
        existing = HarmPolicyVersion.objects.filter(partnership_id=partnership_id)
        number = max((v.version for v in existing), default=1) + 1
        errors: list[FieldError] = []
        if effective_from < local_today():
            errors.append(
                FieldError(
                    "effective_from",
                    "Takes effect from must be today or later: past assessments keep the "
                    "policy they were scored under",
                )
            )
        elif any(v.effective_from == effective_from for v in existing):
            errors.append(
                FieldError("effective_from", "A version already takes effect on that date")
            )
        try:
            HarmPolicy(
                version=number, weights=weights, medium_from=medium_from, high_from=high_from
            )
        except HarmInputError as refused:
            # The page's field for a weight: `weights.persistence.year` is
            # `weight_persistence__year`.
            field = refused.field.removeprefix("weights.")
            if field != refused.field:
                field = "weight_" + field.replace(".", "__")
            errors.append(FieldError(field, refused.message))
        if errors:
            raise InvalidInput(errors)
        version = HarmPolicyVersion.objects.create(
            partnership_id=partnership_id,
            version=number,
            effective_from=effective_from,
            weights=weights,
            medium_from=medium_from,
            high_from=high_from,
            created_by_id=admin.user_id,
        )
        audit_record(
            actor=Actor.for_membership(admin),
            action=AuditAction.COLLECT,
            object_type="harm_policy",
            object_id=version.pk,
            partnership_id=admin.partnership_id,
            purpose=f"{ADMIN_PURPOSE}: harm scoring policy {number} from {effective_from}",
        )
    return version


@transaction.atomic
def partnership_settings_save(
    *, admin: ActingMembership, record: CaseSettings | LetterWording
) -> None:
    """Deadlines and letter wording: changes apply to what happens next, never to deadlines
    already set or letters already sent."""
    record.partnership_id = partnership_id_of(admin)
    record.save()
    audit_record(
        actor=Actor.for_membership(admin),
        action=AuditAction.ALTER,
        object_type=record._meta.model_name or "",
        object_id=record.pk,
        partnership_id=admin.partnership_id,
        purpose=ADMIN_PURPOSE,
    )


@transaction.atomic
def appeals_body_save(*, officer: ActingMembership, body: AppealsBody) -> AppealsBody:
    """The office's own name, contact details and time to decide, changed by one of its
    officers: they head its letters from now on (letters already created keep theirs) and
    date the decisions due on its caseload. Its email is where new appeals are notified, so
    it must be exactly one address."""
    if body.pk is None or body.pk != officer.appeals_body_id:
        raise InvalidInput([FieldError("name", "You can change only your own office's details")])
    if not is_one_email(body.email):
        raise InvalidInput([FieldError("email", ONE_EMAIL_MESSAGE)])
    body.save()
    audit_record(
        actor=Actor.for_membership(officer),
        action=AuditAction.ALTER,
        object_type="appeals_body",
        object_id=body.pk,
        purpose="appeals body administration: contact details and time to decide",
    )
    return body


DETAILS_FIELDS = (
    "name",
    "contact_name",
    "contact_address",
    "contact_phone",
    "contact_email",
    "dpo_email",
)


@dataclass(frozen=True)
class PartnershipDetails:
    name: str
    contact_name: str
    contact_address: str
    contact_phone: str
    contact_email: str
    dpo_email: str = ""  # the daily audit checkpoint is emailed here; none, none is sent


def _details_errors(details: PartnershipDetails) -> list[FieldError]:
    errors = [
        FieldError(field, message)
        for field, message in (
            ("name", "Enter the partnership's name"),
            ("contact_name", "Enter who applicants contact"),
            ("contact_address", "Enter the postal address letters give"),
            ("contact_email", "Enter the email address applicants write to"),
        )
        if not getattr(details, field).strip()
    ]
    if details.contact_email.strip() and not is_one_email(details.contact_email.strip()):
        errors.append(FieldError("contact_email", ONE_EMAIL_MESSAGE))
    if details.dpo_email.strip() and not is_one_email(details.dpo_email.strip()):
        errors.append(FieldError("dpo_email", ONE_EMAIL_MESSAGE))
    return errors


def partnership_details_save(
    *, admin: ActingMembership, details: PartnershipDetails
) -> Partnership:
    """The partnership's name and published contact details (the letterhead). Letters
    already created keep what they said; the audit entry names the parts changed."""
    errors = _details_errors(details)
    if errors:
        raise InvalidInput(errors)
    with transaction.atomic():
        partnership = Partnership.objects.select_for_update().get(pk=partnership_id_of(admin))
        changed = [
            field
            for field in DETAILS_FIELDS
            if getattr(partnership, field) != getattr(details, field).strip()
        ]
        if not changed:
            return partnership
        for field in changed:
            setattr(partnership, field, getattr(details, field).strip())
        partnership.save(update_fields=changed)
        audit_record(
            actor=Actor.for_membership(admin),
            action=AuditAction.ALTER,
            object_type="partnership",
            object_id=partnership.pk,
            partnership_id=partnership.pk,
            purpose=f"{ADMIN_PURPOSE}: contact details changed ({', '.join(changed)})",
        )
    return partnership
