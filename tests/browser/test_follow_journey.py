"""Given a victim who asked by phone and has no email, when the coordinator gives them a link
and access code from the case (texting it to their mobile, and showing it to read out), then
the victim, from the public start page at `/`, follows their case with the reference and the
code using the keyboard alone; a wrong code is refused with the error named; and the Chair
previews the acknowledgement letter, which carries the code, before deciding. Axe on every
page visited."""

from datetime import timedelta

import pytest
from axe_check import assert_accessible
from builders import case_at
from decision_factors import fill_the_factors
from playwright.sync_api import Page, expect

from casereview.applicants.links import code_shown
from casereview.applicants.models import StatusLink
from casereview.applications.intake import VictimInput
from casereview.applications.models import Application
from casereview.core import sms
from casereview.core.dates import local_today
from casereview.devdata.demo.partnerships import load_demo

from .test_staff_journeys import sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _type(page: Page, label: str, text: str) -> None:
    page.get_by_label(label, exact=True).focus()
    page.keyboard.type(text)


def _press(page: Page, button: str) -> None:
    page.get_by_role("button", name=button).focus()
    page.keyboard.press("Enter")


def test_a_victim_who_phoned_follows_their_case_with_a_code(live_server, page: Page) -> None:
    load_demo()
    sms.outbox.clear()
    application = case_at(
        "received",
        victim=VictimInput(
            name="Pat Phoned",
            postcode="ST5 1AB",
            contact_preference="post",
            address="3 Example Road",
        ),
        advocate=None,
    )
    Application.objects.filter(pk=application.pk).update(victim_phone="07911 123456")
    base = live_server.url

    # The coordinator, on the phone to the victim, gives them a link and code.
    sign_in(page, base, "pso@nul.example")
    page.goto(f"{base}/applications/{application.reference}")
    page.get_by_label("Also text it to 07911 123456").check()
    page.get_by_role("button", name="Give the applicant a link and code").click()
    expect(page.get_by_role("heading", name="The applicant's link and access code")).to_be_visible()
    assert_accessible(page)
    link = StatusLink.objects.get(application=application)
    expect(page.locator("main")).to_contain_text(code_shown(link.access_code))
    expect(page.locator(".govuk-notification-banner")).to_contain_text("texted to 07911 123456")
    assert [m.to for m in sms.outbox] == ["+447911123456"]
    sign_out(page)

    # The Chair previews the acknowledgement letter before deciding: it carries the code.
    sign_in(page, base, "chair@nul.example")
    page.goto(f"{base}/applications/{application.reference}/decision")
    page.get_by_label("Yes, hold a case review").check()
    page.get_by_label("Your reasons").fill("The harm is escalating.")
    fill_the_factors(page)
    due = local_today() + timedelta(days=14)
    for part, value in (("day", due.day), ("month", due.month), ("year", due.year)):
        page.locator(f"#id_review_date_{part}").fill(str(value))
    page.get_by_role("button", name="Preview the letter", exact=True).click()
    expect(
        page.get_by_role("heading", name="Preview of the acknowledgement letter")
    ).to_be_visible()
    expect(page.locator(".app-letter")).to_contain_text(code_shown(link.access_code))
    expect(page.locator(".app-letter")).to_contain_text("Your point of contact")
    assert_accessible(page)
    assert not application.letters.exists()
    sign_out(page)

    # The victim, from the start page, with the keyboard alone.
    page.goto(f"{base}/")
    expect(page.get_by_role("heading", name="ASB case reviews")).to_be_visible()
    expect(page.get_by_role("button", name="Ask for a case review")).to_have_attribute(
        "href", "/apply"
    )
    assert_accessible(page)
    page.get_by_role("link", name="Follow your case").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Follow your case")).to_be_visible()
    assert_accessible(page)
    _type(page, "Case reference", application.reference)
    _type(page, "Access code", "BBBB-BBBB")
    _press(page, "Continue")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The case reference or access code is not right"
    )
    assert_accessible(page)
    page.get_by_label("Access code", exact=True).fill("")
    _type(page, "Access code", code_shown(link.access_code).lower())
    _press(page, "Continue")
    expect(
        page.get_by_role("heading", name=f"Your ASB case review: {application.reference}")
    ).to_be_visible()
    assert_accessible(page)
