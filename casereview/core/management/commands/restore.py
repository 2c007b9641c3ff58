from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from casereview.core.audit_verify import audit_verify
from casereview.core.backup import restore


class Command(BaseCommand):
    help = (
        "Replace the whole database with a backup made by `casereview backup`, then check the "
        "audit log's chain. Stop the service first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["file"].exists():
            raise CommandError(f"No such file: {options['file']}")
        restore(options["file"])
        result = audit_verify()
        if result.problem is not None:
            raise CommandError(f"Restored, but the audit log is not intact: {result.problem}.")
        self.stdout.write(
            f"Restored from {options['file']}; the audit log's {result.checked} entries are intact."
        )
