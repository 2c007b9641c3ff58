from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from casereview.devdata.synthetic.seeder import already_seeded, seed
from casereview.partnerships.models import Partnership


class Command(BaseCommand):
    help = (
        "Load synthetic case histories across 10 partnerships (the demo ones among them) for "
        "benchmarks. Run after `casereview demo`. Never on a database holding real data."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--applications", type=int, default=100_000)
        parser.add_argument("--complaints", type=int, default=1_000_000)
        parser.add_argument("--seed", type=int, default=8, help="Random seed (repeatable data)")

    def handle(self, *args: Any, **options: Any) -> None:
        if not Partnership.objects.filter(slug="newcastle-under-lyme").exists():
            raise CommandError("Run `casereview demo` first: the bench builds on the demo.")
        if already_seeded():
            raise CommandError("This database already holds the synthetic data.")
        if options["applications"] < 1 or options["complaints"] < options["applications"]:
            raise CommandError("Give at least one application and one complaint each.")
        counts, seconds = seed(options["applications"], options["complaints"], options["seed"])
        for table, n in sorted(counts.items()):
            self.stdout.write(f"  {table:<28} {n:>10,}")
        self.stdout.write(f"Seeded in {seconds:.1f} s")
