"""Letters to the applicant: rendered once from the partnership's wording, kept unchanged
in the letter register (HTML, PDF and its SHA-256), then emailed or queued for posting.

The HTML is written with the act that needs the letter; the PDF is made off the request
path by the `letter_deliver` task (WeasyPrint takes tens of milliseconds a page), which then
emails it. Until then the letter's page says the PDF is being prepared.
"""

from dataclasses import asdict

from django.db import transaction
from django.utils import timezone

from casereview.accounts.models import Membership
from casereview.applications.models import (
    Application,
    Letter,
)
from casereview.core.audit import Actor, audit_record
from casereview.core.events import case_changed
from casereview.core.models import AuditAction
from casereview.letters.delivery import letter_deliver
from casereview.letters.render import (
    LETTER_PURPOSE,
    Recipient,
    letter_recipient,
    recipient_of,
)
from casereview.partnerships.models import Partnership


def letter_create(
    *, membership: Membership, application: Application, kind: str, html: str
) -> Letter:
    """Keep the letter in the register. Call inside the transaction that makes the letter
    necessary, so the letter exists exactly when that act does; its PDF is rendered, and
    emailed if that is how it goes, by a task queued only after commit."""
    letter = _registered(
        membership=membership,
        partnership=application.partnership,
        fields={"application": application, "large_print": application.large_print},
        kind=kind,
        recipient=recipient_of(application),
        html=html,
        purpose=f"{LETTER_PURPOSE}: {kind} for {application.reference}",
    )
    case_changed(application.pk)
    return letter


def letter_to_person_create(
    *,
    membership: Membership,
    kind: str,
    subject: str,
    recipient: Recipient,
    large_print: bool,
    html: str,
    purpose: str,
) -> Letter:
    """Keep a letter to someone who has no application (the radar's explanation letter) in
    the same register: rendered, emailed or listed to post, and audited, like any other.
    Call inside the transaction of the act that needs it."""
    partnership = membership.partnership
    assert partnership is not None  # only partnership roles write letters
    return _registered(
        membership=membership,
        partnership=partnership,
        fields={"application": None, "subject": subject, "large_print": large_print},
        kind=kind,
        recipient=recipient,
        html=html,
        purpose=f"{purpose}: {kind} for {subject}",
    )


def _registered(
    *,
    membership: Membership,
    partnership: Partnership,
    fields: dict[str, object],
    kind: str,
    recipient: Recipient,
    html: str,
    purpose: str,
) -> Letter:
    """The one way a letter enters the register: created, audited as collected, and its PDF
    (and email, if it goes by email) queued for after commit. The appeals office writes
    letters too, so the partnership is the case's, not the writer's."""
    letter = Letter.objects.create(
        partnership=partnership,
        kind=kind,
        recipient_name=recipient.name,
        recipient_email=recipient.email,
        recipient_address=recipient.address,
        delivery=recipient.delivery,
        html=html,
        created_by=membership.user,
        **fields,
    )
    actor = Actor.for_membership(membership)
    audit_record(
        actor=actor,
        action=AuditAction.COLLECT,
        object_type="letter",
        object_id=letter.pk,
        partnership_id=partnership.pk,
        purpose=purpose,
    )
    transaction.on_commit(lambda: letter_deliver.enqueue(letter_id=letter.pk, actor=asdict(actor)))
    return letter


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
            purpose=f"{LETTER_PURPOSE}: posted ({letter.about})",
            recipients=[letter_recipient(locked)],
        )
    return locked
