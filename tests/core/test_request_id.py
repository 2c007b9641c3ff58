"""Every response carries a request id, and the error pages show it for people to quote."""

import re

import pytest
from django.test import Client

from casereview.core.observability.request_id import _current, request_id_from

pytestmark = pytest.mark.django_db

GENERATED = re.compile(r"[0-9a-f]{32}")


def test_a_sane_incoming_id_is_kept_and_echoed() -> None:
    response = Client().get("/sign-in", headers={"X-Request-ID": "lb-1234abcd-5678"})
    assert response["X-Request-ID"] == "lb-1234abcd-5678"


@pytest.mark.parametrize(
    "given",
    ["", "short", "has spaces in it", "<script>alert(1)</script>", "x" * 129, "line\nbreak1234"],
)
def test_anything_else_is_replaced_by_a_new_id(given: str) -> None:
    assert GENERATED.fullmatch(request_id_from(given))


def test_each_request_gets_its_own_id() -> None:
    client = Client()
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]
    assert GENERATED.fullmatch(first) and GENERATED.fullmatch(second) and first != second


def test_the_not_found_page_shows_the_id() -> None:
    response = Client().get("/no-such-page", headers={"X-Request-ID": "quote-me-12345"})
    assert response.status_code == 404
    assert "quote reference" in response.text and "quote-me-12345" in response.text


def test_the_forbidden_page_shows_the_id(client_for) -> None:
    response = client_for("police@nul.example").get(
        "/audit", headers={"X-Request-ID": "forbidden-1234"}
    )
    assert response.status_code == 403
    assert "forbidden-1234" in response.text


def test_the_server_error_page_shows_the_id_without_touching_the_database(
    django_assert_num_queries,
) -> None:
    from casereview.core.views import server_error

    token = _current.set("broken-request-99")
    try:
        with django_assert_num_queries(0):
            page = server_error(None)  # type: ignore[arg-type]
    finally:
        _current.reset(token)
    assert page.status_code == 500
    assert "broken-request-99" in page.content.decode()


def test_a_crash_in_a_view_gives_the_500_page_with_the_id(monkeypatch) -> None:
    from casereview.core import views

    def explode(request):
        raise RuntimeError("boom")

    monkeypatch.setattr(views, "cookies", explode)
    # The URLconf holds the original function; swap the resolved view instead.
    from django.urls import get_resolver

    pattern = next(p for p in get_resolver().url_patterns[0].url_patterns if p.name == "cookies")
    monkeypatch.setattr(pattern, "callback", explode)
    client = Client(raise_request_exception=False)
    response = client.get("/cookies", headers={"X-Request-ID": "crash-id-12345"})
    assert response.status_code == 500
    assert response["X-Request-ID"] == "crash-id-12345"
    assert "crash-id-12345" in response.content.decode()
