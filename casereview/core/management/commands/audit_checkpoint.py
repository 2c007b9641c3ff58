from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from casereview.core.checkpoints import SigningKeyMissing, checkpoint_take


class Command(BaseCommand):
    help = (
        "Seal what waits in the audit log, then write a checkpoint of it signed with the "
        "audit signing key: to --out, or under AUDIT_CHECKPOINT_DIR. Prints the file's path."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", type=Path, help="Where to write it (default: the folder).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            checkpoint, path = checkpoint_take(out=options["out"])
        except SigningKeyMissing as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(str(path))
        self.stderr.write(
            f"Checkpoint of {checkpoint.tree_size:,} sealed entries, head {checkpoint.head}, "
            f"signed by key {checkpoint.key_id}."
        )
