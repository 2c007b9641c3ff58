"""Getting a letter to the applicant: the task that renders and emails it after commit, and the
scheduled retry of letters whose email failed or whose task was lost. Posted letters wait
for staff on the letters-to-post list."""

import logging
from collections.abc import Callable
from datetime import timedelta
from functools import partial
from typing import Any

from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task

from casereview.applications.models import (
    Delivery,
    Letter,
)
from casereview.core.audit import Actor, audit_record
from casereview.core.models import AuditAction
from casereview.core.observability.metrics import failure_count
from casereview.letters.render import LETTER_PURPOSE, letter_recipient, letter_render, sender_of

logger = logging.getLogger(__name__)


@task()
def letter_deliver(letter_id: int, actor: dict[str, Any]) -> None:
    """Render the letter's PDF, then email it when that is how it goes."""
    letter = letter_render(letter_id)
    if letter.delivery == Delivery.EMAIL and letter.awaiting_dispatch:
        letter_email(letter_id=letter.pk, actor=Actor(**actor))


def _email_message(letter: Letter) -> EmailMessage:
    application = letter.application
    sender = sender_of(letter)
    body = render_to_string(
        "letters/email.txt",
        {
            "letter": letter,
            "application": application,
            "partnership": letter.partnership,
            "sender": sender,
        },
    )
    message = EmailMessage(
        subject=f"Your application for an ASB case review ({letter.about})"
        if application is not None
        else f"The ASB case review: what it is and how to ask for one ({letter.about})",
        body=body,
        to=[letter.recipient_email],
        reply_to=[sender.email],
    )
    message.attach(letter.filename, bytes(letter.pdf), "application/pdf")
    return message


def letter_email(*, letter_id: int, actor: Actor) -> bool:
    """Send the letter as an attachment; record the disclosure, or the failure so that staff
    see it on the list of letters to send or post."""
    letter = letter_render(letter_id)
    try:
        _email_message(letter).send()
    # SMTP and socket errors, and an address Django or the server refuses (ValueError): any
    # failure leaves this letter waiting for the retry or for staff, and stops nothing else.
    except Exception:
        logger.exception("Could not email letter %s", letter.pk)
        failure_count("letter_email")
        letter.send_failed_at = timezone.now()
        letter.save(update_fields=["send_failed_at"])
        return False
    with transaction.atomic():
        letter.sent_at = timezone.now()
        letter.save(update_fields=["sent_at"])
        audit_record(
            actor=actor,
            action=AuditAction.DISCLOSE,
            object_type="letter",
            object_id=letter.pk,
            partnership_id=letter.partnership_id,
            purpose=f"{LETTER_PURPOSE}: emailed ({letter.about})",
            recipients=[letter_recipient(letter)],
        )
    return True


# A letter whose PDF has waited this long lost its task (or no worker is running).
RENDER_GRACE = timedelta(minutes=10)


def letters_retry() -> int:
    """The scheduled job tries again to email letters whose sending failed, and finishes
    letters whose task was lost (rendered and, when due, emailed). Each success is recorded
    and audited as the first attempt would have been; staff can still post instead."""
    stale = timezone.now() - RENDER_GRACE
    for pk in list(
        Letter.objects.filter(pdf_rendered_at__isnull=True, created_at__lt=stale)
        .exclude(html="")
        .values_list("pk", flat=True)
    ):
        _isolated("letter_render", pk, partial(letter_render, pk))
    waiting = Letter.objects.filter(
        Q(send_failed_at__isnull=False) | Q(created_at__lt=stale),
        delivery=Delivery.EMAIL,
        sent_at__isnull=True,
        posted_at__isnull=True,
    ).values_list("pk", flat=True)
    actor = Actor.system("letters_retry")
    return sum(
        bool(_isolated("letter_email", pk, partial(letter_email, letter_id=pk, actor=actor)))
        for pk in list(waiting)
    )


def _isolated(job: str, letter_id: int, attempt: Callable[[], object]) -> object:
    """One letter's attempt: whatever it raises is logged and counted, and the next letter
    is tried all the same; this one is tried again on the next run."""
    try:
        return attempt()
    except Exception:
        logger.exception("Letter %s: %s failed", letter_id, job)
        failure_count(job)
        return None
