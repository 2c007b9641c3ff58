"""The append-only audit log can never be erased, so it never holds a person's contact
details: who received a letter, notice or invitation is named by who they are to the case
and by the letter or notice, and the people's names and addresses stay in records that
retention and erasure can reach."""

import re
from datetime import timedelta

import pytest
from builders import case_at
from django.utils import timezone

from casereview.appeals.services import appeal_decide
from casereview.applicants.links import status_link_issue
from casereview.applications.intake import VictimInput
from casereview.core.audit import Actor, audit_record
from casereview.core.dates import local_today
from casereview.core.models import AuditAction, AuditEntry
from casereview.letters.register import letter_mark_posted
from casereview.partnerships.models import Agency, Partnership
from casereview.reviews.models import PartnerRequest
from casereview.reviews.reminders import send_due_notices
from casereview.reviews.services.meeting import meeting_schedule


@pytest.mark.django_db
def test_an_address_is_refused_as_a_recipient() -> None:
    with pytest.raises(ValueError, match="not an address"):
        audit_record(
            actor=Actor.system("test"),
            action=AuditAction.DISCLOSE,
            purpose="testing",
            recipients=["victim@example.org"],
        )
    assert not AuditEntry.objects.exists()


def test_no_disclosure_records_a_name_or_an_address(
    demo, membership, django_capture_on_commit_callbacks
) -> None:
    pso, appeals = membership("pso@nul.example"), membership("appeals@pfcc.example")
    with django_capture_on_commit_callbacks(execute=True):
        emailed = case_at("asked")  # acknowledgement emailed to the advocate; agencies asked
    requests = list(PartnerRequest.objects.filter(application=emailed).order_by("pk"))
    today = local_today()
    PartnerRequest.objects.filter(pk=requests[0].pk).update(due=today)  # reminder
    PartnerRequest.objects.filter(pk=requests[1].pk).update(due=today - timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        notices = send_due_notices(today)
        meeting_schedule(
            membership=pso,
            application=emailed,
            starts_at=timezone.now() + timedelta(days=7),
            location="Castle House",
            victim_invited=True,
        )
        status_link_issue(membership=pso, application=emailed)
    assert notices.reminders == 1 and notices.overdue == 1

    by_post = VictimInput(
        name="Pat Post", postcode="ST5 1AB", contact_preference="post", address="3 Lane"
    )
    posted = case_at("decided", met=False, victim=by_post, advocate=None)
    letter_mark_posted(membership=pso, letter=posted.letters.get())

    with django_capture_on_commit_callbacks(execute=True):
        appealed = case_at("appealed", met=False)
        appeal_decide(
            membership=appeals,
            application=appealed,
            upheld=True,
            findings="Missed.",
            recommendations=[],
        )

    recipients = [
        r for r in AuditEntry.objects.values_list("recipients", flat=True).order_by("pk") if r
    ]
    personal = [
        "Ada", "Advocate", "ada@example.org", "Robin", "robin@example.org", "Test Road",
        "Pat", "3 Lane", "ST5",
        *Agency.objects.values_list("name", flat=True),
        *Agency.objects.values_list("contact_email", flat=True),
        *Partnership.objects.values_list("contact_email", flat=True),
        "@",
    ]  # fmt: skip
    assert not [(r, p) for r in recipients for p in personal if p in r]
    joined = "\n".join(recipients)
    for expected in [
        "advocate (letter ",  # the acknowledgement, emailed
        "victim (letter ",  # the letter posted to Pat
        "agency police (request ",
        "agency police (meeting ",
        "advocate (meeting ",
        "coordinators (notice ",
        "advocate (status link ",
        "partnership newcastle-under-lyme (letter ",  # the Commissioner's outcome, copied
    ]:
        assert expected in joined, (expected, joined)
    assert re.search(r"^agency [a-z-]+ \(notice \d+\)$", joined, re.MULTILINE)
