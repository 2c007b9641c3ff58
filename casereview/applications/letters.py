"""Letters to the applicant: rendered once from the partnership's wording, kept unchanged
in the letter register (HTML, PDF and its SHA-256), then emailed or queued for posting.

The HTML is written with the act that needs the letter; the PDF is made off the request
path by the `letter_deliver` task (WeasyPrint takes tens of milliseconds a page), which then
emails it. Until then the letter's page says the PDF is being prepared.
"""

import hashlib
import logging
from dataclasses import asdict, dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task
from weasyprint import CSS, HTML

from casereview.accounts.models import Membership
from casereview.applications.models import (
    Application,
    ContactPreference,
    Delivery,
    Letter,
    LetterKind,
    ThresholdDecision,
)
from casereview.core.audit import Actor, audit_record
from casereview.core.models import AuditAction
from casereview.partnerships.selectors import case_settings_of, letter_wording_of

logger = logging.getLogger(__name__)

LETTER_CSS = Path(__file__).parent / "letter.css"
LETTER_PURPOSE = "telling the applicant the outcome of their application"


@dataclass(frozen=True)
class Recipient:
    name: str
    email: str
    address: str
    delivery: Delivery


def recipient_of(application: Application) -> Recipient:
    """The advocate when there is one, otherwise the victim. Email only when that is the
    contact preference and there is an address to send to; everything else is posted."""
    if application.has_advocate:
        name, email, address = (
            application.advocate_name,
            application.advocate_email,
            application.advocate_address,
        )
    else:
        name, email, address = (
            application.victim_name,
            application.victim_email,
            f"{application.victim_address}\n{application.victim_postcode}".strip(),
        )
    by_email = application.contact_preference == ContactPreference.EMAIL and bool(email)
    return Recipient(name, email, address, Delivery.EMAIL if by_email else Delivery.POST)


def render_pdf(html: str) -> bytes:
    """A tagged PDF (PDF/UA-1), so screen readers can read the letter."""
    stylesheet = CSS(string=LETTER_CSS.read_text())
    document = HTML(string=html, base_url=str(settings.PROJECT_DIR))
    pdf = document.write_pdf(stylesheets=[stylesheet], pdf_variant="pdf/ua-1")
    assert pdf is not None
    return pdf


def letter_html(
    application: Application, kind: str, recipient: Recipient, **context: object
) -> str:
    """The letter `kind` for this application, from `letters/<kind>.html`."""
    partnership = application.partnership
    return render_to_string(
        f"letters/{kind}.html",
        {
            "application": application,
            "recipient": recipient,
            "partnership": partnership,
            "appeals_body": partnership.appeals_body,
            "wording": letter_wording_of(partnership),
            "case_settings": case_settings_of(partnership),
            "today": timezone.localdate(),
            "large_print": application.large_print,
            "title": f"Your application for an ASB case review: {application.reference}",
            **context,
        },
    )


def acknowledgement_html(
    application: Application, decision: ThresholdDecision, recipient: Recipient
) -> str:
    return letter_html(
        application,
        LetterKind.ACKNOWLEDGEMENT,
        recipient,
        decision=decision,
        explanation=decision.engine_output.get("explanation", ""),
    )


def letter_create(
    *, membership: Membership, application: Application, kind: str, html: str
) -> Letter:
    """Keep the letter in the register. Call inside the transaction that makes the letter
    necessary, so the letter exists exactly when that act does; its PDF is rendered, and
    emailed if that is how it goes, by a task queued only after commit."""
    recipient = recipient_of(application)
    letter = Letter.objects.create(
        application=application,
        partnership=application.partnership,
        kind=kind,
        recipient_name=recipient.name,
        recipient_email=recipient.email,
        recipient_address=recipient.address,
        delivery=recipient.delivery,
        large_print=application.large_print,
        html=html,
        created_by=membership.user,
    )
    actor = Actor.for_membership(membership)
    audit_record(
        actor=actor,
        action=AuditAction.COLLECT,
        object_type="letter",
        object_id=letter.pk,
        partnership_id=application.partnership_id,
        purpose=f"{LETTER_PURPOSE}: {kind} for {application.reference}",
    )
    transaction.on_commit(lambda: letter_deliver.enqueue(letter_id=letter.pk, actor=asdict(actor)))
    transaction.on_commit(lambda: applicant_told(application.pk))
    return letter


def letter_render(letter_id: int) -> Letter:
    """The letter with its PDF, rendering and storing it first if that has not happened yet.
    Safe to run twice or concurrently: only the first render is kept."""
    letter = Letter.objects.select_related("application__partnership").get(pk=letter_id)
    if letter.pdf_ready or not letter.html:  # an erased letter has nothing left to render
        return letter
    pdf = render_pdf(letter.html)
    Letter.objects.filter(pk=letter.pk, pdf_rendered_at__isnull=True).update(
        pdf=pdf, sha256=hashlib.sha256(pdf).hexdigest(), pdf_rendered_at=timezone.now()
    )
    letter.refresh_from_db(fields=["pdf", "sha256", "pdf_rendered_at"])
    return letter


@task()
def letter_deliver(letter_id: int, actor: dict[str, Any]) -> None:
    """Render the letter's PDF, then email it when that is how it goes."""
    letter = letter_render(letter_id)
    if letter.delivery == Delivery.EMAIL and letter.awaiting_dispatch:
        letter_email(letter_id=letter.pk, actor=Actor(**actor))


def applicant_told(application_id: int) -> None:
    """Tell an applicant who follows their case online that it has moved on."""
    # Imported here: the applicants app builds on this one.
    from casereview.applicants.services import case_updated

    case_updated(application_id)


def acknowledgement_create(
    *, membership: Membership, application: Application, decision: ThresholdDecision
) -> Letter:
    html = acknowledgement_html(application, decision, recipient_of(application))
    return letter_create(
        membership=membership, application=application, kind=LetterKind.ACKNOWLEDGEMENT, html=html
    )


def _email_message(letter: Letter) -> EmailMessage:
    application = letter.application
    body = render_to_string(
        "letters/email.txt",
        {"letter": letter, "application": application, "partnership": application.partnership},
    )
    message = EmailMessage(
        subject=f"Your application for an ASB case review ({application.reference})",
        body=body,
        to=[letter.recipient_email],
        reply_to=[application.partnership.contact_email],
    )
    message.attach(letter.filename, bytes(letter.pdf), "application/pdf")
    return message


def letter_email(*, letter_id: int, actor: Actor) -> bool:
    """Send the letter as an attachment; record the disclosure, or the failure so that staff
    see it on the list of letters to send or post."""
    letter = letter_render(letter_id)
    try:
        _email_message(letter).send()
    except OSError:  # SMTP and socket errors: the letter waits for staff to act
        logger.exception("Could not email letter %s", letter.pk)
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
            purpose=f"{LETTER_PURPOSE}: emailed ({letter.application.reference})",
            recipients=[letter.recipient_email],
        )
    return True


def letter_mark_posted(*, membership: Membership, letter: Letter) -> Letter:
    with transaction.atomic():
        locked = Letter.objects.select_for_update().get(pk=letter.pk)
        if locked.posted_at is not None or locked.sent_at is not None:
            return locked
        locked.posted_at = timezone.now()
        locked.posted_by = membership.user
        locked.save(update_fields=["posted_at", "posted_by"])
        audit_record(
            actor=Actor.for_membership(membership),
            action=AuditAction.DISCLOSE,
            object_type="letter",
            object_id=locked.pk,
            partnership_id=locked.partnership_id,
            purpose=f"{LETTER_PURPOSE}: posted ({letter.application.reference})",
            recipients=[f"{locked.recipient_name}, {locked.recipient_address}".replace("\n", ", ")],
        )
    return locked


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
        letter_render(pk)
    waiting = Letter.objects.filter(
        Q(send_failed_at__isnull=False) | Q(created_at__lt=stale),
        delivery=Delivery.EMAIL,
        sent_at__isnull=True,
        posted_at__isnull=True,
    ).values_list("pk", flat=True)
    actor = Actor.system("letters_retry")
    return sum(letter_email(letter_id=pk, actor=actor) for pk in list(waiting))
