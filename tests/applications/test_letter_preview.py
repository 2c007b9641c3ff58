"""Staff see a letter before it is issued: the act is tried and undone, so nothing is decided,
registered or sent, and the preview is audited as a read of the case."""

from builders import case_at
from django.core import mail

from casereview.applications.models import Letter, Status
from casereview.core.audit_verify import audit_verify
from casereview.core.models import AuditEntry

CHAIR = "chair@nul.example"


def test_the_chair_previews_the_acknowledgement_letter_before_deciding(
    demo, client_for, django_capture_on_commit_callbacks
) -> None:
    application = case_at("received")
    chair = client_for(CHAIR)
    path = f"/applications/{application.reference}/decision"
    decided = {"threshold_met": "no", "rationale": "Only one report so far."}
    audited = AuditEntry.objects.order_by("pk").last().pk
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        page = chair.post(path, {**decided, "preview": "html"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Preview of the acknowledgement letter" in text
    assert "Only one report so far." in text and "has not been met" in text
    assert "Nothing has been issued or sent" in text
    # The form keeps what the Chair typed, to confirm it.
    assert 'value="no" checked' in text or "checked" in text
    application.refresh_from_db()
    assert application.status == Status.RECEIVED and not hasattr(application, "decision")
    assert not Letter.objects.exists() and not mail.outbox
    [entry] = AuditEntry.objects.filter(pk__gt=audited)
    assert entry.action == "view"
    assert entry.purpose == "previewing the acknowledgement letter before it is issued"
    assert audit_verify().intact  # the undone entries left no gap in the chain

    pdf = chair.post(path, {**decided, "preview": "pdf"})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert not Letter.objects.exists()

    # Bad input is refused on the preview as on the decision itself.
    refused = chair.post(path, {"threshold_met": "yes", "preview": "html"})
    assert refused.status_code == 400 and "govuk-error-summary" in refused.content.decode()

    assert chair.post(path, decided).status_code == 302
    assert Letter.objects.get().kind == "acknowledgement"


def test_the_chair_previews_the_conclusion_letter_before_issuing_it(demo, client_for) -> None:
    application = case_at("minuted")
    chair = client_for(CHAIR)
    path = f"/applications/{application.reference}/conclusion"
    page = chair.post(path, {"summary": "A plan is agreed.", "preview": "html"})
    assert page.status_code == 200, page.content.decode()[:3000]
    text = page.content.decode()
    assert "Preview of the conclusion letter" in text and "A plan is agreed." in text
    application.refresh_from_db()
    assert application.status != Status.CONCLUDED
    assert not application.letters.filter(kind="conclusion").exists()
    assert AuditEntry.objects.filter(
        purpose="previewing the conclusion letter before it is issued"
    ).exists()
    assert chair.post(path, {"summary": "A plan is agreed."}).status_code == 302
    assert application.letters.filter(kind="conclusion").exists()
