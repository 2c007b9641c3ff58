"""What the applicant can do from their status link: add documents, and every address
under it answers a browser's GET (or a mail scanner's HEAD) with a page or a way back to the
status page, never a bare 405."""

import os
from datetime import timedelta

import pytest
from builders import case_at
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from urlwalk import routes

from casereview.applicants.documents import DOCUMENTS_MAX
from casereview.applicants.links import status_link_issue
from casereview.applicants.models import ApplicantDocument, StatusLink
from casereview.applications.intake import VictimInput
from casereview.core.dates import local_today
from casereview.core.models import AuditEntry
from casereview.dataprotection.retention import retention_sweep

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def link(demo, membership) -> StatusLink:
    application = case_at("received")
    return status_link_issue(membership=membership("pso@nul.example"), application=application)


def test_every_status_address_answers_get(link, client) -> None:
    for name, route in routes():
        if not route.startswith("status/"):
            continue
        path = "/" + route.replace("<str:token>", link.token).replace("<int:letter_id>", "1")
        for method in (client.get, client.head):
            response = method(path)
            assert response.status_code in (200, 302, 404), (name, method, response.status_code)


def test_the_applicant_adds_a_diary_sheet_and_staff_open_it(link, client_for) -> None:
    client = Client()
    page = client.get(f"/status/{link.token}")
    assert "Add a diary sheet or other document" in page.content.decode()
    form = client.get(f"/status/{link.token}/documents/add")
    assert form.status_code == 200 and 'enctype="multipart/form-data"' in form.content.decode()
    sent = client.post(
        f"/status/{link.token}/documents/add",
        {
            "file": SimpleUploadedFile("diary-march.pdf", PDF, "application/pdf"),
            "description": "Diary sheet for March",
        },
    )
    assert sent.status_code == 302 and sent["Location"] == f"/status/{link.token}"
    document = ApplicantDocument.objects.get()
    assert document.application == link.application and document.content_type == "application/pdf"
    assert "diary-march.pdf" in client.get(f"/status/{link.token}").content.decode()
    assert AuditEntry.objects.filter(
        action="collect", object_type="applicant document", object_id=str(document.pk)
    ).exists()

    reference = link.application.reference
    pso = client_for("pso@nul.example")
    case = pso.get(f"/applications/{reference}").content.decode()
    assert "diary-march.pdf" in case
    url = reverse("applicants:document", args=[reference, document.pk])
    download = pso.get(url)
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert AuditEntry.objects.filter(
        action="view", object_type="applicant document", object_id=str(document.pk)
    ).exists()
    # Another partnership's staff do not see the case at all; a partner agency is refused.
    assert client_for("pso@sta.example").get(url).status_code == 404
    assert client_for("housing@nul.example").get(url).status_code in (403, 404)


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (None, "Choose a file to add"),
        (SimpleUploadedFile("run.pdf", b"MZ\x90\x00" + b"\x00" * 200), "must be a PDF"),
    ],
)
def test_a_wrong_file_is_named_in_the_error_summary(link, upload, message) -> None:
    data = {"description": ""}
    if upload is not None:
        data["file"] = upload
    response = Client().post(f"/status/{link.token}/documents/add", data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in page and message in page and 'href="#id_file"' in page
    assert not ApplicantDocument.objects.exists()


def test_a_file_over_the_size_limit_is_refused(link, settings) -> None:
    settings.MAX_ATTACHMENT_BYTES = 10
    response = Client().post(
        f"/status/{link.token}/documents/add",
        {"file": SimpleUploadedFile("big.pdf", PDF, "application/pdf")},
    )
    assert response.status_code == 400 and "10 MB or smaller" in response.content.decode()
    assert not ApplicantDocument.objects.exists()


def test_a_case_holds_a_limited_number_of_files(link, settings) -> None:
    for n in range(DOCUMENTS_MAX):
        ApplicantDocument.objects.create(
            application=link.application, name=f"{n}.pdf", content_type="x", size=1, sha256="0"
        )
    response = Client().post(
        f"/status/{link.token}/documents/add",
        {"file": SimpleUploadedFile("one-more.pdf", PDF, "application/pdf")},
    )
    assert response.status_code == 400 and "the most a case can hold" in response.content.decode()


def test_a_wrong_link_adds_nothing(link) -> None:
    response = Client().post(
        "/status/no-such-token/documents/add",
        {"file": SimpleUploadedFile("x.pdf", PDF, "application/pdf")},
    )
    assert response.status_code == 404 and not ApplicantDocument.objects.exists()


def test_the_retention_sweep_erases_the_applicants_files(membership) -> None:
    victim = VictimInput(
        name="Olive Old", postcode="ST5 1AB", contact_preference="email", email="o@e.org"
    )
    application = case_at("decided", met=False, victim=victim, advocate=None)
    type(application.decision).objects.filter(application=application).update(
        decided_at=timezone.now() - timedelta(days=365 * 7)
    )
    link = status_link_issue(membership=membership("pso@nul.example"), application=application)
    # Added while the case was open, before the link expired.
    document = ApplicantDocument.objects.create(
        application=application,
        name="diary.pdf",
        content_type="application/pdf",
        size=1,
        sha256="0",
        link=link,
    )
    document.file.save("x.bin", SimpleUploadedFile("x.bin", PDF), save=True)
    stored = document.file.path
    assert retention_sweep(local_today()).erased == [application.reference]
    assert not ApplicantDocument.objects.exists()
    assert not os.path.exists(stored)
