"""Online applications and status links: the applicant's side, with no account.

Online requests go through `application_create` exactly as staff-recorded ones do, recorded
by a disabled service account and audited as the online applicant.
"""

import hashlib
import ipaddress
import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from casereview.accounts.models import Membership, Role, User
from casereview.applicants.models import OnlineSubmission, StatusLink, SubmissionSource
from casereview.applications.intake import ApplicationInput
from casereview.applications.lifecycle import closed_on
from casereview.applications.models import Application
from casereview.applications.services import application_audit, application_create
from casereview.core.audit import Actor, audit_record
from casereview.core.dates import local_today
from casereview.core.models import AuditAction
from casereview.letters.render import recipient_role
from casereview.partnerships.models import Partnership

logger = logging.getLogger(__name__)
ONLINE_ACTOR = Actor.system("online application")
ONLINE_ACCOUNT = "online-applications@casereview.invalid"


class RateLimited(Exception):
    """Too many online applications from one address in the last hour."""


def online_account() -> User:
    """The disabled account online requests are recorded by: it can never sign in."""
    user, created = User.objects.get_or_create(
        email=ONLINE_ACCOUNT, defaults={"full_name": "Online application", "is_active": False}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def link_actor(link: StatusLink) -> Actor:
    return Actor(label=f"applicant (status link {link.pk})")


def rate_source(address: str) -> str:
    """What the limit counts by: an IPv4 address whole, an IPv6 address by its /64 (one
    household or host is usually given a whole /64, and can send from any address in it)."""
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return address  # not an address: counted as given
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((int(ip) >> 64 << 64, 64)))
    return str(ip)


def _address_hash(address: str) -> str:
    # Hashed with the secret key: the log of attempts holds no IP addresses.
    return hashlib.sha256(f"{settings.SECRET_KEY}:{rate_source(address)}".encode()).hexdigest()


def check_rate(address: str) -> str:
    """Hold the sender's source until the transaction ends and refuse it when it has sent
    the hourly limit already. Call it inside the transaction that records the submission:
    the lock row makes requests sent at once count one after another, so the count and the
    insert are one step. Returns the source's hash, for the submission's row."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("check_rate must run inside the submission's transaction")
    source = _address_hash(address)
    # The row may be new: inserting it is a no-op when another request already has, and on
    # PostgreSQL waits for that request's transaction; then the lock queues the rest.
    SubmissionSource.objects.bulk_create(
        [SubmissionSource(address_hash=source)], ignore_conflicts=True
    )
    SubmissionSource.objects.select_for_update().get(address_hash=source)
    since = timezone.now() - timedelta(hours=1)
    recent = OnlineSubmission.objects.filter(address_hash=source, at__gte=since)
    if recent.count() >= settings.ONLINE_APPLICATIONS_PER_HOUR:
        raise RateLimited
    return source


def status_url(link: StatusLink) -> str:
    return settings.SITE_URL + reverse("applicants:status", args=[link.token])


def _send(subject: str, template: str, to: list[str], **context: object) -> None:
    recipients = [a for a in to if a]
    if not recipients:
        return
    try:
        EmailMessage(
            subject=subject, body=render_to_string(template, context), to=recipients
        ).send()
    except Exception:  # SMTP errors or a refused address: the case's own work is committed
        logger.exception("Could not send %s", subject)


def _applicant_email(application: Application) -> str:
    return application.advocate_email if application.has_advocate else application.victim_email


def _new_link(application: Application) -> StatusLink:
    return StatusLink.objects.create(
        application=application,
        token=secrets.token_urlsafe(32),
        email=_applicant_email(application),
    )


def application_submit_online(
    *, partnership: Partnership, data: ApplicationInput, address: str
) -> tuple[Application, StatusLink]:
    with transaction.atomic():
        source = check_rate(address)
        application = application_create(
            partnership=partnership, data=data, recorded_by=online_account(), actor=ONLINE_ACTOR
        )
        OnlineSubmission.objects.create(address_hash=source)
        link = _new_link(application)
        transaction.on_commit(lambda: _submitted(application.pk, link.pk))
    return application, link


def _submitted(application_id: int, link_id: int) -> None:
    application = Application.objects.select_related("partnership").get(pk=application_id)
    link = StatusLink.objects.get(pk=link_id)
    coordinators = list(
        Membership.objects.filter(
            partnership=application.partnership, role=Role.COORDINATOR, active=True
        ).values_list("user__email", flat=True)
    )
    _send(
        f"New online request for an ASB case review: {application.reference}",
        "applicants/email/new_request.txt",
        coordinators,
        reference=application.reference,
        url=settings.SITE_URL + reverse("casework:detail", args=[application.reference]),
    )
    _send(
        f"We have received your request for an ASB case review ({application.reference})",
        "applicants/email/received.txt",
        [link.email],
        application=application,
        url=status_url(link),
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


def status_link_issue(*, membership: Membership, application: Application) -> StatusLink:
    """Staff send a fresh link (to an applicant who applied by phone, or after a revocation)."""
    with transaction.atomic():
        StatusLink.objects.filter(application=application, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        link = _new_link(application)
        audit_record(
            actor=Actor.for_membership(membership),
            action=AuditAction.DISCLOSE,
            object_type="application",
            object_id=application.reference,
            partnership_id=application.partnership_id,
            purpose="giving the applicant a link to follow their case",
            recipients=[f"{recipient_role(application)} (status link {link.pk})"]
            if link.email
            else [],
        )
        link_id = link.pk
        transaction.on_commit(lambda: _link_sent(link_id))
    return link


def _link_sent(link_id: int) -> None:
    link = StatusLink.objects.select_related("application").get(pk=link_id)
    _send(
        f"Follow your ASB case review ({link.application.reference})",
        "applicants/email/link.txt",
        [link.email],
        application=link.application,
        url=status_url(link),
    )


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
        .exclude(email="")
        .select_related("application")
    ):
        _send(
            f"Your ASB case review has been updated ({link.application.reference})",
            "applicants/email/updated.txt",
            [link.email],
            application=link.application,
            url=status_url(link),
        )


def appeal_requested(application_id: int) -> None:
    """The partnership hears of an appeal made online (no personal data). The appeals body
    is told by `appeal_create`, as for every appeal, however it was recorded."""
    application = Application.objects.select_related("partnership__appeals_body").get(
        pk=application_id
    )
    _send(
        f"Appeal received online for ASB case review {application.reference}",
        "applicants/email/appeal.txt",
        [application.partnership.contact_email],
        reference=application.reference,
        url=settings.SITE_URL + reverse("appeals:pack", args=[application.reference]),
    )
