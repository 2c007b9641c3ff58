"""Helpers the tests import: TOTP codes, signed-in clients, problem-detail fields, and the
security headers every response must carry."""

import re
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


def csp_directives(response: Any) -> dict[str, str]:
    """The Content-Security-Policy, each directive (with its name) keyed by its name."""
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part for part in (p.strip() for p in policy.split(";")) if part}


_SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
# Downloads and data: what a browser must save or hand on, never sniff, render or cache.
DOWNLOAD_TYPES = ("application/pdf", "text/csv", "text/calendar", "application/zip")


def assert_security_headers(
    response: Any, *, private: bool, where: str = "", probe: bool = False
) -> None:
    """The headers every response carries; `private` ones (signed in, or an applicant's own
    pages) must also never be stored by a browser or proxy. HTML pages put the CSP nonce on
    every inline script; downloads (PDF, CSV, calendar, ZIP, and JSON unless it is a health
    `probe`) say how to save them."""
    where = where or getattr(response, "request", {}).get("PATH_INFO", "")
    csp = csp_directives(response)
    script_src = csp["script-src"]
    content_type = response.get("Content-Type", "")
    # A page, not an empty redirect or 405. django-csp adds the nonce only when a page
    # uses it: every page does.
    html = content_type.startswith("text/html") and not response.streaming and response.content
    assert "'nonce-" in script_src or not html, where
    assert "unsafe-inline" not in script_src and "unsafe-eval" not in script_src, where
    assert csp["frame-ancestors"] == "frame-ancestors 'none'", where
    assert response["X-Content-Type-Options"] == "nosniff", where
    assert response["Referrer-Policy"] == "same-origin", where
    assert response["X-Frame-Options"] == "DENY", where
    if private:
        assert "no-store" in response.get("Cache-Control", ""), where
    for name in ("casereview_session", "csrftoken"):
        if name in response.cookies:
            cookie = response.cookies[name]
            assert cookie["samesite"] == "Lax", f"{where}: {name}"
            assert cookie["httponly"], f"{where}: {name}"
    if html:
        nonce = script_src.split("'nonce-")[1].split("'")[0]
        text = response.content.decode()
        for attributes in _SCRIPT_TAG.findall(text):
            if "src=" not in attributes:
                assert f'nonce="{nonce}"' in attributes, f"{where}: <script{attributes}>"
    elif content_type.startswith(DOWNLOAD_TYPES) or ("json" in content_type and not probe):
        assert "no-store" in response.get("Cache-Control", ""), where
        assert response.get("Content-Disposition", "").startswith(("attachment", "inline")), where
