from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from casereview.core.audit_verify import Verification, audit_verify
from casereview.core.checkpoints import NotACheckpoint, checkpoint_check, checkpoint_parse


class Command(BaseCommand):
    help = (
        "Check every audit entry against its hash, every sealed batch against its root and "
        "the chain of seals; with --checkpoint FILE, also that the checkpoint's signature is "
        "good and that today's log still begins with the log it signed. Exits non-zero "
        "naming the first problem."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--checkpoint",
            type=Path,
            help="A checkpoint file written by `casereview audit_checkpoint`.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path | None = options["checkpoint"]
        if path is None:
            self._intact(audit_verify())
            return
        try:
            checkpoint = checkpoint_parse(path.read_bytes())
        except OSError as exc:
            raise CommandError(f"Could not read {path}: {exc.strerror}.") from None
        except NotACheckpoint as exc:
            raise CommandError(f"{path} is not an audit log checkpoint: {exc}.") from None
        check = checkpoint_check(checkpoint)
        if check.problem is not None:
            done = f" ({check.log.checked:,} entries before it are intact)" if check.log else ""
            raise CommandError(f"{check.problem}{done}.")
        assert check.log is not None and check.today is not None
        self.stdout.write(
            f"Checkpoint good: signed by key {checkpoint.key_id} at "
            f"{checkpoint.time:%Y-%m-%d %H:%M} UTC, of {checkpoint.tree_size:,} sealed entries; "
            f"today's log of {check.today.size:,} sealed entries begins with it."
        )
        self._intact(check.log)

    def _intact(self, result: Verification) -> None:
        if result.problem is not None:
            raise CommandError(
                f"{result.problem} ({result.checked:,} entries before it are intact)."
            )
        waiting = result.checked - result.sealed
        self.stdout.write(
            f"Audit log intact: {result.checked:,} entries verified "
            f"({result.sealed:,} sealed, {waiting:,} waiting for the sealer)."
        )
