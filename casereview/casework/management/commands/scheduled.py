import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from casereview.core.dates import local_today
from casereview.core.tasks import worker_heartbeat
from casereview.dataprotection.retention import retention_sweep
from casereview.letters.delivery import letters_retry
from casereview.reviews.reminders import send_due_notices


class Command(BaseCommand):
    help = (
        "The scheduled jobs: partner reminders and overdue notices, letters whose email "
        "failed, then the retention sweep. "
        "Safe to run as often as you like; hourly from cron or a systemd timer in production."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--every",
            type=int,
            default=0,
            metavar="SECONDS",
            help="Keep running, once every SECONDS (as `make run` does).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            today = local_today()
            notices = send_due_notices(today)
            resent = letters_retry()
            swept = retention_sweep(today)
            worker_heartbeat.enqueue()  # `casereview doctor` checks the worker ran it
            self.stdout.write(
                f"Sent {notices.reminders} reminders and {notices.overdue} overdue notices; "
                f"emailed {resent} letters that had failed; "
                f"erased {len(swept.erased)} applications past retention."
            )
            if not options["every"]:
                return
            time.sleep(options["every"])
