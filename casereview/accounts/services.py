"""Writes about staff accounts: sign-in, second factor, tokens, sessions. Each one audits."""

import base64
import secrets

from django.contrib import auth
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django_otp import match_token
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from casereview.accounts.middleware import SIGNED_IN_AT
from casereview.accounts.models import ApiToken, Membership, User, hash_token
from casereview.core.audit import Actor, audit_record
from casereview.core.models import AuditAction

RECOVERY_CODE_COUNT = 10
AUTHENTICATOR_NAME = "Authenticator app"


def sign_in_failure_record(*, user: User | None, reason: str) -> None:
    # The typed email is not logged: people sometimes type a password into it.
    audit_record(
        actor=Actor(label=user.email if user else "anonymous", user_id=user.pk if user else None),
        action=AuditAction.SIGN_IN_FAILED,
        object_type="user",
        object_id=user.pk if user else "",
        purpose=reason,
    )


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


@transaction.atomic
def sign_out_everywhere(*, user: User, actor: Actor) -> None:
    """Every session of this user fails its next request (the session hash changes)."""
    User.objects.filter(pk=user.pk).update(session_epoch=user.session_epoch + 1)
    audit_record(
        actor=actor,
        action=AuditAction.ALTER,
        object_type="user",
        object_id=user.pk,
        purpose="signed out of every session",
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
