"""One log line and two metrics per request, keyed by the URL pattern's name.

The raw path is never logged nor used as a label: applicants' status links carry a bearer
token in the path (/status/<token>), and paths would make unbounded label sets.
"""

import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.functional import empty

from casereview.core.observability import metrics

logger = logging.getLogger("casereview.request")


def route_name(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    if match is not None and match.view_name:
        return str(match.view_name)
    if request.path.startswith(settings.STATIC_URL):
        return "static"
    return "unmatched"


# URL parameters that are credentials (status links, invitations, password resets): a
# logged path names the parameter instead of its value.
SECRET_PARAMETERS = frozenset({"token", "key", "uidb64"})


def logged_path(request: HttpRequest) -> str:
    """The path as it may be written to a log: a matched route's secret parameters replaced
    by their names; an unmatched path (which could hold anything) cut to its first part."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        first = request.path.split("/")[1] if request.path.count("/") else ""
        return f"/{first}" + ("/…" if request.path.rstrip("/") != f"/{first}" else "")
    path = request.path
    for name, value in match.kwargs.items():
        if name in SECRET_PARAMETERS and value:
            path = path.replace(str(value), f"<{name}>")
    return path


def _user_id(request: HttpRequest) -> int | None:
    """Only a user the view already loaded: logging must not cost a query (or fail when the
    database is what failed)."""
    user = getattr(request, "user", None)
    if user is None or getattr(user, "_wrapped", None) is empty:
        return None
    return int(user.pk) if user.is_authenticated else None


def _membership_id(request: HttpRequest) -> int | None:
    membership = getattr(request, "membership", None)
    return int(membership.pk) if membership is not None else None


class RequestLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        seconds = time.perf_counter() - started
        route = route_name(request)
        metrics.observe_request(route=route, status=response.status_code, seconds=seconds)
        logger.info(
            "request",
            extra={
                "user_id": _user_id(request),
                "membership_id": _membership_id(request),
                "method": request.method,
                "route": route,
                "path": logged_path(request),
                "status": response.status_code,
                "duration_ms": round(seconds * 1000, 1),
            },
        )
        return response
