from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from casereview.core.dates import local_today
from casereview.dataprotection.retention import due_for_erasure, retention_sweep


class Command(BaseCommand):
    help = (
        "Erase the personal data of cases closed longer ago than their partnership's retention "
        "period (applications on legal hold are skipped). --dry-run lists what it would erase."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="List, change nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        today = local_today()
        if options["dry_run"]:
            due = due_for_erasure(today)
            for item in due:
                reference = item.application.reference
                self.stdout.write(
                    f"{reference}: closed {item.closed}, erase from {item.erase_from}"
                )
            reports = retention_sweep(today, dry_run=True).reports_erased
            self.stdout.write(
                f"Would erase {len(due)} applications and {reports} partner reports "
                "(dry run: nothing changed)."
            )
            return
        report = retention_sweep(today)
        for reference in report.erased:
            self.stdout.write(f"Erased {reference}")
        self.stdout.write(
            f"Erased {len(report.erased)} applications and {report.reports_erased} partner "
            f"reports; {report.held} on legal hold kept."
        )
