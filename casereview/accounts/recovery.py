"""A partnership administrator helping one of their people back in: resetting a lost
authenticator, and unlocking an account locked by wrong passwords.

Both act on a person whose every role is in the administrator's partnership (someone who
also works for another partnership or the appeals body is that body's to help too, so the
service's support team does it), never on the administrator themselves (their own account
page does that). Each is a security event (kept 90 days, with the failed sign-ins) and an
audit entry (kept for ever); the person is emailed, so a reset they did not ask for is seen.
"""

import logging
from dataclasses import dataclass
from datetime import datetime

from axes.models import AccessAttempt
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from casereview.accounts import throttle
from casereview.accounts.models import Membership, SecurityEvent, SecurityEventKind, User
from casereview.core.audit import Actor, audit_record
from casereview.core.errors import NotAllowedNow
from casereview.core.models import AuditAction
from casereview.partnerships.services import ADMIN_PURPOSE

logger = logging.getLogger(__name__)

NOT_YOURSELF = (
    "You cannot do this to your own account: use your account page, or ask another administrator"
)
SHARED_ACCOUNT = (
    "This person also has a role with another partnership or the appeals body, so only the "
    "service's support team can change how they sign in"
)


@dataclass(frozen=True)
class LockState:
    """Why a person may be kept from signing in now."""

    locked_addresses: int  # addresses locked out by too many wrong passwords (15 minutes)
    throttled: bool  # every address must wait between tries

    @property
    def locked(self) -> bool:
        return bool(self.locked_addresses) or self.throttled


def lock_state_of(user: User, now: datetime | None = None) -> LockState:
    now = now or timezone.now()
    addresses = AccessAttempt.objects.filter(
        username__iexact=user.email,
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
        attempt_time__gte=now - settings.AXES_COOLOFF_TIME,
    ).count()
    # The throttle makes every address wait once the free tries are used up.
    failures = throttle.failures_counted(user.email, now)
    return LockState(addresses, failures >= throttle.FREE_FAILURES)


def has_authenticator(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def _check(admin: Membership, membership: Membership) -> User:
    user = membership.user
    if user.pk == admin.user_id:
        raise NotAllowedNow(NOT_YOURSELF)
    elsewhere = Membership.objects.filter(user=user, active=True)
    if admin.partnership_id is not None:
        elsewhere = elsewhere.exclude(partnership_id=admin.partnership_id)
    if elsewhere.exists():
        raise NotAllowedNow(SHARED_ACCOUNT)
    return user


def _record(admin: Membership, user: User, kind: str, purpose: str) -> None:
    SecurityEvent.objects.create(
        kind=kind, email_digest=throttle.email_digest(user.email), user=user
    )
    audit_record(
        actor=Actor.for_membership(admin),
        action=AuditAction.ALTER,
        object_type="user",
        object_id=user.pk,
        partnership_id=admin.partnership_id,
        purpose=f"{ADMIN_PURPOSE}: {purpose}",
    )


def _tell(user: User, subject: str, body: str) -> None:
    try:
        send_mail(subject, body, None, [user.email])
    except Exception:  # SMTP errors: the change is made; the administrator tells them too
        logger.exception("Could not email %s about %s", user.pk, subject)


def authenticator_reset(*, admin: Membership, membership: Membership) -> None:
    """Removes the person's authenticator app and recovery codes and signs them out
    everywhere: at their next sign-in, after their password, they set up a new app and get
    new recovery codes. Their API tokens are left working."""
    user = _check(admin, membership)
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)
        _record(admin, user, SecurityEventKind.AUTHENTICATOR_RESET, "reset their authenticator")
        partnership = admin.partnership
        transaction.on_commit(
            lambda: _tell(
                user,
                "Your authenticator app for ASB case reviews was reset",
                f"{admin.user.full_name}, an administrator of {partnership}, reset the "
                "authenticator app you use to sign in to ASB case reviews, and signed you "
                "out everywhere. The next time you sign in you will set up an authenticator "
                "app again and get new recovery codes.\n\n"
                f"If you did not ask for this, tell {partnership} at once.\n",
            )
        )


def account_unlock(*, admin: Membership, membership: Membership) -> None:
    """Lets the person try their password again at once: ends the lock on every address and
    the wait between tries. The wrong passwords are kept, as evidence of any attack."""
    user = _check(admin, membership)
    with transaction.atomic():
        AccessAttempt.objects.filter(username__iexact=user.email).delete()
        _record(admin, user, SecurityEventKind.ACCOUNT_UNLOCKED, "unlocked their account")
        partnership = admin.partnership
        transaction.on_commit(
            lambda: _tell(
                user,
                "Your account for ASB case reviews was unlocked",
                f"{admin.user.full_name}, an administrator of {partnership}, unlocked your "
                "account after too many wrong passwords. You can sign in again now.\n\n"
                "If you did not ask for this, someone else may be trying to guess your "
                f"password: change it, and tell {partnership}.\n",
            )
        )
