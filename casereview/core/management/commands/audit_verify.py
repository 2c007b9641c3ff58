from typing import Any

from django.core.management.base import BaseCommand, CommandError

from casereview.core.audit import audit_verify


class Command(BaseCommand):
    help = "Walk the audit log's hash chain; exit non-zero naming the first broken entry."

    def handle(self, *args: Any, **options: Any) -> None:
        checked, broken = audit_verify()
        if broken is not None:
            raise CommandError(
                f"Audit entry {broken.position} {broken.problem} "
                f"({checked} entries before it are intact)."
            )
        self.stdout.write(f"Audit log intact: {checked} entries verified.")
