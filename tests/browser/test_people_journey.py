"""Given a case whose partners have been asked, when the coordinator records the alleged
perpetrator and a witness, and shares the witness's contact details with the council only,
then the police see the alleged perpetrator's details and not the witness's, the council sees
both, and every page passes axe."""

import re

import pytest
from axe_check import assert_accessible
from builders import case_at
from playwright.sync_api import Page, expect

from casereview.devdata.demo.partnerships import load_demo

from .test_staff_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_coordinator_records_people_and_each_partner_sees_what_it_needs(
    live_server, page: Page, browser
) -> None:
    load_demo()
    application = case_at("asked", asked=("police", "council"))
    base = live_server.url
    sign_in(page, base, "pso@nul.example")
    page.goto(f"{base}/applications/{application.reference}")
    main = page.locator("main")
    expect(main).to_contain_text("No alleged perpetrator, household member or witness")
    page.get_by_role("link", name="Add or change people named on the case").click()
    expect(page.get_by_role("heading", name="People named on the case")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Add a person").click()
    page.get_by_role("button", name="Add the person").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter their name, or what they are known as")
    assert_accessible(page)
    page.get_by_label("Alleged perpetrator").check()
    page.get_by_label("Name", exact=True).fill("Dean Doyle")
    page.locator("#id_date_of_birth_day").fill("27")
    page.locator("#id_date_of_birth_month").fill("3")
    page.locator("#id_date_of_birth_year").fill("1990")
    page.get_by_label("Address, or the area (optional)").fill("Flat 3, 12 Long Row")
    page.get_by_label("Postcode (optional)").fill("ST5 9ZZ")
    page.get_by_role("button", name="Add the person").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Dean Doyle has been added")
    assert_accessible(page)

    page.get_by_role("link", name="Add a person").click()
    page.get_by_label("Witness").check()
    page.get_by_label("Name", exact=True).fill("Wendy Walker")
    page.get_by_label("Phone (optional)").fill("07700 900333")
    page.get_by_role("button", name="Add the person").click()
    page.get_by_role("link", name="Share contact details of Wendy Walker").click()
    assert_accessible(page)
    page.get_by_label(re.compile("Borough Council")).check()
    page.get_by_role("button", name="Save who sees the contact details").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter why these agencies need the contact details"
    )
    assert_accessible(page)
    page.get_by_label("Why these agencies need the contact details").fill("To take a statement")
    page.get_by_role("button", name="Save who sees the contact details").click()
    expect(page.locator("main")).to_contain_text("Contact details shared with")
    assert_accessible(page)

    for email, sees_phone in (("police@nul.example", False), ("council@nul.example", True)):
        partner = browser.new_page()
        sign_in(partner, base, email)
        partner.goto(f"{base}/applications/{application.reference}/contribution")
        people = partner.locator("main")
        expect(people).to_contain_text("Flat 3, 12 Long Row")  # the alleged perpetrator's
        expect(people).to_contain_text("Wendy Walker")
        if sees_phone:
            expect(people).to_contain_text("07700 900333")
        else:
            expect(people).not_to_contain_text("07700 900333")
            expect(people).to_contain_text("Not shared with your agency")
        assert_accessible(partner)
        partner.close()
