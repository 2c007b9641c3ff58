"""Limits on what a request may hold (casereview.core.limits): every input that used to reach
a server error, or a response too big to serve, is refused with a 4xx naming the field, on
the page and in the API alike. Run on PostgreSQL too: it refuses over-long strings itself."""

from datetime import date
from typing import Any

import pytest
from builders import api_body
from helpers import problem_fields

from casereview.applications.draft import SESSION_KEY
from casereview.applications.models import Application
from casereview.core import limits
from casereview.core.dates import local_today


def _refused(api: Any, body: dict[str, Any]) -> list[str]:
    response = api("post", "/applications", body)
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert not Application.objects.exists()
    return problem_fields(response)


def _victim(**changes: Any) -> dict[str, Any]:
    return {**api_body()["victim"], **changes}


def _advocate(**changes: Any) -> dict[str, Any]:
    return {**api_body()["advocate"], **changes}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        pytest.param({"received": "0001-01-01"}, "received", id="received-in-year-1"),
        pytest.param({"received": "2014-10-19"}, "received", id="received-before-the-act"),
        pytest.param({"received": "9999-12-31"}, "received", id="received-in-9999"),
        pytest.param(
            {"victim": _victim(interpreter_language="x" * (limits.INTERPRETER_LANGUAGE + 1))},
            "victim.interpreter_language",
            id="interpreter-language",
        ),
        pytest.param(
            {"victim": _victim(named_contact="x" * (limits.NAMED_CONTACT + 1))},
            "victim.named_contact",
            id="named-contact",
        ),
        pytest.param(
            {"victim": _victim(address="x" * (limits.ADDRESS + 1))},
            "victim.address",
            id="victim-address",
        ),
        pytest.param(
            {"victim": _victim(support_needs="x" * (limits.SUPPORT_NEEDS + 1))},
            "victim.support_needs",
            id="support-needs",
        ),
        pytest.param(
            {"advocate": _advocate(organisation="x" * (limits.ORGANISATION + 1))},
            "advocate.organisation",
            id="advocate-organisation",
        ),
        pytest.param(
            {"advocate": _advocate(relationship="x" * (limits.RELATIONSHIP + 1))},
            "advocate.relationship",
            id="advocate-relationship",
        ),
        pytest.param(
            {"description": "x" * (limits.DESCRIPTION + 1)}, "description", id="description"
        ),
        pytest.param({"impact": "x" * (limits.IMPACT + 1)}, "impact", id="impact"),
    ],
)
def test_the_api_refuses_what_a_request_cannot_hold(api, body, field) -> None:
    assert field in _refused(api("pso@nul.example"), api_body(**body))


def test_the_api_refuses_more_than_the_most_complaints(api) -> None:
    one = api_body()["complaints"][0]
    many = [{**one, "id": f"c{i}"} for i in range(1, limits.COMPLAINTS_MAX + 2)]
    assert "complaints" in _refused(api("pso@nul.example"), api_body(complaints=many))


def test_the_most_complaints_are_accepted(api) -> None:
    one = {**api_body()["complaints"][0], "same_incident_as": None}
    most = [{**one, "id": f"c{i}"} for i in range(1, limits.COMPLAINTS_MAX + 1)]
    response = api("pso@nul.example")("post", "/applications", api_body(complaints=most))
    assert response.status_code == 201, response.content


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"behaviour_date": "0001-01-01", "reported_date": "0001-01-02"}, "behaviour_date"),
        ({"summary": "x" * (limits.COMPLAINT_SUMMARY + 1)}, "summary"),
        ({"agency": "x" * (limits.AGENCY_SLUG + 1)}, "agency"),
    ],
)
def test_the_api_refuses_a_complaint_out_of_bounds(api, change, field) -> None:
    complaints = api_body()["complaints"]
    complaints[0] = {**complaints[0], **change}
    fields = _refused(api("pso@nul.example"), api_body(complaints=complaints))
    assert f"complaints.0.{field}" in fields or f"complaints[0].{field}" in fields


def test_the_schema_publishes_the_limits(client) -> None:
    document = client.get("/api/v1/openapi.json").json()
    schemas = document["components"]["schemas"]
    assert schemas["VictimIn"]["properties"]["interpreter_language"]["maxLength"] == (
        limits.INTERPRETER_LANGUAGE
    )
    assert schemas["AdvocateIn"]["properties"]["organisation"]["maxLength"] == limits.ORGANISATION
    assert schemas["ApplicationIn"]["properties"]["complaints"]["maxItems"] == (
        limits.COMPLAINTS_MAX
    )
    assert schemas["ContributionIn"]["properties"]["involvement"]["maxItems"] == (
        limits.INVOLVEMENT_MAX
    )
    assert schemas["MinutesIn"]["properties"]["actions"]["maxItems"] == limits.ACTIONS_MAX


def _date(prefix: str, d: date) -> dict[str, str]:
    return {
        f"{prefix}_day": str(d.day),
        f"{prefix}_month": str(d.month),
        f"{prefix}_year": str(d.year),
    }


@pytest.mark.parametrize(
    ("year", "message"),
    [
        ("0001", "on or after 20 October 2014"),
        ("2013", "on or after 20 October 2014"),
        ("9999", "today or in the past"),
    ],
)
def test_the_page_refuses_a_date_received_out_of_bounds(client_for, year, message) -> None:
    pso = client_for("pso@nul.example")
    pso.post("/applications/new")
    response = pso.post(
        "/applications/new/received",
        {"channel": "phone", "received_day": "1", "received_month": "1", "received_year": year},
    )
    assert response.status_code == 400
    assert message in response.content.decode()


def test_the_page_refuses_a_complaint_from_before_the_act(client_for) -> None:
    pso = client_for("pso@nul.example")
    pso.post("/applications/new")
    pso.post(
        "/applications/new/received",
        {"channel": "phone", **_date("received", local_today())},
    )
    response = pso.post(
        "/applications/new/complaints/add",
        {
            **_date("behaviour_date", date(2013, 1, 1)),
            **_date("reported_date", date(2013, 1, 2)),
            "agency": "police",
        },
    )
    assert response.status_code == 400
    assert "Date of the behaviour must be on or after 20 October 2014" in response.content.decode()


def test_the_page_stops_adding_complaints_at_the_most(client_for) -> None:
    pso = client_for("pso@nul.example")
    pso.post("/applications/new")
    pso.post("/applications/new/received", {"channel": "phone", **_date("received", local_today())})
    session = pso.session
    one = {
        "key": "c1",
        "behaviour_date": local_today().isoformat(),
        "reported_date": local_today().isoformat(),
        "agency": "police",
        "reference": "",
        "summary": "",
        "hate": False,
        "reporter": "applicant",
        "same_incident_as": None,
    }
    key = SESSION_KEY
    data = session[key]
    data["complaints"] = [{**one, "key": f"c{i}"} for i in range(1, limits.COMPLAINTS_MAX + 1)]
    session[key] = data
    session.save()
    response = pso.post(
        "/applications/new/complaints/add",
        {
            **_date("behaviour_date", local_today()),
            **_date("reported_date", local_today()),
            "agency": "police",
        },
    )
    assert response.status_code == 400
    assert f"There can be at most {limits.COMPLAINTS_MAX} complaints" in response.content.decode()


def test_the_page_refuses_an_over_long_interpreter_language(client_for) -> None:
    pso = client_for("pso@nul.example")
    pso.post("/applications/new")
    response = pso.post(
        "/applications/new/contact",
        {"contact_preference": "email", "interpreter_language": "x" * 101},
    )
    assert response.status_code == 400
    assert "at most 100 characters" in response.content.decode()
