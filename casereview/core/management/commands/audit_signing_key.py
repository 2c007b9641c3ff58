from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from casereview.core.checkpoints import key_id_of, write_new_key_file


class Command(BaseCommand):
    help = (
        "Make a new Ed25519 key for signing the audit log's checkpoints, in a file only its "
        "owner can read (mode 0600). Point AUDIT_SIGNING_KEY_FILE at it. Never overwrites."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True, type=Path, help="The key file to write.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["out"]
        try:
            public_key = write_new_key_file(path)
        except FileExistsError:
            raise CommandError(
                f"{path} already exists: a signing key is never overwritten."
            ) from None
        except OSError as exc:
            raise CommandError(f"Could not write {path}: {exc.strerror}.") from None
        self.stdout.write(
            f"Wrote a new audit signing key to {path} (key id {key_id_of(public_key)}). "
            "Keep it outside the database and its backups; set AUDIT_SIGNING_KEY_FILE to it."
        )
