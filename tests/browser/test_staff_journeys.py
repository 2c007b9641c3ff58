"""Given the demo data, when each demo user signs in through the real pages with password
and authenticator code, then they see the home page for their role; every page is
accessible and works with the keyboard."""

import pytest
from axe_check import assert_accessible
from helpers import reset_totp, totp_code
from playwright.sync_api import Page, expect

from casereview.accounts.models import User
from casereview.devdata.demo.partnerships import DEMO_PASSWORD, USERS, load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EXPECTED_HOME = {
    "intake@nul.example": "working as intake for Newcastle-under-Lyme Partnership",
    "pso@nul.example": "working as coordinator for Newcastle-under-Lyme Partnership",
    "chair@nul.example": "working as chair for Newcastle-under-Lyme Partnership",
    "police@nul.example": "partner agency officer for Staffordshire Police",
    "council@nul.example": "partner agency officer for Newcastle-under-Lyme Borough Council",
    "housing@nul.example": "partner agency officer for Aspire Housing",
    "dpo@nul.example": "working as auditor for Newcastle-under-Lyme Partnership",
    "admin@nul.example": "working as administrator for Newcastle-under-Lyme Partnership",
    "pso@sta.example": "working as coordinator for Stafford Partnership",
    "chair@sta.example": "working as chair for Stafford Partnership",
    "appeals@pfcc.example": "working as appeals officer for Staffordshire Commissioner's Office",
}


def sign_in(page: Page, base: str, email: str, check: bool = False) -> None:
    page.goto(f"{base}/sign-in")
    if check:
        assert_accessible(page)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
    if check:
        assert_accessible(page)
    user = User.objects.get(email=email)
    reset_totp(user)
    page.get_by_label("Code").fill(totp_code(user))
    page.get_by_role("button", name="Sign in").click()


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


def test_every_demo_user_signs_in_and_sees_their_home(live_server, page: Page) -> None:
    load_demo()
    for spec in USERS:
        sign_in(page, live_server.url, spec.email, check=spec is USERS[0])
        expect(page.get_by_role("heading", name="Home")).to_be_visible()
        expect(page.locator("main")).to_contain_text(EXPECTED_HOME[spec.email])
        assert_accessible(page)
        sign_out(page)


def test_errors_are_summarised_and_named(live_server, page: Page) -> None:
    load_demo()
    page.goto(f"{live_server.url}/sign-in")
    page.get_by_role("button", name="Continue").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter your email address")
    expect(summary).to_contain_text("Enter your password")
    assert_accessible(page)
    page.get_by_role("link", name="Enter your email address").click()
    expect(page.get_by_label("Email address")).to_be_focused()


def test_admin_pages_are_accessible_and_keyboard_operable(live_server, page: Page) -> None:
    load_demo()
    sign_in(page, live_server.url, "admin@nul.example")
    for path in [
        "/manage/users",
        "/manage/users/add",
        "/manage/agencies",
        "/manage/agencies/add",
        "/manage/agencies/police/change",
        "/account",
        "/accessibility",
        "/privacy",
        "/cookies",
        "/no-such-page",
    ]:
        page.goto(live_server.url + path)
        assert_accessible(page)
    # Keyboard only: add an agency with an error first, then correct it.
    page.goto(f"{live_server.url}/manage/agencies/add")
    page.get_by_label("Agency name").focus()
    page.keyboard.type("Newcastle Housing Trust")
    page.keyboard.press("Tab")
    page.keyboard.type("nht")
    page.get_by_role("button", name="Save agency").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the kind of agency")
    assert_accessible(page)
    page.get_by_label("Housing provider").check()
    page.get_by_label("Yes", exact=True).check()
    page.get_by_label("Email address for requests").fill("asb@nht.example")
    page.get_by_role("button", name="Save agency").press("Enter")
    expect(page.locator("table")).to_contain_text("Newcastle Housing Trust")


def test_auditor_reads_the_log(live_server, page: Page) -> None:
    load_demo()
    sign_in(page, live_server.url, "dpo@nul.example")
    page.get_by_role("link", name="Audit log").first.click()
    # The log shows entries about this partnership's records: the auditor's own reading of
    # the log is one, there once the page has been shown (sign-ins belong to no partnership).
    page.reload()
    expect(page.locator("table")).to_contain_text("dpo@nul.example")
    assert_accessible(page)
    page.get_by_label("From (YYYY-MM-DD)").fill("not a date")
    page.get_by_role("button", name="Filter entries").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("From date must be a real date")
    assert_accessible(page)


def test_first_sign_in_enrolment_page_is_accessible(live_server, page: Page) -> None:
    User.objects.create_user(email="new@nul.example", password=DEMO_PASSWORD, full_name="New")
    page.goto(f"{live_server.url}/sign-in")
    page.get_by_label("Email address").fill("new@nul.example")
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Set up your authenticator app")).to_be_visible()
    assert_accessible(page)
