"""The applications API (API.md): record, list, read, decide, fetch the letter."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from builders import api_body
from django.core import mail
from django.test import Client
from helpers import problem_fields

from casereview.applications.models import Application
from casereview.core.dates import local_today
from casereview.core.models import AuditEntry

Api = Callable[..., Any]


def test_record_then_decide_then_fetch_the_letter(api, django_capture_on_commit_callbacks) -> None:
    pso = api("pso@nul.example")
    response = pso("post", "/applications", api_body())
    assert response.status_code == 201, response.content
    assert (
        response["Cache-Control"].startswith("no-store") or "no-store" in response["Cache-Control"]
    )
    created = response.json()
    reference = created["reference"]
    assert reference == f"NUL-{local_today().year}-0001"
    assert created["status"] == "received"
    assert created["partnership"] == "newcastle-under-lyme"
    assert created["threshold"]["met"] is False
    assert created["threshold"]["qualifying"] == ["c1", "c3"]
    assert created["threshold"]["excluded"] == [
        {"id": "c2", "reason": "reported_late"},
        {"id": "c4", "reason": "same_incident"},
    ]
    assert created["decision"] is None and created["letters"] == []
    assert (
        created["deadlines"]["conclusion_due"] == (local_today() + timedelta(days=28)).isoformat()
    )

    chair = api("chair@nul.example")
    decision = {
        "threshold_met": True,
        "rationale": "Persistent, escalating harm to a vulnerable victim.",
        "review_date": (local_today() + timedelta(days=21)).isoformat(),
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = chair("post", f"/applications/{reference}/decision", decision)
    assert response.status_code == 200, response.content
    decided = response.json()
    assert decided["status"] == "threshold_met"
    assert decided["decision"]["threshold_met"] is True
    assert decided["decision"]["follows_recommendation"] is False
    (letter,) = decided["letters"]
    assert letter["kind"] == "acknowledgement"
    (message,) = mail.outbox
    assert message.to == ["ada@example.org"]

    pdf = chair("get", f"/letters/{letter['id']}", Accept="application/json")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")

    again = chair("post", f"/applications/{reference}/decision", {"threshold_met": False})
    assert again.status_code == 409
    assert again["Content-Type"] == "application/problem+json"
    assert chair("get", f"/applications/{reference}").json()["status"] == "threshold_met"


def _refused(api: Api, body: dict[str, Any]) -> list[str]:
    response = api("post", "/applications", body)
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert not Application.objects.exists()
    return problem_fields(response)


def _complaints(**changes: Any) -> list[dict[str, Any]]:
    complaints = api_body()["complaints"]
    complaints[0].update(changes)
    return complaints


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"received": (local_today() + timedelta(days=1)).isoformat()}, "received"),
        ({"victim": None}, "victim"),
        ({"channel": "pigeon"}, "channel"),
        ({"applicant_type": "anonymous"}, "applicant_type"),
        ({"description": ""}, "description"),
        (
            {"advocate": {"name": "Ada", "victim_consent": False, "email": "a@b.org"}},
            "advocate.victim_consent",
        ),
        ({"complaints": _complaints(agency="residents-association")}, "complaints[0].agency"),
        ({"complaints": _complaints(behaviour_date="2026-02-30")}, "complaints.0.behaviour_date"),
        ({"complaints": _complaints(reported_date=None)}, "complaints.0.reported_date"),
        ({"complaints": _complaints(reported_date="2020-01-01")}, "complaints[0].reported_date"),
        (
            {
                "complaints": _complaints(
                    reported_date=(local_today() + timedelta(days=1)).isoformat()
                )
            },
            "complaints[0].reported_date",
        ),
        ({"complaints": _complaints(id="c2")}, "complaints[1].id"),
        ({"complaints": _complaints(same_incident_as="c9")}, "complaints[0].same_incident_as"),
        ({"complaints": _complaints(same_incident_as="c1")}, "complaints[0].same_incident_as"),
    ],
)
def test_invalid_requests_name_the_field_and_save_nothing(api, body, field) -> None:
    fields = _refused(api("pso@nul.example"), api_body(**body))
    assert any(f == field or f.startswith(f"{field}.") for f in fields), fields


def test_roles_and_partnerships(api) -> None:
    reference = api("pso@nul.example")("post", "/applications", api_body()).json()["reference"]
    assert api("police@nul.example")("post", "/applications", api_body()).status_code == 403
    assert api("pso@sta.example")("get", f"/applications/{reference}").status_code == 404
    assert (
        api("pso@nul.example")(
            "post", f"/applications/{reference}/decision", {"threshold_met": False}
        ).status_code
        == 403
    )
    assert (
        api("chair@sta.example")(
            "post", f"/applications/{reference}/decision", {"threshold_met": False}
        ).status_code
        == 404
    )
    listing = api("chair@nul.example")("get", "/applications?status=received").json()
    assert listing["count"] == 1 and listing["items"][0]["reference"] == reference
    assert api("chair@sta.example")("get", "/applications").json() == {"count": 0, "items": []}
    assert api("intake@nul.example")("get", "/applications").json()["count"] == 0


def test_a_retry_with_the_same_key_changes_nothing_more(api) -> None:
    pso = api("pso@nul.example")
    first = pso("post", "/applications", api_body(), **{"Idempotency-Key": "call-101-0001"})
    retry = pso("post", "/applications", api_body(), **{"Idempotency-Key": "call-101-0001"})
    assert first.status_code == retry.status_code == 201
    assert retry.content == first.content and retry["Idempotent-Replayed"] == "true"
    assert Application.objects.count() == 1
    different = pso(
        "post",
        "/applications",
        api_body(description="Other"),
        **{"Idempotency-Key": "call-101-0001"},
    )
    assert different.status_code == 422
    assert problem_fields(different) == ["Idempotency-Key"]
    # Keys belong to a user: another user's identical key is a new request.
    other = api("chair@nul.example")(
        "post", "/applications", api_body(), **{"Idempotency-Key": "call-101-0001"}
    )
    assert other.status_code == 201
    assert Application.objects.count() == 2
    assert (
        pso("post", "/applications", api_body(), **{"Idempotency-Key": "bad key"}).status_code
        == 422
    )


def test_a_refused_request_does_not_use_up_its_key(api) -> None:
    """Refusals are answered by the API's error handlers, after the key was claimed: only a
    success is kept, so the corrected request may reuse the key."""
    pso = api("pso@nul.example")
    key = {"Idempotency-Key": "call-101-0002"}
    refused = pso("post", "/applications", api_body(description=""), **key)
    assert refused.status_code == 422 and "description" in problem_fields(refused)
    accepted = pso("post", "/applications", api_body(), **key)
    assert accepted.status_code == 201 and Application.objects.count() == 1
    assert pso("post", "/applications", api_body(), **key).content == accepted.content


def test_reads_are_audited(api) -> None:
    pso = api("pso@nul.example")
    reference = pso("post", "/applications", api_body()).json()["reference"]
    before = AuditEntry.objects.filter(action="view", object_id=reference).count()
    pso("get", f"/applications/{reference}")
    assert AuditEntry.objects.filter(action="view", object_id=reference).count() == before + 1


def test_the_operations_are_in_the_openapi_document(demo) -> None:
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    assert {"post", "get"} <= set(paths["/api/v1/applications"])
    assert "get" in paths["/api/v1/applications/{reference}"]
    assert "post" in paths["/api/v1/applications/{reference}/decision"]
    assert "get" in paths["/api/v1/letters/{letter_id}"]


def test_the_list_costs_the_same_queries_however_long(
    api, recorded, django_assert_max_num_queries
) -> None:
    chair = api("chair@nul.example")
    recorded()
    with django_assert_max_num_queries(20) as few:
        assert chair("get", "/applications").json()["count"] == 1
    for _ in range(5):
        recorded()
    with django_assert_max_num_queries(len(few.captured_queries)) as many:
        listing = chair("get", "/applications").json()
    assert listing["count"] == 6
    assert listing["items"][0]["possible_duplicate"] is True
    assert len(many.captured_queries) <= len(few.captured_queries)


def test_a_request_without_the_victims_agreement_to_share_is_still_recorded(api) -> None:
    """Consent is not a gate: the partnership relies on its public task, and the Chair
    decides on sharing when the victim said no."""
    created = api("pso@nul.example")("post", "/applications", api_body(consent_to_share=False))
    assert created.status_code == 201, created.content
    application = Application.objects.get()
    assert not application.consent_to_share and application.sharing_basis == ""
