import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from casereview.core.dates import local_today
from casereview.reviews.reminders import send_due_notices


class Command(BaseCommand):
    help = (
        "Send partner reminders and overdue notices that are due. Safe to run as often as "
        "you like (each notice is sent at most once): hourly from cron or a systemd timer."
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
            report = send_due_notices(local_today())
            self.stdout.write(
                f"Sent {report.reminders} reminders and {report.overdue} overdue notices."
            )
            if not options["every"]:
                return
            time.sleep(options["every"])
