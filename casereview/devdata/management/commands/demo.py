from typing import Any

from django.core.management.base import BaseCommand

from casereview.devdata.demo.cases import load_demo_cases
from casereview.devdata.demo.feeds import load_demo_feeds
from casereview.devdata.demo.partnerships import (
    DEMO_PASSWORD,
    DEMO_RECOVERY_CODES,
    DEMO_TOTP_SECRET,
    USERS,
    load_demo,
)


class Command(BaseCommand):
    help = "Load the demo partnerships, agencies and users (safe to run again)."

    def handle(self, *args: Any, **options: Any) -> None:
        load_demo()
        load_demo_cases()
        load_demo_feeds()
        self.stdout.write("Demo data loaded. Demo sign-in (demo only, never for real data):")
        self.stdout.write(f"  password:    {DEMO_PASSWORD}")
        self.stdout.write(f"  TOTP secret: {DEMO_TOTP_SECRET} (add it to an authenticator app)")
        self.stdout.write(
            "  recovery codes (each works once per user): " + ", ".join(DEMO_RECOVERY_CODES)
        )
        self.stdout.write("  users:       " + ", ".join(u.email for u in USERS))
