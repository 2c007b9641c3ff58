"""Partner notices and meeting invitations: a notice that cannot be sent stops none of the
others and is tried again; each invited officer gets an invitation of their own."""

from datetime import timedelta

from builders import case_at
from django.core import mail
from django.utils import timezone
from prometheus_client import REGISTRY

from casereview.accounts.models import Membership, Role, User
from casereview.core.dates import local_today
from casereview.core.models import AuditEntry
from casereview.partnerships.models import Agency
from casereview.reviews.models import Notice, PartnerRequest
from casereview.reviews.reminders import send_due_notices
from casereview.reviews.services.meeting import meeting_schedule


def _failures() -> float:
    labels = {"job": "notice"}
    return REGISTRY.get_sample_value("casereview_scheduled_failures_total", labels) or 0.0


def test_a_notice_that_cannot_be_sent_is_tried_again_and_stops_no_other(demo, smtp_inbox) -> None:
    application = case_at("asked", asked=("fire", "council"))
    today = local_today()
    PartnerRequest.objects.filter(application=application).update(due=today)
    fire = Agency.objects.get(partnership=application.partnership, slug="fire")
    # Saved before contact addresses were checked: the SMTP backend raises ValueError.
    Agency.objects.filter(pk=fire.pk).update(contact_email="a@fire.example, b@evil.example")
    before = _failures()
    assert send_due_notices(today).reminders == 1  # the council's went
    assert [m["Subject"] for m in smtp_inbox.messages if "Reminder" in m["Subject"]]
    assert _failures() == before + 1
    assert list(Notice.objects.values_list("request__agency__slug", flat=True)) == ["council"]
    disclosed = AuditEntry.objects.filter(object_type="partner_request").values_list(
        "recipients", flat=True
    )
    assert [r.split(" (")[0] for r in disclosed] == ["agency council"]  # only what went

    Agency.objects.filter(pk=fire.pk).update(contact_email="asb@fire.example")
    assert send_due_notices(today).reminders == 1  # the fire service's, this time
    assert send_due_notices(today).reminders == 0


def test_each_officer_is_invited_in_a_message_of_their_own(
    demo, membership, django_capture_on_commit_callbacks
) -> None:
    application = case_at("asked", asked=("police", "council", "housing"))
    police = Agency.objects.get(partnership=application.partnership, slug="police")
    second = User.objects.create_user(email="pc.two@police.example", full_name="PC Two")
    Membership.objects.create(
        user=second, partnership=application.partnership, role=Role.PARTNER, agency=police
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meeting_schedule(
            membership=membership("pso@nul.example"),
            application=application,
            starts_at=timezone.now() + timedelta(days=7),
            location="Castle House",
        )
    invitations = [m for m in mail.outbox if m.subject.startswith("Invitation")]
    assert len(invitations) == 4  # three agencies' addresses, and the second officer
    assert all(len(m.to) == 1 and not m.cc and not m.bcc for m in invitations)
    addressed = [m.to[0] for m in invitations]
    assert len(addressed) == len(set(addressed))
    assert set(addressed) == {
        "police@nul.example",
        "pc.two@police.example",
        "council@nul.example",
        "housing@nul.example",
    }
