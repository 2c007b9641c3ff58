"""Given a police partner officer with their agency's reports in a CSV file, when they upload
it on /feeds, then a progress bar shows the upload, the result page lists each refused row
with its line, column and reason, the good rows are in their reports list, and sending a
corrected file again updates rather than duplicates. Without JavaScript the same form posts
plainly. Axe on every page visited."""

from collections.abc import Callable
from pathlib import Path

import pytest
from axe_check import assert_accessible
from playwright.sync_api import BrowserContext, Page, expect

from casereview.devdata.demo.partnerships import load_demo
from casereview.feeds.models import Report
from tests.feeds.helpers import csv_bytes, row, truth_rows

from .test_staff_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _file(tmp_path: Path, rows: list[dict[str, str]]) -> Path:
    path = tmp_path / "police-reports.csv"
    path.write_bytes(csv_bytes(rows))
    return path


def test_a_partner_officer_uploads_reports_and_sees_the_refused_rows(
    live_server, page: Page, tmp_path: Path
) -> None:
    load_demo()
    base = live_server.url
    sign_in(page, base, "police@nul.example")
    page.get_by_role("link", name="Agency reports").click()
    expect(page.get_by_role("heading", name="Send reports")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Upload and import").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Select a CSV file to upload")
    expect(summary).to_be_focused()
    assert_accessible(page)

    rows = [*truth_rows(200), row(agency_reference="BAD-1", reported_on="2026-02-30")]
    page.get_by_label("Upload a CSV file").set_input_files(_file(tmp_path, rows))
    page.get_by_role("button", name="Upload and import").click()
    expect(
        page.get_by_role("heading", name="Import of Staffordshire Police reports")
    ).to_be_visible()
    expect(page.get_by_text("1 row was refused")).to_be_visible()
    table = page.get_by_role("table", name="Refused rows")
    expect(table).to_contain_text("202")
    expect(table).to_contain_text("The date reported is not a real date")
    assert_accessible(page)
    assert Report.objects.count() == 200

    page.get_by_role("link", name="Send more reports").click()
    page.get_by_label("Upload a CSV file").set_input_files(_file(tmp_path, rows[:200]))
    page.get_by_role("button", name="Upload and import").click()
    expect(page.get_by_text("Every row was imported.")).to_be_visible()
    expect(page.locator(".govuk-summary-list")).to_contain_text("Reports updated")
    assert Report.objects.count() == 200

    page.goto(f"{base}/feeds/reports")
    expect(page.get_by_role("table")).to_contain_text("200 reports, page 1 of 8")
    assert_accessible(page)
    page.get_by_label("Search by agency reference or name").fill(rows[0]["agency_reference"])
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("table")).to_contain_text("1 report")
    assert_accessible(page)


def test_the_upload_works_without_javascript(
    live_server, new_context: Callable[..., BrowserContext], tmp_path: Path
) -> None:
    load_demo()
    page = new_context(java_script_enabled=False).new_page()
    sign_in(page, live_server.url, "pso@nul.example")
    page.goto(f"{live_server.url}/feeds")
    page.get_by_label("Agency").select_option("council")
    page.get_by_label("Upload a CSV file").set_input_files(_file(tmp_path, [row()]))
    page.get_by_role("button", name="Upload and import").click()
    expect(page.get_by_text("Every row was imported.")).to_be_visible()
    assert Report.objects.get().agency.slug == "council"
