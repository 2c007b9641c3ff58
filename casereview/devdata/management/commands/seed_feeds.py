from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from casereview.devdata.feeds_seed import seed_agencies, seed_feeds
from casereview.devdata.synthetic.tenants import PARTNERSHIPS, _partnership
from casereview.feeds.cli_import import _ProgressBar
from casereview.feeds.models import Report
from casereview.partnerships.models import AppealsBody, Partnership

DEFAULT_TRUTH = Path("var/seed_feeds/truth.csv")


class Command(BaseCommand):
    help = (
        "Load synthetic partner reports at any scale (the linkage truth set's people and "
        "noise), for benchmarks; the truth of who made each goes to a CSV. Run after "
        "`casereview demo`. Never on a database holding real data."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--people", type=int, default=500_000)
        parser.add_argument("--reports", type=int, default=1_000_000)
        parser.add_argument(
            "--partnerships",
            type=int,
            default=1,
            help=f"Spread over the first N of the bench's {len(PARTNERSHIPS)} partnerships "
            "(Newcastle-under-Lyme first)",
        )
        parser.add_argument("--seed", type=int, default=1, help="Random seed (repeatable data)")
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            default=None,
            help="Reports fall in the 18 months before this day (default today)",
        )
        parser.add_argument(
            "--truth",
            type=Path,
            default=DEFAULT_TRUTH,
            help=f"Where the truth goes: partnership,agency,agency_reference,person "
            f"(default {DEFAULT_TRUTH})",
        )
        parser.add_argument(
            "--out",
            type=Path,
            default=None,
            help="Write feed files DIR/<partnership>/<agency>-NNN.csv instead of the database "
            "(to time `casereview feeds import`)",
        )
        parser.add_argument("--rows-per-file", type=int, default=100_000)

    def handle(self, *args: Any, **options: Any) -> None:
        people, reports, count = options["people"], options["reports"], options["partnerships"]
        if not 1 <= count <= len(PARTNERSHIPS):
            raise CommandError(f"Give between 1 and {len(PARTNERSHIPS)} partnerships.")
        if people < count or reports < people:
            raise CommandError(
                "Give at least one person a partnership and at least one report a person."
            )
        body = AppealsBody.objects.filter(slug="staffordshire-commissioners-office").first()
        if body is None or not Partnership.objects.filter(slug="newcastle-under-lyme").exists():
            raise CommandError("Run `casereview demo` first: the seed builds on the demo.")
        partnerships = [_partnership(body, *spec[:3]) for spec in PARTNERSHIPS[:count]]
        if options["out"] is None:
            reference = f"-S{options['seed']:02d}-00000001"
            for partnership in partnerships:
                agencies = seed_agencies(partnership).values()
                if Report.objects.filter(
                    agency__in=agencies, agency_reference__endswith=reference
                ).exists():
                    raise CommandError(
                        f"{partnership.slug} already holds reports seeded with --seed "
                        f"{options['seed']}: give another seed."
                    )
        result = seed_feeds(
            partnerships=partnerships,
            people=people,
            reports=reports,
            today=options["today"] or date.today(),
            seed=options["seed"],
            truth=options["truth"],
            out=options["out"],
            rows_per_file=options["rows_per_file"],
            progress=_ProgressBar(self.stderr),
        )
        where = f"{len(result.files)} feed files in {options['out']}" if options["out"] else ""
        self.stdout.write(
            f"seeded {result.reports:,} reports of {result.people:,} people in "
            f"{', '.join(result.partnerships)}"
            + (f" as {where}" if where else "")
            + f"; truth in {options['truth']}"
        )
