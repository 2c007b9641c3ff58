"""Retention: erase the personal data of cases closed longer ago than the partnership keeps
them, keep what the publication figures count, and say so in the audit log (metadata only).

What stays: the reference, dates, status, the threshold decision (met or not), that minutes
and recommendations existed, the appeal's outcome, and when each letter was created.
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from casereview.appeals.models import Appeal
from casereview.applications.lifecycle import CLOSED, closed_on
from casereview.applications.models import (
    Application,
    CasePerson,
    Complaint,
    ContactEntry,
    HarmAssessment,
    Letter,
)
from casereview.core.audit import Actor, audit_record
from casereview.core.housekeeping import purges_run
from casereview.core.models import AuditAction
from casereview.feeds.services.retention import reports_erase
from casereview.partnerships.selectors import case_settings_of
from casereview.reviews.models import (
    Action,
    Attachment,
    Conclusion,
    Contribution,
    Involvement,
    Meeting,
    Minutes,
    Recommendation,
    Withdrawal,
)
from casereview.threshold.engine import add_months

ACTOR = Actor.system("retention_sweep")


@dataclass(frozen=True)
class Due:
    application: Application
    closed: date
    erase_from: date


def due_for_erasure(today: date) -> list[Due]:
    found = (
        Application.objects.filter(status__in=CLOSED, erased_at__isnull=True, legal_hold=False)
        .select_related("partnership", "decision", "conclusion", "withdrawal", "appeal")
        .order_by("received")
    )
    due = []
    for application in found:
        closed = closed_on(application)
        if closed is None:
            continue
        years = case_settings_of(application.partnership).retention_years
        erase_from = add_months(closed, 12 * years)
        if erase_from <= today:
            due.append(Due(application, closed, erase_from))
    return due


def _erase_review(application: Application) -> None:

    for attachment in Attachment.objects.filter(contribution__request__application=application):
        attachment.file.delete(save=False)
        attachment.delete()
    Involvement.objects.filter(contribution__request__application=application).delete()
    Contribution.objects.filter(request__application=application).update(summary="")
    # Current and superseded (a review reconvened after an upheld appeal) alike.
    current_or_kept = Q(application=application) | Q(superseded_from=application)
    Meeting.objects.filter(current_or_kept).update(victim_views="", location="")
    Minutes.objects.filter(application=application).update(
        summary="", decisions=[], victim_response=""
    )
    Recommendation.objects.filter(minutes__application=application).update(text="")
    Action.objects.filter(minutes__application=application).update(text="", progress="")
    Conclusion.objects.filter(current_or_kept).update(summary="")
    Withdrawal.objects.filter(application=application).update(reason="")
    Appeal.objects.filter(application=application).update(
        details="", findings="", late_reason="", recommendations=[]
    )


def application_erase(application: Application, due: Due) -> None:
    with transaction.atomic():
        Application.objects.filter(pk=application.pk).update(
            victim_name="",
            victim_name_key="",
            victim_surname_key="",
            victim_address="",
            victim_postcode="",
            victim_postcode_key="",
            victim_email="",
            victim_phone="",
            interpreter_language="",
            named_contact="",
            other_support_needs="",
            advocate_name="",
            advocate_organisation="",
            advocate_relationship="",
            advocate_email="",
            advocate_phone="",
            advocate_address="",
            description="",
            impact="",
            sharing_reason="",
            erased_at=timezone.now(),
        )
        Complaint.objects.filter(application=application).update(
            reference="", summary="", reporter=""
        )
        # The contact log keeps that a contact was made, how and when; not what was said.
        ContactEntry.objects.filter(application=application).update(summary="")
        # The people named on the case go with it (and any sharing of their contact details);
        # recommendations and actions that named them stay, naming no one.
        CasePerson.objects.filter(application=application).delete()
        # Harm assessments keep their level and date (for the figures); the victim's answers
        # (health, disability, …) and the notes go.
        HarmAssessment.objects.filter(application=application).update(
            answers={}, notes="", explanation=""
        )
        if hasattr(application, "decision"):
            type(application.decision).objects.filter(pk=application.decision.pk).update(
                rationale="", reason_persistence="", reason_harm="", reason_response=""
            )
        # The register's content goes; that a letter of each kind was sent, and when, stays.
        Letter.objects.filter(application=application).update(
            html="", pdf=b"", recipient_name="", recipient_email="", recipient_address=""
        )
        _erase_review(application)
        audit_record(
            actor=ACTOR,
            action=AuditAction.ERASE,
            object_type="application",
            object_id=application.reference,
            partnership_id=application.partnership_id,
            purpose=f"retention: closed {due.closed}, kept until {due.erase_from}",
        )


@dataclass(frozen=True)
class SweepReport:
    erased: list[str]
    held: int
    idempotency_removed: int
    # Partner agencies' reports past the partnership's period and in no application.
    reports_erased: int = 0


def retention_sweep(today: date, dry_run: bool = False) -> SweepReport:
    due = due_for_erasure(today)
    held = Application.objects.filter(
        status__in=CLOSED, erased_at__isnull=True, legal_hold=True
    ).count()
    removed = 0
    if not dry_run:
        for item in due:
            application_erase(item.application, item)
        removed = purges_run(timezone.now())
    reports = reports_erase(actor=ACTOR, today=today, dry_run=dry_run)
    return SweepReport([d.application.reference for d in due], held, removed, reports.reports)
