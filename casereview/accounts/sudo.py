"""A short window after the signed-in person gives their password and an authenticator code
again, in which they may make new credentials (API tokens, recovery codes) or, as a
partnership administrator, reset someone's authenticator or unlock their account. Ten minutes,
then they are asked again."""

from datetime import datetime, timedelta

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

CONFIRMED_AT = "identity_confirmed_at"
SUDO_WINDOW = timedelta(minutes=10)


def confirmed_recently(request: HttpRequest) -> bool:
    confirmed = request.session.get(CONFIRMED_AT)
    if not confirmed:
        return False
    return timezone.now() - datetime.fromisoformat(confirmed) <= SUDO_WINDOW


def note_confirmed(request: HttpRequest) -> None:
    request.session[CONFIRMED_AT] = timezone.now().isoformat()


def ask_to_confirm(request: HttpRequest, to_do: str, back_to: str | None = None) -> HttpResponse:
    """Off to the confirmation page, then back to the account page (or `back_to`, a path of
    this site) to do it."""
    messages.info(request, f"Enter your password and a code from your app to {to_do}.")
    query = urlencode({"next": back_to or reverse("accounts:account")})
    return redirect(f"{reverse('accounts:confirm_identity')}?{query}")
