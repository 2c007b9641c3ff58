"""Browser journeys: Debian's Chromium driven by Playwright, with axe on every page."""

import os
from typing import Any

import pytest
from playwright.sync_api import Page, expect

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


# Generous waits: the browser, the live server and the test share two cores with whatever
# else runs (another server, another test run). Every wait is an auto-waiting expectation or
# locator action that returns as soon as its condition holds, so a long limit costs a
# passing test nothing; only a real failure waits this long.
EXPECT_TIMEOUT_MS = 30_000
ACTION_TIMEOUT_MS = 60_000
NAVIGATION_TIMEOUT_MS = 90_000


@pytest.fixture(autouse=True)
def _patient_page(page: Page) -> Page:
    page.set_default_timeout(ACTION_TIMEOUT_MS)
    page.set_default_navigation_timeout(NAVIGATION_TIMEOUT_MS)
    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    return page
