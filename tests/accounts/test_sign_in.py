"""Staff sign-in: password, then TOTP; lockout; recovery codes; sessions; password reset."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from helpers import reset_totp, sign_in_client, totp_code

from casereview.accounts.middleware import SIGNED_IN_AT
from casereview.accounts.models import User
from casereview.core.models import AuditEntry
from casereview.devdata.demo.partnerships import DEMO_PASSWORD

pytestmark = pytest.mark.usefixtures("demo")
PSO = "pso@nul.example"


def _password_step(client: Client, email: str = PSO, password: str = DEMO_PASSWORD):
    return client.post("/sign-in", {"email": email, "password": password})


def test_password_then_code_signs_in_and_audits() -> None:
    client = Client()
    response = _password_step(client)
    assert response.status_code == 302 and response["Location"] == "/sign-in/code"
    user = User.objects.get(email=PSO)
    response = client.post("/sign-in/code", {"code": totp_code(user)})
    assert response.status_code == 302 and response["Location"] == "/"
    home = client.get("/")
    assert "You are working as coordinator for Newcastle-under-Lyme Partnership" in home.text
    assert AuditEntry.objects.filter(action="sign_in", actor_user=user).count() == 1


def test_wrong_password_is_refused_without_saying_which_part_was_wrong() -> None:
    client = Client()
    response = _password_step(client, password="not the password")
    assert response.status_code == 200
    assert "Enter a correct email address and password" in response.text
    assert AuditEntry.objects.filter(action="sign_in_failed").count() == 1
    assert not client.get("/").wsgi_request.user.is_authenticated


def test_the_password_step_alone_reaches_nothing() -> None:
    client = Client()
    _password_step(client)
    for url in ["/applications", "/account", "/manage/users", "/audit", "/account/switch"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/sign-in"), url


def test_a_code_is_accepted_once() -> None:
    user = User.objects.get(email=PSO)
    code = totp_code(user)
    first = Client()
    _password_step(first)
    assert first.post("/sign-in/code", {"code": code})["Location"] == "/"
    second = Client()
    _password_step(second)
    response = second.post("/sign-in/code", {"code": code})
    assert response.status_code == 200
    assert "has been used" in response.text


def test_repeated_wrong_passwords_lock_the_account() -> None:
    client = Client()
    for _ in range(5):
        _password_step(client, password="wrong password!")
    response = _password_step(client)  # even the right password, now
    assert response.status_code == 429
    assert "locked for 15 minutes" in response.text


def test_too_many_wrong_codes_end_the_sign_in() -> None:
    client = Client()
    _password_step(client)
    for _ in range(5):
        client.post("/sign-in/code", {"code": "000000"})
    assert client.get("/sign-in/code")["Location"] == "/sign-in"


def test_first_sign_in_sets_up_the_authenticator_and_gives_recovery_codes() -> None:
    user = User.objects.create_user(
        email="new@nul.example", password=DEMO_PASSWORD, full_name="New Person"
    )
    client = Client()
    response = _password_step(client, email=user.email)
    assert response["Location"] == "/sign-in/set-up-authenticator"
    page = client.get("/sign-in/set-up-authenticator")
    assert "<svg" in page.text and "Key to enter by hand" in page.text
    wrong = client.post("/sign-in/set-up-authenticator", {"code": "123"})
    assert "There is a problem" in wrong.text
    device = TOTPDevice.objects.get(user=user)
    device.confirmed = True  # only to compute the code the app would show
    device.save()
    code = totp_code(user)
    # The wrong code above started the throttle; a person would simply wait a second.
    TOTPDevice.objects.filter(pk=device.pk).update(
        confirmed=False, throttling_failure_count=0, throttling_failure_timestamp=None
    )
    response = client.post("/sign-in/set-up-authenticator", {"code": code})
    assert response["Location"] == "/account/recovery-codes"
    codes = re.findall(
        r"<code>([0-9a-f]{5}-[0-9a-f]{5})</code>", client.get(response["Location"]).text
    )
    assert len(codes) == 10

    # A recovery code signs in once, then is spent.
    other = Client()
    _password_step(other, email=user.email)
    assert other.post("/sign-in/code", {"code": codes[0]})["Location"] == "/"
    again = Client()
    _password_step(again, email=user.email)
    assert again.post("/sign-in/code", {"code": codes[0]}).status_code == 200


def test_an_unverified_session_is_ended() -> None:
    client = Client()
    client.force_login(User.objects.get(email=PSO))  # logged in, but no second factor
    response = client.get("/applications")
    assert response.status_code == 302 and response["Location"].startswith("/sign-in")
    assert not client.get("/account").wsgi_request.user.is_authenticated


def test_sessions_end_after_twelve_hours_however_active() -> None:
    client = sign_in_client(Client(), User.objects.get(email=PSO))
    session = client.session
    session[SIGNED_IN_AT] = (timezone.now() - timedelta(hours=12, minutes=1)).isoformat()
    session.save()
    assert client.get("/applications")["Location"].startswith("/sign-in")


def test_sign_out_everywhere_ends_other_sessions() -> None:
    user = User.objects.get(email=PSO)
    laptop = sign_in_client(Client(), user)
    phone = sign_in_client(Client(), user)
    laptop.post("/account/sign-out-everywhere")
    assert phone.get("/applications")["Location"].startswith("/sign-in")
    assert laptop.get("/applications")["Location"].startswith("/sign-in")


def test_a_disabled_user_loses_sessions_at_once() -> None:
    user = User.objects.get(email=PSO)
    client = sign_in_client(Client(), user)
    assert client.get("/").status_code == 200
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert client.get("/applications")["Location"].startswith("/sign-in")


def test_password_reset_never_bypasses_mfa() -> None:
    client = Client()
    client.post("/password-reset", {"email": PSO})
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/password-reset/\S+)", mail.outbox[0].body)
    assert link is not None
    form = client.get(link.group(1), follow=True)
    new_password = "a brand new long passphrase"
    response = client.post(
        form.redirect_chain[-1][0], {"new_password1": new_password, "new_password2": new_password}
    )
    assert response["Location"] == "/password-reset/done"
    assert not client.get("/account").wsgi_request.user.is_authenticated
    response = _password_step(client, password=new_password)
    assert response["Location"] == "/sign-in/code"  # the second factor is still required
    reset_totp(User.objects.get(email=PSO))


def test_a_short_or_common_password_is_refused_with_the_field_named() -> None:
    client = Client()
    client.post("/password-reset", {"email": PSO})
    link = re.search(r"http://testserver(/password-reset/\S+)", mail.outbox[0].body)
    assert link is not None
    form = client.get(link.group(1), follow=True)
    response = client.post(
        form.redirect_chain[-1][0], {"new_password1": "password", "new_password2": "password"}
    )
    assert response.status_code == 200
    assert 'href="#id_new_password2"' in response.text
    assert "at least 12 characters" in response.text
    assert User.objects.get(email=PSO).check_password(DEMO_PASSWORD)


def test_the_admin_site_login_is_the_mfa_sign_in() -> None:
    response = Client().get("/system-admin/login/?next=/system-admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in?next=/system-admin/")
