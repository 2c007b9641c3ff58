"""A partnership admin manages its own users and agencies, and nobody else's."""

import re

import pytest
from django.core import mail

from casereview.accounts.models import Membership, User
from casereview.core.models import AuditEntry
from casereview.partnerships.models import Agency

pytestmark = pytest.mark.usefixtures("demo")
ADMIN = "admin@nul.example"


def test_admin_adds_a_user_who_is_invited_by_email(
    client_for, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(ADMIN).post(
            "/manage/users/add",
            {
                "full_name": "Fiona Fire",
                "email": "fiona@fire.example",
                "role": "partner",
                "agency": Agency.objects.get(
                    partnership__slug="newcastle-under-lyme", slug="fire"
                ).pk,
            },
        )
    assert response.status_code == 302
    membership = Membership.objects.get(user__email="fiona@fire.example")
    assert membership.role == "partner" and membership.agency.slug == "fire"
    assert not membership.user.has_usable_password()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["fiona@fire.example"]
    assert re.search(r"/password-reset/\S+", mail.outbox[0].body)
    assert AuditEntry.objects.filter(action="collect", object_type="user").exists()


def test_a_partner_without_an_agency_is_refused_and_nothing_is_saved(client_for) -> None:
    response = client_for(ADMIN).post(
        "/manage/users/add",
        {
            "full_name": "No Agency",
            "email": "no.agency@example.org",
            "role": "partner",
        },
    )
    assert response.status_code == 200
    assert 'href="#id_agency"' in response.text
    assert "Select the agency of a partner agency officer" in response.text
    assert not User.objects.filter(email="no.agency@example.org").exists()
    assert mail.outbox == []


def test_removing_the_last_role_disables_the_person(client_for) -> None:
    housing = Membership.objects.get(user__email="housing@nul.example")
    response = client_for(ADMIN).post(f"/manage/users/{housing.pk}", {"action": "remove"})
    assert response.status_code == 302
    housing.refresh_from_db()
    assert not housing.active and not housing.user.is_active


def test_admin_changes_a_role(client_for) -> None:
    intake = Membership.objects.get(user__email="intake@nul.example")
    client_for(ADMIN).post(f"/manage/users/{intake.pk}", {"role": "coordinator", "agency": ""})
    intake.refresh_from_db()
    assert intake.role == "coordinator"


def test_another_partnerships_people_are_not_found(client_for) -> None:
    stafford = Membership.objects.get(user__email="pso@sta.example")
    client = client_for(ADMIN)
    assert client.get(f"/manage/users/{stafford.pk}").status_code == 404
    assert client.post(f"/manage/users/{stafford.pk}", {"action": "remove"}).status_code == 404
    assert "pso@sta.example" not in client.get("/manage/users").text
    stafford.refresh_from_db()
    assert stafford.active


def test_admin_adds_an_agency_and_bad_input_names_the_field(client_for) -> None:
    client = client_for(ADMIN)
    bad = client.post(
        "/manage/agencies/add",
        {
            "name": "",
            "slug": "police",
            "kind": "housing",
            "relevant_body": "yes",
            "contact_email": "not-an-email",
        },
    )
    assert bad.status_code == 200
    for anchor in ("id_name", "id_slug", "id_contact_email"):
        assert f'href="#{anchor}"' in bad.text
    assert Agency.objects.filter(partnership__slug="newcastle-under-lyme").count() == 5
    good = client.post(
        "/manage/agencies/add",
        {
            "name": "Newcastle Housing Trust",
            "slug": "nht",
            "kind": "housing",
            "relevant_body": "yes",
            "contact_email": "asb@nht.example",
            "active": "on",
        },
    )
    assert good.status_code == 302
    agency = Agency.objects.get(slug="nht")
    assert agency.relevant_body and agency.partnership.slug == "newcastle-under-lyme"


def test_another_partnerships_agency_is_not_found(client_for) -> None:
    response = client_for("admin@nul.example").get("/manage/agencies/police/change")
    assert response.status_code == 200
    assert "Newcastle-under-Lyme" in response.text
    assert "Stafford Borough Council" not in client_for(ADMIN).get("/manage/agencies").text


def test_other_roles_are_refused_and_the_refusal_is_audited(client_for) -> None:
    for email in ("pso@nul.example", "chair@nul.example", "police@nul.example", "dpo@nul.example"):
        assert client_for(email).get("/manage/users").status_code == 403, email
    assert AuditEntry.objects.filter(action="permission_denied").count() == 4


TWO_ADDRESSES = '"fiona@fire.example,attacker"@evil.example'


def test_an_invitation_goes_to_one_address_only(client_for, membership) -> None:
    from django.test import RequestFactory

    from casereview.accounts.staff import staff_member_add
    from casereview.core.errors import InvalidInput

    response = client_for(ADMIN).post(
        "/manage/users/add",
        {"full_name": "Fiona Fire", "email": TWO_ADDRESSES, "role": "coordinator"},
    )
    assert response.status_code == 200 and 'href="#id_email"' in response.text
    with pytest.raises(InvalidInput) as refused:
        staff_member_add(
            request=RequestFactory().post("/manage/users/add"),
            admin=membership(ADMIN),
            email="fiona@fire.example, attacker@evil.example",
            full_name="Fiona Fire",
            role="coordinator",
            agency=None,
        )
    assert [e.field for e in refused.value.errors] == ["email"]
    assert not User.objects.filter(full_name="Fiona Fire").exists() and mail.outbox == []


def test_an_agency_is_reached_at_one_address_only(client_for) -> None:
    from casereview.core.audit import Actor
    from casereview.core.errors import InvalidInput
    from casereview.partnerships.services import agency_save

    response = client_for(ADMIN).post(
        "/manage/agencies/add",
        {
            "name": "Newcastle Housing Trust",
            "slug": "nht",
            "kind": "housing",
            "relevant_body": "yes",
            "contact_email": TWO_ADDRESSES,
        },
    )
    assert response.status_code == 200 and 'href="#id_contact_email"' in response.text
    police = Agency.objects.get(partnership__slug="newcastle-under-lyme", slug="police")
    police.contact_email = "asb@police.example, attacker@evil.example"
    with pytest.raises(InvalidInput):
        agency_save(agency=police, actor=Actor.system("test"))
    assert not Agency.objects.filter(slug="nht").exists()
    assert "attacker" not in Agency.objects.get(pk=police.pk).contact_email


def test_a_partnership_is_created_with_one_contact_address(demo) -> None:
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="--contact-email must be one email address"):
        call_command(
            "partnership_create",
            "--name=Leek",
            "--slug=leek",
            "--prefix=LEK",
            "--contact-name=ASB team",
            "--contact-email=asb@leek.example, attacker@evil.example",
            "--appeals-body=pfcc",
            "--admin-email=admin@leek.example",
            "--admin-name=Lee Admin",
        )
