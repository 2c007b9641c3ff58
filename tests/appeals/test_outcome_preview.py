"""The Commissioner's office sees the appeal outcome letter before recording the outcome: the
decision is tried and undone, so nothing is decided, registered or sent, and the preview is
audited as one read of the case."""

from builders import case_at
from django.core import mail

from casereview.appeals.models import Appeal
from casereview.applications.models import Status
from casereview.core.audit_verify import audit_verify
from casereview.core.models import AuditEntry

OFFICE = "appeals@pfcc.example"


def test_the_office_previews_the_outcome_letter_before_recording_it(
    demo, client_for, django_capture_on_commit_callbacks
) -> None:
    application = case_at("appealed")
    office = client_for(OFFICE)
    path = f"/applications/{application.reference}/appeal/outcome"
    page = office.get(path).content.decode()
    assert "Preview the letter" in page and "Preview the letter as a PDF" in page
    decided = {
        "upheld": "no",
        "findings": "The review was properly conducted.",
        "recommendations": "",
    }
    audited = AuditEntry.objects.order_by("pk").last().pk
    letters = application.letters.count()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        page = office.post(path, {**decided, "preview": "html"})
    assert page.status_code == 200, page.content.decode()[:3000]
    text = page.content.decode()
    assert "Preview of the appeal outcome letter" in text
    assert "We have not upheld your appeal" in text and "properly conducted" in text
    assert "Nothing has been issued or sent" in text
    assert "The review was properly conducted." in text  # the form keeps what was typed
    application.refresh_from_db()
    assert application.status == Status.APPEALED
    assert Appeal.objects.get(application=application).upheld is None
    assert application.letters.count() == letters and not mail.outbox and not callbacks
    [entry] = AuditEntry.objects.filter(pk__gt=audited)
    assert entry.action == "view" and entry.object_id == application.reference
    assert entry.purpose == "previewing the appeal outcome letter before it is issued"
    assert audit_verify().intact  # the undone entries left no gap in the chain

    pdf = office.post(path, {**decided, "preview": "pdf"})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert application.letters.count() == letters

    # Bad input is refused on the preview as on the outcome itself, and nothing is read.
    audited = AuditEntry.objects.order_by("pk").last().pk
    refused = office.post(path, {"upheld": "no", "findings": "", "preview": "html"})
    assert refused.status_code == 400 and "govuk-error-summary" in refused.content.decode()
    assert not AuditEntry.objects.filter(pk__gt=audited, purpose__startswith="previewing")

    assert office.post(path, decided).status_code == 302
    assert application.letters.filter(kind="appeal_outcome").count() == 1
    # Once decided, a preview is refused like the decision itself.
    again = office.post(path, {**decided, "preview": "html"}, follow=True)
    assert "already been decided" in again.content.decode()
