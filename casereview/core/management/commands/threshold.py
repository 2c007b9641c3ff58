import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from casereview.threshold.cli import main


class Command(BaseCommand):
    help = "Evaluate the case review threshold for the JSON in FILE (or - for standard input)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="A JSON file as in THRESHOLD.md, or - for stdin.")

    def handle(self, *args: Any, **options: Any) -> None:
        # Exactly the engine's CLI: JSON on stdout and exit 0, or a message and exit 2.
        status = main([options["file"]])
        if status:
            sys.exit(status)
