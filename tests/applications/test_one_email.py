"""Every address the product will email is exactly one address: two addresses in one field
would make the mail server refuse the message (stopping the scheduled job) or copy a
victim's letter to a stranger."""

import pytest
from builders import api_body, application_input
from django.test import Client

from casereview.applications.intake import AdvocateInput, VictimInput
from casereview.applications.models import Application
from casereview.applications.services import application_record
from casereview.core.emails import is_one_email
from casereview.core.errors import InvalidInput

TWO = "victim@example.org, attacker@evil.example"
NOT_ONE = [
    TWO,
    "victim@example.org;attacker@evil.example",
    "Victim <victim@example.org>",
    '"victim@example.org,attacker"@evil.example',  # legal quoted local part, refused
    "victim@example.org\nBcc: attacker@evil.example",
    "victim@example.org attacker@evil.example",
    "victim@@example.org",
    "not-an-email",
]


@pytest.mark.parametrize("value", NOT_ONE)
def test_only_one_plain_address_passes(value: str) -> None:
    assert not is_one_email(value)


@pytest.mark.parametrize("value", ["robin@example.org", "o'neil+asb@council.gov.uk"])
def test_ordinary_addresses_pass(value: str) -> None:
    assert is_one_email(value)


@pytest.mark.parametrize("value", NOT_ONE[:5])
def test_the_api_refuses_two_addresses_for_the_victim_and_the_advocate(api, value) -> None:
    call = api("pso@nul.example")
    body = api_body()
    body["victim"]["email"] = value
    body["advocate"]["email"] = value
    response = call("post", "/applications", body)
    assert response.status_code == 422, response.content
    fields = {e["field"] for e in response.json()["errors"]}
    assert {"victim.email", "advocate.email"} <= fields
    assert not Application.objects.exists()


def test_the_intake_rules_refuse_it_whoever_records(membership) -> None:
    victim = VictimInput(name="Robin", postcode="ST5 1AB", contact_preference="email", email=TWO)
    with pytest.raises(InvalidInput) as refused:
        application_record(
            membership=membership("pso@nul.example"),
            data=application_input(victim=victim, advocate=None),
        )
    assert [e.field for e in refused.value.errors] == ["victim.email"]
    advocate = AdvocateInput(name="Ada", victim_consent=True, email=TWO)
    with pytest.raises(InvalidInput) as refused:
        application_record(
            membership=membership("pso@nul.example"), data=application_input(advocate=advocate)
        )
    assert [e.field for e in refused.value.errors] == ["advocate.email"]


def test_the_online_form_refuses_two_addresses(demo) -> None:
    client = Client()
    client.post("/apply")
    for step, data in [
        ("partnership", {"partnership": "newcastle-under-lyme"}),
        ("who", {"has_advocate": "no"}),
        ("applicant", {"applicant_type": "individual"}),
    ]:
        assert client.post(f"/apply/{step}", data).status_code == 302
    response = client.post(
        "/apply/victim",
        {
            "victim_name": "Val Victim",
            "victim_postcode": "ST5 1AB",
            "victim_email": '"val@example.org,attacker"@evil.example',
            "victim_address": "4 Road",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'href="#id_victim_email"' in page and "Enter an email address" in page
