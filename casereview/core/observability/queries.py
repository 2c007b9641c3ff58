"""Counts the metrics and `casereview doctor` report, straight from the database."""

from datetime import date, datetime

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from casereview.applications.models import OPEN_STATUSES, Application, Letter


def tasks_waiting(now: datetime | None = None) -> tuple[int, float]:
    """How many tasks are ready for the worker, and how long the oldest has waited (seconds)."""
    now = now or timezone.now()
    ready = DBTaskResult.objects.ready()
    oldest = ready.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    waited = 0.0 if oldest is None else max(0.0, (now - oldest).total_seconds())
    return ready.count(), waited


def overdue_applications(today: date | None = None) -> dict[str, int]:
    """Open applications past the acknowledgement or conclusion deadline without the letter
    that meets it (the same milestones the caseload shows)."""
    today = today or timezone.localdate()
    letter = Letter.objects.filter(application=OuterRef("pk"))
    open_apps = Application.objects.filter(status__in=OPEN_STATUSES)
    acknowledgement = open_apps.filter(acknowledgement_due__lt=today).exclude(
        Exists(letter.filter(kind="acknowledgement"))
    )
    conclusion = (
        open_apps.filter(conclusion_due__lt=today)
        .filter(Q(decision__isnull=True) | Q(decision__met=True))
        .exclude(Exists(letter.filter(kind="conclusion")))
    )
    return {"acknowledgement": acknowledgement.count(), "conclusion": conclusion.count()}


def letters_awaiting_post() -> int:
    return Letter.objects.filter(
        delivery="post", sent_at__isnull=True, posted_at__isnull=True
    ).count()
