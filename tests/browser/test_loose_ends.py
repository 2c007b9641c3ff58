"""Pages that once failed a user in small ways: the case page once the victim's view of the
draft plan is recorded (a summary-list row outside its list), and the API's documentation
page (served from this host, so the content security policy lets it render)."""

import pytest
from axe_check import assert_accessible
from builders import case_at
from playwright.sync_api import Page, expect

from casereview.devdata.demo.partnerships import load_demo

from .test_staff_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_case_page_shows_the_victims_view_of_the_plan_accessibly(
    live_server, page: Page
) -> None:
    load_demo()
    reference = case_at("minuted", approve_minutes=False, asked=("police",)).reference
    sign_in(page, live_server.url, "pso@nul.example")
    page.goto(f"{live_server.url}/applications/{reference}")
    page.get_by_role("link", name="Record the victim's view of the draft plan").click()
    assert_accessible(page)
    page.get_by_label("What the victim (or advocate) said about the draft plan").fill(
        "They want the patrols on Saturdays too."
    )
    page.get_by_role("button", name="Record their response").click()
    expect(page.get_by_role("heading", name=f"Application {reference}")).to_be_visible()
    view = page.locator(".govuk-summary-list__row", has_text="The victim's view of the plan")
    expect(view).to_contain_text("They want the patrols on Saturdays too.")
    assert_accessible(page)


def test_the_api_docs_page_renders_its_operations(live_server, page: Page) -> None:
    """Swagger UI comes from this host; the page lists the API's operations (it was blank
    when the policy blocked a CDN's copy)."""
    blocked: list[str] = []
    page.on("console", lambda m: blocked.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server.url}/api/v1/docs")
    operations = page.locator(".opblock-summary")
    expect(operations.first).to_be_visible()
    assert operations.count() > 10
    expect(page.locator(".swagger-ui")).to_contain_text("/api/v1/applications")
    # Not axe: Swagger UI is the developers' tool as its project ships it (its own contrast,
    # nested controls and target sizes), not a page of the service.
    assert not [m for m in blocked if "Content Security Policy" in m], blocked
