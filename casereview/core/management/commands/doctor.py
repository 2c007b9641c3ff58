from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from casereview.core.doctor import CHECKS, diagnose


class Command(BaseCommand):
    help = (
        "Checks this installation: settings, database, its migrations and the service's "
        "privileges in it, email, the task worker "
        "and scheduler, disk space and the certificate. Prints each problem with its fix and "
        "exits non-zero when there is one."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--skip",
            default="",
            metavar="CHECKS",
            help=f"Comma-separated checks to leave out: {', '.join(CHECKS)}.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        skip = frozenset(s.strip() for s in options["skip"].split(",") if s.strip())
        unknown = skip - set(CHECKS)
        if unknown:
            self.stderr.write(f"Unknown checks: {', '.join(sorted(unknown))}")
            raise SystemExit(2)
        found = 0
        for name, problems in diagnose(skip).items():
            if not problems:
                self.stdout.write(f"ok       {name}")
            for problem in problems:
                found += 1
                self.stdout.write(
                    f"PROBLEM  {problem.check}: {problem.what}\n         Fix: {problem.fix}"
                )
        if found:
            self.stdout.write(f"{found} problem{'s' if found > 1 else ''} found.")
            raise SystemExit(1)
        self.stdout.write("All checks passed.")
