from typing import Any

from django.core.management.base import BaseCommand, CommandError

from casereview.core.audit_verify import audit_verify


class Command(BaseCommand):
    help = (
        "Check every audit entry against its hash, every sealed batch against its root and "
        "the chain of seals; exit non-zero naming the first problem."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = audit_verify()
        if result.problem is not None:
            raise CommandError(
                f"{result.problem} ({result.checked:,} entries before it are intact)."
            )
        waiting = result.checked - result.sealed
        self.stdout.write(
            f"Audit log intact: {result.checked:,} entries verified "
            f"({result.sealed:,} sealed, {waiting:,} waiting for the sealer)."
        )
