"""Given the police and the council each hold reports from one victim, recorded differently
(a nickname, a +44 phone, a postcode without its space), when the police officer uploads the
police feed and the coordinator uploads the council's, then linkage finds one person at the
threshold on the radar; when the coordinator records that they phoned her and starts a
request from her reports, then the request they record has the agencies' reports as its
complaints, marked as from the agencies' records. Axe on every page visited."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from axe_check import assert_accessible
from playwright.sync_api import Page, expect

from casereview.applications.models import Application
from casereview.core.dates import local_today
from casereview.devdata.demo.partnerships import load_demo
from casereview.feeds.models import RadarContact, Report
from tests.feeds.helpers import csv_bytes, truth_rows

from .test_staff_journeys import sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _victim(agency_reference: str, days_ago: int, **recorded: str) -> dict[str, str]:
    on = (local_today() - timedelta(days=days_ago)).isoformat()
    return {
        "agency_reference": agency_reference,
        "reported_on": on,
        "behaviour_on": on,
        "surname": "Okonjo",
        "category": "personal",
        **recorded,
    }


def _upload(page: Page, path: Path, rows: list[dict[str, str]], agency: str = "") -> None:
    page.get_by_role("link", name="Agency reports").click()
    if agency:
        page.get_by_label("Agency", exact=True).select_option(label=agency)
    path.write_bytes(csv_bytes(rows))
    page.get_by_label("Upload a CSV file").set_input_files(path)
    page.get_by_role("button", name="Upload and import").click()
    expect(page.get_by_text("Every row was imported.")).to_be_visible()
    assert_accessible(page)


def _answer_until_check(page: Page) -> None:
    """The staff journey's questions, prefilled from the reports where they can be: answer
    what is left, then continue to the check page."""
    for _ in range(15):
        if page.url.endswith("/applications/new/check"):
            return
        assert_accessible(page)
        main = page.locator("main")
        if page.url.endswith("/received"):
            page.get_by_label("Phone (including 101)").check()
            today = local_today()
            page.locator("#id_received_day").fill(str(today.day))
            page.locator("#id_received_month").fill(str(today.month))
            page.locator("#id_received_year").fill(str(today.year))
        elif page.url.endswith("/applicant"):
            page.get_by_label("An individual").check()
        elif page.url.endswith("/contact"):
            main.get_by_role("radio", name="Phone", exact=True).check()
        elif page.url.endswith("/advocate"):
            main.get_by_label("No", exact=True).check()
        elif page.url.endswith("/description"):
            page.get_by_label("Describe the anti-social behaviour").fill(
                "Shouting and threats outside her flat, reported to the police and the council."
            )
        elif page.url.endswith("/consent"):
            main.get_by_label("Yes", exact=True).check()
        page.get_by_role("button", name="Continue").click()
    raise AssertionError(f"Never reached the check page (stuck on {page.url})")


def test_from_agency_feeds_to_the_radar_to_a_recorded_request(
    live_server, page: Page, tmp_path: Path
) -> None:
    load_demo()
    base = live_server.url
    police_rows = [
        *truth_rows(40, "police"),
        _victim(
            "POL-J-1",
            44,
            first_name="Elizabeth",
            date_of_birth="1971-05-14",
            address="8 Brunswick Street",
            postcode="ST5 2QT",
            phone="07700 900982",
        ),
        _victim("POL-J-2", 23, first_name="Elizabeth", postcode="st5 2qt"),
    ]
    council_rows = [
        _victim("COU-J-1", 5, first_name="Liz", postcode="ST52QT", phone="+44 7700 900982"),
    ]

    # Given each agency's feed, sent by the police officer and by the coordinator.
    sign_in(page, base, "police@nul.example")
    _upload(page, tmp_path / "police.csv", police_rows)
    sign_out(page)
    sign_in(page, base, "pso@nul.example")
    _upload(
        page, tmp_path / "council.csv", council_rows, agency="Newcastle-under-Lyme Borough Council"
    )
    victim = Report.objects.get(agency_reference="COU-J-1").person
    assert victim is not None
    assert set(victim.reports.values_list("agency_reference", flat=True)) == {
        "POL-J-1",
        "POL-J-2",
        "COU-J-1",
    }

    # When the coordinator finds her on the radar and records that they phoned her.
    page.get_by_role("link", name="Radar").click()
    assert_accessible(page)
    page.get_by_label("Stage", exact=True).select_option("threshold_met")
    page.get_by_role("button", name="Filter").click()
    page.get_by_role("link", name=re.compile("Okonjo")).click()
    expect(page.locator("main")).to_contain_text("Threshold met")
    assert_accessible(page)
    page.get_by_role("link", name="Record that they were told").click()
    page.get_by_label("Phone", exact=True).check()
    today = local_today()
    page.locator("#id_contacted_on_day").fill(str(today.day))
    page.locator("#id_contacted_on_month").fill(str(today.month))
    page.locator("#id_contacted_on_year").fill(str(today.year))
    page.get_by_role("button", name="Record it").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("told about the case review")
    assert_accessible(page)
    assert RadarContact.objects.get(person=victim).method == "phone"

    # And starts a request from her reports, checks it with her and records it.
    page.get_by_role("button", name="Start a request for this person").click()
    assert_accessible(page)
    _answer_until_check(page)
    for reference in ("POL-J-1", "POL-J-2", "COU-J-1"):
        expect(page.locator("main")).to_contain_text(reference)
    assert_accessible(page)
    page.get_by_role("button", name="Record the request").click()
    page.wait_for_url(re.compile(r"/applications/NUL-"))

    # Then the request's complaints are the agencies' reports, marked as such.
    expect(page.locator("main")).to_contain_text("From the agency's records")
    assert_accessible(page)
    application = Application.objects.get(victim_name__icontains="Okonjo")
    assert sorted(application.complaints.values_list("reference", "from_agency_records")) == [
        ("COU-J-1", True),
        ("POL-J-1", True),
        ("POL-J-2", True),
    ]
    assert set(
        Report.objects.filter(applications=application).values_list("agency_reference", flat=True)
    ) == {"POL-J-1", "POL-J-2", "COU-J-1"}
