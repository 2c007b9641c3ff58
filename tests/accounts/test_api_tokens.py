"""API tokens: created on the command line or the account page (after the person confirms
their password and a fresh code), hashed, revocable; ended for good with the sessions."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from helpers import reset_totp, sign_in_client, totp_code

from casereview.accounts.models import ApiToken, Membership, Role, User, hash_token
from casereview.accounts.services import recovery_codes_issue
from casereview.accounts.sudo import CONFIRMED_AT
from casereview.devdata.demo.partnerships import DEMO_PASSWORD

pytestmark = pytest.mark.usefixtures("demo")
PSO = "pso@nul.example"


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


def _confirm(client: Client, email: str = PSO, **answers: str):
    """Gives the password and a current code on the confirmation page."""
    user = User.objects.get(email=email)
    reset_totp(user)
    # A wrong code slows the next (django-otp); a person would simply wait a second.
    TOTPDevice.objects.filter(user=user).update(
        throttling_failure_count=0, throttling_failure_timestamp=None
    )
    data = {"password": DEMO_PASSWORD, "code": totp_code(user), **answers}
    return client.post("/account/confirm?next=/account", data)


def _token_from_page(client: Client, name: str = "Police RMS") -> str:
    response = client.post("/account/tokens", {"name": name}, follow=True)
    found = re.search(r"(cr_[A-Za-z0-9_-]{20,})", response.text)
    assert found is not None, response.text
    return found.group(1)


def test_tokens_are_created_shown_once_and_revoked_on_the_account_page(client_for) -> None:
    client = client_for("pso@nul.example")
    assert _confirm(client)["Location"] == "/account"
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


def test_making_a_token_asks_for_the_password_and_a_fresh_code_again(client_for) -> None:
    client = client_for(PSO)
    user = User.objects.get(email=PSO)
    asked = client.post("/account/tokens", {"name": "Police RMS"})
    assert asked.status_code == 302
    assert asked["Location"] == "/account/confirm?next=%2Faccount"
    assert not ApiToken.objects.exists()

    page = client.get(asked["Location"])
    assert page.status_code == 200 and "Confirm it is you" in page.text
    wrong_password = _confirm(client, password="not the password")
    assert wrong_password.status_code == 200
    assert 'href="#id_password"' in wrong_password.text
    wrong_code = _confirm(client, code="000000")
    assert 'href="#id_code"' in wrong_code.text
    # A recovery code is not the authenticator: someone holding only a session and a
    # shoulder-surfed password cannot use one they found.
    recovery = recovery_codes_issue(user=user)[0]
    assert 'href="#id_code"' in _confirm(client, code=recovery).text
    assert client.post("/account/tokens", {"name": "Police RMS"}).status_code == 302
    assert not ApiToken.objects.exists()

    # A code already used (here, just now) does not count as fresh.
    code = totp_code(user)
    assert _confirm(client, code=code)["Location"] == "/account"
    again = sign_in_client(Client(), user)
    used = again.post("/account/confirm", {"password": DEMO_PASSWORD, "code": code})
    assert 'href="#id_code"' in used.text

    token = _token_from_page(client)
    assert _me(token).status_code == 200

    # Ten minutes on, it asks again.
    session = client.session
    session[CONFIRMED_AT] = (timezone.now() - timedelta(minutes=11)).isoformat()
    session.save()
    assert client.post("/account/tokens", {"name": "Second"})["Location"].startswith(
        "/account/confirm"
    )
    assert ApiToken.objects.count() == 1


def test_new_recovery_codes_ask_for_the_password_and_a_fresh_code(client_for) -> None:
    client = client_for(PSO)
    user = User.objects.get(email=PSO)
    before = set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    asked = client.post("/account/recovery-codes")
    assert asked["Location"].startswith("/account/confirm")
    assert set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True)) == (
        before
    )
    _confirm(client)
    page = client.post("/account/recovery-codes")
    assert page.status_code == 200
    assert len(re.findall(r"<code>([0-9a-f]{5}-[0-9a-f]{5})</code>", page.text)) == 10


def test_sign_out_everywhere_revokes_api_tokens_for_good(client_for) -> None:
    client = client_for(PSO)
    _confirm(client)
    token = _token_from_page(client)
    client.post("/account/sign-out-everywhere")
    assert _me(token).status_code == 401
    assert ApiToken.objects.get().revoked_at is not None


def test_a_password_reset_revokes_api_tokens(capsys: pytest.CaptureFixture[str]) -> None:
    token = _token_from_command(PSO, capsys)
    laptop = sign_in_client(Client(), User.objects.get(email=PSO))
    client = Client()
    client.post("/password-reset", {"email": PSO})
    link = re.search(r"http://testserver(/password-reset/\S+)", mail.outbox[0].body)
    assert link is not None
    form = client.get(link.group(1), follow=True)
    new_password = "a brand new long passphrase"
    response = client.post(
        form.redirect_chain[-1][0], {"new_password1": new_password, "new_password2": new_password}
    )
    assert response["Location"] == "/password-reset/done"
    assert _me(token).status_code == 401
    assert ApiToken.objects.get().revoked_at is not None
    assert laptop.get("/applications")["Location"].startswith("/sign-in")
    assert User.objects.get(email=PSO).check_password(new_password)


def _remove_and_add_back(admin: Client, email: str, role: str = Role.COORDINATOR) -> None:
    membership = Membership.objects.get(user__email=email, role=role)
    response = admin.post(f"/manage/users/{membership.pk}", {"action": "remove"})
    assert response.status_code == 302
    response = admin.post(
        "/manage/users/add",
        {"full_name": "Priya Sharma", "email": email, "role": role, "agency": ""},
    )
    assert response.status_code == 302, response.text
    assert Membership.objects.get(pk=membership.pk).active


def test_disabling_a_person_ends_everything_and_adding_them_back_revives_nothing(
    client_for, capsys: pytest.CaptureFixture[str]
) -> None:
    token = _token_from_command(PSO, capsys)
    old_session = client_for(PSO)
    assert old_session.get("/").status_code == 200
    admin = client_for("admin@nul.example")

    membership = Membership.objects.get(user__email=PSO)
    admin.post(f"/manage/users/{membership.pk}", {"action": "remove"})
    assert not User.objects.get(email=PSO).is_active
    assert ApiToken.objects.get().revoked_at is not None  # revoked, not just refused

    admin.post(
        "/manage/users/add",
        {"full_name": "Priya Sharma", "email": PSO, "role": Role.COORDINATOR, "agency": ""},
    )
    assert User.objects.get(email=PSO).is_active
    assert _me(token).status_code == 401
    assert old_session.get("/applications")["Location"].startswith("/sign-in")


def test_ending_one_role_revokes_its_tokens_for_good(
    client_for, capsys: pytest.CaptureFixture[str]
) -> None:
    user = User.objects.get(email=PSO)
    partnership = Membership.objects.get(user=user).partnership
    Membership.objects.create(user=user, partnership=partnership, role=Role.INTAKE)
    token = _token_from_command(PSO, capsys)  # acts in the first role, coordinator
    admin = client_for("admin@nul.example")
    _remove_and_add_back(admin, PSO)
    assert User.objects.get(email=PSO).is_active  # still had the intake role
    assert _me(token).status_code == 401
    assert ApiToken.objects.get().revoked_at is not None
