"""Jobs that run once from cron or a systemd timer, or keep running under `make run`."""

import time
from abc import ABC, abstractmethod
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class RepeatingCommand(BaseCommand, ABC):
    """Runs `run_once` and exits, or, with `--every SECONDS`, runs it again after each wait."""

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--every",
            type=int,
            default=0,
            metavar="SECONDS",
            help="Keep running, once every SECONDS (as `make run` does).",
        )

    @abstractmethod
    def run_once(self) -> str:
        """Do the job; return the line to print."""

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            self.stdout.write(self.run_once())
            if not options["every"]:
                return
            time.sleep(options["every"])
