"""Applying online, following the case by its link, and asking for an appeal."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

import pytest
from builders import case_at
from django.core import mail
from django.db import connection
from django.test import Client

from casereview.applicants.models import OnlineSubmission, StatusLink
from casereview.applicants.services import rate_source
from casereview.applications.models import Application
from casereview.core.dates import local_today
from casereview.core.models import AuditEntry
from casereview.devdata.demo.partnerships import load_demo


def _date(prefix: str, d: date) -> dict[str, str]:
    return {
        f"{prefix}_day": str(d.day),
        f"{prefix}_month": str(d.month),
        f"{prefix}_year": str(d.year),
    }


def _apply(client: Client, for_someone: bool = False, complaints: int = 3) -> None:
    assert client.post("/apply").status_code == 302
    steps = [
        ("partnership", {"partnership": "newcastle-under-lyme"}),
        ("who", {"has_advocate": "yes" if for_someone else "no"}),
        ("applicant", {"applicant_type": "individual"}),
        ("contact", {"contact_preference": "email"}),
        (
            "victim",
            {
                "victim_name": "Val Victim",
                "victim_postcode": "ST5 1AB",
                "victim_email": "val@example.org",
                "victim_address": "4 Road",
            },
        ),
    ]
    if for_someone:
        steps.append(
            (
                "advocate",
                {
                    "advocate_name": "Andy Helper",
                    "advocate_email": "andy@example.org",
                    "advocate_victim_consent": "on",
                },
            )
        )
    for step, data in steps:
        response = client.post(f"/apply/{step}", data)
        assert response.status_code == 302, (step, response.content.decode()[:1500])
    assert response["Location"] == "/apply/complaints"
    for n in range(complaints):
        day = local_today() - timedelta(days=10 + 20 * n)
        agency = ["police", "council", "housing"][n % 3]
        response = client.post(
            "/apply/complaints/add",
            {**_date("behaviour_date", day), **_date("reported_date", day), "agency": agency},
        )
        assert response.status_code == 302, response.content.decode()[:2000]
    assert client.post("/apply/complaints")["Location"] == "/apply/description"
    assert (
        client.post(
            "/apply/description", {"description": "Shouting every night.", "impact": "No sleep."}
        ).status_code
        == 302
    )
    assert client.post("/apply/consent", {"consent_to_share": "True"})["Location"] == "/apply/check"


def test_a_victim_applies_online_and_follows_the_case(
    demo, django_capture_on_commit_callbacks
) -> None:
    client = Client()
    assert "three times or more in the last 6 months" in client.get("/apply").content.decode()
    _apply(client)
    check = client.get("/apply/check")
    assert "Val Victim" in check.content.decode()
    assert check["Cache-Control"].startswith("no-store")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/apply/check", {"website": ""})
    assert response["Location"] == "/apply/done"
    application = Application.objects.get()
    assert application.channel == "online" and application.complaints.count() == 3
    assert application.recorded_by.email == "online-applications@casereview.invalid"
    assert not application.recorded_by.is_active
    done = client.get("/apply/done").content.decode()
    assert application.reference in done
    subjects = {m.subject: m for m in mail.outbox}
    to_pso = next(m for s, m in subjects.items() if s.startswith("New online request"))
    assert to_pso.to == ["pso@nul.example"] and "Val" not in to_pso.body
    confirmation = next(m for s, m in subjects.items() if s.startswith("We have received"))
    assert confirmation.to == ["val@example.org"]
    link = StatusLink.objects.get()
    assert link.token in confirmation.body and link.token not in to_pso.body

    page = Client().get(f"/status/{link.token}")
    assert page.status_code == 200 and page["Cache-Control"].startswith("no-store")
    assert "We will decide whether your request meets the threshold" in page.content.decode()
    assert AuditEntry.objects.filter(
        action="view", actor_label__startswith="applicant (status link"
    ).exists()

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        case_at("decided", application=application, met=False)
    assert any(m.subject.startswith("Your ASB case review has been updated") for m in mail.outbox)
    text = Client().get(f"/status/{link.token}").content.decode()
    assert "does not meet the threshold" in text and "Acknowledgement letter" in text
    letter = application.letters.get()
    pdf = Client().get(f"/status/{link.token}/letters/{letter.pk}")
    assert pdf.content.startswith(b"%PDF")

    # Asking for an appeal from the status page.
    appeal = Client().post(
        f"/status/{link.token}/appeal",
        {"grounds": ["threshold_wrongly_refused"], "details": "Three reports."},
    )
    assert appeal.status_code == 302
    application.refresh_from_db()
    assert application.status == "appealed"
    assert application.appeal.recorded_by.email == "online-applications@casereview.invalid"


def test_an_advocate_applies_for_someone(demo) -> None:
    client = Client()
    _apply(client, for_someone=True, complaints=1)
    client.post("/apply/check", {"website": ""})
    application = Application.objects.get()
    assert application.advocate_name == "Andy Helper" and application.advocate_victim_consent
    assert StatusLink.objects.get().email == "andy@example.org"


def test_errors_name_the_field_and_answers_survive(demo) -> None:
    client = Client()
    client.post("/apply")
    response = client.post("/apply/partnership", {})
    assert (
        response.status_code == 400
        and "Choose the area where it is happening" in response.content.decode()
    )
    client.post("/apply/partnership", {"partnership": "stafford"})
    page = client.get("/apply/partnership").content.decode()
    assert 'value="stafford" checked' in page
    consent = client.post("/apply/consent", {})
    assert "Select yes if we can share your information" in consent.content.decode()


def test_robots_and_floods_are_turned_away(demo, settings) -> None:
    settings.ONLINE_APPLICATIONS_PER_HOUR = 1
    client = Client()
    _apply(client, complaints=1)
    trapped = client.post("/apply/check", {"website": "http://spam.example"})
    assert trapped.status_code == 400 and not Application.objects.exists()
    assert client.post("/apply/check", {"website": ""}).status_code == 302
    again = Client()
    _apply(again, complaints=1)
    limited = again.post("/apply/check", {"website": ""})
    assert limited.status_code == 429
    assert "too many requests have been sent from here" in limited.content.decode()
    assert Application.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_requests_sent_at_once_get_no_more_than_the_limit(settings) -> None:
    """Twelve requests from one IPv6 /64 (each from its own address in it), sent at the same
    moment against a limit of five: exactly five are recorded, and the rest are refused."""
    load_demo()
    settings.ONLINE_APPLICATIONS_PER_HOUR = 5
    senders = 12
    clients = [Client(REMOTE_ADDR=f"2001:db8:abcd:12::{n + 1:x}") for n in range(senders)]
    for client in clients:
        _apply(client, complaints=1)
    all_ready = threading.Barrier(senders)

    def send(client: Client) -> int:
        try:
            all_ready.wait(timeout=30)
            return client.post("/apply/check", {"website": ""}).status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=senders) as pool:
        answers = list(pool.map(send, clients))
    assert sorted(answers) == [302] * 5 + [429] * 7
    assert Application.objects.count() == 5 == OnlineSubmission.objects.count()
    # Another /64, and any IPv4 address, has its own count.
    other = Client(REMOTE_ADDR="2001:db8:abcd:13::1")
    _apply(other, complaints=1)
    assert other.post("/apply/check", {"website": ""}).status_code == 302


def test_the_limit_counts_ipv4_by_address_and_ipv6_by_its_64() -> None:
    assert rate_source("203.0.113.7") == "203.0.113.7"
    assert rate_source("203.0.113.8") != rate_source("203.0.113.7")
    assert rate_source("::ffff:203.0.113.7") == "203.0.113.7"
    same = {rate_source(f"2001:db8:0:1:{n:x}::{n:x}") for n in range(1, 50)}
    assert same == {"2001:db8:0:1::/64"}
    assert rate_source("2001:db8:0:2::1") == "2001:db8:0:2::/64"
    assert rate_source("") == ""


def test_a_revoked_or_wrong_link_shows_nothing(demo, client_for) -> None:
    client = Client()
    _apply(client, complaints=1)
    client.post("/apply/check", {"website": ""})
    link = StatusLink.objects.get()
    assert Client().get("/status/not-a-real-token").status_code == 404
    pso = client_for("pso@nul.example")
    application = link.application
    assert pso.post(f"/applications/{application.reference}/status-link/revoke").status_code == 302
    gone = Client().get(f"/status/{link.token}")
    assert gone.status_code == 404 and "Val" not in gone.content.decode()
    pso.post(f"/applications/{application.reference}/status-link")
    fresh = StatusLink.objects.get(revoked_at__isnull=True)
    assert Client().get(f"/status/{fresh.token}").status_code == 200


@pytest.mark.parametrize("path", ["/apply", "/apply/partnership"])
def test_public_pages_need_no_sign_in(demo, path) -> None:
    assert Client().get(path).status_code == 200
