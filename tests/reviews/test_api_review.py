"""The whole review through the API, with mail going through a real SMTP server."""

from datetime import timedelta

import pytest
from builders import api_body, case_at
from django.utils import timezone

from casereview.core.dates import local_today
from casereview.reviews.models import Notice
from casereview.reviews.reminders import send_due_notices


@pytest.fixture
def decided(demo, django_capture_on_commit_callbacks) -> str:
    """An application recorded by the PSO and decided met by the Chair."""
    with django_capture_on_commit_callbacks(execute=True):  # the acknowledgement goes out
        return case_at("decided", review_date=local_today() + timedelta(days=20)).reference


def _subjects(inbox) -> list[str]:
    return [m["Subject"] for m in inbox.messages]


def test_the_whole_review(api, decided, smtp_inbox, django_capture_on_commit_callbacks) -> None:
    pso, chair = api("pso@nul.example"), api("chair@nul.example")
    police, council, housing = (
        api("police@nul.example"),
        api("council@nul.example"),
        api("housing@nul.example"),
    )
    path = f"/applications/{decided}"
    # Before anyone is asked, a partner finds nothing.
    assert police("get", path).status_code == 404

    due = local_today() + timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        response = pso("post", f"{path}/partner-requests", {"due": due.isoformat()})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "in_review"
    asked = {r["agency"]: r["state"] for r in body["review"]["partner_requests"]}
    assert asked == {a: "requested" for a in ("council", "fire", "health", "housing", "police")}
    requests = [m for m in smtp_inbox.messages if "involvement is requested" in m["Subject"]]
    assert len(requests) == 5
    police_mail = next(m for m in requests if "police@nul.example" in m["To"])
    text = police_mail.get_content()
    assert decided in text and "Robin Victim" not in text and "ST5" not in text

    # Partners see the case once asked, but not the letters.
    seen = police("get", path).json()
    assert seen["victim"]["name"] == "Robin Victim" and seen["letters"] == []
    assert [r["agency"] for r in seen["review"]["partner_requests"]] == ["police"]

    contribution = {
        "summary": "Attended twice; warned the youths.",
        "involvement": [
            {
                "date": (local_today() - timedelta(days=30)).isoformat(),
                "kind": "incident",
                "details": "Attended stone throwing.",
            },
        ],
    }
    assert police("post", f"{path}/contributions", contribution).status_code == 200
    assert (
        council("post", f"{path}/contributions", {"summary": "Noise diary issued."}).status_code
        == 200
    )
    nil = housing("post", f"{path}/contributions", {"nil_return": True}).json()
    states = {
        r["agency"]: r["state"] for r in pso("get", path).json()["review"]["partner_requests"]
    }
    assert states["police"] == "contributed" and states["housing"] == "nil_return"
    assert nil["status"] == "in_review"
    bad = housing("post", f"{path}/contributions", {"nil_return": False, "summary": ""})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "summary"

    # Minutes before a meeting: 409.
    minutes = {
        "summary": "All agencies discussed the case.",
        "decisions": ["Joint visit"],
        "recommendations": [
            {"text": "Install CCTV", "agency": "council"},
            {"text": "Increase patrols", "agency": "police"},
        ],
        "actions": [
            {
                "text": "Fit CCTV",
                "agency": "council",
                "due": (local_today() + timedelta(days=30)).isoformat(),
            },
            {
                "text": "Patrol Fridays",
                "agency": "police",
                "due": (local_today() + timedelta(days=14)).isoformat(),
            },
            {
                "text": "Tenancy warning",
                "agency": "housing",
                "due": (local_today() + timedelta(days=7)).isoformat(),
            },
        ],
    }
    assert pso("post", f"{path}/minutes", minutes).status_code == 409
    # The meeting, set for tomorrow: invitations with a calendar file.
    with django_capture_on_commit_callbacks(execute=True):
        response = pso(
            "post",
            f"{path}/meeting",
            {
                "starts_at": (timezone.now() + timedelta(days=1)).isoformat(),
                "location": "Civic Centre",
            },
        )
    assert response.status_code == 200, response.content
    invitation = next(m for m in smtp_inbox.messages if m["Subject"].startswith("Invitation"))
    sent = len(smtp_inbox.messages)
    # Then brought forward and held an hour ago: recorded, and nobody is invited to it.
    with django_capture_on_commit_callbacks(execute=True):
        response = pso(
            "post",
            f"{path}/meeting",
            {
                "starts_at": (timezone.now() - timedelta(hours=1)).isoformat(),
                "location": "Civic Centre",
            },
        )
    assert response.status_code == 200, response.content
    assert len(smtp_inbox.messages) == sent
    (ics,) = [p for p in invitation.iter_attachments() if p.get_content_type() == "text/calendar"]
    assert (
        b"BEGIN:VEVENT" in ics.get_content()
        if isinstance(ics.get_content(), bytes)
        else "BEGIN:VEVENT" in ics.get_content()
    )
    # After the meeting has started, contributions are locked.
    assert council("post", f"{path}/contributions", {"summary": "Late change"}).status_code == 409
    # The conclusion needs approved minutes.
    assert chair("post", f"{path}/conclusion", {"summary": "Done"}).status_code == 409
    recorded = pso("post", f"{path}/minutes", minutes)
    assert recorded.status_code == 200 and recorded.json()["status"] == "reviewed"
    assert chair("post", f"{path}/conclusion", {"summary": "Done"}).status_code == 409
    assert pso("post", f"{path}/minutes/approve", {}).status_code == 403
    approved = chair("post", f"{path}/minutes/approve", {})
    assert approved.json()["review"]["minutes"]["approved"] is True
    assert chair("post", f"{path}/minutes/approve", {}).status_code == 409

    with django_capture_on_commit_callbacks(execute=True):
        concluded = chair("post", f"{path}/conclusion", {"summary": "The agencies agreed a plan."})
    assert concluded.status_code == 200, concluded.content
    result = concluded.json()
    assert result["status"] == "concluded"
    assert {lt["kind"] for lt in result["letters"]} == {"acknowledgement", "conclusion"}
    conclusion_mail = [m for m in smtp_inbox.messages if m["To"] == "ada@example.org"]
    assert conclusion_mail, _subjects(smtp_inbox)
    assert pso("post", f"{path}/withdraw", {"reason": "Too late"}).status_code == 409


def test_state_rules_and_outsiders(api, decided) -> None:
    pso = api("pso@nul.example")
    path = f"/applications/{decided}"
    assert (
        api("police@nul.example")("post", f"{path}/contributions", {"summary": "x"}).status_code
        == 404
    )
    assert pso("post", f"{path}/partner-requests", {"agencies": ["police"]}).status_code == 200
    assert (
        api("council@nul.example")("post", f"{path}/contributions", {"summary": "x"}).status_code
        == 404
    )
    assert (
        api("police@nul.example")("post", f"{path}/contributions", {"summary": "x"}).status_code
        == 200
    )
    unknown = pso("post", f"{path}/partner-requests", {"agencies": ["nobody"]})
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "agencies[0]"
    assert api("pso@sta.example")("post", f"{path}/withdraw", {"reason": "x"}).status_code == 404
    withdrawn = api("chair@nul.example")(
        "post", f"{path}/withdraw", {"reason": "The applicant asked."}
    )
    assert withdrawn.json()["status"] == "withdrawn"
    assert pso("post", f"{path}/partner-requests", {}).status_code == 409


def test_partner_requests_need_the_threshold_met(api) -> None:
    pso = api("pso@nul.example")
    reference = pso("post", "/applications", api_body()).json()["reference"]
    assert pso("post", f"/applications/{reference}/partner-requests", {}).status_code == 409


def test_reminders_are_sent_once_however_often_the_job_runs(
    api, decided, smtp_inbox, django_capture_on_commit_callbacks
) -> None:
    pso = api("pso@nul.example")
    path = f"/applications/{decided}"
    today = local_today()
    due = today + timedelta(days=1)
    while due.weekday() >= 5:
        due += timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        pso(
            "post",
            f"{path}/partner-requests",
            {"agencies": ["fire", "police"], "due": due.isoformat()},
        )
    api("police@nul.example")("post", f"{path}/contributions", {"nil_return": True})
    before = len(smtp_inbox.messages)
    day_before = due - timedelta(days=1)
    while day_before.weekday() >= 5:
        day_before -= timedelta(days=1)
    first = send_due_notices(day_before)
    second = send_due_notices(day_before)
    assert (first.reminders, second.reminders) == (1, 0)
    reminders = smtp_inbox.messages[before:]
    assert len(reminders) == 1 and "fire@nul.example" in reminders[0]["To"]
    later = due + timedelta(days=1)
    assert send_due_notices(later).overdue == 1
    assert send_due_notices(later).overdue == 0
    overdue = smtp_inbox.messages[-1]
    assert "has not contributed" in overdue["Subject"] and "pso@nul.example" in overdue["To"]
    assert Notice.objects.count() == 2


def test_the_review_operations_are_in_the_openapi_document(demo) -> None:
    from django.test import Client

    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    for tail in (
        "partner-requests",
        "contributions",
        "meeting",
        "minutes",
        "minutes/approve",
        "conclusion",
        "withdraw",
    ):
        assert "post" in paths[f"/api/v1/applications/{{reference}}/{tail}"], tail


def test_partners_list_only_what_their_agency_was_asked(api, decided, recorded) -> None:
    recorded()  # another application, not asked of anyone
    police = api("police@nul.example")
    assert police("get", "/applications").json()["count"] == 0
    api("pso@nul.example")(
        "post", f"/applications/{decided}/partner-requests", {"agencies": ["police"]}
    )
    listing = police("get", "/applications").json()
    assert [a["reference"] for a in listing["items"]] == [decided]
    from casereview.core.models import AuditEntry

    assert AuditEntry.objects.filter(
        action="view", object_id=decided, purpose="contribution to case review"
    ).exists()
