"""Given decided applications in the demo partnership, when the Commissioner's office
records and decides an appeal against a not-met decision and one against a conclusion,
then each produces its letter and the office sees nothing else; the figures agree on every
page; retention erases an old case but not one on hold; a subject access export holds only
the person's data. Every page on the way passes axe."""

import json
import re
import zipfile
from datetime import timedelta

import pytest
from axe_check import assert_accessible
from builders import case_at
from django.utils import timezone
from playwright.sync_api import Page, expect

from casereview.accounts.models import Membership
from casereview.applications.intake import VictimInput
from casereview.applications.models import Application
from casereview.core.dates import local_today
from casereview.dataprotection.retention import retention_sweep
from casereview.dataprotection.services import legal_hold_set
from casereview.devdata.demo.partnerships import load_demo

from .test_record_and_decide import _fill_date
from .test_staff_journeys import sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _member(email: str) -> Membership:
    return Membership.objects.get(user__email=email)


def _victim(name: str) -> VictimInput:
    email = f"{name.split()[0].lower()}@example.org"
    return VictimInput(name=name, postcode="ST5 1AB", contact_preference="email", email=email)


def _cases() -> dict[str, Application]:
    load_demo()
    return {
        "not_met": case_at("decided", met=False, victim=_victim("Nora Notmet"), advocate=None),
        "concluded": case_at("concluded", victim=_victim("Connie Concluded"), advocate=None),
        "untouched": case_at("received", victim=_victim("Una Untouched"), advocate=None),
    }


def _appeal(page: Page, base: str, reference: str, surname: str, ground: str, upheld: bool) -> None:
    page.goto(f"{base}/appeals")
    assert_accessible(page)
    page.get_by_label("Application reference").fill(reference)
    page.get_by_label("Victim's surname").fill(surname)
    page.get_by_label("Victim's postcode").fill("ST5 1AC")  # not the victim's: not found
    page.get_by_role("button", name="Find the application").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("No application matches")
    assert_accessible(page)
    page.get_by_label("Victim's postcode").fill("st5 1ab")
    page.get_by_role("button", name="Find the application").click()
    expect(page.locator("main")).not_to_contain_text(re.compile(surname, re.IGNORECASE))
    assert_accessible(page)
    _fill_date(page, "received", local_today())
    page.get_by_label(ground).check()
    page.get_by_label("Details of the appeal").fill("The applicant says their case was mishandled.")
    page.get_by_role("button", name="Record the appeal").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("appeal has been recorded")
    assert_accessible(page)
    page.get_by_role("link", name="Record the outcome").click()
    assert_accessible(page)
    page.get_by_label("Upheld: refer it back" if upheld else "Not upheld: the application").check()
    page.get_by_label("Your findings").fill("We looked at everything.")
    if upheld:
        page.get_by_label("Recommendations to the partnership").fill("Reconsider the threshold.")
    # The office sees the letter first: nothing is recorded, and the form keeps its answers.
    page.get_by_role("button", name="Preview the letter", exact=True).click()
    expect(page.locator("#letter-preview")).to_have_text("Preview of the appeal outcome letter")
    expect(page.locator(".app-letter")).to_contain_text("We looked at everything.")
    expect(page.get_by_label("Your findings")).to_have_value("We looked at everything.")
    assert_accessible(page)
    page.get_by_role("button", name="Record the outcome").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("outcome is recorded")
    expect(page.locator("main")).to_contain_text("Appeal outcome letter")
    assert_accessible(page)


def test_appeals_figures_retention_and_subject_access(live_server, page: Page) -> None:
    cases = _cases()
    base = live_server.url

    sign_in(page, base, "appeals@pfcc.example")
    _appeal(
        page,
        base,
        cases["not_met"].reference,
        "notmet",
        "The threshold was wrongly refused",
        upheld=True,
    )
    _appeal(
        page,
        base,
        cases["concluded"].reference,
        "Concluded",
        "Relevant facts were not considered",
        upheld=False,
    )
    page.goto(f"{base}/appeals")
    expect(page.locator("table")).to_contain_text(cases["concluded"].reference)
    expect(page.locator("main")).not_to_contain_text(cases["untouched"].reference)
    response = page.goto(f"{base}/applications/{cases['untouched'].reference}")
    assert response is not None and response.status == 404
    for key, status in (("not_met", "appeal_upheld"), ("concluded", "appeal_not_upheld")):
        application = Application.objects.get(pk=cases[key].pk)
        assert application.status == status
        assert application.letters.filter(kind="appeal_outcome").exists()
    sign_out(page)

    # The figures agree: page, JSON download and the public page.
    sign_in(page, base, "pso@nul.example")
    page.get_by_role("link", name="Figures").click()
    assert_accessible(page)
    statutory = page.locator("table").first
    expect(statutory).to_contain_text("Applications received")
    figures = json.loads(page.request.get(f"{base}/statistics.json").text())
    assert (
        figures["applications"],
        figures["threshold_not_met"],
        figures["reviews_carried_out"],
        figures["reviews_with_recommendations"],
        figures["appeals"],
        figures["appeals_upheld"],
    ) == (3, 1, 1, 1, 2, 1)
    csv_text = page.request.get(f"{base}/statistics.csv").text()
    assert "applications,Applications received,3" in csv_text
    page.goto(f"{base}/published/newcastle-under-lyme")
    assert_accessible(page)
    expect(page.locator("tbody tr").first).to_contain_text("3")
    expect(page.locator("main")).not_to_contain_text("Nora")

    # Retention: a case closed seven years ago goes, one on legal hold stays; figures hold.
    old, held = (
        case_at("decided", met=False, victim=_victim(name), advocate=None)
        for name in ("Oscar Old", "Hilda Held")
    )
    for application in (old, held):
        type(application.decision).objects.filter(application=application).update(
            decided_at=timezone.now() - timedelta(days=365 * 7)
        )
    legal_hold_set(
        membership=_member("pso@nul.example"), application=held, hold=True, reason="Claim."
    )
    before = json.loads(page.request.get(f"{base}/statistics.json").text())
    assert retention_sweep(local_today()).erased == [old.reference]
    after = json.loads(page.request.get(f"{base}/statistics.json").text())
    assert after == before
    page.goto(f"{base}/applications/{old.reference}")
    expect(page.locator("main")).to_contain_text("personal data of this case was erased")
    expect(page.locator("main")).not_to_contain_text("Oscar")
    assert_accessible(page)
    page.goto(f"{base}/applications/{held.reference}")
    expect(page.locator("main")).to_contain_text("Hilda Held")
    sign_out(page)

    # Subject access: the export holds Nora's data and nobody else's.
    sign_in(page, base, "dpo@nul.example")
    page.get_by_role("link", name="Subject access").click()
    assert_accessible(page)
    page.get_by_label("Who made the request").fill("Nora Notmet")
    page.get_by_label("Where the answer goes").fill("nora@example.org")
    page.get_by_label("Name to search for").fill("Nora Notmet")
    page.get_by_label("Postcode to search for").fill("ST5 1AB")
    page.get_by_role("button", name="Record and search").click()
    expect(page.locator("main")).to_contain_text(cases["not_met"].reference)
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the export (ZIP)").click()
    with zipfile.ZipFile(download.value.path()) as archive:
        text = archive.read("data.json").decode()
        names = archive.namelist()
    assert "Nora Notmet" in text and "Connie" not in text and "Hilda" not in text
    assert any(name.startswith("letters/") for name in names)
    page.goto(f"{base}/audit?action=disclose")
    expect(page.locator("table")).to_contain_text("subject_access_request")
    assert_accessible(page)
