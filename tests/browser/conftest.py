"""Browser journeys: Debian's Chromium driven by Playwright, with axe on every page."""

import os
from typing import Any

import pytest

# The live server and the ORM share the test's thread while Playwright runs its own loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        # The closed network refuses Chromium's background calls; don't make them at all.
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }
