"""Given two pairs of partner reports linkage was unsure about, when the coordinator checks
them with the keyboard alone (from the home page's count, through the queue, to each pair's
page with both reports, what agreed and disagreed and Splink's chart), then each decision is
recorded, the next pair follows, a decision can be changed, and every page passes axe."""

import pytest
from axe_check import assert_accessible
from clerical_model import pair_of
from playwright.sync_api import Page, expect

from casereview.devdata.demo.partnerships import load_demo
from casereview.feeds.models import ReportPair, Verdict
from casereview.partnerships.models import Partnership

from .test_keyboard_journeys import (
    _button,
    _choose_here,
    _error_summary_leads_to_the_field,
    _link,
    _sign_in,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_coordinator_checks_pairs_with_the_keyboard_alone(live_server, page: Page) -> None:
    load_demo()
    nul = Partnership.objects.get(slug="newcastle-under-lyme")
    unsure = pair_of(
        nul,
        {"first_name": "Robert", "agency_reference": "P-100"},
        {"first_name": "Bob", "email": "", "agency_reference": "C-200"},
        match_weight=0.2,
    )
    other = pair_of(
        nul,
        {"first_name": "Ruth", "agency_reference": "P-101"},
        {"first_name": "Rachel", "date_of_birth": None, "agency_reference": "C-201"},
        match_weight=-1.5,
    )
    _sign_in(page, live_server.url, "pso@nul.example")
    assert_accessible(page)
    _link(page, "2 pairs of partner reports to check")
    expect(page.get_by_role("heading", name="Pairs of reports to check")).to_be_visible()
    assert_accessible(page)
    # The most uncertain first.
    _link(page, "Staffordshire Police P-100 and Newcastle-under-Lyme Borough Council C-200")
    expect(page.get_by_role("heading", name="Check a pair of reports")).to_be_visible()
    side = page.locator("#side-by-side")
    expect(side).to_contain_text("Robert Ashby")
    expect(side).to_contain_text("Bob Ashby")
    expect(page.locator("#comparisons")).to_contain_text("Exact match on surname")
    chart = page.locator("#match-weights-chart")
    expect(chart).to_be_visible()
    assert chart.evaluate("img => img.complete && img.naturalWidth > 0"), "the chart is drawn"
    assert_accessible(page)
    _button(page, "Record decision")
    _error_summary_leads_to_the_field(
        page, "Select whether the two reports were made by the same person"
    )
    _choose_here(page, "Same person")
    _button(page, "Record decision")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Recorded: same person")
    expect(page.locator(".govuk-caption-l")).to_contain_text("P-101")  # the next pair
    assert_accessible(page)
    assert ReportPair.objects.get(pk=unsure.pk).verdict == Verdict.SAME
    # Second thoughts on the first pair: the decided tab, then change it.
    page.goto(f"{live_server.url}/radar/pairs?tab=decided")
    assert_accessible(page)
    _link(page, "Staffordshire Police P-100 and Newcastle-under-Lyme Borough Council C-200")
    expect(page.locator("#decided")).to_contain_text("Same person")
    page.get_by_label("Same person", exact=True).focus()
    _choose_here(page, "Different people")
    _button(page, "Change decision")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Recorded: different people")
    assert ReportPair.objects.get(pk=unsure.pk).verdict == Verdict.DIFFERENT
    assert ReportPair.objects.get(pk=other.pk).verdict == Verdict.PENDING
