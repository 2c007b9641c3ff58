from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from casereview.core.backup import backup


class Command(BaseCommand):
    help = "Back up the whole database to FILE (SQLite online backup, or pg_dump)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        backup(options["file"])
        self.stdout.write(f"Backed up to {options['file']}")
