"""Staff in a partnership: inviting people, giving them a role, changing and ending it.
Each change is audited; a person left with no role is disabled."""

from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from casereview.accounts.models import Membership, User
from casereview.accounts.services import credentials_end, membership_tokens_end
from casereview.core.audit import Actor, audit_record
from casereview.core.emails import ONE_EMAIL_MESSAGE, is_one_email
from casereview.core.errors import FieldError, InvalidInput
from casereview.core.models import AuditAction
from casereview.core.tenancy import partnership_id_of
from casereview.partnerships.models import (
    Agency,
)
from casereview.partnerships.services import ADMIN_PURPOSE


def invitation_send(*, user: User, protocol: str, domain: str) -> None:
    """A one-time link to choose a password (Django's reset token); MFA is set up at first
    sign-in. Django's reset form skips accounts without a password, so it is not reused."""
    context = {
        "protocol": protocol,
        "domain": domain,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }
    send_mail(
        subject=render_to_string("accounts/email/invitation_subject.txt").strip(),
        message=render_to_string("accounts/email/invitation.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )


def _send_invitation(request: HttpRequest, user: User) -> None:
    """The invitation, linking back to the site the administrator is using."""
    protocol = "https" if request.is_secure() else "http"
    invitation_send(user=user, protocol=protocol, domain=request.get_host())


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
    if not is_one_email(email):  # the invitation is emailed there
        raise InvalidInput([FieldError("email", ONE_EMAIL_MESSAGE)])
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
    held_already = Membership.objects.filter(
        user=user, partnership_id=partnership_id_of(admin), role=role, agency=agency, active=True
    ).exists()
    membership, _ = Membership.objects.update_or_create(
        user=user,
        partnership_id=admin.partnership_id,
        role=role,
        agency=agency,
        defaults={"active": True},
    )
    # Coming back gives back nothing from before: no session, no API token.
    if not held_already:
        membership_tokens_end(membership=membership, actor=actor, why="role given again")
    if not user.is_active:
        User.objects.filter(pk=user.pk).update(is_active=True)
        credentials_end(user=user, actor=actor, why="account enabled again")
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
    """Ends the role and revokes the API tokens that act in it. A person left with no role
    at all is disabled, which ends all their sessions and API tokens for good: adding them
    again later revives none of them."""
    actor = Actor.for_membership(admin)
    membership.active = False
    membership.save(update_fields=["active"])
    membership_tokens_end(membership=membership, actor=actor, why="role ended")
    user = membership.user
    if not user.memberships.filter(active=True).exists():
        User.objects.filter(pk=user.pk).update(is_active=False)
        credentials_end(user=user, actor=actor, why="account disabled")
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
