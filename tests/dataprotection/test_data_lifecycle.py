"""Retention, legal hold, subject access and the audit viewer."""

import io
import json
import re
import zipfile
from datetime import timedelta

import pytest
from builders import case_at
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from casereview.applications.models import Application, Letter
from casereview.core.dates import local_today
from casereview.core.models import AuditEntry
from casereview.dataprotection.retention import retention_sweep
from casereview.dataprotection.services import legal_hold_set
from casereview.reviews.services.withdrawal import application_withdraw


@pytest.fixture
def closed_long_ago(demo):
    """Two cases decided not met seven years ago (the default keeps them six)."""

    def make(name: str):
        from casereview.applications.intake import VictimInput

        victim = VictimInput(
            name=name,
            postcode="ST5 1AB",
            contact_preference="email",
            email=f"{name.split()[0].lower()}@example.org",
        )
        application = case_at("decided", met=False, victim=victim, advocate=None)
        type(application.decision).objects.filter(application=application).update(
            decided_at=timezone.now() - timedelta(days=365 * 7)
        )
        return application

    return make


def test_retention_erases_old_cases_but_not_held_ones(
    closed_long_ago, recorded, membership, api
) -> None:
    old = closed_long_ago("Olive Old")
    held = closed_long_ago("Harry Held")
    recent = recorded()
    application_withdraw(
        membership=membership("pso@nul.example"), application=recent, reason="Asked."
    )
    legal_hold_set(
        membership=membership("pso@nul.example"),
        application=held,
        hold=True,
        reason="Civil claim pending.",
    )
    before = api("chair@nul.example")("get", "/statistics").json()

    out = io.StringIO()
    call_command("retention_sweep", "--dry-run", stdout=out)
    assert old.reference in out.getvalue() and held.reference not in out.getvalue()
    assert Application.objects.get(pk=old.pk).victim_name == "Olive Old"  # dry run

    report = retention_sweep(local_today())
    assert report.erased == [old.reference] and report.held == 1
    old.refresh_from_db()
    assert old.victim_name == "" and old.victim_email == "" and old.description == ""
    assert old.erased_at is not None and old.status == "threshold_not_met"
    letter = Letter.objects.get(application=old)
    assert bytes(letter.pdf) == b"" and letter.recipient_email == ""
    assert Application.objects.get(pk=held.pk).victim_name == "Harry Held"
    assert Application.objects.get(pk=recent.pk).victim_name == "Robin Victim"
    entry = AuditEntry.objects.get(action="erase")
    assert entry.object_id == old.reference and "Olive" not in entry.purpose
    # The figures still count it.
    assert api("chair@nul.example")("get", "/statistics").json() == before
    assert retention_sweep(local_today()).erased == []


def test_legal_hold_needs_a_reason(client_for, recorded) -> None:
    application = recorded()
    pso = client_for("pso@nul.example")
    page = pso.post(f"/applications/{application.reference}/legal-hold", {"hold": "yes"})
    assert page.status_code == 400 and "Enter why the case is held" in page.content.decode()
    assert (
        pso.post(
            f"/applications/{application.reference}/legal-hold",
            {"hold": "yes", "reason": "Inquest."},
        ).status_code
        == 302
    )
    application.refresh_from_db()
    assert application.legal_hold and application.legal_hold_reason == "Inquest."


def test_a_subject_access_export_holds_the_persons_data_and_nobody_elses(
    client_for, recorded, closed_long_ago
) -> None:
    from casereview.applications.intake import VictimInput

    mine = recorded(
        victim=VictimInput(
            name="Sam Subject",
            postcode="ST5 9ZZ",
            contact_preference="email",
            email="sam@example.org",
        ),
        advocate=None,
    )
    other = closed_long_ago("Olive Other")
    dpo = client_for("dpo@nul.example")
    day = local_today()
    response = dpo.post(
        "/subject-access",
        {
            "requester": "Sam Subject",
            "reply_to": "sam@example.org",
            "received_day": day.day,
            "received_month": day.month,
            "received_year": day.year,
            "name": "sam subject",
            "email": "SAM@example.org",
        },
    )
    assert response.status_code == 302
    detail = dpo.get(response["Location"]).content.decode()
    assert mine.reference in detail and other.reference not in detail
    shown = re.findall(r'name="shown" value="([^"]+)"', detail)
    export = dpo.post(response["Location"] + "/export", {"shown": shown})
    assert export["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(export.content))
    data = json.loads(archive.read("data.json"))
    text = json.dumps(data)
    assert "Sam Subject" in text and "Olive Other" not in text and other.reference not in text
    assert [a["reference"] for a in data["applications"]] == [mine.reference]
    disclosure = AuditEntry.objects.get(action="disclose", object_type="subject_access_request")
    assert disclosure.recipients.startswith("requester (subject access request")
    assert "sam@example.org" not in disclosure.recipients
    assert (
        "days left" in dpo.get("/subject-access").content.decode()
        or "Exported" in dpo.get("/subject-access").content.decode()
    )
    empty = dpo.post(
        "/subject-access",
        {
            "requester": "X",
            "reply_to": "x@example.org",
            "received_day": day.day,
            "received_month": day.month,
            "received_year": day.year,
        },
    )
    assert (
        empty.status_code == 400 and "Enter the full name of the person" in empty.content.decode()
    )
    assert client_for("police@nul.example").get("/subject-access").status_code == 403


def test_the_audit_viewer_filters_exports_and_verifies(client_for, recorded) -> None:
    application = recorded()
    dpo = client_for("dpo@nul.example")
    page = dpo.get("/audit", {"application": application.reference}).content.decode()
    assert application.reference in page
    csv_text = dpo.get("/audit.csv", {"application": application.reference}).content.decode()
    assert csv_text.startswith("entry,") and application.reference in csv_text
    assert AuditEntry.objects.filter(purpose="audit review: CSV export").exists()
    verified = dpo.post("/audit/verify", follow=True).content.decode()
    assert "The log is intact" in verified


def test_public_page_needs_no_sign_in(demo) -> None:
    assert Client().get("/published/stafford").status_code == 200
    assert Client().get("/published/nowhere").status_code == 404
