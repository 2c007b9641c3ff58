"""Online applications: the applicant's side, with no account (status links and access codes
are in `links`).

Online requests go through `application_create` exactly as staff-recorded ones do, recorded
by a disabled service account and audited as the online applicant.
"""

import hashlib
import ipaddress
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from casereview.accounts.models import Membership, Role, User
from casereview.applicants.links import code_shown, new_status_link, status_url
from casereview.applicants.models import OnlineSubmission, StatusLink, SubmissionSource
from casereview.applicants.sending import email_applicant, send_email
from casereview.applications.intake import ApplicationInput
from casereview.applications.models import Application
from casereview.applications.services import application_create
from casereview.core.audit import Actor
from casereview.partnerships.models import Partnership

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


def application_submit_online(
    *, partnership: Partnership, data: ApplicationInput, address: str
) -> tuple[Application, StatusLink]:
    with transaction.atomic():
        source = check_rate(address)
        application = application_create(
            partnership=partnership, data=data, recorded_by=online_account(), actor=ONLINE_ACTOR
        )
        OnlineSubmission.objects.create(address_hash=source)
        link = new_status_link(application)
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
    send_email(
        f"New online request for an ASB case review: {application.reference}",
        "applicants/email/new_request.txt",
        coordinators,
        reference=application.reference,
        url=settings.SITE_URL + reverse("casework:detail", args=[application.reference]),
    )
    email_applicant(
        application,
        f"We have received your request for an ASB case review ({application.reference})",
        "applicants/email/received.txt",
        link.email,
        url=status_url(link),
        code=code_shown(link.access_code),
        follow_url=settings.SITE_URL + reverse("applicants:follow"),
    )


def appeal_requested(application_id: int) -> None:
    """The partnership hears of an appeal made online (no personal data). The appeals body
    is told by `appeal_create`, as for every appeal, however it was recorded."""
    application = Application.objects.select_related("partnership__appeals_body").get(
        pk=application_id
    )
    send_email(
        f"Appeal received online for ASB case review {application.reference}",
        "applicants/email/appeal.txt",
        [application.partnership.contact_email],
        reference=application.reference,
        url=settings.SITE_URL + reverse("appeals:pack", args=[application.reference]),
    )
