"""Given an appeal against a conclusion, when the Commissioner's office upholds it, then the
coordinator reconvenes the review, records new minutes, the Chair approves them and concludes
again, and the coordinator makes the office's recommendations actions that the agencies see.
Given an appeal against a not-met decision, when the office upholds it, then the Chair decides
the threshold again, and the recommendations wait for the reopened review's approved minutes.
Every page on the way passes axe."""

from datetime import timedelta

import pytest
from axe_check import assert_accessible
from builders import case_at
from decision_factors import fill_the_factors
from django.utils import timezone
from playwright.sync_api import Page, expect

from casereview.applications.intake import VictimInput
from casereview.applications.models import Application
from casereview.core.dates import local_today
from casereview.devdata.demo.partnerships import load_demo
from casereview.reviews.models import Action

from .test_record_and_decide import _fill_date
from .test_staff_journeys import sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECOMMENDATIONS = ("Visit the victim with the housing officer.", "Review the CCTV evidence.")


def _victim(name: str) -> VictimInput:
    email = f"{name.split()[0].lower()}@example.org"
    return VictimInput(name=name, postcode="ST5 1AB", contact_preference="email", email=email)


def _open_case(page: Page, base: str, reference: str) -> None:
    page.goto(f"{base}/applications/{reference}")
    expect(page.get_by_role("heading", name=f"Application {reference}")).to_be_visible()
    assert_accessible(page)


def _uphold(page: Page, base: str, reference: str, what_it_means: str) -> None:
    sign_in(page, base, "appeals@pfcc.example")
    page.goto(f"{base}/applications/{reference}/appeal/outcome")
    expect(page.locator("#upheld-means")).to_contain_text(what_it_means)
    assert_accessible(page)
    page.get_by_label("Upheld: refer it back").check()
    page.get_by_label("Your findings").fill("The review did not consider the housing reports.")
    page.get_by_label("Recommendations to the partnership").fill("\n".join(RECOMMENDATIONS))
    page.get_by_role("button", name="Record the outcome").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("outcome is recorded")
    assert_accessible(page)
    sign_out(page)


def test_a_conclusion_appeal_upheld_reconvenes_the_review(live_server, page: Page) -> None:
    load_demo()
    reference = case_at("appealed", victim=_victim("Connie Concluded"), advocate=None).reference
    base = live_server.url
    _uphold(page, base, reference, "reconvenes the review")

    # The coordinator reconvenes: a new meeting, held an hour ago, and new minutes.
    sign_in(page, base, "pso@nul.example")
    _open_case(page, base, reference)
    expect(page.locator("#reopened")).to_contain_text("Appeal upheld: action needed")
    page.locator("#reopened").get_by_role(
        "link", name="Reconvene the review: set a new meeting"
    ).click()
    expect(page.get_by_role("heading", name="Reconvene the review")).to_be_visible()
    assert_accessible(page)
    held = timezone.localtime() - timedelta(hours=1)
    _fill_date(page, "day", held.date())
    page.get_by_label("Start time").fill(held.strftime("%H:%M"))
    page.get_by_label("Where").fill("Castle House, Newcastle-under-Lyme")
    page.get_by_role("button", name="Save and send invitations").click()
    # Held an hour ago: recorded, and nobody is invited to a meeting already held.
    expect(page.locator(".govuk-notification-banner")).to_contain_text("no invitations were sent")
    assert_accessible(page)
    _open_case(page, base, reference)
    # The approved minutes are the first meeting's: these are the reconvened meeting's.
    page.get_by_role("link", name="Record the minutes of the reconvened meeting").click()
    expect(page.get_by_role("heading", name="Record the minutes")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Summary of the discussion").fill("The agencies met again with the reports.")
    page.get_by_role("button", name="Save the minutes").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("minutes have been saved")
    assert_accessible(page)
    sign_out(page)

    # The Chair approves the new minutes and concludes again.
    sign_in(page, base, "chair@nul.example")
    _open_case(page, base, reference)
    page.get_by_role("button", name="Approve the minutes").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("approved and locked")
    page.get_by_role("link", name="Issue the conclusion letter").click()
    assert_accessible(page)
    page.get_by_label("The outcome of the review").fill("A joint visit and the CCTV reviewed.")
    page.get_by_role("button", name="Issue the conclusion letter").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("review is concluded")
    assert_accessible(page)
    assert Application.objects.get(reference=reference).status == "concluded"
    sign_out(page)

    # The coordinator makes the office's recommendations actions owned by agencies.
    sign_in(page, base, "pso@nul.example")
    _open_case(page, base, reference)
    page.get_by_role("link", name="Make the recommendations actions for agencies").click()
    expect(page.locator("main")).to_contain_text(RECOMMENDATIONS[1])
    assert_accessible(page)
    page.get_by_role("button", name="Create the actions").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Choose the agencies that will act on recommendation 1")
    expect(summary).to_contain_text("Enter the due date for recommendation 2")
    assert_accessible(page)
    first = page.get_by_role("group", name="Agencies that will act on recommendation 1")
    first.get_by_label("Staffordshire Police").check()
    first.get_by_label("Aspire Housing").check()
    page.get_by_role("group", name="Agencies that will act on recommendation 2").get_by_label(
        "Borough Council"
    ).check()
    due = local_today() + timedelta(days=28)
    _fill_date(page, "due_0", due)
    _fill_date(page, "due_1", due)
    page.get_by_role("button", name="Create the actions").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "recommendations are now actions"
    )
    expect(page.locator("#appeal")).to_be_visible()
    assert_accessible(page)
    made = Action.objects.filter(text__in=RECOMMENDATIONS).order_by("pk")
    # One action a recommendation, shared by the agencies chosen.
    assert [a.agency.slug for a in made] == ["housing", "council"]  # first in the list leads
    assert sorted(p.agency.slug for p in made[0].parts.all()) == ["housing", "police"]
    assert {a.minutes.version for a in made} == {2}
    sign_out(page)

    # The council sees its action in its plan.
    sign_in(page, base, "council@nul.example")
    page.goto(f"{base}/actions")
    expect(page.locator("main")).to_contain_text(RECOMMENDATIONS[1])
    assert_accessible(page)
    sign_out(page)

    # Housing sees the action it shares with the police once, and records its own part.
    sign_in(page, base, "housing@nul.example")
    page.goto(f"{base}/actions")
    expect(page.locator("main").get_by_text(RECOMMENDATIONS[0])).to_have_count(1)
    assert_accessible(page)
    page.get_by_role("link", name=RECOMMENDATIONS[0]).click()
    expect(page.locator("main")).to_contain_text("Shared by 2 agencies")
    assert_accessible(page)
    page.get_by_label("Yes, it is done").check()
    page.get_by_label("Progress notes").fill("Visited with the police.")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Aspire Housing")
    expect(page.locator("main")).to_contain_text("Aspire Housing: done")
    expect(page.locator("main")).to_contain_text("Staffordshire Police: open")
    assert_accessible(page)


def test_a_not_met_appeal_upheld_has_the_chair_decide_again(live_server, page: Page) -> None:
    load_demo()
    application = case_at("appealed", met=False, victim=_victim("Nora Notmet"), advocate=None)
    reference, base = application.reference, live_server.url
    _uphold(page, base, reference, "Chair decides the threshold again")

    sign_in(page, base, "chair@nul.example")
    _open_case(page, base, reference)
    page.locator("#reopened").get_by_role("link", name="Decide the threshold again").click()
    assert_accessible(page)
    page.get_by_label("Yes, hold a case review").check()
    page.get_by_label("Your reasons").fill("The office found the housing reports were missed.")
    fill_the_factors(page)
    _fill_date(page, "review_date", local_today() + timedelta(days=30))
    page.get_by_role("button", name="Confirm decision").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Decision recorded")
    assert_accessible(page)
    assert Application.objects.get(reference=reference).status == "threshold_met"
    sign_out(page)

    # The recommendations wait for the reopened review's approved minutes.
    sign_in(page, base, "pso@nul.example")
    _open_case(page, base, reference)
    page.get_by_role("link", name="Make the recommendations actions for agencies").click()
    expect(page.locator("#not-yet")).to_contain_text(
        "once the reopened review has approved minutes"
    )
    expect(page.get_by_role("button", name="Create the actions")).to_have_count(0)
    assert_accessible(page)
