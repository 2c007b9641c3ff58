"""Every request gets an id: the proxy's X-Request-ID when it is a sane value, else a new one.

The id is echoed in the response, written on every log line and shown on error pages, so a
person can quote it and an operator can find the request in the logs.
"""

import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
# Letters, digits and a little punctuation, 8 to 128 characters: enough for UUIDs and the
# 32 hex digits nginx generates, and nothing that could forge a log line or carry markup.
_SANE = re.compile(r"[A-Za-z0-9._:-]{8,128}")

_current: ContextVar[str | None] = ContextVar("casereview_request_id", default=None)


def current_request_id() -> str | None:
    """The id of the request this thread is serving, if any."""
    return _current.get()


def request_id_from(value: str | None) -> str:
    if value and _SANE.fullmatch(value):
        return value
    return uuid.uuid4().hex


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_from(request.headers.get(HEADER))
        request.request_id = request_id  # type: ignore[attr-defined]
        token = _current.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response[HEADER] = request_id
        return response
