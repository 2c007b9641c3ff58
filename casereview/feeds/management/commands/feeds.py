"""`casereview feeds <sub-command>`: partner report feeds (FEEDS.md §2). Each sub-command's
body lives in its own module; this file only dispatches."""

import argparse
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from casereview.feeds import cli_import
from casereview.feeds.linkage import cli as linkage_cli


class Command(BaseCommand):
    help = "Partner report feeds: import an agency's reports, link them to people, list the links."
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
        link = commands.add_parser("link", help="Link every report of the partnership to a person.")
        link.add_argument("--partnership", required=True, help="The partnership's slug.")
        link.add_argument(
            "--retrain",
            action="store_true",
            help="Train a new model version first (on the reports and the decisions on pairs).",
        )
        linkage_cli.add_engine_argument(link)
        links = commands.add_parser(
            "links", help="CSV of agency,agency_reference,person on standard output."
        )
        links.add_argument("--partnership", required=True, help="The partnership's slug.")

    def handle(self, *args: Any, **options: Any) -> None:
        subcommand = options["subcommand"]
        if subcommand == "import":
            code = cli_import.run(options, stdout=self.stdout, stderr=self.stderr)
        elif subcommand == "link":
            code = linkage_cli.link(
                partnership=options["partnership"],
                retrain=options["retrain"],
                engine_name=options["engine"],
                stdout=self.stdout,
                stderr=self.stderr,
            )
        elif subcommand == "links":
            code = linkage_cli.links(partnership=options["partnership"], stdout=self.stdout)
        else:  # pragma: no cover - argparse refuses unknown sub-commands first
            raise CommandError(f"Unknown sub-command {subcommand}")
        if code:
            raise SystemExit(code)
