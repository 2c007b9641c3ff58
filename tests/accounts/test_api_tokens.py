"""API tokens: created on the command line or the account page, hashed, revocable."""

import re

import pytest
from django.core.management import call_command
from django.test import Client

from casereview.accounts.models import ApiToken, User, hash_token

pytestmark = pytest.mark.usefixtures("demo")


def _token_from_command(email: str, capsys: pytest.CaptureFixture[str]) -> str:
    call_command("create_token", email)
    return capsys.readouterr().out.split()[-1]


def _me(token: str) -> Client:
    return Client().get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})


def test_create_token_prints_a_token_that_acts_as_the_user(
    capsys: pytest.CaptureFixture[str],
) -> None:
    token = _token_from_command("police@nul.example", capsys)
    response = _me(token)
    assert response.status_code == 200
    assert response.json() == {
        "email": "police@nul.example",
        "name": "PC Pat Owen",
        "role": "partner",
        "partnership": "newcastle-under-lyme",
        "agency": "police",
        "appeals_body": None,
    }
    assert response["Cache-Control"] == "no-store, private"
    stored = ApiToken.objects.get()
    assert stored.token_hash == hash_token(token) and token not in stored.token_hash


def test_unknown_or_missing_token_is_a_401_problem() -> None:
    for headers in ({}, {"Authorization": "Bearer cr_nonsense"}):
        response = Client().get("/api/v1/me", headers=headers)
        assert response.status_code == 401
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["status"] == 401


def test_a_disabled_users_token_stops_at_once(capsys: pytest.CaptureFixture[str]) -> None:
    token = _token_from_command("pso@nul.example", capsys)
    User.objects.filter(email="pso@nul.example").update(is_active=False)
    assert _me(token).status_code == 401


def test_create_token_for_unknown_user_fails_clearly() -> None:
    with pytest.raises(Exception, match="No active user"):
        call_command("create_token", "nobody@nul.example")


def test_tokens_are_created_shown_once_and_revoked_on_the_account_page(client_for) -> None:
    client = client_for("pso@nul.example")
    response = client.post("/account/tokens", {"name": "Police RMS"}, follow=True)
    token = re.search(r"(cr_[A-Za-z0-9_-]{20,})", response.text)
    assert token is not None
    assert token.group(1) not in client.get("/account").text  # shown once only
    assert _me(token.group(1)).status_code == 200
    stored = ApiToken.objects.get()
    client.post(f"/account/tokens/{stored.pk}/revoke")
    assert _me(token.group(1)).status_code == 401


def test_a_token_without_a_name_is_refused_with_the_field_named(client_for) -> None:
    response = client_for("pso@nul.example").post("/account/tokens", {"name": ""})
    assert response.status_code == 400
    assert 'href="#id_name"' in response.text and "Enter a name for the token" in response.text
    assert not ApiToken.objects.exists()


def test_another_users_token_cannot_be_revoked(client_for, capsys) -> None:
    token = _token_from_command("chair@nul.example", capsys)
    stored = ApiToken.objects.get()
    response = client_for("pso@nul.example").post(f"/account/tokens/{stored.pk}/revoke")
    assert response.status_code == 404
    assert _me(token).status_code == 200
