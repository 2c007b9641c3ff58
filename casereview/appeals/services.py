"""Recording an appeal and its outcome. Each writes and audits in one transaction; the
partnership hears at once of an appeal the appeals body records, and the outcome letter goes
to the applicant, and a copy to the partnership."""

import logging
from dataclasses import asdict
from datetime import date
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from casereview.accounts.models import Membership, Role, User
from casereview.appeals.models import Appeal, Ground
from casereview.appeals.selectors import (
    decision_due,
    landlords_involved,
    letter_appealed_against,
)
from casereview.applications.lifecycle import APPEALABLE, appeal_by, status_move
from casereview.applications.models import Application, Letter, LetterKind, Status
from casereview.core import limits
from casereview.core.audit import Actor, audit_record
from casereview.core.dates import local_today
from casereview.core.errors import FieldError, InvalidInput, NotAllowedNow
from casereview.core.models import AuditAction
from casereview.letters.register import letter_create
from casereview.letters.render import letter_html, letter_render, recipient_of

logger = logging.getLogger(__name__)
APPEAL_PURPOSE = "reviewing an appeal about an ASB case review"


def appeal_window_end(application: Application, letter: Letter) -> date:
    return appeal_by(application.partnership, timezone.localdate(letter.created_at))


def appeal_audit(
    membership: Membership, application: Application, purpose: str, **extra: object
) -> None:
    """An audit entry on the case for a step of its appeal (a change, unless `action` says
    otherwise)."""
    audit_record(
        actor=Actor.for_membership(membership),
        action=extra.pop("action", AuditAction.ALTER),  # type: ignore[arg-type]
        object_type="application",
        object_id=application.reference,
        partnership_id=application.partnership_id,
        purpose=purpose,
        **extra,  # type: ignore[arg-type]
    )


def _record_errors(
    received: date, grounds: list[str], details: str, late_reason: str, due_by: date
) -> list[FieldError]:
    errors = limits.texts_too_long(
        [
            ("details", details, limits.APPEAL_DETAILS),
            ("late_reason", late_reason, limits.LATE_REASON),
        ]
    )
    when = limits.past_date_error("received", received, local_today(), "The date received")
    if when is not None:
        errors.append(when)
    if not grounds:
        errors.append(FieldError("grounds", "Choose at least one ground of appeal"))
    unknown = [g for g in grounds if g not in Ground.values]
    if unknown:
        errors.append(FieldError("grounds", f"Unknown grounds: {', '.join(unknown)}"))
    if not details.strip():
        errors.append(FieldError("details", "Enter the details of the appeal"))
    if received > due_by and not late_reason.strip():
        errors.append(
            FieldError(
                "late_reason",
                f"The appeal window ended on {limits.long_date(due_by)}: "
                "enter why a late appeal is accepted",
            )
        )
    return errors


def appeal_record(
    *,
    membership: Membership,
    application: Application,
    received: date,
    grounds: list[str],
    details: str,
    late_reason: str = "",
) -> Appeal:
    """An appeal recorded by the PSO for the applicant, or by the appeals body (which the
    partnership then hears of at once, once the appeal is committed)."""
    appeal = appeal_create(
        application=application,
        received=received,
        grounds=grounds,
        details=details,
        late_reason=late_reason,
        recorded_by=membership.user,
        actor=Actor.for_membership(membership),
    )
    if membership.role == Role.APPEALS:
        application_id = application.pk
        # After the caller's transaction too (the API's idempotent requests run in one).
        transaction.on_commit(lambda: appeal_notice_send.enqueue(application_id=application_id))
    return appeal


@task()
def appeal_notice_send(application_id: int) -> None:
    """Tell the partnership, at its contact address, that the appeals body has recorded an
    appeal: the reference and a link to the case, and no personal data."""
    application = Application.objects.select_related("partnership__appeals_body").get(
        pk=application_id
    )
    partnership = application.partnership
    body = partnership.appeals_body.name if partnership.appeals_body else "The appeals body"
    url = settings.SITE_URL + reverse("casework:detail", args=[application.reference])
    try:
        EmailMessage(
            subject=f"Appeal recorded for ASB case review {application.reference}",
            body=f"{body} has recorded an appeal about ASB case review "
            f"{application.reference}. The case and its appeal: {url}",
            to=[partnership.contact_email],
        ).send()
    except OSError:
        logger.exception("Could not tell the partnership of the appeal about %s", application.pk)


def _day(d: date) -> str:
    return f"{d.day} {d:%B %Y}"


def _recorded_by(actor: Actor) -> str:
    """Who recorded an appeal, as the office's notice says it: never a person's name."""
    if actor.role == Role.APPEALS:
        return "your office"
    if actor.role:
        return "the partnership's staff, for the applicant"
    return "the applicant, online"


@task()
def office_notice_send(appeal_id: int, recorded_by: str) -> None:
    """Tell the Commissioner's office, at its address, that an appeal has been recorded for
    it to decide: the reference, the partnership, the dates and a link to the appeal pack,
    and no personal data."""
    appeal = Appeal.objects.select_related("application__partnership__appeals_body").get(
        pk=appeal_id
    )
    application = appeal.application
    partnership = application.partnership
    body = partnership.appeals_body
    if body is None:
        return
    url = settings.SITE_URL + reverse("appeals:pack", args=[application.reference])
    try:
        EmailMessage(
            subject=f"Appeal to decide: ASB case review {application.reference}",
            body=f"An appeal about ASB case review {application.reference} "
            f"({partnership.name}) was received on {_day(appeal.received)} "
            f"and recorded by {recorded_by}.\n\n"
            f"Your decision is due by {_day(decision_due(appeal, body))}.\n\n"
            f"Sign in to read the appeal pack: {url}\n",
            to=[body.email],
        ).send()
    except Exception:  # SMTP errors or a refused address: the appeal itself is committed
        logger.exception("Could not tell the office of the appeal %s", appeal.pk)


def appeal_create(
    *,
    application: Application,
    received: date,
    grounds: list[str],
    details: str,
    late_reason: str,
    recorded_by: User,
    actor: Actor,
) -> Appeal:
    if application.status not in APPEALABLE:
        raise NotAllowedNow(
            "An appeal can follow a threshold-not-met letter or a conclusion letter only."
        )
    if Appeal.objects.filter(application=application).exists():
        # A decision or conclusion the partnership made again after an upheld appeal.
        raise NotAllowedNow("The Commissioner's office has already heard an appeal on this case.")
    letter = letter_appealed_against(application)
    if letter is None:
        raise NotAllowedNow("There is no letter to appeal against yet.")
    due_by = appeal_window_end(application, letter)
    errors = _record_errors(received, grounds, details, late_reason, due_by)
    if errors:
        raise InvalidInput(errors)
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if locked.status not in APPEALABLE:
            raise NotAllowedNow("This application has already been appealed.")
        appeal = Appeal.objects.create(
            application=locked,
            partnership_id=locked.partnership_id,
            against=letter,
            received=received,
            grounds=list(dict.fromkeys(grounds)),
            details=details.strip(),
            due_by=due_by,
            late_reason=late_reason.strip() if received > due_by else "",
            recorded_by=recorded_by,
        )
        status_move(locked, Status.APPEALED)
        audit_record(
            actor=actor,
            action=AuditAction.COLLECT,
            object_type="application",
            object_id=locked.reference,
            partnership_id=locked.partnership_id,
            purpose=f"{APPEAL_PURPOSE}: appeal recorded",
        )
        # Whoever recorded it (the partnership, the applicant online, the office itself or
        # an API client), the office hears of it once it is committed.
        appeal_id, who = appeal.pk, _recorded_by(actor)
        transaction.on_commit(
            lambda: office_notice_send.enqueue(appeal_id=appeal_id, recorded_by=who)
        )
    application.refresh_from_db()
    return appeal


@task()
def outcome_copy_send(letter_id: int, actor: dict[str, Any]) -> None:
    """The partnership's copy of the outcome letter, to its published address (a task: the
    PDF is rendered off the request path, here if `letter_deliver` has not yet done it)."""
    _send_copy(letter_id, Actor(**actor))


def _send_copy(letter_id: int, actor: Actor) -> None:
    letter = letter_render(letter_id)
    assert letter.application is not None  # an appeal's outcome always has its application
    partnership = letter.application.partnership
    message = EmailMessage(
        subject=f"Appeal outcome for ASB case review {letter.application.reference}",
        body=f"The outcome letter for the appeal about {letter.application.reference} is "
        "attached, for your records and any recommendations it makes.",
        to=[partnership.contact_email],
    )
    message.attach(letter.filename, bytes(letter.pdf), "application/pdf")
    try:
        message.send()
    except OSError:
        logger.exception("Could not send the partnership's copy of letter %s", letter.pk)
        return
    audit_record(
        actor=actor,
        action=AuditAction.DISCLOSE,
        object_type="letter",
        object_id=letter.pk,
        partnership_id=partnership.pk,
        purpose=f"{APPEAL_PURPOSE}: copy of the outcome to the partnership",
        recipients=[f"partnership {partnership.slug} (letter {letter.pk})"],
    )


def appeal_decide(
    *,
    membership: Membership,
    application: Application,
    upheld: bool,
    findings: str,
    recommendations: list[str],
) -> Appeal:
    appeal = Appeal.objects.filter(application=application).first()
    if appeal is None:
        raise NotAllowedNow("There is no appeal to decide.")
    if appeal.decided:
        raise NotAllowedNow("The appeal has already been decided.")
    if not findings.strip():
        raise InvalidInput([FieldError("findings", "Enter your findings")])
    errors = limits.texts_too_long(
        [
            ("findings", findings, limits.FINDINGS),
            *[
                (f"recommendations[{i}]", r, limits.RECOMMENDATION)
                for i, r in enumerate(recommendations)
            ],
        ]
    )
    many = limits.too_many(
        "recommendations",
        len([r for r in recommendations if r.strip()]),
        limits.APPEAL_RECOMMENDATIONS_MAX,
        "recommendations",
    )
    if errors or many:
        raise InvalidInput([*errors, *([many] if many else [])])
    with transaction.atomic():
        locked = (
            Application.objects.select_for_update()
            .select_related("partnership__appeals_body")
            .get(pk=application.pk)
        )
        updated = Appeal.objects.filter(pk=appeal.pk, upheld__isnull=True).update(
            upheld=upheld,
            findings=findings.strip(),
            recommendations=[r.strip() for r in recommendations if r.strip()],
            decided_by=membership.user,
            decided_at=timezone.now(),
        )
        if not updated:
            raise NotAllowedNow("The appeal has already been decided.")
        appeal.refresh_from_db()
        status_move(locked, Status.APPEAL_UPHELD if upheld else Status.APPEAL_NOT_UPHELD)
        appeal_audit(
            membership, locked, f"{APPEAL_PURPOSE}: {'upheld' if upheld else 'not upheld'}"
        )
        html = letter_html(
            locked,
            LetterKind.APPEAL_OUTCOME,
            recipient_of(locked),
            appeal=appeal,
            landlords=landlords_involved(locked),
        )
        letter = letter_create(
            membership=membership, application=locked, kind=LetterKind.APPEAL_OUTCOME, html=html
        )
        actor = asdict(Actor.for_membership(membership))
        transaction.on_commit(lambda: outcome_copy_send.enqueue(letter_id=letter.pk, actor=actor))
    application.refresh_from_db()
    return appeal
