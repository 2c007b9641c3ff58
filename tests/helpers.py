"""Helpers the tests import: TOTP codes, signed-in clients, problem-detail fields."""

from typing import Any

from django.test import Client
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from casereview.accounts.middleware import SIGNED_IN_AT
from casereview.accounts.models import User


def totp_code(user: User, offset_steps: int = 0) -> str:
    """The code the user's authenticator app shows now (or `offset_steps` later)."""
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = timezone.now().timestamp() + offset_steps * device.step
    return f"{totp.token():06d}"


def reset_totp(user: User) -> None:
    """Lets a test sign the same user in again within one 30-second TOTP step."""
    TOTPDevice.objects.filter(user=user).update(last_t=-1)


def sign_in_client(client: Client, user: User) -> Client:
    """A client signed in as if through password and TOTP (the flow itself is tested apart)."""
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[SIGNED_IN_AT] = timezone.now().isoformat()
    session.save()
    return client


def problem_fields(response: Any) -> list[str]:
    return [e["field"] for e in response.json().get("errors", [])]
