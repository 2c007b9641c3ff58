"""One bad letter, notice or sub-job never stops `casereview scheduled`: each failure is
logged, counted in casereview_scheduled_failures_total and tried again on the next run, and
the retention sweep runs whatever happened before it."""

import io
from datetime import timedelta

import pytest
from builders import case_at
from django.core.management import CommandError, call_command
from django.utils import timezone
from prometheus_client import REGISTRY

from casereview.applications.intake import VictimInput
from casereview.applications.models import Application, Letter
from casereview.casework.management.commands import scheduled
from casereview.letters.delivery import letters_retry

# An address saved before every entry point checked for exactly one (or by hand in the
# database): Django's SMTP backend refuses it with ValueError.
TWO = "victim@example.org, attacker@evil.example"


def failures(job: str) -> float:
    return REGISTRY.get_sample_value("casereview_scheduled_failures_total", {"job": job}) or 0.0


def _failed_letter(name: str, email: str) -> Letter:
    victim = VictimInput(name=name, postcode="ST5 1AB", contact_preference="email", email=email)
    application = case_at("decided", met=False, victim=victim, advocate=None)
    letter = application.letters.get()
    Letter.objects.filter(pk=letter.pk).update(recipient_email=email, send_failed_at=timezone.now())
    return letter


def _closed_long_ago() -> Application:
    application = case_at("decided", met=False)
    type(application.decision).objects.filter(application=application).update(
        decided_at=timezone.now() - timedelta(days=365 * 7)
    )
    return application


def test_a_letter_the_server_refuses_stops_no_other_letter(demo, smtp_inbox) -> None:
    bad = _failed_letter("Bad Address", "bad@example.org")
    Letter.objects.filter(pk=bad.pk).update(recipient_email=TWO)
    good = _failed_letter("Good Address", "good@example.org")
    before = failures("letter_email")
    assert letters_retry() == 1
    assert [m["To"] for m in smtp_inbox.messages] == ["good@example.org"]
    bad.refresh_from_db()
    good.refresh_from_db()
    assert good.sent_at is not None
    assert bad.sent_at is None and bad.send_failed_at is not None  # waits: tried next run
    assert failures("letter_email") == before + 1
    assert letters_retry() == 0 and failures("letter_email") == before + 2


def test_the_scheduled_job_reaches_the_retention_sweep_past_a_bad_letter(demo, smtp_inbox) -> None:
    old = _closed_long_ago()
    bad = _failed_letter("Bad Address", "bad@example.org")
    Letter.objects.filter(pk=bad.pk).update(recipient_email=TWO)
    out = io.StringIO()
    call_command("scheduled", stdout=out)  # exits 0: the letter's failure is its own
    assert "emailed 0 letters" in out.getvalue()
    assert "erased 1 application and 0 partner reports past retention" in out.getvalue()
    old.refresh_from_db()
    assert old.erased_at is not None


def test_a_sub_job_that_crashes_stops_none_of_the_others(demo, monkeypatch) -> None:
    ran: list[str] = []

    def crash(today):
        raise RuntimeError("the mail server is on fire")

    def note(name):
        def job(today):
            ran.append(name)
            return f"{name} ran"

        return job

    monkeypatch.setattr(
        scheduled,
        "JOBS",
        [
            ("reminders", crash),
            ("letters_retry", note("letters")),
            ("retention_sweep", note("retention")),
            ("worker_heartbeat", note("heartbeat")),
        ],
    )
    before = failures("reminders")
    out = io.StringIO()
    with pytest.raises(CommandError, match="reminders"):
        call_command("scheduled", stdout=out)
    assert ran == ["letters", "retention", "heartbeat"]
    assert "FAILED (see the log): reminders" in out.getvalue()
    assert failures("reminders") == before + 1
