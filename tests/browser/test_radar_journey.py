"""Given a person whose reports to the police and the council reach the threshold, when the
coordinator opens the radar, the person's page, records that they were told (with the
explanation letter) and starts a request from their reports, then each page is accessible
and the request's complaints are the agencies' reports."""

from datetime import timedelta

import pytest
from axe_check import assert_accessible
from playwright.sync_api import Page, expect

from casereview.core.dates import local_today
from casereview.devdata.demo.partnerships import load_demo
from casereview.feeds.models import RadarContact
from tests.feeds.radar_builders import person, report

from .test_staff_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_radar_to_person_to_contact_to_a_draft_request(live_server, page: Page) -> None:
    load_demo()
    who = person()
    for days, agency in ((50, "police"), (25, "council"), (4, "housing")):
        report(who, agency, days_ago=days, first_name="Robin", surname="Journey")
    sign_in(page, live_server.url, "pso@nul.example")

    page.goto(f"{live_server.url}/radar")
    expect(page.get_by_role("heading", name="Radar")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Stage", exact=True).select_option("threshold_met")
    page.get_by_label("Only people not yet told at this stage").check()
    page.get_by_role("button", name="Filter").click()
    assert_accessible(page)
    page.get_by_role("link", name="Robin Journey").click()

    expect(page.get_by_role("heading", name="Robin Journey")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Threshold met")
    assert_accessible(page)
    page.get_by_role("link", name="Record that they were told").click()
    assert_accessible(page)
    page.get_by_role("button", name="Record it").click()  # nothing filled in
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select how the person was told")
    assert_accessible(page)
    page.get_by_label("Letter", exact=True).check()
    told = local_today() - timedelta(days=1)
    page.locator("#id_contacted_on_day").fill(str(told.day))
    page.locator("#id_contacted_on_month").fill(str(told.month))
    page.locator("#id_contacted_on_year").fill(str(told.year))
    page.get_by_label("Send the explanation letter").check()
    page.get_by_role("button", name="Record it").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("told about the case review")
    expect(page.locator("main")).to_contain_text("Case review explanation letter")
    assert_accessible(page)
    assert RadarContact.objects.get(person=who).stage == "threshold_met"

    page.get_by_role("button", name="Start a request for this person").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Check each answer")
    assert_accessible(page)
    page.goto(f"{live_server.url}/applications/new/victim")
    expect(page.get_by_label("Full name")).to_have_value("Robin Journey")
    page.goto(f"{live_server.url}/applications/new/complaints")
    # The complaints page needs the received date first: answer the first question.
    if "/received" in page.url:
        page.get_by_label("Phone (including 101)").check()
        page.get_by_role("button", name="Continue").click()
        page.goto(f"{live_server.url}/applications/new/complaints")
    for reference in who.reports.values_list("agency_reference", flat=True):
        expect(page.locator("main")).to_contain_text(reference)
    assert_accessible(page)

    page.goto(f"{live_server.url}/radar/about")
    expect(
        page.get_by_role("heading", name="What the radar does with personal data")
    ).to_be_visible()
    assert_accessible(page)
