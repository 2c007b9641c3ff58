"""Retention of partner agencies' reports: a report not brought into an application is
erased a per-partnership number of months after it was reported (default 12), and a person
linkage found is removed once no report and no contact points at them. Run by the
retention sweep; audited per partnership, with counts only (no personal data)."""

from dataclasses import dataclass
from datetime import date
from functools import partial

from django.db import transaction

from casereview.core.audit import Actor, audit_record
from casereview.core.models import AuditAction
from casereview.feeds import events
from casereview.feeds.models import Person, Report
from casereview.partnerships.models import Partnership
from casereview.partnerships.selectors import case_settings_of
from casereview.threshold.engine import add_months


@dataclass(frozen=True)
class ReportsErased:
    reports: int
    people: int


def reports_due(partnership: Partnership, today: date) -> tuple[date, int]:
    """The day before which reports are erased, and the partnership's period in months."""
    months = case_settings_of(partnership).report_retention_months
    return add_months(today, -months), months


def reports_erase(*, actor: Actor, today: date, dry_run: bool = False) -> ReportsErased:
    reports_total = people_total = 0
    partnerships = Partnership.objects.filter(
        pk__in=Report.objects.values("partnership_id")
    ).select_related("case_settings")
    for partnership in partnerships:
        before, months = reports_due(partnership, today)
        due = Report.objects.filter(
            partnership=partnership, reported_on__lt=before, applications__isnull=True
        )
        if dry_run:
            reports_total += due.count()
            continue
        with transaction.atomic():
            reports, _ = Report.objects.filter(
                pk__in=list(due.values_list("pk", flat=True))
            ).delete()
            # Anyone linkage found who is now left with no report and no contact recorded.
            people, _ = Person.objects.filter(
                partnership=partnership, reports__isnull=True, contacts__isnull=True
            ).delete()
            if not reports:
                continue
            reports_total += reports
            people_total += people
            audit_record(
                actor=actor,
                action=AuditAction.ERASE,
                object_type="reports",
                object_id=partnership.slug,
                partnership_id=partnership.pk,
                purpose=f"retention: {reports} partner report(s) reported before {before} "
                f"({months} months) and in no application; {people} linked person(s) left "
                "with nothing",
            )
            transaction.on_commit(
                partial(events.reports_changed.send, sender=Report, partnership_id=partnership.pk)
            )
    return ReportsErased(reports_total, people_total)
