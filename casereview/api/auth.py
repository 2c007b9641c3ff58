"""Bearer tokens: each acts as one user in one membership (partnership, agency, role)."""

import rules
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja.security import HttpBearer

from casereview.accounts.models import ApiToken
from casereview.accounts.requests import StaffRequest
from casereview.accounts.services import api_token_authenticate


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        api_token = api_token_authenticate(token)
        if api_token is None:
            return None
        request.user = api_token.user
        # From here on the request is a StaffRequest, as the session middleware makes them.
        request.membership = api_token.membership  # type: ignore[attr-defined]
        # The same user: the audit entries name them without loading them again.
        api_token.membership.user = api_token.user
        return api_token


def require(request: StaffRequest, rule: str, obj: object | None = None) -> None:
    """403 unless the token's membership passes the named rule (on `obj`, when given)."""
    membership = request.membership
    allowed = rules.test_rule(rule, membership, obj) if obj else rules.test_rule(rule, membership)
    if not allowed:
        raise PermissionDenied("Your role may not do this.")
