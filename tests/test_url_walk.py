"""Every URL, walked as people who should not get in. New URLs are covered automatically:
the list comes from the resolver, not from this file."""

from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from casereview.accounts.models import Membership
from casereview.applications.demo import load_demo_cases
from casereview.applications.models import Application, Letter

# Pages anyone may read without signing in.
PUBLIC = {
    "core:accessibility",
    "core:privacy",
    "core:cookies",
    "core:healthz",
    "core:readyz",
    "accounts:sign_in",
    "accounts:password_reset",
    "accounts:password_reset_sent",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:sign_in_code",
    "accounts:set_up_authenticator",  # redirect without a password step
    "publication:published",  # the statutory figures, published by law
    # Applicants have no account: the online application and the status link.
    "applicants:start",
    "applicants:step",
    "applicants:complaints",
    "applicants:complaint_add",
    "applicants:complaint_change",
    "applicants:complaint_remove",
    "applicants:check",
    "applicants:done",
    "applicants:status",
    "applicants:letter",
    "applicants:appeal",
}
# Patterns owned by libraries with their own protection.
SKIPPED_PREFIXES = ("admin:", "api:")


def _walk(
    resolver: URLResolver, namespace: str = "", prefix: str = ""
) -> Iterator[tuple[str, str]]:
    """(name, full route) of every named URL, following includes with their prefixes."""
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern).lstrip("^").rstrip("$")
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry, inner, route)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", route


def _example_path(route: str, objects: dict[str, str]) -> str:
    for converter, value in objects.items():
        route = route.replace(converter, value)
    return "/" + route


@pytest.fixture
def paths(demo: None) -> list[tuple[str, str]]:
    """Each URL with its parameters filled in by an object of the Newcastle partnership."""
    nul_membership = Membership.objects.get(user__email="pso@nul.example")
    load_demo_cases()
    decided = Application.objects.get(decision__met=True)
    objects = {
        "<slug:step>": "received",
        "<str:reference>": decided.reference,
        "<str:key>": "c1",
        "<slug:agency>": "police",
        "<int:attachment_id>": "1",
        "<int:action_id>": "1",
        "<int:pk>": "1",
        "<str:token>": "no-such-token",
        "<int:letter_id>": str(Letter.objects.get(application=decided).pk),
        "<int:membership_id>": str(nul_membership.pk),
        "<slug:slug>": "police",
        "<int:token_id>": "1",
        "<uidb64>": "MQ",
        "<token>": "set-password",
    }
    return [
        (name, _example_path(route, objects))
        for name, route in _walk(get_resolver())
        if not name.startswith(SKIPPED_PREFIXES)
    ]


def test_the_walk_finds_the_urls(paths: list[tuple[str, str]]) -> None:
    names = {n for n, _ in paths}
    assert {"core:home", "core:audit_log", "partnerships:user_edit", "accounts:account"} <= names


def test_anonymous_visitors_are_sent_to_sign_in(paths: list[tuple[str, str]]) -> None:
    client = Client()
    for name, path in paths:
        if name in PUBLIC:
            continue
        for method in ("get", "post"):
            response = getattr(client, method)(path)
            if name == "accounts:sign_out":
                assert response.status_code in (302, 405), path
                continue
            assert response.status_code in (302, 405), f"{method} {path}"
            if response.status_code == 302:
                assert response["Location"].startswith("/sign-in"), f"{method} {path}"


# URLs naming one of Newcastle's objects, and the outsider roles that get past the role
# check to the lookup there: those must find nothing (404), never a "forbidden".
OBJECT_URLS = {
    "partnerships:user_edit": {"admin"},
    "accounts:token_revoke": {"admin", "chair", "coordinator"},
    "applications:detail": {"chair", "coordinator"},
    "applications:decide": {"chair"},
    "applications:complaint_add": {"chair", "coordinator"},
    "applications:complaint_change": {"chair", "coordinator"},
    "applications:complaint_remove": {"chair", "coordinator"},
    "applications:letter": {"chair", "coordinator"},
    "applications:letter_pdf": {"chair", "coordinator"},
    "reviews:partners": {"coordinator"},
    "reviews:meeting": {"coordinator"},
    "reviews:minutes": {"coordinator"},
    "reviews:victim_response": {"coordinator"},
    "reviews:pack": {"chair", "coordinator"},
    "reviews:pack_pdf": {"chair", "coordinator"},
    "reviews:conclude": {"chair"},
    "reviews:withdraw": {"chair", "coordinator"},
    "appeals:record": {"coordinator"},
    "appeals:pack": {"chair", "coordinator"},
}


@pytest.mark.parametrize("role", ["admin", "chair", "coordinator"])
def test_another_partnership_sees_nothing_of_this_one(
    paths: list[tuple[str, str]], client_for, role: str
) -> None:
    """Stafford staff walk URLs filled with Newcastle's objects, as an admin and as the
    Chair (the widest roles for people and for cases): object URLs are 404 and no page
    shows Newcastle's people or victims."""
    stafford = Membership.objects.get(user__email="pso@sta.example")
    stafford.role = role
    stafford.save()
    outsider = client_for("pso@sta.example")
    for name, path in paths:
        if name in PUBLIC or name in {"accounts:sign_out", "accounts:sign_out_everywhere"}:
            continue
        response = outsider.get(path)
        assert response.status_code < 500, path
        body = response.content.decode(errors="replace")
        for marker in (
            "pso@nul.example",
            "Priya Sharma",
            "admin@nul.example",
            "Jordan Example",
            "Sam Sample",
            "Alex Advocate",
        ):
            assert marker not in body, f"{path} shows {marker}"
        if role in OBJECT_URLS.get(name, ()):
            assert response.status_code in (404, 405), path
        if name == "partnerships:user_edit" and role == "admin":
            assert outsider.post(path, {"action": "remove"}).status_code == 404


def test_home_page_query_count_is_small(client_for, django_assert_max_num_queries) -> None:
    client = client_for("admin@nul.example")
    with django_assert_max_num_queries(12):
        assert client.get("/").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get("/manage/users").status_code == 200
