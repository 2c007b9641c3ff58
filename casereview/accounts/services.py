"""Writes about staff accounts: sign-in, second factor, tokens, sessions. Each one audits."""

import base64
import secrets
from datetime import timedelta

from django.contrib import auth
from django.db import transaction
from django.db.models import F, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django_otp import match_token
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from casereview.accounts import throttle
from casereview.accounts.middleware import SIGNED_IN_AT
from casereview.accounts.models import (
    ApiToken,
    Membership,
    SecurityEvent,
    SecurityEventKind,
    User,
    hash_token,
)
from casereview.core.audit import Actor, audit_record
from casereview.core.errors import FieldError, InvalidInput
from casereview.core.models import AuditAction

RECOVERY_CODE_COUNT = 10
AUTHENTICATOR_NAME = "Authenticator app"


class TooManyTries(Exception):
    """The password was not checked: too many wrong ones. `wait` is how long the email
    address must wait (every address); None means this address is locked out by axes."""

    def __init__(self, wait: timedelta | None) -> None:
        super().__init__("too many wrong passwords")
        self.wait = wait


def sign_in_failure_record(*, user: User, reason: str) -> None:
    """A wrong second factor, or a wrong password for a real account: in the audit log."""
    audit_record(
        actor=Actor(label=user.email, user_id=user.pk),
        action=AuditAction.SIGN_IN_FAILED,
        object_type="user",
        object_id=user.pk,
        purpose=reason,
    )


@transaction.atomic
def password_failure_record(*, email: str, user: User | None, address: str | None) -> None:
    """A wrong password. Every one is a security event (kept 90 days, counted by the
    throttle); only those for a real account also go into the append-only audit log, so
    typing made-up addresses cannot grow it. The typed email is never stored as typed:
    people sometimes type a password into it."""
    SecurityEvent.objects.create(
        kind=SecurityEventKind.WRONG_PASSWORD,
        email_digest=throttle.email_digest(email),
        user=user,
        address=address,
    )
    if user is not None:
        sign_in_failure_record(user=user, reason="wrong email or password")


def password_check(*, request: HttpRequest, email: str, password: str) -> User | None:
    """The user whose password this is, or None (recorded). Raises TooManyTries, without
    checking the password, while the email address must wait or this address is locked."""
    wait = throttle.wait_before_next_try(email)
    if wait:
        raise TooManyTries(wait)
    user = auth.authenticate(request, email=email, password=password)
    if getattr(request, "axes_locked_out", False):
        raise TooManyTries(None)
    if user is None:
        known = User.objects.filter(email=email).first()
        password_failure_record(email=email, user=known, address=throttle.client_address(request))
    return user


@transaction.atomic
def sign_in_complete(*, request: HttpRequest, user: User, device: Device, backend: str) -> None:
    """The password and the second factor both passed: start the session."""
    user.otp_device = device  # type: ignore[attr-defined]  # django-otp persists it on login
    auth.login(request, user, backend=backend)
    request.session[SIGNED_IN_AT] = timezone.now().isoformat()
    audit_record(
        actor=Actor(label=user.email, user_id=user.pk),
        action=AuditAction.SIGN_IN,
        object_type="user",
        object_id=user.pk,
        purpose=f"signed in with {device.name.lower()}",
    )


def second_factor_verify(*, user: User, code: str) -> Device | None:
    """A TOTP code (each accepted once) or an unused recovery code (then spent)."""
    cleaned = "".join(code.split()).replace("-", "").lower()
    if not cleaned:
        return None
    with transaction.atomic():
        return match_token(user, cleaned)


def has_authenticator(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def authenticator_start(*, user: User) -> TOTPDevice:
    """An unconfirmed device, reused across page loads until the user proves they set it up."""
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, confirmed=False, defaults={"name": AUTHENTICATOR_NAME}
    )
    return device


def base32_secret(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode().rstrip("=")


@transaction.atomic
def authenticator_confirm(*, user: User, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirms the new device if the code is right; returns fresh recovery codes."""
    if not device.verify_token("".join(code.split())):
        return None
    TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = recovery_codes_issue(user=user)
    audit_record(
        actor=Actor(label=user.email, user_id=user.pk),
        action=AuditAction.ALTER,
        object_type="user",
        object_id=user.pk,
        purpose="set up an authenticator app",
    )
    return codes


@transaction.atomic
def recovery_codes_issue(*, user: User) -> list[str]:
    """Replaces any earlier recovery codes. Each works once; only the user ever sees them."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, defaults={"name": "Recovery code", "confirmed": True}
    )
    device.token_set.all().delete()
    codes = [secrets.token_hex(5) for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return [f"{c[:5]}-{c[5:]}" for c in codes]


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user).count()


def totp_verify(*, user: User, code: str) -> bool:
    """A code from the authenticator app only (not a recovery code), each accepted once."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    cleaned = "".join(code.split())
    with transaction.atomic():
        return device is not None and bool(cleaned) and device.verify_token(cleaned)


def identity_confirm(*, request: HttpRequest, user: User, password: str, code: str) -> None:
    """The signed-in person gives their password and a fresh authenticator code again, before
    making new credentials: a stolen session alone cannot mint a lasting API token or
    recovery codes. Raises InvalidInput; failures are recorded as at sign-in."""
    try:
        checked = password_check(request=request, email=user.email, password=password)
    except TooManyTries as exc:
        raise InvalidInput([FieldError("password", too_many_tries_message(exc.wait))]) from None
    if checked is None or checked.pk != user.pk:
        raise InvalidInput([FieldError("password", "Enter your correct password")])
    if not totp_verify(user=user, code=code):
        with transaction.atomic():
            sign_in_failure_record(user=user, reason="wrong authentication code to confirm")
        raise InvalidInput(
            [
                FieldError(
                    "code",
                    "The code is not right or has been used. "
                    "Enter the next code from your authenticator app",
                )
            ]
        )
    with transaction.atomic():
        audit_record(
            actor=Actor.from_request(request),
            action=AuditAction.SIGN_IN,
            object_type="user",
            object_id=user.pk,
            purpose="confirmed who they are with password and authenticator app",
        )


def too_many_tries_message(wait: timedelta | None) -> str:
    if wait is None:
        return "Too many wrong passwords from here. Try again in 15 minutes"
    seconds = max(1, round(wait.total_seconds()))
    return f"Too many wrong passwords for this account. Try again in {seconds} seconds"


def _api_tokens_end(tokens: "QuerySet[ApiToken]", *, actor: Actor, why: str) -> None:
    """Revokes for good every live token in `tokens`, one audit entry each."""
    now = timezone.now()
    for token in tokens.filter(revoked_at__isnull=True).select_related("membership"):
        ApiToken.objects.filter(pk=token.pk).update(revoked_at=now)
        audit_record(
            actor=actor,
            action=AuditAction.ALTER,
            object_type="api_token",
            object_id=token.pk,
            partnership_id=token.membership.partnership_id,
            purpose=f"revoked an API token: {why}",
        )


@transaction.atomic
def credentials_end(*, user: User, actor: Actor, why: str) -> None:
    """Every session of this user fails its next request (the session hash changes) and every
    API token is revoked, for good: enabling the account again brings none of them back."""
    User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)
    user.refresh_from_db(fields=["session_epoch"])
    _api_tokens_end(ApiToken.objects.filter(user=user), actor=actor, why=why)


def membership_tokens_end(*, membership: Membership, actor: Actor, why: str) -> None:
    """The tokens that act in one role: revoked when the role ends."""
    _api_tokens_end(ApiToken.objects.filter(membership=membership), actor=actor, why=why)


@transaction.atomic
def sign_out_everywhere(*, user: User, actor: Actor) -> None:
    """Ends every session and API token of this user."""
    credentials_end(user=user, actor=actor, why="signed out everywhere")
    audit_record(
        actor=actor,
        action=AuditAction.ALTER,
        object_type="user",
        object_id=user.pk,
        purpose="signed out of every session",
    )


@transaction.atomic
def password_reset_complete(*, user: User, password: str) -> None:
    """A new password from an emailed link (a reset, or an invitation's first password):
    whoever held the old one loses every session and API token (the new password still
    needs the second factor to sign in)."""
    user.set_password(password)
    user.save(update_fields=["password"])
    actor = Actor(label=user.email, user_id=user.pk)
    credentials_end(user=user, actor=actor, why="password reset")
    audit_record(
        actor=actor,
        action=AuditAction.ALTER,
        object_type="user",
        object_id=user.pk,
        purpose="chose a new password from an emailed link",
    )


@transaction.atomic
def api_token_create(*, membership: Membership, name: str, actor: Actor) -> tuple[ApiToken, str]:
    """Returns the token and its only plain-text copy, to show the user once."""
    raw = ApiToken.generate()
    token = ApiToken.objects.create(
        user=membership.user,
        membership=membership,
        name=name,
        token_hash=hash_token(raw),
        hint=raw[:8],
    )
    audit_record(
        actor=actor,
        action=AuditAction.COLLECT,
        object_type="api_token",
        object_id=token.pk,
        partnership_id=membership.partnership_id,
        purpose="created an API token",
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: Actor) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor,
            action=AuditAction.ALTER,
            object_type="api_token",
            object_id=token.pk,
            partnership_id=token.membership.partnership_id,
            purpose="revoked an API token",
        )


def api_token_authenticate(raw: str) -> ApiToken | None:
    token = (
        ApiToken.objects.usable()
        .select_related("user", "membership__partnership", "membership__agency")
        .filter(token_hash=hash_token(raw))
        .first()
    )
    if token is not None and (
        token.last_used is None or (timezone.now() - token.last_used).total_seconds() > 60
    ):
        # Refreshed at most once a minute: a busy integration should not write on every call.
        ApiToken.objects.filter(pk=token.pk).update(last_used=timezone.now())
    return token
