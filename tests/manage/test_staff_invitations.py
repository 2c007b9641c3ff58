"""A partnership admin gives roles in their own partnership only: someone who works (or
worked) for another partnership is invited and must accept; an admin never makes themselves
auditor; and an admin re-enables only an account their own partnership disabled."""

import re
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from casereview.accounts.models import Membership, Role, StaffInvitation, User
from casereview.core.models import AuditEntry
from casereview.partnerships.models import Partnership

pytestmark = pytest.mark.usefixtures("demo")
ADMIN = "admin@nul.example"
OUTSIDER = "pso@sta.example"  # Stafford's coordinator
NEWCASTLE = "newcastle-under-lyme"


def _add(client: Client, email: str, role: str, full_name: str = "Someone", **more: str) -> object:
    return client.post(
        "/manage/users/add", {"full_name": full_name, "email": email, "role": role, **more}
    )


def _newcastle_roles(email: str) -> list[Membership]:
    return list(Membership.objects.filter(user__email=email, partnership__slug=NEWCASTLE))


def _invite(client_for: Callable[[str], Client], capture: object) -> str:
    """The admin adds Stafford's coordinator as intake; returns the emailed link's path."""
    with capture(execute=True):  # type: ignore[operator]
        response = _add(client_for(ADMIN), OUTSIDER, "intake", full_name="Sam Taylor")
    assert response.status_code == 302  # type: ignore[attr-defined]
    [message] = [m for m in mail.outbox if m.to == [OUTSIDER]]
    match = re.search(r"https?://[^/\s]+(/account/invitations/\d+)", message.body)
    assert match, message.body
    return match.group(1)


def test_someone_from_another_partnership_is_invited_and_nothing_is_attached(
    client_for: Callable[[str], Client], django_capture_on_commit_callbacks: object
) -> None:
    _invite(client_for, django_capture_on_commit_callbacks)
    assert _newcastle_roles(OUTSIDER) == []
    user = User.objects.get(email=OUTSIDER)
    assert [m.partnership.slug for m in Membership.objects.filter(user=user)] == ["stafford"]
    users_page = client_for(ADMIN).get("/manage/users").content.decode()
    assert OUTSIDER in users_page and "Invited" in users_page
    invitation = StaffInvitation.objects.get(user=user)
    assert AuditEntry.objects.filter(
        object_type="staff_invitation",
        object_id=str(invitation.pk),
        action="collect",
        partnership__slug=NEWCASTLE,
    ).exists()


def test_the_invited_person_accepts_on_the_page_the_email_links_to(
    client_for: Callable[[str], Client], django_capture_on_commit_callbacks: object
) -> None:
    link = _invite(client_for, django_capture_on_commit_callbacks)
    invitee = client_for(OUTSIDER)
    page = invitee.get(link)
    assert page.status_code == 200
    assert "Newcastle" in page.content.decode() and "Intake" in page.content.decode()
    unanswered = invitee.post(link, {})
    assert unanswered.status_code == 400
    assert "There is a problem" in unanswered.content.decode()
    assert 'href="#id_accept' in unanswered.content.decode()
    assert _newcastle_roles(OUTSIDER) == []
    assert invitee.post(link, {"accept": "yes"}).status_code == 302
    [role] = _newcastle_roles(OUTSIDER)
    assert role.active and role.role == Role.INTAKE
    accepted = AuditEntry.objects.get(object_type="staff_invitation", action="alter")
    assert accepted.actor_label == OUTSIDER and accepted.partnership.slug == NEWCASTLE
    assert "accepted" in accepted.purpose
    # Once answered it cannot be answered again, and the admin's list shows the role instead.
    assert invitee.post(link, {"accept": "no"}).status_code in (200, 302)
    assert _newcastle_roles(OUTSIDER)[0].active
    assert "Invited" not in client_for(ADMIN).get("/manage/users").content.decode()


def test_declining_attaches_nothing_and_is_audited(
    client_for: Callable[[str], Client], django_capture_on_commit_callbacks: object
) -> None:
    link = _invite(client_for, django_capture_on_commit_callbacks)
    invitee = client_for(OUTSIDER)
    assert invitee.post(link, {"accept": "no"}).status_code == 302
    assert _newcastle_roles(OUTSIDER) == []
    declined = AuditEntry.objects.get(object_type="staff_invitation", action="alter")
    assert "declined" in declined.purpose and declined.partnership.slug == NEWCASTLE
    assert invitee.post(link, {"accept": "yes"}).status_code in (200, 302)
    assert _newcastle_roles(OUTSIDER) == []


def test_only_the_invited_person_can_open_the_invitation(
    client_for: Callable[[str], Client], django_capture_on_commit_callbacks: object
) -> None:
    link = _invite(client_for, django_capture_on_commit_callbacks)
    for email in (ADMIN, "chair@sta.example", "dpo@nul.example"):
        client = client_for(email)
        assert client.get(link).status_code == 404, email
        assert client.post(link, {"accept": "yes"}).status_code == 404, email
    assert Client().get(link).status_code == 302  # to sign in
    assert _newcastle_roles(OUTSIDER) == []


def test_an_invitation_expires_after_seven_days(
    client_for: Callable[[str], Client], django_capture_on_commit_callbacks: object
) -> None:
    link = _invite(client_for, django_capture_on_commit_callbacks)
    invitation = StaffInvitation.objects.get()
    assert invitation.expires_at - invitation.created == timedelta(days=7)
    StaffInvitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    invitee = client_for(OUTSIDER)
    assert "expired" in invitee.get(link).content.decode()
    invitee.post(link, {"accept": "yes"})
    assert _newcastle_roles(OUTSIDER) == []
    assert OUTSIDER not in client_for(ADMIN).get("/manage/users").content.decode()


def test_a_former_member_of_another_partnership_is_invited_too(
    client_for: Callable[[str], Client], django_capture_on_commit_callbacks: object
) -> None:
    """An inactive role elsewhere still makes them someone else's: they must consent."""
    Membership.objects.filter(user__email="chair@sta.example").update(active=False)
    with django_capture_on_commit_callbacks(execute=True):
        response = _add(client_for(ADMIN), "chair@sta.example", "chair")
    assert response.status_code == 302
    assert _newcastle_roles("chair@sta.example") == []
    assert StaffInvitation.objects.filter(user__email="chair@sta.example").exists()


def test_the_reported_route_to_another_partnerships_cases_is_closed(
    client_for: Callable[[str], Client], django_capture_on_commit_callbacks: object
) -> None:
    """Add Stafford's coordinator as intake, make yourself auditor, read their log."""
    admin = client_for(ADMIN)
    with django_capture_on_commit_callbacks(execute=True):
        _add(admin, OUTSIDER, "intake")
    assert _newcastle_roles(OUTSIDER) == []
    refused = _add(admin, ADMIN, "auditor", full_name="Adam Minter")
    assert refused.status_code == 200
    assert "You cannot give yourself the auditor role" in refused.content.decode()
    assert 'href="#id_role' in refused.content.decode()
    assert [m.role for m in _newcastle_roles(ADMIN)] == [Role.ADMIN]


def test_an_admin_cannot_change_their_own_role_to_auditor(
    client_for: Callable[[str], Client],
) -> None:
    [own] = _newcastle_roles(ADMIN)
    response = client_for(ADMIN).post(f"/manage/users/{own.pk}", {"role": "auditor", "agency": ""})
    assert response.status_code == 200
    assert "You cannot give yourself the auditor role" in response.content.decode()
    assert 'href="#id_role' in response.content.decode()
    own.refresh_from_db()
    assert own.role == Role.ADMIN


def test_another_admin_may_make_an_admin_auditor(client_for: Callable[[str], Client]) -> None:
    newcastle = Partnership.objects.get(slug=NEWCASTLE)
    second = Membership.objects.create(
        user=User.objects.get(email="chair@nul.example"), partnership=newcastle, role=Role.ADMIN
    )
    chair = client_for("chair@nul.example")
    chair.post("/account/switch", {"membership": second.pk})
    assert _add(chair, ADMIN, "auditor", full_name="Adam Minter").status_code == 302
    assert {m.role for m in _newcastle_roles(ADMIN)} == {Role.ADMIN, Role.AUDITOR}


# --- who may re-enable an account ----------------------------------------------------------


def test_re_adding_someone_this_partnership_removed_enables_them_again(
    client_for: Callable[[str], Client],
) -> None:
    admin = client_for(ADMIN)
    housing = Membership.objects.get(user__email="housing@nul.example")
    admin.post(f"/manage/users/{housing.pk}", {"action": "remove"})
    assert not User.objects.get(email="housing@nul.example").is_active
    response = _add(admin, "housing@nul.example", "partner", agency=str(housing.agency_id))
    assert response.status_code == 302
    housing.refresh_from_db()
    assert housing.active and housing.user.is_active


def test_an_account_the_system_administrator_disabled_stays_disabled(
    client_for: Callable[[str], Client],
) -> None:
    admin = client_for(ADMIN)
    housing = Membership.objects.get(user__email="housing@nul.example")
    admin.post(f"/manage/users/{housing.pk}", {"action": "remove"})
    # The system administrator then disables the account for a reason of their own (a full
    # save, as the admin site or the shell does).
    user = User.objects.get(email="housing@nul.example")
    user.is_active = True
    user.save()
    user.is_active = False
    user.save()
    response = _add(admin, "housing@nul.example", "partner", agency=str(housing.agency_id))
    assert response.status_code == 200
    assert "disabled by the system administrator" in response.content.decode()
    assert 'href="#id_email' in response.content.decode()
    housing.refresh_from_db()
    assert not housing.active and not housing.user.is_active


def test_an_account_disabled_when_it_left_another_partnership_stays_disabled(
    client_for: Callable[[str], Client], django_capture_on_commit_callbacks: object
) -> None:
    """Stafford removed its chair's only role (so the account was disabled): Newcastle can
    only invite them, and the account stays disabled."""
    stafford = Partnership.objects.get(slug="stafford")
    stafford_admin = Membership.objects.create(
        user=User.objects.get(email=OUTSIDER), partnership=stafford, role=Role.ADMIN
    )
    client = client_for(OUTSIDER)
    client.post("/account/switch", {"membership": stafford_admin.pk})
    chair = Membership.objects.get(user__email="chair@sta.example")
    assert client.post(f"/manage/users/{chair.pk}", {"action": "remove"}).status_code == 302
    assert not User.objects.get(email="chair@sta.example").is_active
    with django_capture_on_commit_callbacks(execute=True):
        _add(client_for(ADMIN), "chair@sta.example", "chair")
    assert not User.objects.get(email="chair@sta.example").is_active
    assert not Membership.objects.filter(user__email="chair@sta.example", active=True).exists()


def test_removing_the_role_of_an_account_already_disabled_does_not_let_the_admin_enable_it(
    client_for: Callable[[str], Client],
) -> None:
    """The system administrator disabled the account while it still had its role; taking
    the role away afterwards must not make it this partnership's to enable again."""
    user = User.objects.get(email="housing@nul.example")
    user.is_active = False
    user.save()
    admin = client_for(ADMIN)
    housing = Membership.objects.get(user=user)
    assert admin.post(f"/manage/users/{housing.pk}", {"action": "remove"}).status_code == 302
    response = _add(admin, "housing@nul.example", "partner", agency=str(housing.agency_id))
    assert "disabled by the system administrator" in response.content.decode()
    assert not User.objects.get(email="housing@nul.example").is_active
