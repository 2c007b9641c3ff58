"""Behind nginx, the client's address comes from X-Real-IP, but only from the proxy."""

import pytest
from django.http import HttpResponse

from casereview.core.proxy import ProxiedClientAddressMiddleware


@pytest.fixture
def middleware(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1", "::1"]
    seen = {}

    def view(request):
        seen["address"] = request.META["REMOTE_ADDR"]
        return HttpResponse()

    return ProxiedClientAddressMiddleware(view), seen


@pytest.mark.parametrize(
    ("remote", "header", "expected"),
    [
        ("127.0.0.1", "203.0.113.7", "203.0.113.7"),  # from nginx: believed
        ("127.0.0.1", "2001:db8::1", "2001:db8::1"),
        ("198.51.100.2", "203.0.113.7", "198.51.100.2"),  # from anyone else: ignored
        ("127.0.0.1", "not-an-address", "127.0.0.1"),
        ("127.0.0.1", "", "127.0.0.1"),
    ],
)
def test_the_client_address(rf, middleware, remote: str, header: str, expected: str) -> None:
    handler, seen = middleware
    request = rf.get("/", REMOTE_ADDR=remote, headers={"X-Real-IP": header} if header else {})
    handler(request)
    assert seen["address"] == expected
