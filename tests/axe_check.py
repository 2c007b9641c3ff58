"""axe-core (bundled by axe-playwright-python, so it works offline) against WCAG 2.2 A/AA."""

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
_axe = Axe()


def assert_accessible(page: Page) -> None:
    """Runs axe on the page as it is now; no rule is excluded."""
    # Only violations are reported back: detailing every pass too made each run much slower.
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    results = _axe.run(page, options=options)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"
