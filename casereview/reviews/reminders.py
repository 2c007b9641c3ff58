"""The scheduled job: one reminder to an agency a working day before its contribution is
due, and one message to the coordinator when it goes overdue.

Each notice is claimed by inserting its unique row before the email is sent, in its own
transaction: a second run, or a run after a crash, finds the row and sends nothing. (If the
process dies between claiming and sending, that one notice is lost rather than repeated.)
A notice whose sending fails gives its claim back, so the next run tries it again; the
failure is logged and counted, and the other notices go on. The disclosure is audited once
the email has gone.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction

from casereview.applications.models import Status
from casereview.clock.workdays import subtract_working_days
from casereview.core.audit import Actor, audit_record
from casereview.core.models import AuditAction
from casereview.core.observability.metrics import failure_count
from casereview.reviews import notify
from casereview.reviews.models import Notice, NoticeKind, PartnerRequest

ACTOR = Actor.system("send_reminders")
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RunReport:
    reminders: int
    overdue: int


def _waiting(today: date) -> list[PartnerRequest]:
    """Requests with no contribution, on applications still waiting for the meeting."""
    return list(
        PartnerRequest.objects.filter(
            contribution__isnull=True,
            application__status=Status.IN_REVIEW,
            due__gte=subtract_working_days(today, 30),
        ).select_related("agency", "application")
    )


def _claim(request: PartnerRequest, kind: str) -> Notice | None:
    try:
        with transaction.atomic():
            return Notice.objects.create(request=request, kind=kind)
    except IntegrityError:
        return None


def _sent(request: PartnerRequest, notice: Notice) -> None:
    audit_record(
        actor=ACTOR,
        action=AuditAction.DISCLOSE,
        object_type="partner_request",
        object_id=request.pk,
        partnership_id=request.partnership_id,
        purpose=f"running an ASB case review: {notice.kind} notice "
        f"for {request.application.reference}",
        recipients=[f"agency {request.agency.slug} (notice {notice.pk})"]
        if notice.kind == NoticeKind.REMINDER
        else [f"coordinators (notice {notice.pk})"],
    )


def _notify(request: PartnerRequest, kind: str, send: Callable[[PartnerRequest], bool]) -> int:
    notice = _claim(request, kind)
    if notice is None:
        return 0
    try:
        sent = send(request)
    except Exception:  # any failure of one notice leaves the others to go
        logger.exception("Could not send the %s notice for partner request %s", kind, request.pk)
        sent = False
    if not sent:
        failure_count("notice")
        Notice.objects.filter(pk=notice.pk).delete()  # the next run tries again
        return 0
    _sent(request, notice)
    return 1


def send_due_notices(today: date) -> RunReport:
    reminders = overdue = 0
    for request in _waiting(today):
        if request.due < today:
            overdue += _notify(request, NoticeKind.OVERDUE, notify.overdue)
        elif subtract_working_days(request.due, 1) <= today:
            reminders += _notify(request, NoticeKind.REMINDER, notify.reminder)
    return RunReport(reminders, overdue)
