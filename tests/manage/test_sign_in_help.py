"""A partnership administrator helps one of their people back in: resets a lost authenticator
or unlocks an account locked by wrong passwords (after giving their own password and code
again), and keeps the partnership's contact details and letterhead up to date. Each change is
a security event and an audit entry, and the person is emailed."""

import pytest
from builders import case_at
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from casereview.accounts.models import Membership, Role, SecurityEvent, SecurityEventKind, User
from casereview.accounts.sudo import CONFIRMED_AT
from casereview.accounts.throttle import wait_before_next_try
from casereview.core.models import AuditEntry
from casereview.decision.letters import acknowledgement_html
from casereview.devdata.demo.partnerships import DEMO_PASSWORD
from casereview.letters.render import recipient_of
from casereview.partnerships.models import Partnership

pytestmark = pytest.mark.usefixtures("demo")
ADMIN = "admin@nul.example"
PSO = "pso@nul.example"


def _confirmed(client: Client) -> Client:
    session = client.session
    session[CONFIRMED_AT] = timezone.now().isoformat()
    session.save()
    return client


def _pso_page() -> str:
    return reverse("manage:user_edit", args=[Membership.objects.get(user__email=PSO).pk])


def _guess(times: int) -> None:
    """Five wrong passwords from one address (locked out there), the rest from others."""
    for n in range(times):
        Client(REMOTE_ADDR=f"203.0.113.{max(n - 3, 1)}").post(
            "/sign-in", {"email": PSO, "password": "not the password"}
        )


def test_the_reset_asks_the_administrator_to_confirm_it_is_them_first(client_for) -> None:
    admin = client_for(ADMIN)
    response = admin.post(_pso_page() + "/reset-authenticator")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:confirm_identity"))
    assert "next=%2Fmanage%2Fusers%2F" in response["Location"]
    assert TOTPDevice.objects.filter(user__email=PSO).exists()


def test_a_lost_authenticator_is_reset_audited_and_the_person_told(
    client_for, django_capture_on_commit_callbacks
) -> None:
    pso = User.objects.get(email=PSO)
    epoch = pso.session_epoch
    admin = _confirmed(client_for(ADMIN))
    page = admin.get(_pso_page()).content.decode()
    assert "Reset their authenticator" in page and "Not locked" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(_pso_page() + "/reset-authenticator", follow=True)
    assert "authenticator has been reset" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=pso).exists()
    assert not StaticDevice.objects.filter(user=pso).exists()
    pso.refresh_from_db()
    assert pso.session_epoch == epoch + 1  # signed out everywhere
    assert SecurityEvent.objects.filter(
        kind=SecurityEventKind.AUTHENTICATOR_RESET, user=pso
    ).exists()
    entry = AuditEntry.objects.get(object_type="user", object_id=str(pso.pk), action="alter")
    assert entry.actor_label == ADMIN and "reset their authenticator" in entry.purpose
    [told] = [m for m in mail.outbox if m.to == [PSO]]
    assert "reset" in told.subject and "Adam Minter" in told.body
    # Their next sign-in, after the password, sets up a new app.
    signed = Client().post("/sign-in", {"email": PSO, "password": DEMO_PASSWORD})
    assert signed["Location"] == "/sign-in/set-up-authenticator"


def test_a_locked_account_is_unlocked_and_the_guesses_kept(client_for) -> None:
    _guess(12)
    assert wait_before_next_try(PSO) > timezone.timedelta(0)
    guesses = SecurityEvent.objects.filter(kind=SecurityEventKind.WRONG_PASSWORD).count()
    admin = _confirmed(client_for(ADMIN))
    page = admin.get(_pso_page()).content.decode()
    assert "Locked" in page and "locked out from 1 address" in page
    response = admin.post(_pso_page() + "/unlock", follow=True)
    assert "account has been unlocked" in response.content.decode()
    assert wait_before_next_try(PSO) == timezone.timedelta(0)
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.WRONG_PASSWORD).count() == guesses
    ok = Client(REMOTE_ADDR="203.0.113.1").post(
        "/sign-in", {"email": PSO, "password": DEMO_PASSWORD}
    )
    assert ok.status_code == 302 and ok["Location"] == "/sign-in/code"
    assert AuditEntry.objects.filter(purpose__contains="unlocked their account").count() == 1
    assert "Not locked" in admin.get(_pso_page()).content.decode()


def test_not_on_themselves_nor_on_someone_another_body_shares(client_for) -> None:
    admin = _confirmed(client_for(ADMIN))
    own = reverse("manage:user_edit", args=[Membership.objects.get(user__email=ADMIN).pk])
    refused = admin.post(own + "/reset-authenticator", follow=True).content.decode()
    assert "ask another administrator" in refused
    assert TOTPDevice.objects.filter(user__email=ADMIN).exists()
    pso, pso_page = User.objects.get(email=PSO), _pso_page()
    Membership.objects.create(
        user=pso, role=Role.INTAKE, partnership=Partnership.objects.get(slug="stafford")
    )
    shared = admin.post(pso_page + "/reset-authenticator", follow=True).content.decode()
    assert "support team" in shared
    assert TOTPDevice.objects.filter(user=pso).exists()
    assert not AuditEntry.objects.filter(purpose__contains="reset their authenticator")


def test_another_partnerships_administrator_cannot_reach_them(client_for) -> None:
    stafford = Membership.objects.get(user__email="pso@sta.example")
    stafford.role = Role.ADMIN
    stafford.save()
    outsider = _confirmed(client_for("pso@sta.example"))
    assert outsider.post(_pso_page() + "/reset-authenticator").status_code == 404
    assert outsider.post(_pso_page() + "/unlock").status_code == 404


def _details(**overrides: str) -> dict[str, str]:
    return {
        "name": "Newcastle-under-Lyme Community Safety Partnership",
        "contact_name": "ASB Case Review Coordinator",
        "contact_address": "Castle House\nBarracks Road\nNewcastle-under-Lyme ST5 1BL",
        "contact_phone": "01782 000000",
        "contact_email": "asb.reviews@nul.example",
        **overrides,
    }


def test_the_administrator_changes_the_letterhead(client_for) -> None:
    admin = client_for(ADMIN)
    path = reverse("manage:contact_details")
    assert admin.get(path).status_code == 200
    response = admin.post(path, _details())
    assert response.status_code == 302
    partnership = Partnership.objects.get(slug="newcastle-under-lyme")
    assert partnership.contact_address.startswith("Castle House")
    assert partnership.contact_email == "asb.reviews@nul.example"
    entry = AuditEntry.objects.get(object_type="partnership", action="alter")
    assert "contact details changed" in entry.purpose and "contact_address" in entry.purpose
    # The next letter's letterhead says so.
    application = case_at("decided", met=False)
    html = acknowledgement_html(application, application.decision, recipient_of(application))
    assert "Castle House" in html and "asb.reviews@nul.example" in html


def test_bad_contact_details_are_named_and_nothing_is_saved(client_for) -> None:
    before = Partnership.objects.get(slug="newcastle-under-lyme")
    response = client_for(ADMIN).post(
        reverse("manage:contact_details"),
        _details(name="", contact_address=" ", contact_email="a@b.example, c@d.example"),
    )
    page = response.content.decode()
    assert response.status_code == 400 and "There is a problem" in page
    for anchor in ("#id_name", "#id_contact_address", "#id_contact_email"):
        assert f'href="{anchor}"' in page
    after = Partnership.objects.get(slug="newcastle-under-lyme")
    assert (after.name, after.contact_email) == (before.name, before.contact_email)
    assert not AuditEntry.objects.filter(object_type="partnership")
