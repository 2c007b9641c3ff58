"""Emails of the review. Partners' emails carry only the reference, dates and a link: the
personal data stays behind the sign-in."""

import logging
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress

from casereview.accounts.models import Membership, Role
from casereview.letters.render import recipient_of
from casereview.partnerships.models import Agency
from casereview.reviews.models import Meeting, PartnerRequest

logger = logging.getLogger(__name__)
MEETING_LENGTH = timedelta(hours=2)


def link(name: str, *args: object) -> str:
    return settings.SITE_URL + reverse(name, args=args)


def agency_addresses(agency: Agency) -> list[str]:
    """The agency's published address and each of its partner users'."""
    users = Membership.objects.filter(
        agency=agency, role=Role.PARTNER, active=True, user__is_active=True
    ).values_list("user__email", flat=True)
    return sorted({agency.contact_email, *users} - {""})


def coordinator_addresses(partnership_id: int) -> list[str]:
    return sorted(
        Membership.objects.filter(
            partnership_id=partnership_id, role=Role.COORDINATOR, active=True, user__is_active=True
        ).values_list("user__email", flat=True)
    )


def _send(subject: str, template: str, to: Iterable[str], **context: object) -> bool:
    recipients = list(to)
    if not recipients:
        return False
    message = EmailMessage(subject=subject, body=render_to_string(template, context), to=recipients)
    try:
        message.send()
    # SMTP and socket errors, or an address refused (ValueError): the job or the coordinator
    # tries again; nothing is half-recorded.
    except Exception:
        logger.exception("Could not send %s", subject)
        return False
    return True


def _send_message(message: EmailMessage) -> bool:
    try:
        message.send()
    except Exception:
        logger.exception("Could not send %s", message.subject)
        return False
    return True


def requests_sent(request_ids: list[int]) -> None:
    for request in PartnerRequest.objects.filter(pk__in=request_ids).select_related(
        "agency", "application"
    ):
        reference = request.application.reference
        _send(
            f"ASB case review {reference}: your agency's involvement is requested",
            "reviews/email/request.txt",
            agency_addresses(request.agency),
            request=request,
            reference=reference,
            url=link("reviews:contribution", reference),
        )


def reminder(request: PartnerRequest) -> bool:
    reference = request.application.reference
    return _send(
        f"Reminder: ASB case review {reference} needs your agency's involvement",
        "reviews/email/reminder.txt",
        agency_addresses(request.agency),
        request=request,
        reference=reference,
        url=link("reviews:contribution", reference),
    )


def overdue(request: PartnerRequest) -> bool:
    reference = request.application.reference
    return _send(
        f"ASB case review {reference}: {request.agency} has not contributed",
        "reviews/email/overdue.txt",
        coordinator_addresses(request.partnership_id),
        request=request,
        reference=reference,
        url=link("casework:detail", reference),
    )


def calendar_file(meeting: Meeting, organiser: str) -> bytes:
    """An iCalendar invitation; moving the meeting sends the same UID with a higher
    SEQUENCE, so calendars update the event instead of adding another."""
    calendar = Calendar()
    calendar.add("prodid", "-//casereview//ASB Case Review//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "REQUEST")
    event = Event()
    reference = meeting.case.reference
    # A reconvened review's meeting is a new event, not a move of the first one.
    reconvened = Meeting.objects.filter(superseded_from_id=meeting.case.pk).exists()
    uid = f"meeting-{reference}-{meeting.pk}" if reconvened else f"meeting-{reference}"
    event.add("uid", f"{uid}@casereview")
    event.add("summary", f"ASB case review meeting {reference}")
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.starts_at + MEETING_LENGTH)
    event.add("dtstamp", timezone.now())
    event.add("location", meeting.location)
    event.add("sequence", meeting.sequence)
    event["organizer"] = vCalAddress(f"mailto:{organiser}")
    calendar.add_component(event)
    return calendar.to_ical()


def _invitation(meeting: Meeting, to: list[str], template: str) -> EmailMessage:
    partnership = meeting.case.partnership
    reference = meeting.case.reference
    message = EmailMessage(
        subject=f"Invitation: ASB case review meeting {reference}",
        body=render_to_string(
            template,
            {
                "meeting": meeting,
                "reference": reference,
                "partnership": partnership,
                "url": link("casework:detail", reference),
            },
        ),
        to=to,
        reply_to=[partnership.contact_email],
    )
    message.attach(
        "invitation.ics", calendar_file(meeting, partnership.contact_email), "text/calendar"
    )
    return message


def meeting_invitations(meeting_id: int) -> None:
    """One invitation to each address: officers of one agency never learn, from a shared To:
    line, who else works on the case or in which other agency. A failed one stops none."""
    meeting = Meeting.objects.select_related("application__partnership").get(pk=meeting_id)
    addresses = sorted({a for agency in meeting.agencies.all() for a in agency_addresses(agency)})
    for address in addresses:
        _send_message(_invitation(meeting, [address], "reviews/email/invitation.txt"))
    if meeting.victim_invited:
        recipient = recipient_of(meeting.case)
        if recipient.email:
            _send_message(
                _invitation(meeting, [recipient.email], "reviews/email/victim_invitation.txt")
            )
