"""A possible duplicate names only applications the user may open (the case page's own
scope); of any other they are told only that one exists, and to ask the coordinator."""

from datetime import date

import pytest
from builders import api_body, case_at

from casereview.applications.models import Application
from casereview.core.dates import local_today
from casereview.reviews.models import PartnerRequest


def _date(prefix: str, d: date) -> dict[str, str]:
    return {
        f"{prefix}_day": str(d.day),
        f"{prefix}_month": str(d.month),
        f"{prefix}_year": str(d.year),
    }


# The question pages, answered for the victim of `api_body()`.
STEPS = {
    "received": {"channel": "phone", **_date("received", local_today())},
    "applicant": {"applicant_type": "individual"},
    "victim": {
        "victim_name": "Robin Victim",
        "victim_postcode": "st5 1ab",
        "victim_email": "robin@example.org",
    },
    "contact": {"contact_preference": "email"},
    "advocate": {"has_advocate": "no"},
    "description": {"description": "Stones thrown at the windows."},
    "consent": {"consent_to_share": "True"},
}


@pytest.fixture
def two_cases(demo):
    """Two open applications for Robin Victim: the police were asked about the second only."""
    hidden = case_at("asked", asked=["council"])
    shown = case_at("asked", asked=["police"])
    return hidden, shown


def test_a_partner_sees_only_the_duplicates_they_may_open(api, two_cases) -> None:
    hidden, shown = two_cases
    police = api("police@nul.example")
    answer = police("get", f"/applications/{shown.reference}").json()
    assert answer["flags"]["possible_duplicate"] is True
    assert answer["flags"]["possible_duplicate_of"] == []
    listed = police("get", "/applications").json()["items"]
    assert [a["reference"] for a in listed] == [shown.reference]
    assert listed[0]["possible_duplicate"] is True
    assert hidden.reference not in str(listed)


def test_a_partner_asked_about_both_sees_both(api, two_cases) -> None:
    hidden, shown = two_cases
    PartnerRequest.objects.create(
        application=hidden,
        partnership_id=hidden.partnership_id,
        agency=shown.partner_requests.get().agency,
        due=hidden.conclusion_due,
        requested_by=hidden.recorded_by,
    )
    answer = api("police@nul.example")("get", f"/applications/{shown.reference}").json()
    assert answer["flags"]["possible_duplicate_of"] == [hidden.reference]


def test_the_coordinator_sees_every_duplicate(api, two_cases) -> None:
    hidden, shown = two_cases
    answer = api("pso@nul.example")("get", f"/applications/{shown.reference}").json()
    assert answer["flags"]["possible_duplicate"] is True
    assert answer["flags"]["possible_duplicate_of"] == [hidden.reference]


def test_the_case_page_names_no_case_the_partner_cannot_open(client_for, two_cases) -> None:
    hidden, shown = two_cases
    page = client_for("police@nul.example").get(f"/applications/{shown.reference}", follow=True)
    assert page.status_code == 200
    assert hidden.reference not in page.content.decode()


def test_intake_is_told_of_a_duplicate_without_its_reference(client_for, api, demo) -> None:
    """Intake officers open only what they recorded: a colleague's case stays unnamed."""
    response = api("pso@nul.example")("post", "/applications", api_body())
    assert response.status_code == 201
    existing = Application.objects.get()
    intake = client_for("intake@nul.example")
    intake.post("/applications/new")
    for step, data in STEPS.items():
        assert intake.post(f"/applications/new/{step}", data).status_code == 302
    check = intake.get("/applications/new/check").content.decode()
    assert existing.reference not in check
    assert "A possible duplicate exists" in check
    assert "/api/v1" not in check


def test_the_schema_documents_the_flag(client) -> None:
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]["FlagsOut"]
    assert "possible_duplicate" in schema["required"]
    assert "may open" in schema["properties"]["possible_duplicate_of"]["description"]
