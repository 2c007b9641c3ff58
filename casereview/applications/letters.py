"""Letters to the applicant: rendered once from the partnership's wording, kept unchanged
in the letter register (HTML, PDF and its SHA-256), then emailed or queued for posting."""

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
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
    """Keep the letter in the register and send it. Call inside the transaction that makes
    the letter necessary, so the letter exists exactly when that act does; email goes only
    after commit."""
    recipient = recipient_of(application)
    pdf = render_pdf(html)
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
        pdf=pdf,
        sha256=hashlib.sha256(pdf).hexdigest(),
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
    if recipient.delivery == Delivery.EMAIL:
        transaction.on_commit(lambda: letter_email(letter_id=letter.pk, actor=actor))
    transaction.on_commit(lambda: applicant_told(application.pk))
    return letter


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
    letter = Letter.objects.select_related("application__partnership").get(pk=letter_id)
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


def letters_retry() -> int:
    """The scheduled job tries again to email letters whose sending failed. Each success is
    recorded and audited as the first attempt would have been; staff can still post instead."""
    waiting = Letter.objects.filter(
        delivery=Delivery.EMAIL,
        sent_at__isnull=True,
        posted_at__isnull=True,
        send_failed_at__isnull=False,
    ).values_list("pk", flat=True)
    actor = Actor.system("letters_retry")
    return sum(letter_email(letter_id=pk, actor=actor) for pk in list(waiting))
