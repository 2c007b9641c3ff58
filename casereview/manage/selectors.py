"""Reads of the audit log, scoped to what an auditor of a partnership may see."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from casereview.accounts.models import Membership
from casereview.core.models import AuditEntry
from casereview.core.tenancy import partnership_id_of


@dataclass(frozen=True)
class AuditFilter:
    user: str = ""
    object_type: str = ""
    object_id: str = ""
    action: str = ""
    application: str = ""
    date_from: date | None = None
    date_to: date | None = None


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def audit_entries_for(membership: Membership, filters: AuditFilter) -> QuerySet[AuditEntry]:
    """Entries about the partnership's own records, whoever wrote them (its staff, people of
    other partnerships it works with, system jobs).

    Never chosen by who wrote them: a person may work for two partnerships, or once did, and
    what they did for the other one (its cases, its applicants) is not this partnership's
    to see. Sign-ins and other acts that belong to no partnership are left to the system
    administrator."""
    entries = AuditEntry.objects.filter(partnership_id=partnership_id_of(membership))
    if filters.user:
        entries = entries.filter(actor_label__icontains=filters.user)
    if filters.object_type:
        entries = entries.filter(object_type=filters.object_type)
    if filters.object_id:
        entries = entries.filter(object_id=filters.object_id)
    if filters.action:
        entries = entries.filter(action=filters.action)
    if filters.application:
        # The application itself, and its letters, minutes and notices, which name it.
        ref = filters.application.strip().upper()
        entries = entries.filter(Q(object_id=ref) | Q(purpose__contains=ref))
    if filters.date_from:
        entries = entries.filter(occurred_at__gte=_start_of(filters.date_from))
    if filters.date_to:
        entries = entries.filter(occurred_at__lt=_start_of(filters.date_to + timedelta(days=1)))
    return entries.order_by("-id")
