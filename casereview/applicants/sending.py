"""Emails and text messages to applicants and partnerships, sent after commit. A failure is
logged and stops nothing: the case's own work is already committed."""

import logging

from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from casereview.applicants.models import StatusLink
from casereview.applications.models import Application
from casereview.core.sms import send_sms

logger = logging.getLogger(__name__)


def send_email(
    subject: str,
    template: str,
    to: list[str],
    reply_to: list[str] | None = None,
    **context: object,
) -> None:
    recipients = [a for a in to if a]
    if not recipients:
        return
    try:
        EmailMessage(
            subject=subject,
            body=render_to_string(template, context),
            to=recipients,
            reply_to=[a for a in reply_to or [] if a] or None,
        ).send()
    except Exception:  # SMTP errors or a refused address: the case's own work is committed
        logger.exception("Could not send %s", subject)


def email_applicant(
    application: Application, subject: str, template: str, to: str, **context: object
) -> None:
    """An email to the applicant: replies reach the partnership, not the no-reply sender."""
    send_email(
        subject,
        template,
        [to],
        reply_to=[application.partnership.contact_email],
        application=application,
        **context,
    )


def text_link(link: StatusLink, body: str) -> None:
    """A text message to the link's mobile number, after commit; a failure is logged and
    stops nothing, like an email's."""
    if not link.mobile:
        return
    try:
        send_sms(to=link.mobile, body=body)
    except Exception:
        logger.exception("Could not text status link %s", link.pk)
