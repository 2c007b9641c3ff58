"""Request hooks shared by every app: cache control for personal data, read auditing."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

from casereview.core.audit import write_noted_reads


class PersonalDataCacheMiddleware:
    """Nothing a signed-in user sees may be kept by a browser or proxy cache.

    Every staff page can show personal data, so the rule is blanket for signed-in requests
    and the API, and for the applicant's pages (their answers, their case); other public
    pages and static files stay cacheable.
    """

    PRIVATE_PREFIXES = ("/api/", "/apply", "/status/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.user.is_authenticated or request.path.startswith(self.PRIVATE_PREFIXES):
            add_never_cache_headers(response)
            response.headers["Cache-Control"] = "no-store, private"
        return response


class ReadAuditMiddleware:
    """Writes the `view` entries a view noted, only when its response succeeded."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code < 400:
            write_noted_reads(request)
        return response
