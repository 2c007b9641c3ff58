"""Given the demo partnership, when intake staff record a request and the Chair decides its
threshold using only the keyboard (Tab, Shift+Tab, Enter, Space and the arrow keys: no
clicks, no filling fields by script), then both journeys complete; every element that takes
focus shows it, the skip link moves focus to the main content, an error summary takes focus
and its links move focus to the field they name. Pages pass axe on the way."""

from datetime import timedelta

import pytest
from axe_check import assert_accessible
from helpers import reset_totp, totp_code
from playwright.sync_api import Locator, Page, expect

from casereview.accounts.models import User
from casereview.applications.models import Application
from casereview.core.dates import local_today
from casereview.devdata.demo.partnerships import DEMO_PASSWORD, load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# GOV.UK Frontend's focus style is the yellow focus colour: a background for links and
# buttons, an outline for fields, a ring round a radio's or checkbox's label.
FOCUS_IS_VISIBLE = """el => {
    const yellow = "rgb(255, 221, 0)";
    const shows = s => s.backgroundColor === yellow || s.boxShadow.includes(yellow)
        || (s.outlineStyle !== "none" && s.outlineColor === yellow);
    if (shows(getComputedStyle(el))) return true;
    const label = el.labels && el.labels[0];
    return Boolean(label) && shows(getComputedStyle(label, "::before"));
}"""
MOST_TABS = 80  # more than any page here has stops before its last field


def _focused(page: Page) -> Locator:
    return page.locator("*:focus")


def _has_focus(target: Locator) -> bool:
    return bool(target.evaluate("el => el === document.activeElement"))


def _press(page: Page, key: str) -> None:
    """Presses a key; after a key that moves focus, whatever has it must show it."""
    page.keyboard.press(key)
    if key in ("Enter", "Space"):
        return  # may submit or follow a link: the next page is checked by the next move
    focused = _focused(page)
    if focused.count():
        assert focused.evaluate(FOCUS_IS_VISIBLE), (
            f"no visible focus on {focused.evaluate('el => el.outerHTML')[:200]} at {page.url}"
        )


def _tab_to(page: Page, target: Locator, back: bool = False) -> None:
    for _ in range(MOST_TABS):
        _press(page, "Shift+Tab" if back else "Tab")
        if _has_focus(target):
            return
    raise AssertionError(f"{target} cannot be reached with the keyboard on {page.url}")


def _type(page: Page, label: str, text: str) -> None:
    _tab_to(page, page.get_by_label(label, exact=True))
    page.keyboard.type(text)


def _choose(page: Page, name: str, label: str) -> None:
    """Tabs into a radio group, then moves through it with the arrow keys."""
    _tab_to(page, page.locator(f"input[name={name}]:checked, input[name={name}]").first)
    _choose_here(page, label)


def _choose_here(page: Page, label: str) -> None:
    """With focus on a radio, arrows down to the one labelled `label` and selects it."""
    for _ in range(10):
        if page.get_by_label(label, exact=True).evaluate("el => el === document.activeElement"):
            if not page.get_by_label(label, exact=True).is_checked():
                _press(page, "Space")
            expect(page.get_by_label(label, exact=True)).to_be_checked()
            return
        _press(page, "ArrowDown")
    raise AssertionError(f"no radio labelled {label!r}")


def _follow(page: Page, key: str = "Enter") -> None:
    """Presses a key that leaves the page (a link, a form's button) and waits until the next
    page has loaded. Without the wait, the next Tab could land on the page being left (under
    load, still on screen) and find a same-named button there."""
    with page.expect_navigation(wait_until="load"):
        _press(page, key)


def _button(page: Page, name: str) -> None:
    _tab_to(page, page.get_by_role("button", name=name, exact=True))
    _follow(page)


def _link(page: Page, name: str) -> None:
    _tab_to(page, page.get_by_role("link", name=name, exact=True).first)
    _follow(page)


def _date(page: Page, field: str, day: object) -> None:
    _tab_to(page, page.locator(f"#id_{field}_day"))
    for part in (day.day, day.month, day.year):  # type: ignore[attr-defined]
        page.keyboard.type(str(part))
        _press(page, "Tab")


def _error_summary_leads_to_the_field(page: Page, message: str) -> None:
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text(message)
    expect(summary).to_be_focused()
    assert summary.evaluate(FOCUS_IS_VISIBLE)
    assert_accessible(page)
    link = summary.get_by_role("link", name=message)
    _tab_to(page, link)
    _press(page, "Enter")
    target = link.get_attribute("href")
    assert target and target.startswith("#")
    expect(page.locator(target)).to_be_focused()


def _sign_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/sign-in")
    # The skip link is the first stop, and takes focus past the header to the main content.
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    _press(page, "Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    _press(page, "Enter")
    expect(page.locator("#main-content")).to_be_focused()
    _press(page, "Tab")
    expect(page.get_by_label("Email address")).to_be_focused()
    page.keyboard.type(email)
    _press(page, "Tab")
    page.keyboard.type(DEMO_PASSWORD)
    _follow(page)
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
    user = User.objects.get(email=email)
    reset_totp(user)
    _type(page, "Code", totp_code(user))
    _follow(page)
    expect(page.get_by_role("heading", name="Home")).to_be_visible()


def _record_a_request(page: Page) -> None:
    _link(page, "Record a request")
    _button(page, "Start now")
    expect(page.get_by_role("heading", name="How was the request made?")).to_be_visible()
    _button(page, "Continue")
    _error_summary_leads_to_the_field(page, "Select how the request was made")
    _choose_here(page, "Phone (including 101)")
    _button(page, "Continue")
    _choose(page, "applicant_type", "An individual")
    _button(page, "Continue")
    _type(page, "Full name", "Kim Keyboard")
    _type(page, "Postcode", "ST5 1AB")
    _type(page, "Email address", "kim@example.org")
    _button(page, "Continue")
    _choose(page, "contact_preference", "Email")
    _button(page, "Continue")
    _choose(page, "has_advocate", "No")
    _button(page, "Continue")
    _type(page, "Describe the anti-social behaviour", "Music through the wall all night.")
    _button(page, "Continue")
    # Back from the button to the unanswered radios with Shift+Tab, and "Yes" with Space.
    _tab_to(page, page.get_by_role("button", name="Continue"))
    _tab_to(page, page.get_by_label("Yes", exact=True), back=True)
    _press(page, "Space")
    expect(page.get_by_label("Yes", exact=True)).to_be_checked()
    _button(page, "Continue")
    expect(page.get_by_role("heading", name="Complaints about the behaviour")).to_be_visible()
    _link(page, "Add a complaint")
    day = local_today() - timedelta(days=12)
    _date(page, "behaviour_date", day)
    _date(page, "reported_date", day)
    _choose(page, "agency", "Staffordshire Police")
    _button(page, "Save complaint")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("added")
    _button(page, "Continue")
    expect(
        page.get_by_role("heading", name="Check your answers before recording the request")
    ).to_be_visible()
    assert_accessible(page)
    _button(page, "Record the request")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Request recorded")
    assert_accessible(page)


def test_intake_records_and_the_chair_decides_with_the_keyboard_alone(
    live_server, page: Page
) -> None:
    load_demo()
    _sign_in(page, live_server.url, "intake@nul.example")
    _record_a_request(page)
    application = Application.objects.get()
    expect(page.get_by_role("heading", name=f"Application {application.reference}")).to_be_visible()
    _button(page, "Sign out")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()

    _sign_in(page, live_server.url, "chair@nul.example")
    _link(page, application.reference)
    _link(page, "Decide the threshold")
    _button(page, "Confirm decision")
    _error_summary_leads_to_the_field(page, "Select whether the threshold is met")
    _choose_here(page, "No, the threshold is not met")
    _button(page, "Confirm decision")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Decision recorded")
    assert_accessible(page)
    application.refresh_from_db()
    assert application.decision.met is False
