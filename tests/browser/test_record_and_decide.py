"""Given the demo partnership, when the PSO records a request taken by phone with four
complaints (one reported late, two about the same incident), then the application page
explains line by line why the threshold is not met; when the Chair decides it is met at
their discretion, then the advocate is emailed the acknowledgement letter as a PDF.
Every page on the way passes axe."""

from datetime import date, timedelta

import pytest
from axe_check import assert_accessible
from decision_factors import fill_the_factors
from django.core import mail
from playwright.sync_api import Page, expect

from casereview.applications.models import Application
from casereview.core.dates import local_today
from casereview.devdata.demo.partnerships import load_demo

from .test_staff_journeys import sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fill_date(page: Page, field: str, d: date) -> None:
    page.locator(f"#id_{field}_day").fill(str(d.day))
    page.locator(f"#id_{field}_month").fill(str(d.month))
    page.locator(f"#id_{field}_year").fill(str(d.year))


def _continue(page: Page) -> None:
    page.get_by_role("button", name="Continue").click()


def _add_complaint(
    page: Page, behaviour: date, reported: date, agency: str, same_as: str | None = None
) -> None:
    page.get_by_role("link", name="Add a complaint").click()
    _fill_date(page, "behaviour_date", behaviour)
    _fill_date(page, "reported_date", reported)
    page.get_by_label(agency, exact=True).check()
    if same_as:
        page.get_by_label("Is it the same incident as another complaint?").select_option(same_as)
    page.get_by_role("button", name="Save complaint").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("added")


def _record_by_phone(page: Page) -> None:
    today = local_today()
    page.get_by_role("link", name="Record a request").first.click()
    assert_accessible(page)
    page.get_by_role("button", name="Start now").click()
    # A future date is refused, naming the field.
    page.get_by_label("Phone (including 101)").check()
    _fill_date(page, "received", today + timedelta(days=2))
    _continue(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text("Date received must be today")
    assert_accessible(page)
    _fill_date(page, "received", today)
    _continue(page)
    page.get_by_label("An individual").check()
    assert_accessible(page)
    _continue(page)
    page.get_by_label("Full name").fill("Robin Victim")
    page.get_by_label("Postcode").fill("st5 1ab")
    assert_accessible(page)
    _continue(page)
    page.get_by_label("Email", exact=True).check()
    page.get_by_label("They need letters in large print").check()
    assert_accessible(page)
    _continue(page)
    page.get_by_label("Yes", exact=True).check()
    page.get_by_label("Advocate's full name").fill("Ada Advocate")
    page.get_by_label("Organisation").fill("Victim Support")
    page.get_by_label("Advocate's email address").fill("ada@example.org")
    page.get_by_label("The victim has consented to this person acting for them").check()
    assert_accessible(page)
    _continue(page)
    page.get_by_label("Describe the anti-social behaviour").fill("Stones thrown at windows.")
    assert_accessible(page)
    _continue(page)
    _continue(page)  # not answered yet
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select whether the victim agrees to their information being shared"
    )
    assert_accessible(page)
    page.get_by_label("Yes", exact=True).check()
    _continue(page)
    # The complaint history.
    d = lambda n: today - timedelta(days=n)  # noqa: E731
    _add_complaint(page, d(60), d(59), "Staffordshire Police")
    assert_accessible(page)
    _add_complaint(page, d(100), d(50), "Newcastle-under-Lyme Borough Council")
    _add_complaint(page, d(20), d(20), "Staffordshire Police")
    page.get_by_role("link", name="Add a complaint").click()
    _fill_date(page, "behaviour_date", d(20))
    _fill_date(page, "reported_date", d(25))
    page.get_by_label("Aspire Housing", exact=True).check()
    page.get_by_role("button", name="Save complaint").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "on or after the date of the behaviour"
    )
    assert_accessible(page)
    _fill_date(page, "reported_date", d(19))
    page.get_by_label("Is it the same incident as another complaint?").select_option("c3")
    page.get_by_role("button", name="Save complaint").click()
    assert_accessible(page)
    _continue(page)
    expect(page.locator("main")).to_contain_text("Recommendation: threshold not met")
    assert_accessible(page)
    page.get_by_role("button", name="Record the request").click()


def test_record_by_phone_then_the_chair_decides_met_at_their_discretion(
    live_server, page: Page
) -> None:
    load_demo()
    mail.outbox.clear()
    sign_in(page, live_server.url, "pso@nul.example")
    _record_by_phone(page)
    application = Application.objects.get()
    expect(page.get_by_role("heading", name=f"Application {application.reference}")).to_be_visible()
    main = page.locator("main")
    expect(main).to_contain_text("Recommendation: threshold not met")
    expect(main).to_contain_text("reported more than a month after the behaviour")
    expect(main).to_contain_text("Does not count separately: the same incident")
    expect(main).to_contain_text("Counts towards the threshold")
    assert_accessible(page)
    page.get_by_role("link", name="Home").first.click()
    expect(page.locator("main")).to_contain_text(application.reference)
    assert_accessible(page)
    sign_out(page)

    sign_in(page, live_server.url, "chair@nul.example")
    page.get_by_role("link", name=application.reference, exact=True).click()
    page.get_by_role("link", name="Decide the threshold").click()
    assert_accessible(page)
    page.get_by_label("Yes, hold a case review").check()
    page.get_by_role("button", name="Confirm decision").click()
    # Met below the complaint count: a reason against each s.104(5) factor is asked for.
    expect(page.locator(".govuk-error-summary")).to_contain_text("Explain how you weighed")
    assert_accessible(page)
    page.get_by_label("Your reasons").fill("The harm is escalating and the victim is vulnerable.")
    fill_the_factors(page)
    _fill_date(page, "review_date", application.received + timedelta(days=21))
    page.get_by_role("button", name="Confirm decision").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Decision recorded")
    expect(page.locator("main")).to_contain_text("which the Chair departed from")
    assert_accessible(page)

    # The Chair was told of the waiting request; the victim gets the decision.
    (notice, message) = mail.outbox
    assert notice.to == ["chair@nul.example"]
    assert message.to == ["ada@example.org"]
    filename, content, mimetype = message.attachments[0]
    assert mimetype == "application/pdf" and content.startswith(b"%PDF")
    assert filename == f"{application.reference}-acknowledgement.pdf"

    page.get_by_role("link", name="Acknowledgement").click()
    expect(page.locator("main")).to_contain_text("The harm is escalating")
    expect(page.locator("main")).to_contain_text("Large print")
    assert_accessible(page)


def test_admin_case_rule_pages_are_accessible(live_server, page: Page) -> None:
    load_demo()
    sign_in(page, live_server.url, "admin@nul.example")
    for path in ("/manage/threshold-policy", "/manage/deadlines", "/manage/letter-wording"):
        page.goto(live_server.url + path)
        assert_accessible(page)
    page.goto(f"{live_server.url}/manage/threshold-policy")
    page.get_by_role("button", name="Add this version").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter takes effect from")
    assert_accessible(page)
