"""`casereview feeds <sub-command>`: partner report feeds (FEEDS.md §2). Each sub-command's
body lives in its own module; this file only dispatches."""

import argparse
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from casereview.feeds import cli_import


class Command(BaseCommand):
    help = "Partner report feeds: import an agency's reports."
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True)
        cli_import.add_arguments(
            commands.add_parser(
                "import",
                help=cli_import.HELP,
                formatter_class=argparse.RawDescriptionHelpFormatter,
            )
        )

    def handle(self, *args: Any, **options: Any) -> None:
        subcommand = options["subcommand"]
        if subcommand == "import":
            code = cli_import.run(options, stdout=self.stdout, stderr=self.stderr)
        else:  # pragma: no cover - argparse refuses unknown sub-commands first
            raise CommandError(f"Unknown sub-command {subcommand}")
        if code:
            raise SystemExit(code)
