"""The Chair's decision page asks for a reason against each s.104(5) factor when the Chair
decides the threshold is met below the complaint count: journeys that decide so fill them."""

from playwright.sync_api import Page

FACTOR_REASONS = (
    ("The persistence of the behaviour", "Every week since the spring."),
    ("The harm or potential harm", "The victim no longer sleeps and fears leaving home."),
    ("The adequacy of the response so far", "Each agency acted alone and nothing changed."),
)


def fill_the_factors(page: Page) -> None:
    """Fill the factor reasons where the page asks for them (below the count only)."""
    if not page.get_by_label(FACTOR_REASONS[0][0]).count():
        return
    for label, reason in FACTOR_REASONS:
        page.get_by_label(label).fill(reason)
