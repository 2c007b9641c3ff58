"""The review's pages, as the PSO, the Chair and partner officers use them."""

from datetime import timedelta

import pytest
from builders import case_at
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from casereview.core.dates import local_today
from casereview.core.models import AuditEntry
from casereview.partnerships.models import Agency
from casereview.reviews.models import Attachment, Contribution, PartnerRequest

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _date(prefix: str, d) -> dict[str, str]:
    return {
        f"{prefix}_day": str(d.day),
        f"{prefix}_month": str(d.month),
        f"{prefix}_year": str(d.year),
    }


@pytest.fixture
def decided(demo):
    return case_at("decided")


@pytest.fixture
def asked(demo):
    return case_at("asked")


def test_the_pso_asks_every_agency_by_default(client_for, decided) -> None:
    pso = client_for("pso@nul.example")
    page = pso.get(f"/applications/{decided.reference}/partners").content.decode()
    assert "Staffordshire Fire and Rescue Service" in page
    slugs = list(
        Agency.objects.filter(partnership=decided.partnership).values_list("slug", flat=True)
    )
    due = local_today() + timedelta(days=4)
    response = pso.post(
        f"/applications/{decided.reference}/partners", {"agencies": slugs, **_date("due", due)}
    )
    assert response.status_code == 302
    assert PartnerRequest.objects.filter(application=decided).count() == 5
    detail = pso.get(f"/applications/{decided.reference}").content.decode()
    assert detail.count("govuk-tag--grey") >= 5 and "Requested" in detail
    # Stop asking fire: it no longer sees the case.
    pso.post(f"/applications/{decided.reference}/partners/fire/stop")
    assert not PartnerRequest.objects.filter(application=decided, agency__slug="fire").exists()


def test_a_partner_contributes_and_adds_a_file(client_for, asked) -> None:
    police = client_for("police@nul.example")
    page = police.get(f"/applications/{asked.reference}", follow=True)
    assert page.status_code == 200 and "Robin Victim" in page.content.decode()
    assert PartnerRequest.objects.get(agency__slug="police", application=asked).first_viewed_at
    empty = police.post(
        f"/applications/{asked.reference}/contribution",
        {"nil_return": "no", "entry-TOTAL_FORMS": "3", "entry-INITIAL_FORMS": "0"},
    )
    assert empty.status_code == 400 and "Summarise your agency" in empty.content.decode()
    data = {
        "nil_return": "no",
        "summary": "Two visits.",
        "entry-TOTAL_FORMS": "3",
        "entry-INITIAL_FORMS": "0",
        "entry-0-kind": "contact",
        "entry-0-details": "Visited the victim.",
        **_date("entry-0-date", local_today() - timedelta(days=9)),
    }
    assert police.post(f"/applications/{asked.reference}/contribution", data).status_code == 302
    contribution = Contribution.objects.get(request__agency__slug="police")
    assert contribution.entries.get().details == "Visited the victim."

    upload = f"/applications/{asked.reference}/contribution/files"
    fake = SimpleUploadedFile("report.pdf", b"MZ\x90\x00 this is a program", "application/pdf")
    refused = police.post(upload, {"file": fake})
    assert refused.status_code == 400 and "must be a PDF" in refused.content.decode()
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (10 * 1024 * 1024), "application/pdf")
    assert "10 MB or smaller" in police.post(upload, {"file": big}).content.decode()
    good = SimpleUploadedFile("incident log.pdf", PDF, "application/octet-stream")
    assert police.post(upload, {"file": good}).status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.content_type == "application/pdf" and attachment.name == "incident log.pdf"
    assert "attachments" in attachment.file.path and "static" not in attachment.file.path

    pso = client_for("pso@nul.example")
    download = pso.get(f"/attachments/{attachment.pk}")
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert AuditEntry.objects.filter(action="disclose", object_type="attachment").exists()
    # Another agency's officer may not download it.
    council = client_for("council@nul.example")
    assert council.get(f"/attachments/{attachment.pk}").status_code == 404


def test_contributions_lock_when_the_meeting_starts(client_for, demo) -> None:
    in_review = case_at("met", contributing=[], meeting_at=timezone.now() - timedelta(minutes=5))
    police = client_for("police@nul.example")
    page = police.get(f"/applications/{in_review.reference}/contribution").content.decode()
    assert "contributions are locked" in page
    police.post(f"/applications/{in_review.reference}/contribution", {"nil_return": "yes"})
    assert not Contribution.objects.exists()


def test_minutes_approval_conclusion_and_actions(client_for, demo) -> None:
    in_review = case_at("met")
    pso = client_for("pso@nul.example")
    due = local_today() + timedelta(days=10)
    data = {
        "summary": "Discussed.",
        "decisions": "Joint visit\nReview in a month",
        "rec-TOTAL_FORMS": "3",
        "rec-INITIAL_FORMS": "0",
        "rec-0-text": "Install CCTV",
        "rec-0-agency": "council",
        "act-TOTAL_FORMS": "4",
        "act-INITIAL_FORMS": "0",
        "act-0-text": "Patrol Fridays",
        "act-0-agency": "police",
        **_date("act-0-due", due),
        "act-1-text": "No owner",
        "att-TOTAL_FORMS": "4",
        "att-INITIAL_FORMS": "0",
        "apo-TOTAL_FORMS": "2",
        "apo-INITIAL_FORMS": "0",
    }
    bad = pso.post(f"/applications/{in_review.reference}/minutes", data)
    assert bad.status_code == 400 and "Enter the agency" in bad.content.decode()
    data.pop("act-1-text")
    assert pso.post(f"/applications/{in_review.reference}/minutes", data).status_code == 302
    assert (
        pso.post(
            f"/applications/{in_review.reference}/minutes/victim-response",
            {"victim_response": "Happy with the plan."},
        ).status_code
        == 302
    )
    chair = client_for("chair@nul.example")
    assert (
        "Happy with the plan." in chair.get(f"/applications/{in_review.reference}").content.decode()
    )
    chair.post(f"/applications/{in_review.reference}/minutes/approve")
    response = chair.post(
        f"/applications/{in_review.reference}/conclusion", {"summary": "A plan is agreed."}
    )
    assert response.status_code == 302
    in_review.refresh_from_db()
    assert in_review.status == "concluded"
    letter = in_review.letters.get(kind="conclusion")
    assert "Install CCTV" in letter.html and "Patrol Fridays" in letter.html
    assert "Staffordshire Commissioner" in letter.html
    # The police officer sees and completes their action; the council officer cannot.
    police = client_for("police@nul.example")
    listing = police.get("/actions").content.decode()
    assert "Patrol Fridays" in listing
    action_id = in_review.minutes.get().actions.get().pk
    assert client_for("council@nul.example").get(f"/actions/{action_id}").status_code == 404
    assert (
        police.post(f"/actions/{action_id}", {"status": "done", "progress": "Done."}).status_code
        == 302
    )
    assert "Done" in pso.get("/actions").content.decode()


def test_a_late_conclusion_says_so(client_for, demo) -> None:
    application = case_at("minuted", received=local_today() - timedelta(days=40), complaints=[])
    chair = client_for("chair@nul.example")
    assert (
        "It can still be sent"
        in chair.get(f"/applications/{application.reference}/conclusion").content.decode()
    )
    chair.post(f"/applications/{application.reference}/conclusion", {"summary": "Reviewed."})
    letter = application.letters.get(kind="conclusion")
    assert "this letter is late" in letter.html
    assert (
        "late: it was due by"
        in chair.get(f"/applications/{application.reference}").content.decode()
    )


def test_path_tricks_in_a_file_name_go_nowhere(client_for, asked) -> None:
    police = client_for("police@nul.example")
    police.post(
        f"/applications/{asked.reference}/contribution",
        {"nil_return": "yes", "entry-TOTAL_FORMS": "3", "entry-INITIAL_FORMS": "0"},
    )
    tricky = SimpleUploadedFile("../../../etc/passwd.pdf", PDF, "application/pdf")
    assert (
        police.post(
            f"/applications/{asked.reference}/contribution/files", {"file": tricky}
        ).status_code
        == 302
    )
    attachment = Attachment.objects.get()
    # Stored under a generated name inside the attachments folder; the given name is only text.
    assert "/attachments/" in attachment.file.path and ".." not in attachment.file.name
    assert attachment.file.name.endswith(".bin") and "passwd" not in attachment.file.name


def test_the_pack_shows_each_reader_only_the_files_they_may_open(client_for, asked) -> None:
    police = client_for("police@nul.example")
    contribution = {
        "nil_return": "no",
        "summary": "One visit.",
        "entry-TOTAL_FORMS": "1",
        "entry-INITIAL_FORMS": "0",
        "entry-0-kind": "contact",
        "entry-0-details": "Visited the victim.",
        **_date("entry-0-date", local_today() - timedelta(days=3)),
    }
    assert (
        police.post(f"/applications/{asked.reference}/contribution", contribution).status_code
        == 302
    )
    upload = f"/applications/{asked.reference}/contribution/files"
    good = SimpleUploadedFile("witness statement.pdf", PDF, "application/pdf")
    assert police.post(upload, {"file": good}).status_code == 302
    attachment = Attachment.objects.get()
    link = f"/attachments/{attachment.pk}"
    pack = f"/applications/{asked.reference}/pack"

    # The police and the case team see the file and can open it.
    for reader in ("police@nul.example", "pso@nul.example", "chair@nul.example"):
        client = client_for(reader)
        page = client.get(pack)
        assert page.status_code == 200, reader
        assert "witness statement.pdf" in page.content.decode() and link in page.content.decode()
        download = client.get(link)
        assert download.status_code == 200, reader
        assert b"".join(download.streaming_content).startswith(b"%PDF")
    # Another agency asked for the same review sees neither the file's name nor a link to it.
    council = client_for("council@nul.example")
    page = council.get(pack)
    assert page.status_code == 200
    assert "witness statement" not in page.content.decode()
    assert link not in page.content.decode()
    assert council.get(link).status_code == 404
