"""The worker's heartbeat: queued by every run of `casereview scheduled`, run by the worker.

`casereview doctor` reads the queue: a heartbeat still waiting after a few minutes means no
worker is taking tasks; no heartbeat queued for half an hour means the scheduler has stopped.
"""

from django.utils import timezone
from django_tasks import task

HEARTBEAT_TASK = "casereview.core.tasks.worker_heartbeat"


@task()
def worker_heartbeat() -> str:
    return timezone.now().isoformat()
