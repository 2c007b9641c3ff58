"""The harm assessment's journey: the coordinator assesses the harm with the victim (a
wrong answer is summarised and named), the Chair sees the s.104(5) factors beside the
engine's recommendation and decides the threshold met below the complaint count with a
reason against each factor, and the acknowledgement letter says so in plain words; the
administrator adds a version of the harm scoring policy. Every page on the way passes axe."""

from datetime import timedelta

import pytest
from axe_check import assert_accessible
from builders import case_at
from playwright.sync_api import Page, expect

from casereview.applications.models import HarmAssessment, Letter
from casereview.core.dates import local_today
from casereview.devdata.demo.partnerships import load_demo
from casereview.partnerships.models import HarmPolicyVersion

from .test_staff_journeys import sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_assessment_then_a_decision_below_the_count_then_the_letter(
    live_server, page: Page
) -> None:
    load_demo()
    case = case_at("received")  # two qualifying complaints: the engine says not met
    sign_in(page, live_server.url, "pso@nul.example")
    page.goto(f"{live_server.url}/applications/{case.reference}")
    expect(page.locator("#harm")).to_be_visible()
    page.get_by_role("link", name="Assess the harm").click()
    expect(page.locator("h1")).to_have_text("Assess the harm")
    assert_accessible(page)
    page.get_by_role("button", name="Record the assessment").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the date of the assessment")
    expect(summary).to_contain_text("Select how long the behaviour has gone on")
    assert_accessible(page)
    summary.get_by_role("link", name="Select how long the behaviour has gone on").click()
    today = local_today()
    page.locator("#id_assessed_on_day").fill(str(today.day))
    page.locator("#id_assessed_on_month").fill(str(today.month))
    page.locator("#id_assessed_on_year").fill(str(today.year))
    page.get_by_label("In person").check()
    page.get_by_label("For a year or more").check()
    page.get_by_label("They are afraid to leave home").check()
    page.get_by_label("They have a disability").check()
    page.get_by_label("They believe it is motivated by hate").check()
    page.get_by_label("Children are affected").check()
    page.get_by_label("Nothing has been done, or nothing has helped").check()
    page.get_by_role("button", name="Record the assessment").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("harm assessment")
    expect(page.locator("main")).to_contain_text("High harm")
    assert_accessible(page)
    assert HarmAssessment.objects.get().level == "high"
    sign_out(page)

    sign_in(page, live_server.url, "chair@nul.example")
    page.goto(f"{live_server.url}/applications/{case.reference}/decision")
    expect(page.locator("#harm-evidence")).to_contain_text("For a year or more")
    expect(page.locator("#harm-evidence")).to_contain_text("High harm")
    assert_accessible(page)
    page.get_by_label("Yes, hold a case review").check()
    review_by = case.conclusion_due
    page.locator("#id_review_date_day").fill(str(review_by.day))
    page.locator("#id_review_date_month").fill(str(review_by.month))
    page.locator("#id_review_date_year").fill(str(review_by.year))
    page.get_by_role("button", name="Confirm decision").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Explain how you weighed the harm or potential harm")
    assert_accessible(page)
    page.get_by_label("The persistence of the behaviour").fill("It has gone on for over a year.")
    page.get_by_label("The harm or potential harm").fill("You are afraid to leave your home.")
    page.get_by_label("The adequacy of the response so far").fill("Nothing done has stopped it.")
    page.get_by_role("button", name="Confirm decision").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Decision recorded")
    expect(page.locator("main")).to_contain_text("Harm assessment seen")
    assert_accessible(page)
    letter = Letter.objects.get(application=case)
    page.goto(f"{live_server.url}/letters/{letter.pk}")
    main = page.locator("main")
    expect(main).to_contain_text("the law lets us hold a case review")
    expect(main).to_contain_text("How long it has gone on: It has gone on for over a year.")
    expect(main).to_contain_text("The harm it causes or could cause: You are afraid")
    expect(main).to_contain_text("How agencies have responded so far: Nothing done")
    assert_accessible(page)


def test_the_administrator_adds_a_harm_scoring_version(live_server, page: Page) -> None:
    load_demo()
    sign_in(page, live_server.url, "admin@nul.example")
    page.goto(f"{live_server.url}/manage/harm-policy")
    expect(page.locator("h1")).to_have_text("Harm scoring policy")
    assert_accessible(page)
    page.get_by_label("High harm from (points)").fill("6")
    page.get_by_role("button", name="Add this version").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter takes effect from")
    assert_accessible(page)
    day = local_today() + timedelta(days=7)
    page.locator("#id_effective_from_day").fill(str(day.day))
    page.locator("#id_effective_from_month").fill(str(day.month))
    page.locator("#id_effective_from_year").fill(str(day.year))
    page.get_by_label("High harm from (points)").fill("10")
    page.get_by_role("button", name="Add this version").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Version 2")
    assert_accessible(page)
    assert HarmPolicyVersion.objects.get(version=2).high_from == 10
