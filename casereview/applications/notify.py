"""Telling the partnership's Chair that a request recorded by staff waits for their threshold
decision. The email carries the reference, the dates and a link: the personal data stays behind
the sign-in."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django_tasks import task

from casereview.accounts.models import Membership, Role
from casereview.applications.models import Application, Status

logger = logging.getLogger(__name__)


def chair_addresses(partnership_id: int, *, besides: int | None = None) -> list[str]:
    """Every active Chair of the partnership, but not `besides` (a Chair who recorded it)."""
    chairs = Membership.objects.filter(
        partnership_id=partnership_id, role=Role.CHAIR, active=True, user__is_active=True
    )
    if besides is not None:
        chairs = chairs.exclude(user_id=besides)
    return sorted(set(chairs.values_list("user__email", flat=True)) - {""})


@task()
def chair_notice_send(application_id: int) -> None:
    """After a staff-recorded request is committed: email the partnership's Chair(s)."""
    application = Application.objects.get(pk=application_id)
    if application.status != Status.RECEIVED:  # already decided or withdrawn: nothing waits
        return
    to = chair_addresses(application.partnership_id, besides=application.recorded_by_id)
    if not to:
        logger.warning("No Chair to tell of the request %s", application.reference)
        return
    reference = application.reference
    due = application.acknowledgement_due
    url = settings.SITE_URL + reverse("decision:decide", args=[reference])
    body = (
        f"A request for an ASB case review, {reference}, was recorded on "
        f"{application.received.day} {application.received:%B %Y} and is waiting for your "
        f"threshold decision.\n\n"
        f"The applicant must be told the decision by {due.day} {due:%B %Y}.\n\n"
        f"Sign in to read the request and decide: {url}\n"
    )
    try:
        EmailMessage(
            subject=f"ASB case review {reference} is waiting for your threshold decision",
            body=body,
            to=to,
        ).send()
    # SMTP errors or a refused address: the request is recorded; the home page still shows it.
    except Exception:
        logger.exception("Could not tell the Chair of %s", reference)
