"""Sign-in in two steps. The password step only remembers who is signing in; nobody is
logged in until their second factor passes, so there is no URL that skips MFA."""

from datetime import datetime, timedelta
from typing import Any

from django.contrib import auth, messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from casereview.accounts import services
from casereview.accounts.forms import CodeForm, NewAuthenticatorForm, SignInForm
from casereview.accounts.models import User
from casereview.core.qr import qr_svg

PENDING = "pending_sign_in"
PENDING_LIFETIME = timedelta(minutes=10)
MAX_CODE_ATTEMPTS = 5
WRONG_CREDENTIALS = "Enter a correct email address and password"


def _pending_user(request: HttpRequest) -> tuple[User, dict[str, Any]] | None:
    pending = request.session.get(PENDING)
    if not pending:
        return None
    if timezone.now() - datetime.fromisoformat(pending["at"]) > PENDING_LIFETIME:
        request.session.pop(PENDING, None)
        return None
    user = User.objects.filter(pk=pending["user_id"], is_active=True).first()
    return (user, pending) if user else None


def safe_next(request: HttpRequest, candidate: str | None, default: str = "casework:home") -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse(default)


def sign_in(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("casework:home")
    form = SignInForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].lower()
        try:
            user = services.password_check(
                request=request, email=email, password=form.cleaned_data["password"]
            )
        except services.TooManyTries as exc:
            return _too_many_tries(request, exc.wait)
        if user is None:
            form.add_error(None, WRONG_CREDENTIALS)
        else:
            request.session[PENDING] = {
                "user_id": user.pk,
                "backend": user.backend,  # type: ignore[attr-defined]
                "at": timezone.now().isoformat(),
                "attempts": 0,
                "next": safe_next(request, request.GET.get("next")),
            }
            if services.has_authenticator(user):
                return redirect("accounts:sign_in_code")
            return redirect("accounts:set_up_authenticator")
    return render(request, "accounts/sign_in.html", {"form": form, "title": "Sign in"})


def locked_out(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    """Five wrong passwords for one account from one address lock that pair (axes)."""
    return _too_many_tries(request, None)


def _too_many_tries(request: HttpRequest, wait: timedelta | None) -> HttpResponse:
    if wait is None:
        title, when = "Your account is locked for 15 minutes", "in 15 minutes"
    else:
        seconds = max(1, round(wait.total_seconds()))
        title = "Too many wrong passwords for this account"
        when = f"in {seconds} second{'s' if seconds != 1 else ''}"
    return render(
        request,
        "accounts/locked_out.html",
        {"title": title, "try_again": when, "everywhere": wait is not None},
        status=429,
    )


def _code_failed(request: HttpRequest, user: User, pending: dict[str, Any]) -> bool:
    """Counts a wrong code; returns True when the attempt limit ends this sign-in."""
    services.sign_in_failure_record(user=user, reason="wrong authentication code")
    pending["attempts"] += 1
    request.session[PENDING] = pending
    if pending["attempts"] >= MAX_CODE_ATTEMPTS:
        request.session.pop(PENDING, None)
        messages.error(request, "Too many wrong codes. Sign in again.")
        return True
    return False


def sign_in_code(request: HttpRequest) -> HttpResponse:
    found = _pending_user(request)
    if found is None:
        return redirect("accounts:sign_in")
    user, pending = found
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        device = services.second_factor_verify(user=user, code=form.cleaned_data["code"])
        if device is not None:
            request.session.pop(PENDING, None)
            services.sign_in_complete(
                request=request, user=user, device=device, backend=pending["backend"]
            )
            return redirect(pending["next"])
        if _code_failed(request, user, pending):
            return redirect("accounts:sign_in")
        form.add_error("code", "The code is not right or has been used. Try the next code.")
    return render(request, "accounts/sign_in_code.html", {"form": form, "title": "Enter your code"})


def set_up_authenticator(request: HttpRequest) -> HttpResponse:
    found = _pending_user(request)
    if found is None:
        return redirect("accounts:sign_in")
    user, pending = found
    if services.has_authenticator(user):
        return redirect("accounts:sign_in_code")
    device = services.authenticator_start(user=user)
    form = NewAuthenticatorForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        codes = services.authenticator_confirm(
            user=user, device=device, code=form.cleaned_data["code"]
        )
        if codes is not None:
            request.session.pop(PENDING, None)
            services.sign_in_complete(
                request=request, user=user, device=device, backend=pending["backend"]
            )
            request.session["new_recovery_codes"] = codes
            return redirect("accounts:recovery_codes")
        if _code_failed(request, user, pending):
            return redirect("accounts:sign_in")
        form.add_error("code", "The code is not right. Check the app and enter the current code.")
    return render(
        request,
        "accounts/set_up_authenticator.html",
        {
            "form": form,
            "title": "Set up your authenticator app",
            "qr_svg": qr_svg(device.config_url),
            "secret": services.base32_secret(device),
        },
    )


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    auth.logout(request)
    messages.success(request, "You have signed out.")
    return redirect("accounts:sign_in")
