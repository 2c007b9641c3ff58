"""The scheduled job: one reminder to an agency a working day before its contribution is
due, and one message to the coordinator when it goes overdue.

Each notice is claimed by inserting its unique row before the email is sent, in its own
transaction: a second run, or a run after a crash, finds the row and sends nothing. (If the
process dies between claiming and sending, that one notice is lost rather than repeated.)
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction

from casereview.applications.models import Status
from casereview.clock.workdays import subtract_working_days
from casereview.core.audit import Actor, audit_record
from casereview.core.models import AuditAction
from casereview.reviews import notify
from casereview.reviews.models import Notice, NoticeKind, PartnerRequest

ACTOR = Actor.system("send_reminders")


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


def _claim(request: PartnerRequest, kind: str) -> bool:
    try:
        with transaction.atomic():
            notice = Notice.objects.create(request=request, kind=kind)
            audit_record(
                actor=ACTOR,
                action=AuditAction.DISCLOSE,
                object_type="partner_request",
                object_id=request.pk,
                partnership_id=request.partnership_id,
                purpose=f"running an ASB case review: {kind} notice "
                f"for {request.application.reference}",
                recipients=[f"agency {request.agency.slug} (notice {notice.pk})"]
                if kind == NoticeKind.REMINDER
                else [f"coordinators (notice {notice.pk})"],
            )
    except IntegrityError:
        return False
    return True


def _notify(request: PartnerRequest, kind: str, send: Callable[[PartnerRequest], bool]) -> int:
    return 1 if _claim(request, kind) and send(request) else 0


def send_due_notices(today: date) -> RunReport:
    reminders = overdue = 0
    for request in _waiting(today):
        if request.due < today:
            overdue += _notify(request, NoticeKind.OVERDUE, notify.overdue)
        elif subtract_working_days(request.due, 1) <= today:
            reminders += _notify(request, NoticeKind.REMINDER, notify.reminder)
    return RunReport(reminders, overdue)
