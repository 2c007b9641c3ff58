"""The task worker links a partnership after its reports change (an import, an erasure, a
verdict): incrementally, comparing only what changed. A burst of imports queues one link, not
one each: a link already waiting for the worker will read every report when it starts. A full
relink is the scheduled job's (`relink_due`), weekly or after a retrain."""

from dataclasses import asdict
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task
from django_tasks.base import TaskResultStatus

from casereview.feeds.linkage.incremental import last_full_link
from casereview.feeds.linkage.run import link_partnership
from casereview.feeds.models import Report

LINK_TASK = "casereview.feeds.linkage.tasks.link_partnership_task"

# How often every report is compared again (docs/linkage.md, "Incremental linkage").
FULL_RELINK_EVERY = timedelta(days=7)
# The local hours at which the scheduled job may start one: the night, when nobody imports.
FULL_RELINK_HOURS = range(1, 5)


@task()
def link_partnership_task(partnership_id: int, mode: str = "incremental") -> dict[str, Any]:
    """`mode` "incremental" (after an import) or "full" (the weekly relink). The result's
    `people_touched` names the people whose reports changed (None: anyone, a full run)."""
    return asdict(
        link_partnership(partnership_id, mode="full" if mode == "full" else "incremental")
    )


def _waiting(partnership_id: int, mode: str | None = None, *, or_running: bool = False) -> bool:
    """A link of this partnership (of this mode, or either) is queued and not yet started
    (or, asked, still running). Only the database backend keeps a queue to look in."""
    if settings.TASKS["default"]["BACKEND"] != "django_tasks_db.DatabaseBackend":
        return False
    from django_tasks_db.models import DBTaskResult

    found = DBTaskResult.objects.filter(
        task_path=LINK_TASK,
        status__in=[TaskResultStatus.READY] + ([TaskResultStatus.RUNNING] if or_running else []),
        args_kwargs__kwargs__partnership_id=partnership_id,
    )
    if mode is not None:
        found = found.filter(args_kwargs__kwargs__mode=mode)
    return found.exists()


def queue_link(partnership_id: int) -> bool:
    """Queue an incremental link unless one (or a full one) is already waiting. Returns
    whether it queued one. A link that has started may have read the reports before this
    change, so only a waiting one makes another unnecessary."""
    if _waiting(partnership_id):
        return False
    link_partnership_task.enqueue(partnership_id=partnership_id, mode="incremental")
    return True


def link_after_change(sender: object, partnership_id: int, **kwargs: Any) -> None:
    """`reports_changed` receiver: queue a link of the partnership once the change commits."""
    transaction.on_commit(lambda: queue_link(partnership_id))


def relink_due(now: datetime | None = None) -> list[int]:
    """The scheduled job: queue a full relink of each partnership with reports whose last
    full link is a week old (or unknown), at night only. Returns the partnerships queued."""
    now = timezone.localtime(now or timezone.now())
    if now.hour not in FULL_RELINK_HOURS:
        return []
    queued = []
    partnerships = Report.objects.values_list("partnership_id", flat=True).distinct()
    for partnership_id in sorted(set(partnerships)):
        last = last_full_link(partnership_id)
        if last is not None and now - last < FULL_RELINK_EVERY:
            continue
        if _waiting(partnership_id, "full", or_running=True):
            continue
        link_partnership_task.enqueue(partnership_id=partnership_id, mode="full")
        queued.append(partnership_id)
    return queued
