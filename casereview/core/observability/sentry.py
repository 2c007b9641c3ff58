"""Error reports to Sentry, only when SENTRY_DSN is set, with personal data scrubbed.

Sentry gets the exception, the route and the request id; never bodies (form answers are
victims' accounts), cookies (session credentials), query strings, the path of a status
link, or who the user is beyond their numeric id.
"""

import re
from typing import Any

from casereview.core.observability.request_id import current_request_id

_TOKEN_PATH = re.compile(r"/status/[^/?#]+")
_SECRET_HEADERS = {"cookie", "authorization", "x-csrftoken", "proxy-authorization"}


def _scrub_url(url: str) -> str:
    return _TOKEN_PATH.sub("/status/[token]", url.split("?", 1)[0])


def before_send(event: dict[str, Any], hint: dict[str, Any]) -> dict[str, Any]:
    request = event.get("request")
    if isinstance(request, dict):
        for key in ("data", "cookies", "query_string", "env"):
            request.pop(key, None)
        if isinstance(request.get("url"), str):
            request["url"] = _scrub_url(request["url"])
        headers = request.get("headers")
        if isinstance(headers, dict):
            request["headers"] = {
                k: v for k, v in headers.items() if k.lower() not in _SECRET_HEADERS
            }
    user = event.get("user")
    if isinstance(user, dict):
        event["user"] = {"id": user["id"]} if "id" in user else {}
    transaction = event.get("transaction")
    if isinstance(transaction, str):
        event["transaction"] = _scrub_url(transaction)
    request_id = current_request_id()
    if request_id:
        event.setdefault("tags", {})["request_id"] = request_id
    return event


def sentry_init(dsn: str, *, environment: str, release: str | None = None) -> None:
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release,
        send_default_pii=False,
        # Locals in a stack frame can hold a victim's name or a form's answers.
        include_local_variables=False,
        max_request_body_size="never",
        before_send=before_send,  # type: ignore[arg-type]
        integrations=[DjangoIntegration(transaction_style="url")],
        traces_sample_rate=0.0,
    )
