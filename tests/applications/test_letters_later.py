"""A letter's PDF is made by a background task after the decision commits: until then the
letter's page says it is being prepared, and no page waits for the renderer."""

from builders import case_at

from casereview.applications.models import Letter
from casereview.letters.delivery import letter_deliver, letters_retry


def _decided_without_running_tasks() -> Letter:
    # The `db` fixture's transaction never commits, so the task queued on commit never runs.
    return case_at("decided", met=False).letters.get()


def test_until_the_task_runs_the_letter_is_being_prepared(client_for, api):
    letter = _decided_without_running_tasks()
    assert not letter.pdf_ready and bytes(letter.pdf) == b"" and letter.sent_at is None
    chair = client_for("chair@nul.example")
    page = chair.get(f"/letters/{letter.pk}").content.decode()
    assert "being prepared" in page and f"/letters/{letter.pk}/pdf" not in page
    response = chair.get(f"/letters/{letter.pk}/pdf")
    assert response.status_code == 302 and response["Location"] == f"/letters/{letter.pk}"
    answer = api("chair@nul.example")("get", f"/letters/{letter.pk}")
    assert answer.status_code == 409 and answer["Retry-After"] == "5"

    letter_deliver.call(letter_id=letter.pk, actor={"label": "test"})
    letter.refresh_from_db()
    assert letter.pdf_ready and bytes(letter.pdf).startswith(b"%PDF") and letter.sha256
    assert letter.sent_at is not None  # emailed to the advocate once rendered
    pdf = chair.get(f"/letters/{letter.pk}/pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_the_task_queued_on_commit_renders_and_emails(
    demo, django_capture_on_commit_callbacks, mailoutbox
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        application = case_at("decided", met=False)
    letter = application.letters.get()
    assert letter.pdf_ready and letter.sent_at is not None
    assert any(m.attachments and m.attachments[0][2] == "application/pdf" for m in mailoutbox)


def test_a_letter_whose_task_was_lost_is_finished_by_the_scheduled_job(demo) -> None:
    from datetime import timedelta

    from django.utils import timezone

    letter = _decided_without_running_tasks()
    assert letters_retry() == 0  # too new: its task may still be queued
    Letter.objects.filter(pk=letter.pk).update(created_at=timezone.now() - timedelta(hours=1))
    assert letters_retry() == 1
    letter.refresh_from_db()
    assert letter.pdf_ready and letter.sent_at is not None
