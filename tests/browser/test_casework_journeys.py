"""Casework journeys finished: the Chair finds on their home page the request staff recorded
for their decision; the coordinator logs a call on the case's contact log; the applicant's
status page stops promising a decision once the request is withdrawn; the administrator resets
a lost authenticator (after confirming it is them), unlocks an account and changes the
letterhead. Every page on the way passes axe."""

from datetime import timedelta

import pytest
from axe_check import assert_accessible
from builders import case_at
from django.test import Client
from helpers import reset_totp, totp_code
from playwright.sync_api import Page, expect

from casereview.accounts.models import Membership, User
from casereview.applicants.links import status_link_issue
from casereview.applications.models import ContactEntry
from casereview.core.dates import local_today
from casereview.devdata.demo.partnerships import DEMO_PASSWORD, load_demo
from casereview.partnerships.models import Partnership
from casereview.reviews.services.withdrawal import application_withdraw

from .test_staff_journeys import sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_chair_decides_from_home_and_the_coordinator_logs_a_call(
    live_server, page: Page
) -> None:
    load_demo()
    waiting = case_at("received", by="intake@nul.example")
    sign_in(page, live_server.url, "chair@nul.example")
    heading = page.get_by_role("heading", name="Waiting for your threshold decision")
    expect(heading).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=f"Decide {waiting.reference}").click()
    expect(page.locator("h1")).to_contain_text("Decide the threshold")
    assert_accessible(page)
    sign_out(page)

    sign_in(page, live_server.url, "pso@nul.example")
    page.goto(f"{live_server.url}/applications/{waiting.reference}")
    expect(page.locator("#contact-log")).to_be_visible()
    expect(page.locator("main")).to_contain_text("No contact with the applicant has been logged")
    page.get_by_role("link", name="Log a contact").click()
    assert_accessible(page)
    page.get_by_role("button", name="Add to the log").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the date of the contact")
    expect(summary).to_contain_text("Enter what was said")
    assert_accessible(page)
    yesterday = local_today() - timedelta(days=1)
    page.locator("#id_contacted_on_day").fill(str(yesterday.day))
    page.locator("#id_contacted_on_month").fill(str(yesterday.month))
    page.locator("#id_contacted_on_year").fill(str(yesterday.year))
    page.get_by_label("Time (optional)").fill("2:30pm")
    page.get_by_label("We contacted them").check()
    page.get_by_label("Phone", exact=True).check()
    page.get_by_label("What was said").fill("Called to explain the threshold decision is due.")
    page.get_by_role("button", name="Add to the log").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("added to the log")
    log = page.locator("#contact-log + table")
    expect(log).to_contain_text("Called to explain the threshold decision is due.")
    expect(log).to_contain_text("14:30")
    expect(log).to_contain_text("Priya Sharma")
    assert_accessible(page)
    assert ContactEntry.objects.get().contacted_on == yesterday


def test_a_withdrawn_request_no_longer_promises_a_decision(live_server, page: Page) -> None:
    load_demo()
    application = case_at("received")
    pso = Membership.objects.get(user__email="pso@nul.example")
    link = status_link_issue(membership=pso, application=application)
    page.goto(f"{live_server.url}/status/{link.token}")
    expect(page.locator("main")).to_contain_text("We will decide whether your request")
    assert_accessible(page)
    application_withdraw(membership=pso, application=application, reason="Moved house.")
    page.reload()
    expect(page.locator("main")).to_contain_text("Your request was withdrawn")
    expect(page.locator("main")).not_to_contain_text("We will decide")
    assert_accessible(page)


def test_the_administrator_helps_someone_back_in_and_changes_the_letterhead(
    live_server, page: Page
) -> None:
    load_demo()
    for n in range(12):  # someone guessing the intake officer's password
        Client(REMOTE_ADDR=f"203.0.113.{n + 1}").post(
            "/sign-in", {"email": "intake@nul.example", "password": "guess guess guess"}
        )
    sign_in(page, live_server.url, "admin@nul.example")
    intake = Membership.objects.get(user__email="intake@nul.example")
    page.goto(f"{live_server.url}/manage/users/{intake.pk}")
    expect(page.locator("main")).to_contain_text("Too many wrong passwords")
    assert_accessible(page)
    page.get_by_role("button", name="Reset their authenticator").click()
    # Confirming it is them first, then back to the person's page to do it.
    expect(page.get_by_role("heading", name="Confirm it is you")).to_be_visible()
    assert_accessible(page)
    admin = User.objects.get(email="admin@nul.example")
    reset_totp(admin)
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    page.get_by_label("Code from your authenticator app").fill(totp_code(admin))
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Reset their authenticator").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("has been reset")
    expect(page.locator("main")).to_contain_text("Not set up")
    assert_accessible(page)
    page.get_by_role("button", name="Unlock their account").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("has been unlocked")
    expect(page.locator("main")).to_contain_text("Not locked")
    assert_accessible(page)

    page.get_by_role("link", name="Contact details", exact=True).first.click()
    expect(page.get_by_role("heading", name="Contact details and letterhead")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Postal address").fill("")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the postal address")
    assert_accessible(page)
    page.get_by_label("Postal address").fill("Castle House\nNewcastle-under-Lyme ST5 1BL")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("saved")
    assert Partnership.objects.get(slug="newcastle-under-lyme").contact_address.startswith(
        "Castle House"
    )
