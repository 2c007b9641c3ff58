"""Given a refused request whose applicant, who asked for post, appeals by phone to the
partnership, when the PSO records the appeal, then the Commissioner's office is emailed; its
home page lists the appeal with the date its decision is due; it reads the case's letters
from the appeal pack; its "not upheld" letter names the Housing Ombudsman (a housing
provider was complained to), is headed with the office's own details and waits on the
office's letters-to-post list, not the partnership's. Every page on the way passes axe."""

from datetime import date

import pytest
from axe_check import assert_accessible
from builders import case_at
from django.core import mail
from playwright.sync_api import Page, expect

from casereview.appeals.models import Appeal
from casereview.appeals.selectors import decision_due
from casereview.applications.intake import VictimInput
from casereview.core.dates import local_today
from casereview.devdata.demo.partnerships import load_demo
from casereview.partnerships.models import AppealsBody

from .test_record_and_decide import _fill_date
from .test_staff_journeys import sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _day(d: date) -> str:
    return f"{d.day} {d:%B %Y}"


def test_the_commissioners_office_decides_an_appeal_the_pso_recorded(
    live_server, page: Page
) -> None:
    load_demo()
    victim = VictimInput(
        name="Petra Post",
        postcode="ST5 1AB",
        contact_preference="post",
        address="4 Letter Lane\nNewcastle-under-Lyme",
    )
    reference = case_at("decided", met=False, advocate=None, victim=victim).reference
    base = live_server.url

    # The PSO records the appeal the applicant made by phone: the office is told.
    sign_in(page, base, "pso@nul.example")
    page.goto(f"{base}/applications/{reference}")
    page.get_by_role("link", name="Record an appeal").click()
    assert_accessible(page)
    _fill_date(page, "received", local_today())
    page.get_by_label("Relevant facts were not considered").check()
    page.get_by_label("Details of the appeal").fill("Earlier reports were not counted.")
    mail.outbox.clear()
    page.get_by_role("button", name="Record the appeal").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("appeal has been recorded")
    (notice,) = [m for m in mail.outbox if m.to == ["appeals@pfcc.example"]]
    due = decision_due(
        Appeal.objects.get(application__reference=reference), AppealsBody.objects.get()
    )
    assert reference in notice.subject and _day(due) in notice.body
    assert "Petra" not in notice.body
    sign_out(page)

    # The office's home page is its caseload.
    sign_in(page, base, "appeals@pfcc.example")
    main = page.locator("main")
    expect(main).to_contain_text("Appeals waiting for a decision")
    expect(main).not_to_contain_text("No appeals have been made")
    row = page.locator("tr", has_text=reference)
    expect(row).to_contain_text(_day(due))
    expect(row).to_contain_text("days left")
    assert_accessible(page)

    # The pack's letters open for the office.
    row.get_by_role("link", name=reference).click()
    expect(page.locator(".govuk-summary-list__row", has_text="Decision due")).to_contain_text(
        _day(due)
    )
    assert_accessible(page)
    page.get_by_role("link", name="Acknowledgement letter").click()
    expect(page.locator("h1.govuk-heading-l")).to_contain_text("Acknowledgement letter")
    assert_accessible(page)
    page.get_by_role("link", name="Back to the appeal pack").click()

    # Not upheld: the letter names the Housing Ombudsman and carries the office's details.
    page.get_by_role("link", name="Record the outcome").click()
    page.get_by_label("Not upheld: the application").check()
    page.get_by_label("Your findings").fill("The threshold was applied as published.")
    page.get_by_role("button", name="Record the outcome").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("outcome is recorded")
    page.get_by_role("link", name="Appeal outcome letter").click()
    letter = page.locator(".app-letter")
    expect(letter).to_contain_text("Housing Ombudsman")
    expect(letter).to_contain_text("Staffordshire Commissioner's Office")
    expect(letter).to_contain_text("01785 000000")
    assert_accessible(page)

    # It waits on the office's own letters to post.
    page.get_by_role("link", name="Letters to post").click()
    row = page.locator("tr", has_text=reference)
    expect(row).to_contain_text("Appeal outcome")
    assert_accessible(page)
    row.get_by_role("button", name="Mark as posted").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("marked as posted")
    expect(page.locator("main")).not_to_contain_text(reference)
    assert_accessible(page)

    # The office keeps its contact details: a wrong one is named, a right one saved.
    page.get_by_role("link", name="Home").click()
    page.get_by_role("link", name="Your office's contact details").click()
    assert_accessible(page)
    page.get_by_label("Email address").fill("not an address")
    page.get_by_role("button", name="Save").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter an email address in the correct format")
    assert_accessible(page)
    page.get_by_label("Email address").fill("appeals@pfcc.example")
    page.get_by_label("Website").fill("https://staffordshire-pfcc.example")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("details have been saved")
    assert AppealsBody.objects.get().website == "https://staffordshire-pfcc.example"
    sign_out(page)

    # The partnership's list never held the office's letter.
    sign_in(page, base, "pso@nul.example")
    page.get_by_role("link", name="Letters to post").click()
    expect(page.locator("main")).not_to_contain_text("Appeal outcome")
    assert_accessible(page)
