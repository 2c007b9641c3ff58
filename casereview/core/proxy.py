"""The client's address behind nginx.

nginx connects from loopback, so without this every applicant would share 127.0.0.1 and the
per-address limit on online applications would lock out everyone at once. nginx overwrites
X-Real-IP with the address it saw; the header is believed only from a trusted proxy.
"""

import contextlib
import ipaddress
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


class ProxiedClientAddressMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.trusted = frozenset(settings.TRUSTED_PROXIES)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        forwarded = request.headers.get("X-Real-IP", "").strip()
        if forwarded and request.META.get("REMOTE_ADDR") in self.trusted:
            # Not an address: keep the proxy's own.
            with contextlib.suppress(ValueError):
                request.META["REMOTE_ADDR"] = str(ipaddress.ip_address(forwarded))
        return self.get_response(request)
