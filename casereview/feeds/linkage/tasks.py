"""The task worker links a partnership after its reports change (an import, an erasure)."""

from dataclasses import asdict
from typing import Any

from django.db import transaction
from django_tasks import task

from casereview.feeds.linkage.run import link_partnership


@task()
def link_partnership_task(partnership_id: int) -> dict[str, Any]:
    return asdict(link_partnership(partnership_id))


def link_after_change(sender: object, partnership_id: int, **kwargs: Any) -> None:
    """`reports_changed` receiver: queue a link of the partnership once the change commits."""
    transaction.on_commit(lambda: link_partnership_task.enqueue(partnership_id=partnership_id))
