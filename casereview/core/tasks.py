"""The worker's heartbeat: queued by every run of `casereview scheduled`, run by the worker.

`casereview doctor` reads the queue: a heartbeat still waiting after a few minutes means no
worker is taking tasks; no heartbeat queued for half an hour means the scheduler has stopped.
"""

from datetime import datetime

from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

HEARTBEAT_TASK = "casereview.core.tasks.worker_heartbeat"


@task()
def worker_heartbeat() -> str:
    return timezone.now().isoformat()


def tasks_waiting(now: datetime | None = None) -> tuple[int, float]:
    """How many tasks are ready for the worker, and how long the oldest has waited (seconds)."""
    now = now or timezone.now()
    ready = DBTaskResult.objects.ready()
    oldest = ready.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    waited = 0.0 if oldest is None else max(0.0, (now - oldest).total_seconds())
    return ready.count(), waited
