"""Given the demo partnerships, when a victim applies online with three complaints using the
keyboard alone, then they get a reference, an email with a link to follow their case, see
the acknowledgement once the Chair decides, read the conclusion letter later and ask for an
appeal; an advocate can apply for someone; floods and wrong links are turned away. Every
page, error states included, passes axe."""

from datetime import date, timedelta

import pytest
from axe_check import assert_accessible
from builders import case_at
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from casereview.applicants.models import ApplicantDocument, StatusLink
from casereview.applications.models import Application
from casereview.core.dates import local_today
from casereview.devdata.demo.partnerships import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _type(page: Page, label: str, text: str) -> None:
    page.get_by_label(label, exact=True).focus()
    page.keyboard.type(text)


def _choose(page: Page, label: str) -> None:
    page.get_by_label(label, exact=True).focus()
    page.keyboard.press("Space")


def _press(page: Page, button: str) -> None:
    page.get_by_role("button", name=button).focus()
    page.keyboard.press("Enter")


def _date(page: Page, field: str, d: date) -> None:
    page.locator(f"#id_{field}_day").focus()
    for part in (str(d.day), str(d.month), str(d.year)):
        page.keyboard.type(part)
        page.keyboard.press("Tab")


def _apply(page: Page, base: str, for_someone: bool, complaints: int) -> None:
    page.goto(f"{base}/apply")
    assert_accessible(page)
    _press(page, "Start now")
    expect(
        page.get_by_role("heading", name="Where is the anti-social behaviour happening?")
    ).to_be_visible()
    _press(page, "Continue")  # nothing chosen: the error names the question
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Choose the area where it is happening"
    )
    assert_accessible(page)
    _choose(page, "Newcastle-under-Lyme Partnership")
    _press(page, "Continue")
    _choose(page, "No, I am applying for someone else" if for_someone else "Yes, I am the victim")
    _press(page, "Continue")
    _choose(page, "One person" if for_someone else "Me")
    _press(page, "Continue")
    expect(page.get_by_role("heading", name="How should we contact you?")).to_be_visible()
    _choose(page, "Email")
    _press(page, "Continue")
    if for_someone:
        expect(
            page.get_by_role("heading", name="Details of the person you are applying for")
        ).to_be_visible()
        _type(page, "Their full name", "Val Victim")
        _type(page, "Their postcode", "ST5 1AB")
    else:
        expect(page.get_by_role("heading", name="Your details")).to_be_visible()
        _type(page, "Your full name", "Val Victim")
        _type(page, "Postcode", "ST5 1AB")
        _press(page, "Continue")  # email chosen but not given: asked for here, of "you"
        expect(page.locator(".govuk-error-summary")).to_contain_text(
            "Enter your email address, so we can email your letters to you"
        )
        assert_accessible(page)
        _type(page, "Email address", "val@example.org")
    assert_accessible(page)
    _press(page, "Continue")
    if for_someone:
        expect(page.get_by_role("heading", name="Your details")).to_be_visible()
        expect(page.locator("input[name=has_advocate]")).to_have_count(0)  # no stray box
        _type(page, "Your full name", "Andy Helper")
        _press(page, "Continue")  # email chosen but not given: asked for here, of "you"
        expect(page.locator(".govuk-error-summary")).to_contain_text(
            "Enter your email address, so we can email your letters to you"
        )
        assert_accessible(page)
        _type(page, "Your email address", "andy@example.org")
        _choose(page, "The person I am applying for agrees to me asking for a case review for them")
        _press(page, "Continue")
    expect(
        page.get_by_role("heading", name="When did you report the anti-social behaviour?")
    ).to_be_visible()
    assert_accessible(page)
    for n in range(complaints):
        page.get_by_role("link", name="Add another report" if n else "Add a report").focus()
        page.keyboard.press("Enter")
        day = local_today() - timedelta(days=10 + 20 * n)
        _date(page, "behaviour_date", day)
        _date(page, "reported_date", day)
        _choose(
            page,
            ["Staffordshire Police", "Newcastle-under-Lyme Borough Council", "Aspire Housing"][
                n % 3
            ],
        )
        if n == 0:
            assert_accessible(page)
        _press(page, "Save complaint")
    expect(page.locator("table")).to_contain_text(f"{complaints} report")
    assert_accessible(page)
    _press(page, "Continue")
    _type(page, "Tell us what is happening", "Shouting and banging every night.")
    _press(page, "Continue")
    whose = "their" if for_someone else "your"
    expect(page.get_by_role("heading", name=f"Sharing {whose} information")).to_be_visible()
    _press(page, "Continue")  # not answered: asked again, but either answer sends the request
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select yes if")
    assert_accessible(page)
    # Someone applying for another says the victim does not agree: still recorded.
    _choose(page, "No" if for_someone else "Yes")
    _press(page, "Continue")
    expect(
        page.get_by_role("heading", name="Check your answers before sending your request")
    ).to_be_visible()
    assert_accessible(page)
    _press(page, "Send request")
    expect(page.locator(".govuk-panel")).to_contain_text("Request sent")
    assert_accessible(page)


def test_a_victim_applies_follows_their_case_and_appeals(live_server, page: Page) -> None:
    load_demo()
    base = live_server.url
    mail.outbox.clear()
    _apply(page, base, for_someone=False, complaints=3)
    application = Application.objects.get()
    expect(page.locator(".govuk-panel")).to_contain_text(application.reference)
    confirmation = next(m for m in mail.outbox if m.subject.startswith("We have received"))
    link = StatusLink.objects.get()
    assert link.token in confirmation.body

    page.get_by_role("link", name="See your case's progress").click()
    expect(page.locator("main")).to_contain_text("We received your request")
    assert_accessible(page)

    # A diary sheet added from the status page: a wrong file is named, a PDF is added.
    page.get_by_role("link", name="Add a diary sheet or other document").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Add a diary sheet or other document")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Choose a file").set_input_files(
        {"name": "notes.txt", "mimeType": "text/plain", "buffer": b"just some text"}
    )
    _press(page, "Add file")
    expect(page.locator(".govuk-error-summary")).to_contain_text("The file must be a PDF")
    assert_accessible(page)
    page.get_by_label("Choose a file").set_input_files(
        {"name": "diary-march.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    _type(page, "What is it? (optional)", "Diary sheet for March")
    _press(page, "Add file")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("diary-march.pdf")
    expect(page.locator("main")).to_contain_text("Diary sheet for March")
    assert_accessible(page)
    assert ApplicantDocument.objects.get().application == application

    case_at("decided", application=application)
    page.reload()
    expect(page.locator("main")).to_contain_text(
        "Your request meets the threshold for a case review"
    )
    expect(page.get_by_role("link", name="Acknowledgement letter")).to_be_visible()
    assert_accessible(page)

    case_at("concluded", application=application)
    page.reload()
    expect(page.get_by_role("link", name="Conclusion letter")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Conclusion letter").click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"

    page.get_by_role("link", name="Ask for your case to be looked at again").focus()
    page.keyboard.press("Enter")
    _press(page, "Send")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose at least one reason")
    assert_accessible(page)
    _choose(page, "Relevant facts were not considered")
    _type(page, "Tell us more", "My neighbour's reports were not counted.")
    _press(page, "Send")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Your appeal has been sent")
    expect(page.locator("main")).to_contain_text(
        "Your appeal was received by Staffordshire Commissioner's Office"
    )
    assert_accessible(page)
    assert Application.objects.get().status == "appealed"

    # A wrong or revoked link shows nothing.
    StatusLink.objects.update(revoked_at=timezone.now())
    response = page.goto(f"{base}/status/{link.token}")
    assert response is not None and response.status == 404
    expect(page.locator("main")).not_to_contain_text("Val Victim")
    assert_accessible(page)


def test_an_advocate_applies_and_floods_are_turned_away(live_server, page: Page, settings) -> None:
    load_demo()
    settings.ONLINE_APPLICATIONS_PER_HOUR = 1
    _apply(page, live_server.url, for_someone=True, complaints=1)
    recorded = Application.objects.get()
    assert recorded.advocate_name == "Andy Helper" and not recorded.consent_to_share
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/apply")
    _press(page, "Start now")
    _choose(page, "Stafford Partnership")
    _press(page, "Continue")
    _choose(page, "Yes, I am the victim")
    _press(page, "Continue")
    _choose(page, "A business")
    _press(page, "Continue")
    _choose(page, "Email")
    _press(page, "Continue")
    _type(page, "Your full name", "Shop Owner")
    _type(page, "Postcode", "ST16 2AB")
    _type(page, "Email address", "shop@example.org")
    _press(page, "Continue")
    expect(
        page.get_by_role("heading", name="When did you report the anti-social behaviour?")
    ).to_be_visible()
    _press(page, "Continue")  # no reports: still allowed, the Chair may use discretion
    _type(page, "Tell us what is happening", "Youths at the door.")
    _press(page, "Continue")
    _choose(page, "Yes")
    _press(page, "Continue")
    _press(page, "Send request")
    expect(
        page.get_by_role("heading", name="Sorry, too many requests have been sent from here")
    ).to_be_visible()
    assert_accessible(page)
    assert Application.objects.count() == 1
