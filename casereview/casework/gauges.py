"""The caseload gauges on /metrics, counted straight from the database at scrape time."""

from collections.abc import Iterator
from datetime import date

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from prometheus_client.core import GaugeMetricFamily

from casereview.applications.lifecycle import OPEN
from casereview.applications.models import Application, Letter


def overdue_applications(today: date | None = None) -> dict[str, int]:
    """Open applications past the acknowledgement or conclusion deadline without the letter
    that meets it (the same milestones the caseload shows)."""
    today = today or timezone.localdate()
    letter = Letter.objects.filter(application=OuterRef("pk"))
    open_apps = Application.objects.filter(status__in=OPEN)
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


def caseload_gauges() -> Iterator[GaugeMetricFamily]:
    overdue = GaugeMetricFamily(
        "casereview_applications_overdue",
        "Open applications past a statutory deadline without the letter that meets it",
        labels=["deadline"],
    )
    for deadline, n in overdue_applications().items():
        overdue.add_metric([deadline], n)
    yield overdue
    post = GaugeMetricFamily(
        "casereview_letters_awaiting_post", "Letters to be posted that nobody has posted yet"
    )
    post.add_metric([], letters_awaiting_post())
    yield post
