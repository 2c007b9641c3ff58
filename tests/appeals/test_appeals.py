"""Appeals: from a not-met letter and from a conclusion, recorded and decided."""

import re
from datetime import timedelta

import pytest
from builders import api_body, case_at
from django.core import mail
from django.utils import timezone

from casereview.applications.models import Application
from casereview.core.dates import local_today
from casereview.core.models import AuditEntry


@pytest.fixture
def not_met(demo, django_capture_on_commit_callbacks) -> Application:
    with django_capture_on_commit_callbacks(execute=True):
        return case_at("decided", met=False)


@pytest.fixture
def concluded(demo) -> Application:
    return case_at("concluded")


APPEAL = {"grounds": ["threshold_wrongly_refused"], "details": "Three complaints were ignored."}
# What the appellant gives with the reference: the victim's surname and postcode (the builders'
# victim is Robin Victim of ST5 1AB), written as people write them.
DETAILS = {"victim_surname": "  VICTIM ", "victim_postcode": "st51ab"}


def test_an_appeal_against_not_met_decided_by_the_commissioner(
    api, not_met, recorded, django_capture_on_commit_callbacks
) -> None:
    other = recorded()  # never appealed: the appeals body never sees it
    appeals = api("appeals@pfcc.example")
    path = f"/applications/{not_met.reference}"
    assert appeals("get", path).status_code == 404
    body = {**APPEAL, "received": local_today().isoformat(), **DETAILS}
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        recorded_appeal = appeals("post", f"{path}/appeal", body)
    assert recorded_appeal.status_code == 200, recorded_appeal.content
    assert recorded_appeal.json()["status"] == "appealed"
    assert sorted(m.to for m in mail.outbox) == [
        ["appeals@pfcc.example"],
        ["casereview@nul.example"],
    ]
    assert appeals("post", f"{path}/appeal", body).status_code == 409
    assert [a["reference"] for a in appeals("get", "/applications").json()["items"]] == [
        not_met.reference
    ]
    assert appeals("get", f"/applications/{other.reference}").status_code == 404
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decided = appeals(
            "post",
            f"{path}/appeal/outcome",
            {
                "upheld": True,
                "findings": "The hate incident rule was not applied.",
                "recommendations": ["Reconsider the threshold under the hate incident rule."],
            },
        )
    assert decided.status_code == 200, decided.content
    result = decided.json()
    assert result["status"] == "appeal_upheld"
    assert "appeal_outcome" in {lt["kind"] for lt in result["letters"]}
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["ada@example.org", "casereview@nul.example"]
    letter = not_met.letters.get(kind="appeal_outcome")
    assert (
        "We have upheld your appeal" in letter.html and "Staffordshire Commissioner" in letter.html
    )
    assert (
        appeals("post", f"{path}/appeal/outcome", {"upheld": False, "findings": "x"}).status_code
        == 409
    )
    assert AuditEntry.objects.filter(
        action="view", object_id=not_met.reference, role="appeals"
    ).exists()


def test_a_coordinator_records_an_appeal_against_a_conclusion(api, concluded) -> None:
    pso = api("pso@nul.example")
    path = f"/applications/{concluded.reference}/appeal"
    late = pso(
        "post", path, {**APPEAL, "received": (local_today() + timedelta(days=1)).isoformat()}
    )
    assert late.status_code == 422 and late.json()["errors"][0]["field"] == "received"
    ok = pso(
        "post",
        path,
        {
            **APPEAL,
            "grounds": ["policy_not_considered", "facts_not_considered"],
            "received": local_today().isoformat(),
        },
    )
    assert ok.status_code == 200
    appeals = api("appeals@pfcc.example")
    decided = appeals(
        "post",
        f"/applications/{concluded.reference}/appeal/outcome",
        {"upheld": False, "findings": "The review was properly conducted."},
    )
    assert decided.json()["status"] == "appeal_not_upheld"
    assert "We have not upheld your appeal" in concluded.letters.get(kind="appeal_outcome").html
    assert (
        pso(
            "post",
            f"/applications/{concluded.reference}/appeal/outcome",
            {"upheld": True, "findings": "x"},
        ).status_code
        == 403
    )


def test_a_late_appeal_needs_a_reason(api, not_met, settings) -> None:
    letter = not_met.letters.get()
    type(letter).objects.filter(pk=letter.pk).update(created_at=timezone.now() - timedelta(days=60))
    pso = api("pso@nul.example")
    path = f"/applications/{not_met.reference}/appeal"
    body = {**APPEAL, "received": local_today().isoformat()}
    refused = pso("post", path, body)
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "late_reason"
    accepted = pso("post", path, {**body, "late_reason": "The applicant was in hospital."})
    assert accepted.status_code == 200
    assert not_met.appeal.late


def test_nothing_to_appeal_before_a_decision(api, recorded) -> None:
    application = recorded()
    assert (
        api("pso@nul.example")(
            "post",
            f"/applications/{application.reference}/appeal",
            {**APPEAL, "received": local_today().isoformat()},
        ).status_code
        == 409
    )
    assert api("appeals@pfcc.example")("post", "/applications", api_body()).status_code == 403


_POSTCODE = {"victim_postcode": "ST5 1AB"}


def test_the_appeal_pages(client_for, not_met) -> None:
    pso = client_for("pso@nul.example")
    page = pso.get(f"/applications/{not_met.reference}").content.decode()
    assert "Record an appeal" in page
    appeals = client_for("appeals@pfcc.example")
    found = appeals.post(
        "/appeals",
        {"reference": not_met.reference.lower(), "victim_surname": "victim", **_POSTCODE},
    )
    assert found["Location"] == f"/applications/{not_met.reference}/appeal"
    day = local_today()
    response = appeals.post(
        f"/applications/{not_met.reference}/appeal",
        {
            "received_day": day.day,
            "received_month": day.month,
            "received_year": day.year,
            "grounds": ["threshold_wrongly_refused"],
            "details": "Ignored.",
        },
    )
    assert response.status_code == 302
    pack = appeals.get(f"/applications/{not_met.reference}/appeal/pack").content.decode()
    assert "Robin Victim" in pack and "Recommendation: threshold not met" in pack
    assert not_met.reference in appeals.get("/appeals").content.decode()
    response = appeals.post(
        f"/applications/{not_met.reference}/appeal/outcome",
        {"upheld": "no", "findings": "Properly handled."},
    )
    assert response.status_code == 302
    assert (
        "Not upheld"
        in appeals.get(f"/applications/{not_met.reference}/appeal/pack").content.decode()
    )


def _same_page(response) -> str:
    """The page without what changes on every response: the form's token, the script nonce."""
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())
    return re.sub(r'nonce="[^"]*"', "", page)


def test_the_appeals_body_finds_an_application_only_with_its_appellants_details(
    client_for, not_met, recorded, django_capture_on_commit_callbacks
) -> None:
    """A wrong surname, a wrong postcode and an unknown reference get one answer; the case
    shows nothing until the appeal is recorded, and the partnership hears of it at once."""
    never = recorded()  # never decided, never appealed
    appeals = client_for("appeals@pfcc.example")
    reference = not_met.reference
    # The old find by reference alone, in the address, is gone.
    assert appeals.get("/appeals", {"reference": reference}).status_code == 200
    for surname, postcode in [("Smith", "ST5 1AB"), ("Victim", "ST5 1AC"), ("Robin", "ST5 1AB")]:
        answers = [
            appeals.post(
                "/appeals",
                {"reference": ref, "victim_surname": surname, "victim_postcode": postcode},
            )
            for ref in ("NUL-1999-0999", reference, never.reference)
        ]
        assert [a.status_code for a in answers] == [400] * 3
        pages = {
            _same_page(a).replace(ref, "REF")
            for a, ref in zip(answers, ("NUL-1999-0999", reference, never.reference), strict=True)
        }
        assert len(pages) == 1, surname
        assert "No application matches this reference, surname and postcode" in pages.pop()
    # The recording page cannot be reached without finding the case first: as if unknown.
    assert appeals.get(f"/applications/{reference}/appeal").status_code == 404
    assert appeals.get(f"/applications/{never.reference}/appeal").status_code == 404
    assert appeals.get("/applications/NUL-1999-0999/appeal").status_code == 404
    assert appeals.post(f"/applications/{never.reference}/appeal", {}).status_code == 404

    found = appeals.post(
        "/appeals",
        {"reference": reference, "victim_surname": "VICTIM", "victim_postcode": "st51ab"},
    )
    assert found["Location"] == f"/applications/{reference}/appeal"
    page = appeals.get(found["Location"]).content.decode()
    assert "Record the appeal" in page
    for shown in ("Newcastle", "threshold not met", "Robin", "The appeal window ends"):
        assert shown not in page, shown

    mail.outbox.clear()
    day = local_today()
    with django_capture_on_commit_callbacks(execute=True):
        response = appeals.post(
            f"/applications/{reference}/appeal",
            {
                "received_day": day.day,
                "received_month": day.month,
                "received_year": day.year,
                "grounds": ["threshold_wrongly_refused"],
                "details": "Ignored.",
            },
        )
    assert response["Location"] == f"/applications/{reference}/appeal/pack"
    not_met.refresh_from_db()
    assert not_met.status == "appealed"
    notices = sorted(mail.outbox, key=lambda m: m.to)
    assert [m.to for m in notices] == [["appeals@pfcc.example"], ["casereview@nul.example"]]
    for notice in notices:
        assert reference in notice.subject
        for personal in ("Robin", "Victim", "ST5", "ada@example.org", "Ignored"):
            assert personal not in notice.subject + notice.body, personal
    # Recorded: the case is theirs to see now, and the recording page leads to it.
    assert appeals.get(f"/applications/{reference}/appeal")["Location"].endswith("/appeal/pack")


def test_the_api_asks_the_appeals_body_for_the_appellants_details(
    api, not_met, recorded, django_capture_on_commit_callbacks
) -> None:
    never = recorded()
    appeals = api("appeals@pfcc.example")
    body = {**APPEAL, "received": local_today().isoformat()}
    path = f"/applications/{not_met.reference}/appeal"
    missing = appeals("post", path, body)
    assert missing.status_code == 422
    assert {e["field"] for e in missing.json()["errors"]} == {"victim_surname", "victim_postcode"}
    refused = [
        appeals("post", f"/applications/{ref}/appeal", {**body, **details})
        for ref, details in [
            ("NUL-1999-0999", DETAILS),
            (not_met.reference, {**DETAILS, "victim_surname": "Smith"}),
            (not_met.reference, {**DETAILS, "victim_postcode": "ST5 1AC"}),
            (never.reference, {**DETAILS, "victim_surname": "Smith"}),
        ]
    ]
    assert [r.status_code for r in refused] == [404] * 4
    assert len({r.content for r in refused}) == 1
    assert {r["Content-Type"] for r in refused} == {"application/problem+json"}
    # With the right details, a case with no letter to appeal says so, and changes nothing.
    assert (
        appeals("post", f"/applications/{never.reference}/appeal", {**body, **DETAILS}).status_code
        == 409
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        ok = appeals("post", path, {**body, **DETAILS})
    assert ok.status_code == 200 and ok.json()["status"] == "appealed"
    assert sorted(m.to for m in mail.outbox) == [
        ["appeals@pfcc.example"],
        ["casereview@nul.example"],
    ]
    assert not any("Robin" in m.body for m in mail.outbox)
    # The schema says what the appeals role must send.
    schema = api("pso@nul.example")("get", "/openapi.json").json()
    fields = schema["components"]["schemas"]["AppealIn"]["properties"]
    assert "appeals role" in fields["victim_surname"]["description"]
    assert "appeals role" in fields["victim_postcode"]["description"]
