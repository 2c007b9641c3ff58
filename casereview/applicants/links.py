"""Status links and access codes: how an applicant with no account follows their case, and
the notices that tell them it moved on."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from casereview.accounts import throttle
from casereview.accounts.models import Membership, SecurityEvent, SecurityEventKind
from casereview.applicants.models import StatusLink
from casereview.applicants.sending import email_applicant, text_link
from casereview.applications.lifecycle import closed_on
from casereview.applications.models import Application
from casereview.applications.services import application_audit
from casereview.core.audit import Actor, audit_record
from casereview.core.dates import local_today
from casereview.core.errors import FieldError, InvalidInput, NotAllowedNow
from casereview.core.models import AuditAction
from casereview.core.qr import qr_svg
from casereview.core.sms import mobile_number
from casereview.letters.render import recipient_role

# The access code's letters: no vowels (no words), nothing mistaken for another when read
# out or handwritten (no 0/O, 1/I/L, 5/S, U/V, 2/Z).
CODE_ALPHABET = "BCDFGHJKMNPQRTWXY2346789"
CODE_LENGTH = 8


def link_actor(link: StatusLink) -> Actor:
    return Actor(label=f"applicant (status link {link.pk})")


def status_url(link: StatusLink) -> str:
    return settings.SITE_URL + reverse("applicants:status", args=[link.token])


def new_access_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def code_shown(code: str | None) -> str:
    """In two groups of four, as staff read it out and letters print it: BCDF-GH23."""
    code = code or ""
    return f"{code[:4]}-{code[4:]}" if len(code) == CODE_LENGTH else code


def code_typed(raw: str) -> str:
    """What the applicant typed, as stored: capitals, without spaces or hyphens."""
    return "".join(c for c in raw.upper() if c.isalnum())


def _applicant_email(application: Application) -> str:
    return application.advocate_email if application.has_advocate else application.victim_email


def applicant_mobile(application: Application) -> str | None:
    """The applicant's phone number in international form when it is a mobile number."""
    phone = application.advocate_phone if application.has_advocate else application.victim_phone
    return mobile_number(phone)


def new_status_link(application: Application, mobile: str = "") -> StatusLink:
    return StatusLink.objects.create(
        application=application,
        token=secrets.token_urlsafe(32),
        access_code=new_access_code(),
        email=_applicant_email(application),
        mobile=mobile,
    )


def link_for(token: str) -> StatusLink | None:
    """The link if it still works: not revoked, and not past its time after the case closed."""
    link = (
        StatusLink.objects.filter(token=token, revoked_at__isnull=True)
        # closed_on reads these one-to-ones; joining them here saves a query each.
        .select_related(
            "application__partnership__appeals_body",
            "application__partnership__case_settings",
            "application__decision",
            "application__conclusion",
            "application__withdrawal",
            "application__appeal",
            "application__meeting",
        )
        .first()
    )
    if link is None:
        return None

    closed = closed_on(link.application)
    if closed is not None and local_today() > closed + timedelta(
        days=settings.STATUS_LINK_DAYS_AFTER_CLOSE
    ):
        return None
    if link.application.erased_at is not None:
        return None
    return link


def link_used(link: StatusLink, what: str) -> None:
    """Each use of the bearer link is a consultation of the case, logged as such."""
    audit_record(
        actor=link_actor(link),
        action=AuditAction.VIEW,
        object_type="application",
        object_id=link.application.reference,
        partnership_id=link.application.partnership_id,
        purpose=f"applicant following their case: {what}",
    )


def status_link_issue(
    *, membership: Membership, application: Application, by_text: bool = False
) -> StatusLink:
    """Staff give the applicant a fresh link and access code (to an applicant who applied by
    phone or letter, or after a revocation): emailed when there is an address, texted when
    staff offer it and the applicant has a mobile number, and shown to staff to read out or
    print. Any earlier link and code stop working."""
    mobile = applicant_mobile(application) if by_text else None
    if by_text and mobile is None:
        raise InvalidInput(
            [
                FieldError(
                    "by_text",
                    "The applicant's phone number is not a mobile number: change it on the "
                    "case, or give them the link another way",
                )
            ]
        )
    if application.erased_at is not None:
        raise NotAllowedNow("This case's personal data has been erased.")
    with transaction.atomic():
        StatusLink.objects.filter(application=application, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        link = new_status_link(application, mobile=mobile or "")
        role = recipient_role(application)
        audit_record(
            actor=Actor.for_membership(membership),
            action=AuditAction.DISCLOSE,
            object_type="application",
            object_id=application.reference,
            partnership_id=application.partnership_id,
            purpose="giving the applicant a link and access code to follow their case",
            recipients=[
                f"{role} (status link {link.pk} by {how})"
                for how, used in (("email", link.email), ("text message", link.mobile))
                if used
            ],
        )
        link_id = link.pk
        transaction.on_commit(lambda: _link_sent(link_id))
    return link


def _link_sent(link_id: int) -> None:
    link = StatusLink.objects.select_related("application__partnership").get(pk=link_id)
    application = link.application
    email_applicant(
        application,
        f"Follow your ASB case review ({application.reference})",
        "applicants/email/link.txt",
        link.email,
        url=status_url(link),
        code=code_shown(link.access_code),
        follow_url=settings.SITE_URL + reverse("applicants:follow"),
    )
    text_link(
        link,
        f"{application.partnership.name}: follow your ASB case review "
        f"{application.reference} at {status_url(link)} or enter access code "
        f"{code_shown(link.access_code)} at {settings.SITE_URL}{reverse('applicants:follow')}. "
        "Keep them private.",
    )


def live_link(application: Application) -> StatusLink | None:
    """The applicant's working link, if they have one."""
    return (
        StatusLink.objects.filter(application=application, revoked_at__isnull=True)
        .order_by("-created_at")
        .first()
    )


def link_shown_to_staff(*, membership: Membership, link: StatusLink, purpose: str) -> None:
    """Staff looking at (or printing) the link and code to pass on: a disclosure to come."""
    application = link.application
    audit_record(
        actor=Actor.for_membership(membership),
        action=AuditAction.VIEW,
        object_type="application",
        object_id=application.reference,
        partnership_id=application.partnership_id,
        purpose=purpose,
    )


def follow_with_code(*, reference: str, code: str, address: str | None) -> StatusLink:
    """The applicant who phoned or wrote opens their status page with the case reference and
    the access code they were given. Wrong tries are counted like wrong passwords (by the
    typed reference, and by address) and slowed down; the right one is audited as a use of
    the link. The same refusal for an unknown reference, a wrong code and a revoked or
    expired link, so nothing tells a guesser which references exist."""
    reference = reference.strip().upper()
    typed = code_typed(code)
    errors = []
    if not reference:
        errors.append(FieldError("reference", "Enter your case reference"))
    if not typed:
        errors.append(FieldError("code", "Enter your access code"))
    elif len(typed) != CODE_LENGTH:
        errors.append(FieldError("code", "Your access code is 8 letters and numbers"))
    if errors:
        raise InvalidInput(errors)
    kind = SecurityEventKind.WRONG_ACCESS_CODE
    wait = throttle.wait_before_next_try(reference, kind=kind)
    if wait or throttle.address_worn_out(address, kind):
        raise NotAllowedNow(
            "There have been too many wrong tries. Wait a few minutes and try again, or "
            "contact us and we will help you."
        )
    candidate = (
        StatusLink.objects.filter(
            application__reference__iexact=reference, access_code=typed, revoked_at__isnull=True
        )
        .only("token")
        .first()
    )
    link = link_for(candidate.token) if candidate is not None else None
    if link is None:
        SecurityEvent.objects.create(
            kind=kind, email_digest=throttle.email_digest(reference), address=address
        )
        raise InvalidInput(
            [
                FieldError(
                    "code",
                    "The case reference or access code is not right. Check them and try again",
                )
            ]
        )
    link_used(link, "opened with the case reference and access code")
    return link


def letter_follow_context(application: Application) -> dict[str, object]:
    """What every letter prints so the applicant can follow their case: the access code and
    a QR code of the status link, when the applicant has a working link."""
    link = live_link(application)
    if link is None or not link.access_code:
        return {}
    return {
        "follow": {
            "url": status_url(link),
            "follow_url": settings.SITE_URL + reverse("applicants:follow"),
            "code": code_shown(link.access_code),
            "qr_svg": qr_svg(status_url(link), box_size=7),
        }
    }


def status_link_revoke(*, membership: Membership, application: Application) -> int:
    with transaction.atomic():
        revoked = StatusLink.objects.filter(
            application=application, revoked_at__isnull=True
        ).update(revoked_at=timezone.now())
        application_audit(
            membership, application, AuditAction.ALTER, "applicant's status link revoked"
        )
    return revoked


def case_updated(application_id: int) -> None:
    """A short notice with the link when a letter is issued or the timeline moves. Call it
    after commit. It holds no personal data."""
    for link in (
        StatusLink.objects.filter(application_id=application_id, revoked_at__isnull=True)
        .exclude(email="", mobile="")
        .select_related("application__partnership")
    ):
        application = link.application
        email_applicant(
            application,
            f"Your ASB case review has been updated ({application.reference})",
            "applicants/email/updated.txt",
            link.email,
            url=status_url(link),
        )
        text_link(
            link,
            f"{application.partnership.name}: your ASB case review {application.reference} "
            f"has been updated. See {status_url(link)}",
        )
