import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from casereview.feeds.linkage import cli as linkage_cli


class Command(BaseCommand):
    help = "Partner agencies' report feeds: link reports to people, list the links."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        link = actions.add_parser("link", help="Link every report of the partnership to a person.")
        link.add_argument("--partnership", required=True, help="The partnership's slug.")
        link.add_argument(
            "--retrain",
            action="store_true",
            help="Train a new model version first (on the reports and the decisions on pairs).",
        )
        links = actions.add_parser(
            "links", help="CSV of agency,agency_reference,person on standard output."
        )
        links.add_argument("--partnership", required=True, help="The partnership's slug.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "link":
            status = linkage_cli.link(
                partnership=options["partnership"],
                retrain=options["retrain"],
                stdout=self.stdout,
                stderr=self.stderr,
            )
        else:
            status = linkage_cli.links(partnership=options["partnership"], stdout=self.stdout)
        if status:
            sys.exit(status)
