"""Session rules for staff, and the membership each request acts under."""

from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib import auth, messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from casereview.accounts.selectors import memberships_for

SIGNED_IN_AT = "signed_in_at"
MEMBERSHIP_ID = "membership_id"
ACTIVE_AT = "active_at"
# The idle timeout (SESSION_COOKIE_AGE) slides each time the session is saved. Saving it on
# every request costs three queries on every page, so it is saved (by changing ACTIVE_AT)
# only when the last save is over a minute old: the timeout stays right to the minute.
# This needs SESSION_SAVE_EVERY_REQUEST = False, which would otherwise save it regardless.
ACTIVITY_SAVED_EVERY = timedelta(seconds=60)


class StaffSessionMiddleware:
    """Ends sessions that are past their absolute lifetime or lack a verified second factor.

    The sign-in flow only logs a user in after their TOTP code, so an unverified session
    should never exist; checking again here means no URL can be reached without MFA even
    if a future view logs someone in by another route.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            if not user.is_verified():  # type: ignore[attr-defined]
                auth.logout(request)
                return redirect(settings.LOGIN_URL)
            if self._expired(request):
                auth.logout(request)
                messages.info(request, "You were signed out because you signed in 12 hours ago.")
                return redirect(settings.LOGIN_URL)
        self._note_activity(request)
        return self.get_response(request)

    @staticmethod
    def _note_activity(request: HttpRequest) -> None:
        """Slides the idle timeout of a session that exists (staff, or an applicant part way
        through), at most once a minute; never starts a session for a mere visitor."""
        # Signing in saves the session, so it counts as the first activity.
        seen = request.session.get(ACTIVE_AT) or request.session.get(SIGNED_IN_AT)
        if request.session.session_key is None:
            return
        now = timezone.now()
        if seen is None or now - datetime.fromisoformat(seen) >= ACTIVITY_SAVED_EVERY:
            request.session[ACTIVE_AT] = now.isoformat()

    @staticmethod
    def _expired(request: HttpRequest) -> bool:
        started = request.session.get(SIGNED_IN_AT)
        if started is None:
            return True
        age = timezone.now() - datetime.fromisoformat(started)
        return age > settings.SESSION_ABSOLUTE_LIFETIME


class CurrentMembershipMiddleware:
    """Puts `request.membership` (the role the user is acting in) on every signed-in request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.membership = None  # type: ignore[attr-defined]
        request.memberships = []  # type: ignore[attr-defined]
        if request.user.is_authenticated:
            memberships = memberships_for(request.user)
            chosen = request.session.get(MEMBERSHIP_ID)
            current = next((m for m in memberships if m.pk == chosen), None)
            if current is None and memberships:
                current = memberships[0]
                request.session[MEMBERSHIP_ID] = current.pk
            request.membership = current  # type: ignore[attr-defined]
            request.memberships = memberships  # type: ignore[attr-defined]
        return self.get_response(request)
