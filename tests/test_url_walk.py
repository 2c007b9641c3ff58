"""Every URL, walked as people who should not get in. New URLs are covered automatically:
the list comes from the resolver, not from this file."""

import pytest
from django.test import Client
from urlwalk import PUBLIC, SIGN_OUT, TOKEN_ONLY, demo_objects, filled_paths

from casereview.accounts.models import Membership


@pytest.fixture
def paths(demo: None) -> list[tuple[str, str]]:
    """Each URL with its parameters filled in by an object of the Newcastle partnership."""
    return filled_paths(demo_objects())


def test_the_walk_finds_the_urls(paths: list[tuple[str, str]]) -> None:
    names = {n for n, _ in paths}
    assert {"casework:home", "manage:audit_log", "manage:user_edit", "accounts:account"} <= names


def test_anonymous_visitors_are_sent_to_sign_in(paths: list[tuple[str, str]]) -> None:
    client = Client()
    for name, path in paths:
        if name in PUBLIC:
            continue
        for method in ("get", "post"):
            response = getattr(client, method)(path)
            if name in TOKEN_ONLY:
                assert response.status_code in (401, 404), f"{method} {path}"
                continue
            if name == "accounts:sign_out":
                assert response.status_code in (302, 405), path
                continue
            assert response.status_code in (302, 405), f"{method} {path}"
            if response.status_code == 302:
                assert response["Location"].startswith("/sign-in"), f"{method} {path}"


# URLs naming one of Newcastle's objects, and the outsider roles that get past the role
# check to the lookup there: those must find nothing (404), never a "forbidden".
OBJECT_URLS = {
    "manage:user_edit": {"admin"},
    "manage:user_authenticator_reset": {"admin"},
    "manage:user_unlock": {"admin"},
    "accounts:token_revoke": {"admin", "chair", "coordinator"},
    "accounts:invitation": {"admin", "chair", "coordinator"},
    "casework:detail": {"chair", "coordinator"},
    "casework:contact_new": {"chair", "coordinator"},
    "decision:decide": {"chair"},
    "feeds:pair": {"coordinator"},
    "feeds:pair_chart": {"coordinator"},
    "feeds:linked": {"chair", "coordinator"},
    "feeds:linked_chart": {"chair", "coordinator"},
    "applications:complaint_add": {"chair", "coordinator"},
    "applications:complaint_change": {"chair", "coordinator"},
    "applications:complaint_remove": {"chair", "coordinator"},
    "letters:letter": {"chair", "coordinator"},
    "letters:letter_pdf": {"chair", "coordinator"},
    "applicants:link_show": {"chair", "coordinator"},
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
    "appeals:actions": {"coordinator"},
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
        if name in PUBLIC or name in SIGN_OUT:
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
        if name == "manage:user_edit" and role == "admin":
            assert outsider.post(path, {"action": "remove"}).status_code == 404


def test_home_page_query_count_is_small(client_for, django_assert_max_num_queries) -> None:
    client = client_for("admin@nul.example")
    with django_assert_max_num_queries(12):
        assert client.get("/").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get("/manage/users").status_code == 200
