"""Given a request recorded without the victim's agreement to sharing, when the Chair opens
the case, then they record whether the partnership shares, on which basis and why; the case
team opens a diary sheet the applicant added; and the public figures page publishes the
procedure and links to the online form. Every page passes axe."""

import pytest
from axe_check import assert_accessible
from builders import case_at
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import Page, expect

from casereview.accounts.models import Membership
from casereview.applicants.documents import document_add
from casereview.applicants.links import status_link_issue
from casereview.devdata.demo.partnerships import load_demo

from .test_staff_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_the_chair_decides_on_sharing_and_sees_the_applicants_documents(
    live_server, page: Page
) -> None:
    load_demo()
    application = case_at("received", consent_to_share=False)
    pso = Membership.objects.get(user__email="pso@nul.example")
    link = status_link_issue(membership=pso, application=application)
    document_add(
        link=link,
        upload=SimpleUploadedFile("diary-march.pdf", PDF, "application/pdf"),
        description="Diary sheet for March",
    )
    base = live_server.url
    sign_in(page, base, "chair@nul.example")
    page.goto(f"{base}/applications/{application.reference}")
    main = page.locator("main")
    expect(main).to_contain_text("Not yet decided by the Chair")
    expect(main).to_contain_text("Diary sheet for March")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="diary-march.pdf").click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read() == PDF

    page.get_by_role("link", name="Change sharing without the victim's agreement").click()
    expect(
        page.get_by_role("heading", name="Decide whether to share without the victim's agreement")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Record decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select whether to share the information"
    )
    assert_accessible(page)
    page.get_by_label("Share without the victim's agreement").check()
    page.get_by_label("Your reason").fill("Threats to the neighbours: a risk of serious harm.")
    page.get_by_role("button", name="Record decision").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("decision on sharing")
    expect(main).to_contain_text("a risk of serious harm")
    assert_accessible(page)


def test_the_figures_page_publishes_the_procedure(live_server, page: Page) -> None:
    load_demo()
    page.goto(f"{live_server.url}/published/newcastle-under-lyme")
    main = page.locator("main")
    expect(main).to_contain_text("three times or more in the last 6 months")
    expect(main).to_contain_text("Staffordshire Commissioner's Office")
    assert_accessible(page)
    page.get_by_role("link", name="Ask for an ASB case review online").click()
    expect(page.get_by_role("heading", name="Ask for an ASB case review")).to_be_visible()
