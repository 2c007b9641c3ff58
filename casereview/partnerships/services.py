"""Writes by a partnership's administrator: its agencies and its staff. Each one audits."""

from django.contrib.auth.forms import PasswordResetForm
from django.db import transaction
from django.http import HttpRequest

from casereview.accounts.models import Membership, User
from casereview.core.audit import Actor, audit_record
from casereview.core.models import AuditAction
from casereview.partnerships.models import Agency

ADMIN_PURPOSE = "partnership administration"


@transaction.atomic
def agency_save(*, agency: Agency, actor: Actor) -> Agency:
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


def _send_invitation(request: HttpRequest, user: User) -> None:
    # Django's reset form builds the link from a one-time token: a new member chooses their
    # own password, then sets up MFA at first sign-in.
    form = PasswordResetForm({"email": user.email})
    if form.is_valid():
        form.save(
            request=request,
            use_https=request.is_secure(),
            subject_template_name="partnerships/email/invitation_subject.txt",
            email_template_name="partnerships/email/invitation.txt",
        )


@transaction.atomic
def staff_member_add(
    *,
    request: HttpRequest,
    admin: Membership,
    email: str,
    full_name: str,
    role: str,
    agency: Agency | None,
) -> Membership:
    """Gives a person a role in the admin's partnership, creating their account if new."""
    actor = Actor.for_membership(admin)
    user = User.objects.filter(email=email.lower()).first()
    if user is None:
        user = User.objects.create_user(email=email, password=None, full_name=full_name)
        audit_record(
            actor=actor,
            action=AuditAction.COLLECT,
            object_type="user",
            object_id=user.pk,
            partnership_id=admin.partnership_id,
            purpose=ADMIN_PURPOSE,
        )
        transaction.on_commit(lambda: _send_invitation(request, user))
    membership, _ = Membership.objects.update_or_create(
        user=user,
        partnership_id=admin.partnership_id,
        role=role,
        agency=agency,
        defaults={"active": True},
    )
    if not user.is_active:
        User.objects.filter(pk=user.pk).update(is_active=True)
    audit_record(
        actor=actor,
        action=AuditAction.COLLECT,
        object_type="membership",
        object_id=membership.pk,
        partnership_id=admin.partnership_id,
        purpose=ADMIN_PURPOSE,
    )
    return membership


@transaction.atomic
def membership_change(
    *, admin: Membership, membership: Membership, role: str, agency: Agency | None
) -> None:
    membership.role = role
    membership.agency = agency
    membership.save(update_fields=["role", "agency"])
    _audit_alter(admin, membership)


@transaction.atomic
def membership_remove(*, admin: Membership, membership: Membership) -> None:
    """Ends the role. A person left with no role at all is disabled, which ends their
    sessions and API tokens at once."""
    membership.active = False
    membership.save(update_fields=["active"])
    user = membership.user
    if not user.memberships.filter(active=True).exists():
        User.objects.filter(pk=user.pk).update(is_active=False)
    _audit_alter(admin, membership)


def _audit_alter(admin: Membership, membership: Membership) -> None:
    audit_record(
        actor=Actor.for_membership(admin),
        action=AuditAction.ALTER,
        object_type="membership",
        object_id=membership.pk,
        partnership_id=admin.partnership_id,
        purpose=ADMIN_PURPOSE,
    )
