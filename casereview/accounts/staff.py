"""Staff in a partnership: inviting people, giving them a role, changing and ending it.
Each change is audited; a person left with no role is disabled.

A partnership administrator gives roles in their own partnership only, and never to
themselves as its auditor. Someone who works (or worked) for another partnership is not
attached without their consent: they are sent an invitation, and get the role only when
they accept it, signed in as themselves. A partnership re-enables only an account that it
disabled itself (by removing its last role); see `User.disabled_by_partnership`."""

from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from casereview.accounts.models import (
    INVITATION_LIFETIME,
    InvitationStatus,
    Membership,
    Role,
    StaffInvitation,
    User,
)
from casereview.accounts.services import credentials_end, membership_tokens_end
from casereview.core.audit import Actor, audit_record
from casereview.core.emails import ONE_EMAIL_MESSAGE, is_one_email
from casereview.core.errors import FieldError, InvalidInput, NotAllowedNow
from casereview.core.models import AuditAction
from casereview.core.tenancy import partnership_id_of
from casereview.partnerships.models import Agency
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


SELF_AUDITOR = (
    "You cannot give yourself the auditor role: ask another administrator of the partnership"
)
DISABLED_ELSEWHERE = (
    "This person's account was disabled by the system administrator: ask them to enable it "
    "before you give it a role"
)


def _belongs_elsewhere(user: User, partnership_id: int) -> bool:
    """Whether an existing account is someone else's to attach: it has or had a role in
    another partnership (or an appeals body), or was never given one in this partnership."""
    roles = Membership.objects.filter(user=user)
    return roles.exclude(partnership_id=partnership_id).exists() or not roles.exists()


@transaction.atomic
def staff_member_add(
    *,
    request: HttpRequest,
    admin: Membership,
    email: str,
    full_name: str,
    role: str,
    agency: Agency | None,
) -> Membership | StaffInvitation:
    """Gives a person a role in the admin's partnership, creating their account if new.
    Someone who belongs elsewhere is invited instead (the invitation is returned)."""
    if not is_one_email(email):  # the invitation is emailed there
        raise InvalidInput([FieldError("email", ONE_EMAIL_MESSAGE)])
    partnership_id = partnership_id_of(admin)
    user = User.objects.filter(email=email.lower()).first()
    if user is not None and user.pk == admin.user_id and role == Role.AUDITOR:
        raise InvalidInput([FieldError("role", SELF_AUDITOR)])
    if user is not None and _belongs_elsewhere(user, partnership_id):
        return _invitation_make(
            request=request,
            admin=admin,
            partnership_id=partnership_id,
            user=user,
            role=role,
            agency=agency,
        )
    if (
        user is not None
        and not user.is_active
        and user.disabled_by_partnership_id != partnership_id
    ):
        raise InvalidInput([FieldError("email", DISABLED_ELSEWHERE)])
    actor = Actor.for_membership(admin)
    if user is None:
        user = User.objects.create_user(email=email, password=None, full_name=full_name)
        audit_record(
            actor=actor,
            action=AuditAction.COLLECT,
            object_type="user",
            object_id=user.pk,
            partnership_id=partnership_id,
            purpose=ADMIN_PURPOSE,
        )
        new_user = user
        transaction.on_commit(lambda: _send_invitation(request, new_user))
    membership = _role_given(user, partnership_id, role, agency, actor)
    if not user.is_active:
        # Only reached when this partnership disabled it (checked above).
        User.objects.filter(pk=user.pk).update(is_active=True, disabled_by_partnership=None)
        credentials_end(user=user, actor=actor, why="account enabled again")
    audit_record(
        actor=actor,
        action=AuditAction.COLLECT,
        object_type="membership",
        object_id=membership.pk,
        partnership_id=partnership_id,
        purpose=ADMIN_PURPOSE,
    )
    return membership


def _role_given(
    user: User, partnership_id: int, role: str, agency: Agency | None, actor: Actor
) -> Membership:
    """The role, active. Coming back to a role gives back nothing from before: no session
    and no API token that acted in it."""
    held_already = Membership.objects.filter(
        user=user, partnership_id=partnership_id, role=role, agency=agency, active=True
    ).exists()
    membership, _ = Membership.objects.update_or_create(
        user=user,
        partnership_id=partnership_id,
        role=role,
        agency=agency,
        defaults={"active": True},
    )
    if not held_already:
        membership_tokens_end(membership=membership, actor=actor, why="role given again")
    return membership


def _invitation_make(
    *,
    request: HttpRequest,
    admin: Membership,
    partnership_id: int,
    user: User,
    role: str,
    agency: Agency | None,
) -> StaffInvitation:
    """A new invitation, or the same one still open, sent again with a fresh week to answer."""
    now = timezone.now()
    invitation = (
        StaffInvitation.objects.open()
        .filter(user=user, partnership_id=partnership_id, role=role, agency=agency)
        .first()
    )
    if invitation is None:
        invitation = StaffInvitation.objects.create(
            user=user,
            partnership_id=partnership_id,
            role=role,
            agency=agency,
            invited_by_id=admin.user_id,
            created=now,
            expires_at=now + INVITATION_LIFETIME,
        )
    else:
        invitation.invited_by_id = admin.user_id
        invitation.expires_at = now + INVITATION_LIFETIME
        invitation.save(update_fields=["invited_by", "expires_at"])
    audit_record(
        actor=Actor.for_membership(admin),
        action=AuditAction.COLLECT,
        object_type="staff_invitation",
        object_id=invitation.pk,
        partnership_id=partnership_id,
        purpose=f"{ADMIN_PURPOSE}: invited to a role",
    )
    sent = invitation
    transaction.on_commit(lambda: _send_role_invitation(request, sent, admin))
    return invitation


def _send_role_invitation(
    request: HttpRequest, invitation: StaffInvitation, admin: Membership
) -> None:
    """The invitation to accept or decline, linking to its page (which needs a sign-in)."""
    protocol = "https" if request.is_secure() else "http"
    path = reverse("accounts:invitation", args=[invitation.pk])
    context = {
        "invitation": invitation,
        "invited_by": admin.user,
        "link": f"{protocol}://{request.get_host()}{path}",
    }
    send_mail(
        subject=render_to_string("accounts/email/role_invitation_subject.txt", context).strip(),
        message=render_to_string("accounts/email/role_invitation.txt", context),
        from_email=None,
        recipient_list=[invitation.user.email],
    )


@transaction.atomic
def invitation_answer(
    *, user: User, invitation: StaffInvitation, accept: bool
) -> Membership | None:
    """The invited person accepts (the role is theirs from now) or declines (nothing is
    attached). Either way it is answered once, and never changes whether the account is
    enabled: only someone signed in can answer."""
    invitation = StaffInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.user_id != user.pk:
        raise NotAllowedNow("This invitation is for someone else.")
    if invitation.status != InvitationStatus.PENDING:
        raise NotAllowedNow("You have already answered this invitation.")
    if not invitation.is_open:
        raise NotAllowedNow(
            "This invitation has expired: ask the partnership's administrator to invite you again."
        )
    if accept and invitation.role == Role.AUDITOR and invitation.invited_by_id == user.pk:
        raise NotAllowedNow(SELF_AUDITOR)
    invitation.status = InvitationStatus.ACCEPTED if accept else InvitationStatus.DECLINED
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["status", "answered_at"])
    actor = Actor(label=user.email, user_id=user.pk)
    membership = None
    if accept:
        membership = _role_given(
            user, invitation.partnership_id, invitation.role, invitation.agency, actor
        )
        audit_record(
            actor=actor,
            action=AuditAction.COLLECT,
            object_type="membership",
            object_id=membership.pk,
            partnership_id=invitation.partnership_id,
            purpose=f"{ADMIN_PURPOSE}: accepted an invitation",
        )
    audit_record(
        actor=actor,
        action=AuditAction.ALTER,
        object_type="staff_invitation",
        object_id=invitation.pk,
        partnership_id=invitation.partnership_id,
        purpose=f"{ADMIN_PURPOSE}: {'accepted' if accept else 'declined'} the invitation",
    )
    return membership


@transaction.atomic
def membership_change(
    *, admin: Membership, membership: Membership, role: str, agency: Agency | None
) -> None:
    if membership.user_id == admin.user_id and role == Role.AUDITOR:
        raise InvalidInput([FieldError("role", SELF_AUDITOR)])
    membership.role = role
    membership.agency = agency
    membership.save(update_fields=["role", "agency"])
    _audit_alter(admin, membership)


@transaction.atomic
def membership_remove(*, admin: Membership, membership: Membership) -> None:
    """Ends the role. A person left with no role at all is disabled, which ends their
    sessions and API tokens at once; the account notes that this partnership disabled it,
    so that this partnership alone may enable it again by giving it a role. An account
    someone else had already disabled is left as it is, unmarked. The API tokens that acted
    in the role are revoked, and a disabled person's sessions and tokens end for good:
    adding them again later revives none of them."""
    actor = Actor.for_membership(admin)
    membership.active = False
    membership.save(update_fields=["active"])
    membership_tokens_end(membership=membership, actor=actor, why="role ended")
    user = membership.user
    if not user.memberships.filter(active=True).exists():
        User.objects.filter(pk=user.pk, is_active=True).update(
            is_active=False, disabled_by_partnership_id=admin.partnership_id
        )
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
