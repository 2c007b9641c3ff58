import logging
from collections.abc import Callable
from datetime import date
from typing import Any

from django.core.management.base import CommandError

from casereview.core.audit_seal import forget_finished_sealer_runs, keep_sealing, seal_pending
from casereview.core.dates import local_today
from casereview.core.management.repeating import RepeatingCommand
from casereview.core.observability.metrics import failure_count
from casereview.core.tasks import worker_heartbeat
from casereview.core.wording import counted
from casereview.dataprotection.checkpoints import checkpoint_daily
from casereview.dataprotection.retention import retention_sweep
from casereview.feeds.linkage.tasks import relink_due
from casereview.feeds.radar.projection import radar_daily
from casereview.letters.delivery import letters_retry
from casereview.reviews.reminders import send_due_notices

logger = logging.getLogger(__name__)


def _reminders(today: date) -> str:
    notices = send_due_notices(today)
    return (
        f"Sent {counted(notices.reminders, 'reminder')} and "
        f"{counted(notices.overdue, 'overdue notice')}"
    )


def _letters(today: date) -> str:
    return f"emailed {counted(letters_retry(), 'letter')} that had failed"


def _retention(today: date) -> str:
    swept = retention_sweep(today)
    return (
        f"erased {counted(len(swept.erased), 'application')} and "
        f"{counted(swept.reports_erased, 'partner report')} past retention"
    )


def _audit_sealer(today: date) -> str:
    # The sealer queues its own next run; this restarts it if the queue was ever emptied.
    forgotten = forget_finished_sealer_runs()
    if not keep_sealing():
        return f"sealed {counted(seal_pending(), 'audit entry', 'audit entries')}"
    return f"kept the audit sealer queued (cleared {counted(forgotten, 'finished run')})"


def _relink(today: date) -> str:
    return f"queued a full relink of {counted(len(relink_due()), 'partnership')}"


def _audit_checkpoint(today: date) -> str:
    daily = checkpoint_daily()
    if daily.checkpoint is None:
        return "today's audit checkpoint was written already"
    line = (
        f"wrote the audit checkpoint of {counted(daily.checkpoint.tree_size, 'entry', 'entries')}"
        f" and emailed it to {counted(len(daily.emailed), 'data protection officer')}"
    )
    if daily.without_dpo:
        line += f" (no DPO address for {', '.join(daily.without_dpo)})"
    if daily.failed:
        line += f" (could not email the DPO of {', '.join(daily.failed)})"
    return line


def _heartbeat(today: date) -> str:
    worker_heartbeat.enqueue()  # `casereview doctor` checks the worker ran it
    return "queued the worker's heartbeat"


# Each one runs whatever happened to the ones before it: a letter the mail server refuses
# must never keep the retention sweep from erasing what is due.
JOBS: list[tuple[str, Callable[[date], str]]] = [
    ("reminders", _reminders),
    ("letters_retry", _letters),
    ("retention_sweep", _retention),
    ("audit_sealer", _audit_sealer),
    ("feeds_full_relink", _relink),
    ("audit_checkpoint", _audit_checkpoint),
    ("worker_heartbeat", _heartbeat),
    ("radar_recount", radar_daily),
]


class Command(RepeatingCommand):
    help = (
        "The scheduled jobs: partner reminders and overdue notices, letters whose email "
        "failed, then the retention sweep; at night, once a week, a full relink of each "
        "partnership's partner reports. Each runs even if another fails; a failure is "
        "logged, counted in casereview_scheduled_failures_total and tried again next run. "
        "Safe to run as often as you like; hourly from cron or a systemd timer in production."
    )

    failed: list[str]

    def run_once(self) -> str:
        today = local_today()
        done, self.failed = [], []
        for name, job in JOBS:
            try:
                done.append(job(today))
            except Exception:
                logger.exception("Scheduled job %s failed", name)
                failure_count(name)
                self.failed.append(name)
        line = "; ".join(done) + "."
        if self.failed:
            line += f" FAILED (see the log): {', '.join(self.failed)}."
        return line

    def handle(self, *args: Any, **options: Any) -> None:
        super().handle(*args, **options)
        # Only a single run gets here: systemd marks the unit failed, for alerting, after
        # every other job has had its turn.
        if self.failed:
            raise CommandError(f"Scheduled jobs failed: {', '.join(self.failed)}")
