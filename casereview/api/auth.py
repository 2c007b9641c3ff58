"""Bearer tokens: each acts as one user in one membership (partnership, agency, role)."""

from django.http import HttpRequest
from ninja.security import HttpBearer

from casereview.accounts.models import ApiToken
from casereview.accounts.services import api_token_authenticate


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        api_token = api_token_authenticate(token)
        if api_token is None:
            return None
        request.user = api_token.user
        request.membership = api_token.membership  # type: ignore[attr-defined]
        return api_token
