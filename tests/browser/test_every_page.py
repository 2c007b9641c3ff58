"""Given the demo partnerships, when each role walks the service — first with nothing in it,
then with the demo cases — then every page template in the Jinja2 folders is shown in each of
its states (empty, filled, error) and axe finds no WCAG 2.0/2.1/2.2 A or AA violation on any.

Which template a page used is recorded by wrapping the Jinja2 backend's `Template.render`
(Django's Jinja2 backend sends no `template_rendered` signal); the list of templates to visit
comes from the template folders, so a new page fails this test until the tour shows it.
"""

import re
import types
from collections import defaultdict
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_check import assert_accessible
from builders import case_at
from clerical_model import pair_of
from decision_factors import fill_the_factors
from django.contrib.auth.tokens import default_token_generator
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.template.backends.jinja2 import Template as JinjaTemplate
from django.urls import include, path
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from helpers import reset_totp, totp_code
from playwright.sync_api import BrowserContext, Page, expect

import casereview
from casereview.accounts.models import Membership, StaffInvitation, User
from casereview.appeals.services import appeal_decide
from casereview.applicants.models import StatusLink
from casereview.applications.intake import VictimInput
from casereview.applications.models import Application
from casereview.core.dates import local_today
from casereview.devdata.demo.cases import load_demo_cases
from casereview.devdata.demo.partnerships import DEMO_PASSWORD, load_demo
from casereview.feeds.models import Person, Report
from casereview.reviews.attachments import attachment_add
from casereview.reviews.models import Contribution
from tests.feeds.radar_builders import person as radar_person
from tests.feeds.radar_builders import report as radar_report

from .test_staff_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(casereview.__file__).parent

# Templates under the Jinja2 folders that are not pages of their own, and why. Names starting
# with "_" (partials imported by pages) and non-HTML files (emails) are left out by rule.
NOT_PAGES = {
    "layout.html": "the base layout every page extends: checked through every page",
    "macros/form.html": "form macros only, imported by the pages that have forms",
    "reviews/form_page.html": "a base extended by the one-form review pages (conclude, "
    "withdraw, victim_response, action_update, attachment_error), checked through them",
    "letters/acknowledgement.html": "a letter rendered to a PDF; its body is shown inside "
    "letters/letter_page.html, which is visited",
    "letters/conclusion.html": "a letter rendered to a PDF (see acknowledgement)",
    "letters/appeal_outcome.html": "a letter rendered to a PDF (see acknowledgement)",
    "reviews/pack_document.html": "the meeting pack's PDF only; reviews/pack.html is its page",
    "letters/radar_explanation.html": "a letter rendered to a PDF (see acknowledgement)",
}

# Each page template and the states the tour shows it in. "empty": a list with nothing in it
# or a form not yet filled in; "filled": with the demo data; "error": the GOV.UK error summary
# after a wrong submission; other names say what is special about the state.
STATES: dict[str, set[str]] = {
    "feeds/send.html": {"empty", "filled", "error"},
    "feeds/import_result.html": {"filled"},
    "feeds/reports.html": {"empty", "filled"},
    "accounts/account.html": {"filled", "error"},
    "accounts/confirm_identity.html": {"empty", "error"},
    "accounts/invitation.html": {"filled", "error", "answered"},
    "accounts/locked_out.html": {"filled"},
    "accounts/password_reset.html": {"empty", "error"},
    "accounts/password_reset_choose.html": {"empty", "error", "link not valid"},
    "accounts/password_reset_done.html": {"filled"},
    "accounts/password_reset_sent.html": {"filled"},
    "accounts/recovery_codes.html": {"filled"},
    "accounts/set_up_authenticator.html": {"empty", "error"},
    "accounts/sign_in.html": {"empty", "error"},
    "accounts/sign_in_code.html": {"empty", "error"},
    "accounts/switch_membership.html": {"filled"},
    "appeals/actions.html": {"empty", "error", "waiting"},
    "appeals/list.html": {"empty", "filled", "error"},
    "appeals/office.html": {"filled", "error"},
    "appeals/outcome.html": {"empty", "error"},
    "appeals/pack.html": {"filled"},
    "appeals/record.html": {"empty", "error"},
    "applicants/appeal.html": {"empty", "error"},
    "applicants/document_add.html": {"empty", "error"},
    "applicants/check.html": {"filled", "error"},
    "applicants/complaints.html": {"empty", "filled"},
    "applicants/done.html": {"filled"},
    "applicants/follow.html": {"empty", "error"},
    "applicants/home.html": {"filled"},
    "applicants/link_show.html": {"filled"},
    "applicants/start.html": {"filled"},
    "applicants/status.html": {"filled"},
    "applicants/too_many.html": {"filled"},
    "applications/check.html": {"filled"},
    "applications/complaint_form.html": {"empty", "filled", "error"},
    "applications/complaint_remove.html": {"filled"},
    "applications/complaints.html": {"empty", "filled"},
    "applications/people.html": {"empty", "filled"},
    "applications/person_form.html": {"empty", "filled", "error"},
    "applications/person_remove.html": {"filled"},
    "applications/person_share.html": {"filled", "error"},
    "decision/decision.html": {"empty", "error", "letter preview"},
    "casework/case.html": {"filled"},
    "casework/contact_new.html": {"empty", "error"},
    "casework/harm_new.html": {"empty", "error"},
    "letters/letter_page.html": {"filled"},
    "casework/list.html": {"empty", "filled"},
    "applications/question.html": {"empty", "error"},
    "applications/sharing.html": {"empty", "error"},
    "applications/start.html": {"filled"},
    "letters/to_post.html": {"empty", "filled"},
    "core/accessibility.html": {"filled"},
    "manage/audit_log.html": {"empty", "filled", "error"},
    "core/cookies.html": {"filled"},
    "casework/home.html": {"empty", "filled"},
    "core/privacy.html": {"filled"},
    "dataprotection/legal_hold.html": {"filled", "error"},
    "dataprotection/sar_detail.html": {"filled", "error"},
    "dataprotection/sar_list.html": {"empty", "filled", "error"},
    "feeds/pairs.html": {"empty", "filled"},
    "feeds/pair.html": {"filled", "error"},
    "feeds/linked.html": {"filled"},
    "errors/400.html": {"filled"},
    "errors/403.html": {"filled"},
    "errors/404.html": {"filled"},
    "errors/500.html": {"filled"},
    "errors/csrf.html": {"filled"},
    "manage/agencies.html": {"filled"},
    "manage/contact_details.html": {"filled", "error"},
    "manage/agency_form.html": {"empty", "filled", "error"},
    "manage/settings_form.html": {"filled", "error"},
    "manage/threshold_policy.html": {"filled", "error"},
    "manage/harm_policy.html": {"filled", "error"},
    "manage/user_add.html": {"empty", "error"},
    "manage/user_edit.html": {"filled", "error"},
    "manage/users.html": {"filled"},
    "publication/figures.html": {"empty", "filled", "error"},
    "publication/published.html": {"filled"},
    "reviews/action_update.html": {"filled"},
    "reviews/actions.html": {"empty", "filled"},
    "reviews/attachment_error.html": {"error"},
    "reviews/conclude.html": {"empty", "error"},
    "reviews/contribution.html": {"empty", "filled", "error"},
    "reviews/meeting.html": {"empty", "error"},
    "reviews/minutes.html": {"empty", "error"},
    "reviews/minutes_not_yet.html": {"filled"},
    "reviews/attachment_remove.html": {"filled"},
    "reviews/recommendation_respond.html": {"filled", "error"},
    "reviews/pack.html": {"filled"},
    "reviews/partners.html": {"empty", "filled", "error"},
    "reviews/victim_response.html": {"empty", "error"},
    "reviews/withdraw.html": {"empty", "error"},
    "feeds/radar/radar.html": {"empty", "filled"},
    "feeds/radar/person.html": {"filled"},
    "feeds/radar/contact.html": {"empty", "error"},
    "feeds/radar/application_reports.html": {"filled", "error"},
    "feeds/radar/about.html": {"filled"},
}


def page_templates() -> set[str]:
    """Every .html template under a jinja2 folder of the project, by its loader name."""
    found = set()
    for folder in ROOT.glob("**/jinja2"):
        for file in folder.rglob("*.html"):
            name = file.relative_to(folder).as_posix()
            if not file.name.startswith("_") and name not in NOT_PAGES:
                found.add(name)
    return found


def test_the_list_of_pages_matches_the_template_folders() -> None:
    pages = page_templates()
    assert pages == set(STATES), (
        f"not in STATES (add them to the tour): {sorted(pages - set(STATES))}; "
        f"no longer templates: {sorted(set(STATES) - pages)}"
    )
    every = {f.relative_to(d).as_posix() for d in ROOT.glob("**/jinja2") for f in d.rglob("*")}
    assert set(NOT_PAGES) <= every, "an exclusion names a template that no longer exists"


@pytest.fixture
def rendered(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str | None]]:
    """(template name, request path) of every template Django renders, in any thread; the
    live server runs in a thread of this process, so the class-level patch sees its pages."""
    log: list[tuple[str, str | None]] = []
    original = JinjaTemplate.render

    def render(self: JinjaTemplate, context: object = None, request: object = None) -> str:
        log.append((self.origin.template_name, getattr(request, "path", None)))
        return original(self, context, request)  # type: ignore[arg-type]

    monkeypatch.setattr(JinjaTemplate, "render", render)
    return log


def _boom(request: object) -> None:
    raise RuntimeError("A deliberate failure, to show the 500 page")


def _urlconf_with_a_failing_page() -> types.ModuleType:
    module = types.ModuleType("every_page_urls")
    module.urlpatterns = [  # type: ignore[attr-defined]
        path("boom", _boom),
        path("", include("casereview.config.urls")),
    ]
    module.handler500 = "casereview.core.views.server_error"  # type: ignore[attr-defined]
    return module


class Tour:
    """Checks the page each role is looking at and notes which template showed it."""

    def __init__(self, base: str, rendered: list[tuple[str, str | None]]) -> None:
        self.base = base
        self.rendered = rendered
        self.read = 0
        self.seen: dict[str, set[str]] = defaultdict(set)

    def go(self, page: Page, url: str, state: str, status: int = 200) -> None:
        response = page.goto(self.base + url)
        assert response is not None and response.status == status, url
        self.check(page, state)

    def check(self, page: Page, state: str) -> None:
        new, self.read = self.rendered[self.read :], len(self.rendered)
        here = urlsplit(page.url).path
        pages = [name for name, at in new if name in STATES and at in (here, None)]
        assert pages, f"no page template rendered {page.url}"
        name = pages[-1]
        self.seen[name].add(state)
        summary = page.locator(".govuk-error-summary")
        if state == "error":
            expect(summary).to_be_visible()
            expect(summary).to_be_focused()  # GOV.UK Frontend moves focus to it on load
            expect(page).to_have_title(re.compile(r"^Error: "))
            for link in summary.get_by_role("link").all():  # each leads to its field
                href = link.get_attribute("href") or ""
                assert href != "#", f"an error summary link leads nowhere on {page.url}"
                if href.startswith("#"):
                    expect(page.locator(href)).to_have_count(1)
        else:
            expect(summary).to_have_count(0)
        assert_accessible(page)

    def missing(self) -> dict[str, set[str]]:
        return {
            name: states - self.seen[name]
            for name, states in sorted(STATES.items())
            if states - self.seen[name]
        }


def _partner_feeds(tour: Tour, police: Page) -> None:
    """A partner officer sends their agency's reports: the form, its error, the result."""
    tour.go(police, "/feeds", "empty")
    tour.go(police, "/feeds/reports", "empty")
    police.goto(tour.base + "/feeds")
    _button(police, "Upload and import")
    tour.check(police, "error")
    police.get_by_label("Upload a CSV file").set_input_files(
        files={
            "name": "reports.csv",
            "mimeType": "text/csv",
            "buffer": b"agency_reference,reported_on,behaviour_on,first_name,surname\n"
            b"POL-1,2026-03-02,2026-03-01,Pat,Example\nPOL-2,2026-02-30,2026-03-01,Lee,Sample\n",
        }
    )
    _button(police, "Upload and import")
    expect(police.get_by_role("table", name="Refused rows")).to_be_visible()
    tour.check(police, "filled")
    tour.go(police, "/feeds", "filled")
    tour.go(police, "/feeds/reports", "filled")


def _button(page: Page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()


def _date(page: Page, field: str, d: date) -> None:
    page.locator(f"#id_{field}_day").fill(str(d.day))
    page.locator(f"#id_{field}_month").fill(str(d.month))
    page.locator(f"#id_{field}_year").fill(str(d.year))


def _member(email: str) -> Membership:
    return Membership.objects.get(user__email=email)


def _sign_in_showing_the_code_page(tour: Tour, page: Page, email: str) -> None:
    page.goto(f"{tour.base}/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    _button(page, "Continue")
    tour.check(page, "empty")
    page.get_by_label("Code").fill("000000")
    _button(page, "Sign in")
    tour.check(page, "error")
    user = User.objects.get(email=email)
    reset_totp(user)
    # django-otp slows down the next try after a wrong code; this test is not about that.
    TOTPDevice.objects.filter(user=user).update(
        throttling_failure_count=0, throttling_failure_timestamp=None
    )
    page.get_by_label("Code").fill(totp_code(user))
    _button(page, "Sign in")
    expect(page.get_by_role("heading", name="Home")).to_be_visible()


def _public_and_account_pages(tour: Tour, page: Page) -> None:
    for url in ("/accessibility", "/privacy", "/cookies", "/published/newcastle-under-lyme"):
        tour.go(page, url, "filled")
    tour.go(page, "/no-such-page", "filled", status=404)
    tour.go(page, "/sign-in", "empty")
    _button(page, "Continue")
    tour.check(page, "error")

    # Five wrong passwords lock the account for a while.
    for _ in range(10):
        page.get_by_label("Email address").fill("locked@nul.example")
        page.get_by_label("Password", exact=True).fill("wrong password")
        _button(page, "Continue")
        if page.get_by_role("heading", name="Your account is locked").count():
            break
    tour.check(page, "filled")

    # A form sent without its CSRF cookie (as after the cookie expires).
    page.goto(f"{tour.base}/sign-in")
    page.context.clear_cookies()
    page.get_by_label("Email address").fill("someone@nul.example")
    page.get_by_label("Password", exact=True).fill("anything at all")
    _button(page, "Continue")
    tour.check(page, "filled")

    # Password reset, with a link made the way the email's is.
    User.objects.create_user(email="reset@nul.example", password=DEMO_PASSWORD, full_name="R")
    tour.go(page, "/password-reset", "empty")
    _button(page, "Send the link")
    tour.check(page, "error")
    page.locator("#id_email").fill("reset@nul.example")
    _button(page, "Send the link")
    tour.check(page, "filled")
    tour.go(page, "/password-reset/MQ/not-a-token", "link not valid")
    user = User.objects.get(email="reset@nul.example")
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    tour.go(page, f"/password-reset/{uid}/{default_token_generator.make_token(user)}", "empty")
    page.locator("#id_new_password1").fill("a brand new password")
    page.locator("#id_new_password2").fill("a different password")
    _button(page, "Change password")
    tour.check(page, "error")
    page.locator("#id_new_password1").fill("correct horse battery staple")
    page.locator("#id_new_password2").fill("correct horse battery staple")
    _button(page, "Change password")
    tour.check(page, "filled")

    # First sign-in: setting up the authenticator, then the recovery codes.
    User.objects.create_user(email="new@nul.example", password=DEMO_PASSWORD, full_name="New")
    page.goto(f"{tour.base}/sign-in")
    page.get_by_label("Email address").fill("new@nul.example")
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    _button(page, "Continue")
    tour.check(page, "empty")
    page.get_by_label("Code from your authenticator app").fill("000000")
    _button(page, "Continue")
    tour.check(page, "error")
    device = TOTPDevice.objects.get(user__email="new@nul.example")
    device.throttle_reset()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = timezone.now().timestamp()
    page.get_by_label("Code from your authenticator app").fill(f"{totp.token():06d}")
    _button(page, "Continue")
    tour.check(page, "filled")
    # Someone with no role yet has an empty home.
    tour.go(page, "/", "empty")


def _online_application(tour: Tour, page: Page, settings: object) -> str:
    """Applies online; returns the status page's path."""
    tour.go(page, "/apply", "filled")
    _button(page, "Start now")
    tour.check(page, "empty")
    _button(page, "Continue")
    tour.check(page, "error")
    page.get_by_label("Newcastle-under-Lyme Partnership").check()
    _button(page, "Continue")
    page.get_by_label("Yes, I am the victim").check()
    _button(page, "Continue")
    page.get_by_label("Me", exact=True).check()
    _button(page, "Continue")
    page.get_by_label("Email", exact=True).check()
    _button(page, "Continue")
    page.get_by_label("Your full name", exact=True).fill("Val Victim")
    page.get_by_label("Postcode").fill("ST5 1AB")
    page.get_by_label("Email address").fill("val@example.org")
    _button(page, "Continue")
    tour.check(page, "empty")
    page.get_by_role("link", name="Add a report").click()
    tour.check(page, "empty")
    _button(page, "Save complaint")
    tour.check(page, "error")
    day = local_today() - timedelta(days=10)
    _date(page, "behaviour_date", day)
    _date(page, "reported_date", day)
    page.get_by_label("Staffordshire Police").check()
    _button(page, "Save complaint")
    tour.check(page, "filled")
    _button(page, "Continue")
    page.get_by_label("Tell us what is happening").fill("Shouting every night.")
    _button(page, "Continue")
    page.get_by_label("Yes", exact=True).check()
    _button(page, "Continue")
    tour.check(page, "filled")
    # A robot fills in the field people cannot see.
    page.locator("[name=website]").evaluate("field => { field.value = 'http://spam.example' }")
    _button(page, "Send request")
    tour.check(page, "error")
    page.locator("[name=website]").evaluate("field => { field.value = '' }")
    settings.ONLINE_APPLICATIONS_PER_HOUR = 0  # type: ignore[attr-defined]
    _button(page, "Send request")
    tour.check(page, "filled")
    settings.ONLINE_APPLICATIONS_PER_HOUR = 10  # type: ignore[attr-defined]
    page.goto(f"{tour.base}/apply/check")
    _button(page, "Send request")
    tour.check(page, "filled")
    page.get_by_role("link", name="See your case's progress").click()
    tour.check(page, "filled")
    return urlsplit(page.url).path


def _record_as_intake(tour: Tour, page: Page) -> None:
    """Every question page of the staff journey, each empty and then with an error."""
    tour.go(page, "/applications/new", "filled")
    _button(page, "Start now")
    tour.check(page, "empty")
    _date(page, "received", local_today() + timedelta(days=1))
    _button(page, "Continue")
    tour.check(page, "error")
    page.get_by_label("Phone (including 101)").check()
    _date(page, "received", local_today())
    _button(page, "Continue")
    answers: list[Callable[[], None]] = [
        lambda: page.get_by_label("An individual").check(),
        lambda: (
            page.get_by_label("Full name").fill("Robin Victim"),
            page.get_by_label("Address", exact=True).fill("1 Example Street"),
            page.get_by_label("Postcode").fill("ST5 1AB"),
        ),
        lambda: page.get_by_label("Post", exact=True).check(),
        lambda: page.get_by_label("No", exact=True).check(),
        lambda: page.get_by_label("Describe the anti-social behaviour").fill("Stones thrown."),
        # Recorded without the victim's agreement: the Chair decides on sharing (below).
        lambda: page.get_by_label("No", exact=True).check(),
    ]
    for answer in answers:
        tour.check(page, "empty")
        _button(page, "Continue")
        tour.check(page, "error")
        answer()
        _button(page, "Continue")
    tour.check(page, "empty")
    for days in (30, 20):
        page.get_by_role("link", name="Add a complaint").click()
        tour.check(page, "empty")
        _date(page, "behaviour_date", local_today() - timedelta(days=days))
        _date(page, "reported_date", local_today() - timedelta(days=days))
        page.get_by_label("Staffordshire Police").check()
        _button(page, "Save complaint")
    tour.check(page, "filled")
    page.get_by_role("link", name="Change").first.click()
    tour.check(page, "filled")
    page.get_by_role("link", name="Back").click()
    page.get_by_role("link", name="Remove").first.click()
    tour.check(page, "filled")
    _button(page, "Yes, remove it")
    _button(page, "Continue")
    tour.check(page, "filled")
    _button(page, "Record the request")
    tour.check(page, "filled")


def _extra_cases() -> dict[str, Application]:
    """A request refused at the threshold (so it can be appealed) and a concluded review whose
    plan gives the police an action."""

    def victim(name: str) -> VictimInput:
        return VictimInput(
            name=name, postcode="ST5 1AB", contact_preference="email", email="v@example.org"
        )

    return {
        "not_met": case_at("decided", met=False, victim=victim("Nora Notmet"), advocate=None),
        "concluded": case_at("concluded", victim=victim("Connie Concluded"), advocate=None),
    }


def _radar(tour: Tour, pso: Page) -> None:
    """The radar with a person on it, their page, telling them, and the agencies' reports
    that match a request's victim."""
    who = radar_person()
    for days, agency in ((40, "police"), (20, "council")):
        radar_report(who, agency, days_ago=days, first_name="Jordan", surname="Example")
    tour.go(pso, "/radar", "filled")
    tour.go(pso, "/radar/about", "filled")
    tour.go(pso, f"/radar/people/{who.public_id}", "filled")
    tour.go(pso, f"/radar/people/{who.public_id}/contact", "empty")
    _button(pso, "Record it")
    tour.check(pso, "error")
    request = case_at(
        "received",
        victim=VictimInput(
            name="Jordan Example", postcode="ST5 1AB", contact_preference="post", address="1 Rd"
        ),
        advocate=None,
    )
    tour.go(pso, f"/applications/{request.reference}/agency-reports", "filled")
    _button(pso, "Add as complaints")
    tour.check(pso, "error")


@pytest.fixture
def contexts(
    new_context: Callable[..., BrowserContext], live_server: object
) -> Callable[[str], Page]:
    """One browser context per person, signed in once and kept for the whole tour."""
    pages: dict[str, Page] = {}

    def as_user(email: str) -> Page:
        if email not in pages:
            pages[email] = new_context().new_page()
            if not email.startswith("anonymous"):
                sign_in(pages[email], live_server.url, email)  # type: ignore[attr-defined]
        return pages[email]

    return as_user


def test_every_page_in_every_state_is_accessible(live_server, contexts, rendered, settings) -> None:
    # About three minutes of browser time: run once, on SQLite, to keep `make test` short.
    # Browser journeys need only one database; the views' queries are tested on both.
    if connection.vendor != "sqlite":
        pytest.skip("the page tour runs on SQLite only, to keep `make test` short")
    load_demo()
    tour = Tour(live_server.url, rendered)
    anonymous, intake = contexts("anonymous"), contexts("intake@nul.example")
    chair, pso = contexts("chair@nul.example"), contexts("pso@nul.example")
    police, dpo = contexts("police@nul.example"), contexts("dpo@nul.example")
    appeals = contexts("appeals@pfcc.example")

    # Empty: the demo partnership before any request is made.
    tour.go(intake, "/", "empty")
    tour.go(intake, "/applications", "empty")
    tour.go(pso, "/letters/to-post", "empty")
    tour.go(pso, "/statistics", "empty")
    tour.go(police, "/actions", "empty")
    tour.go(appeals, "/appeals", "empty")
    tour.go(dpo, "/subject-access", "empty")
    tour.go(dpo, "/audit?action=erase", "empty")
    tour.go(pso, "/radar/pairs", "empty")
    _partner_feeds(tour, police)
    tour.go(pso, "/radar", "empty")

    # Filled: the demo cases, a refused request and a concluded review.
    load_demo_cases()
    cases = _extra_cases()
    waiting = Application.objects.get(victim_name="Jordan Example").reference
    reviewing = Application.objects.get(victim_name="Sam Sample").reference
    appealed = Application.objects.get(victim_name="Corner Shop Example Ltd").reference
    not_met = cases["not_met"].reference

    _public_and_account_pages(tour, anonymous)
    # The start page, and following a case with its reference and access code.
    visitor = contexts("anonymous-4")
    tour.go(visitor, "/", "filled")
    tour.go(visitor, "/follow", "empty")
    _button(visitor, "Continue")
    tour.check(visitor, "error")
    _sign_in_showing_the_code_page(tour, contexts("anonymous-2"), "housing@nul.example")
    status = _online_application(tour, contexts("anonymous-3"), settings)
    case_at("decided", application=StatusLink.objects.get().application, met=False)
    online = contexts("anonymous-3")
    tour.go(online, status, "filled")
    online.get_by_role("link", name="Add a diary sheet or other document").click()
    tour.check(online, "empty")
    _button(online, "Add file")
    tour.check(online, "error")
    tour.go(online, status, "filled")
    online.get_by_role("link", name="Ask for your case to be looked at again").click()
    tour.check(online, "empty")
    _button(online, "Send")
    tour.check(online, "error")

    _record_as_intake(tour, intake)
    tour.go(intake, "/audit", "filled", status=403)
    many = "&".join(f"f{n}=1" for n in range(1100))
    tour.go(intake, f"/applications?{many}", "filled", status=400)
    settings.ROOT_URLCONF = _urlconf_with_a_failing_page()
    tour.go(intake, "/boom", "filled", status=500)
    settings.ROOT_URLCONF = "casereview.config.urls"

    # The Chair decides the waiting request, and sees the letter and the other case pages.
    tour.go(chair, "/", "filled")
    tour.go(chair, "/applications", "filled")
    tour.go(chair, f"/applications/{waiting}", "filled")
    tour.go(chair, f"/applications/{waiting}/decision", "empty")
    _button(chair, "Confirm decision")
    tour.check(chair, "error")
    chair.get_by_label("Yes, hold a case review").check()
    chair.get_by_label("Your reasons").fill("The harm is escalating.")
    fill_the_factors(chair)
    _date(chair, "review_date", local_today() + timedelta(days=14))
    _button(chair, "Preview the letter")
    tour.check(chair, "letter preview")
    _button(chair, "Confirm decision")
    expect(chair.locator(".govuk-notification-banner")).to_contain_text("Decision recorded")
    chair.get_by_role("link", name="Acknowledgement").first.click()
    tour.check(chair, "filled")
    tour.go(chair, f"/applications/{reviewing}/conclusion", "empty")
    _button(chair, "Issue the conclusion letter")
    tour.check(chair, "error")
    tour.go(chair, f"/applications/{reviewing}/withdraw", "empty")
    _button(chair, "Withdraw the application")
    tour.check(chair, "error")
    tour.go(chair, f"/applications/{reviewing}/contacts/new", "empty")
    _button(chair, "Add to the log")
    tour.check(chair, "error")
    tour.go(chair, f"/applications/{reviewing}/legal-hold", "filled")
    chair.get_by_label("Yes, put it on legal hold").check()
    _button(chair, "Save")
    tour.check(chair, "error")
    tour.go(chair, f"/applications/{reviewing}/pack", "filled")
    unshared = Application.objects.get(victim_name="Robin Victim").reference
    tour.go(chair, f"/applications/{unshared}/sharing", "empty")
    _button(chair, "Record decision")
    tour.check(chair, "error")
    tour.go(chair, f"/applications/{appealed}/appeal/pack", "filled")

    # The coordinator's pages.
    tour.go(pso, "/letters/to-post", "filled")
    tour.go(pso, f"/applications/{reviewing}/harm/new", "empty")
    _button(pso, "Record the assessment")
    tour.check(pso, "error")
    pso.goto(f"{tour.base}/applications/{waiting}")
    pso.get_by_role("button", name=re.compile("link and code$")).click()
    tour.check(pso, "filled")
    tour.go(pso, f"/applications/{waiting}/partners", "empty")
    for part in ("day", "month", "year"):
        pso.locator(f"#id_due_{part}").fill("")
    _button(pso, "Ask these agencies")
    tour.check(pso, "error")
    tour.go(pso, f"/applications/{reviewing}/partners", "filled")
    for url, button in [
        (f"/applications/{reviewing}/meeting", "Save and send invitations"),
        (f"/applications/{reviewing}/minutes/victim-response", "Record their response"),
        (f"/applications/{not_met}/appeal", "Record the appeal"),
    ]:
        tour.go(pso, url, "empty")
        if url.endswith("/appeal"):
            for part in ("day", "month", "year"):
                pso.locator(f"#id_received_{part}").fill("")
        _button(pso, button)
        tour.check(pso, "error")
    # Its meeting is still to come, so the minutes wait; a held meeting's can be corrected.
    tour.go(pso, f"/applications/{reviewing}/minutes", "filled")
    tour.go(pso, f"/applications/{cases['concluded'].reference}/minutes", "empty")
    pso.get_by_label("Summary of the discussion").fill("")
    _button(pso, "Save the minutes")
    tour.check(pso, "error")
    # The people named on the case: an alleged perpetrator and a witness, whose contact
    # details the coordinator shares with the council only.
    people = f"/applications/{reviewing}/people"
    tour.go(pso, people, "empty")
    tour.go(pso, f"{people}/add", "empty")
    _button(pso, "Add the person")
    tour.check(pso, "error")
    pso.get_by_label("Alleged perpetrator").check()
    pso.get_by_label("Name", exact=True).fill("Dean Doyle")
    _button(pso, "Add the person")
    tour.check(pso, "filled")
    pso.get_by_role("link", name="Add a person").click()
    pso.get_by_label("Witness").check()
    pso.get_by_label("Name", exact=True).fill("Wendy Walker")
    pso.get_by_label("Phone (optional)").fill("07700 900333")
    _button(pso, "Add the person")
    pso.get_by_role("link", name="Change Dean Doyle").click()
    tour.check(pso, "filled")
    pso.goto(tour.base + people)
    pso.get_by_role("link", name="Share contact details of Wendy Walker").click()
    tour.check(pso, "filled")
    pso.get_by_label(re.compile("Borough Council")).check()
    _button(pso, "Save who sees the contact details")
    tour.check(pso, "error")
    pso.goto(tour.base + people)
    pso.get_by_role("link", name="Remove Dean Doyle").click()
    tour.check(pso, "filled")
    tour.go(pso, "/statistics", "filled")
    pso.locator("#id_start_day").fill("45")
    _button(pso, "Show figures")
    tour.check(pso, "error")

    # Partner agencies: the police have contributed and have an action; the council not yet.
    tour.go(police, "/", "filled")
    tour.go(police, f"/applications/{reviewing}/contribution", "filled")
    _button(police, "Add the file")
    tour.check(police, "error")
    tour.go(pso, "/actions", "filled")
    pso.get_by_role("link", name="Patrol Friday nights").click()
    tour.check(pso, "filled")
    tour.go(police, "/actions", "filled")
    police.get_by_role("link", name="Install CCTV").first.click()
    tour.check(police, "filled")
    _button(police, "Save the response")
    tour.check(police, "error")
    # Before its meeting, a file added can still be removed.
    early = case_at(
        "contributed",
        asked=["police"],
        victim=VictimInput(
            name="Eve Early", postcode="ST5 1AB", contact_preference="email", email="e@example.org"
        ),
        advocate=None,
    )
    added = attachment_add(
        membership=_member("police@nul.example"),
        contribution=Contribution.objects.get(request__application=early),
        upload=SimpleUploadedFile("diary.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"),
    )
    tour.go(police, f"/attachments/{added.pk}/remove", "filled")
    council = contexts("council@nul.example")
    tour.go(council, f"/applications/{reviewing}/contribution", "empty")
    _button(council, "Save contribution")
    tour.check(council, "error")

    # The Commissioner's office.
    tour.go(appeals, "/appeals", "filled")
    _button(appeals, "Find the application")
    tour.check(appeals, "error")
    tour.go(appeals, f"/applications/{appealed}/appeal/outcome", "empty")
    _button(appeals, "Record the outcome")
    tour.check(appeals, "error")
    tour.go(appeals, "/", "filled")
    tour.go(appeals, "/appeals/office", "filled")
    appeals.get_by_label("Office name").fill("")
    _button(appeals, "Save")
    tour.check(appeals, "error")
    # Upheld: the coordinator makes the recommendations actions for agencies; after a not-met
    # appeal they wait for the reopened review's approved minutes.
    office = Membership.objects.get(user__email="appeals@pfcc.example")
    upheld = {"concluded": case_at("appealed"), "not_met": case_at("appealed", met=False)}
    for application in upheld.values():
        appeal_decide(
            membership=office,
            application=application,
            upheld=True,
            findings="The review missed the housing reports.",
            recommendations=["Visit the victim with the housing officer."],
        )
    tour.go(pso, f"/applications/{upheld['concluded'].reference}/appeal/actions", "empty")
    _button(pso, "Create the actions")
    tour.check(pso, "error")
    tour.go(pso, f"/applications/{upheld['not_met'].reference}/appeal/actions", "waiting")

    # The data protection officer.
    tour.go(dpo, "/audit", "filled")
    dpo.get_by_label("From (YYYY-MM-DD)").fill("not a date")
    _button(dpo, "Filter entries")
    tour.check(dpo, "error")
    tour.go(dpo, "/subject-access", "empty")
    for part in ("day", "month", "year"):
        dpo.locator(f"#id_received_{part}").fill("")
    _button(dpo, "Record and search")
    tour.check(dpo, "error")
    dpo.get_by_label("Who made the request").fill("Nora Notmet")
    dpo.get_by_label("Where the answer goes").fill("nora@example.org")
    _date(dpo, "received", local_today())
    dpo.get_by_label("Name to search for").fill("Nora Notmet")
    dpo.get_by_label("Postcode to search for").fill("ST5 1AB")
    _button(dpo, "Record and search")
    tour.check(dpo, "filled")
    # An item left out without a reason.
    dpo.locator("input[name=leave]").first.check()
    _button(dpo, "Download the export (ZIP)")
    tour.check(dpo, "error")
    tour.go(dpo, "/subject-access", "filled")

    # The administrator, and their own account.
    admin = contexts("admin@nul.example")
    tour.go(admin, "/manage/agencies", "filled")
    tour.go(admin, "/manage/agencies/add", "empty")
    _button(admin, "Save agency")
    tour.check(admin, "error")
    tour.go(admin, "/manage/agencies/police/change", "filled")
    tour.go(admin, "/manage/users/add", "empty")
    _button(admin, "Add user")
    tour.check(admin, "error")
    # Stafford's Chair already has an account: she is invited, and listed as invited.
    admin.get_by_label("Full name").fill("Carol Stone")
    admin.get_by_label("Email address").fill("chair@sta.example")
    admin.get_by_label("Intake", exact=True).check()
    _button(admin, "Add user")
    tour.check(admin, "filled")
    tour.go(admin, f"/manage/users/{_member('intake@nul.example').pk}", "filled")
    tour.go(admin, f"/manage/users/{_member('admin@nul.example').pk}", "filled")
    admin.get_by_label("Auditor", exact=True).check()
    _button(admin, "Save role")
    tour.check(admin, "error")
    invited = contexts("chair@sta.example")
    invitation = StaffInvitation.objects.get(user__email="chair@sta.example")
    tour.go(invited, f"/account/invitations/{invitation.pk}", "filled")
    _button(invited, "Continue")
    tour.check(invited, "error")
    invited.get_by_label("Yes, accept it").check()
    _button(invited, "Continue")
    tour.check(invited, "filled")  # the roles to switch to, with the new one
    tour.go(invited, f"/account/invitations/{invitation.pk}", "answered")
    tour.go(admin, "/manage/threshold-policy", "filled")
    _button(admin, "Add this version")
    tour.check(admin, "error")
    tour.go(admin, "/manage/harm-policy", "filled")
    _button(admin, "Add this version")
    tour.check(admin, "error")
    for url in ("/manage/deadlines", "/manage/letter-wording", "/manage/contact-details"):
        tour.go(admin, url, "filled")
        admin.locator("main form .govuk-input").first.fill("")
        _button(admin, "Save")
        tour.check(admin, "error")
    tour.go(admin, "/account", "filled")
    _button(admin, "Create token")
    tour.check(admin, "error")
    # New recovery codes first ask for the password and a fresh code.
    _button(admin, "Get new recovery codes")
    tour.check(admin, "empty")
    _button(admin, "Continue")
    tour.check(admin, "error")
    admin_user = User.objects.get(email="admin@nul.example")
    reset_totp(admin_user)
    admin.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    admin.get_by_label("Code from your authenticator app").fill(totp_code(admin_user))
    _button(admin, "Continue")
    _button(admin, "Get new recovery codes")
    tour.check(admin, "filled")
    tour.go(admin, "/account/switch", "filled")
    _radar(tour, pso)

    # The coordinator checks a pair of partner reports linkage was unsure about.
    pair = pair_of(_member("pso@nul.example").partnership)
    tour.go(pso, "/radar/pairs", "filled")
    tour.go(pso, f"/radar/pairs/{pair.pk}", "filled")
    _button(pso, "Record decision")
    tour.check(pso, "error")
    person = Person.objects.create(partnership=pair.partnership, public_id="tour-person")
    Report.objects.filter(pk__in=(pair.first_id, pair.second_id)).update(person=person)
    tour.go(chair, f"/radar/reports/{pair.first_id}/linked/{pair.second_id}", "filled")

    assert tour.missing() == {}, "page templates not shown in these states"


def test_the_main_forms_work_without_javascript(
    live_server, new_context: Callable[..., BrowserContext]
) -> None:
    """Every page is plain HTML forms: with scripts off, errors are still shown and a
    corrected answer still moves the journey on."""
    load_demo()
    page = new_context(java_script_enabled=False).new_page()
    base = live_server.url
    summary = page.locator(".govuk-error-summary")

    page.goto(f"{base}/apply")
    _button(page, "Start now")
    _button(page, "Continue")
    expect(summary).to_contain_text("Choose the area where it is happening")
    expect(page).to_have_title(re.compile(r"^Error: "))
    page.get_by_label("Newcastle-under-Lyme Partnership").check()
    _button(page, "Continue")
    expect(page.get_by_role("heading", name="Are you the victim?")).to_be_visible()

    sign_in(page, base, "intake@nul.example")  # the password and code forms, scripts off
    expect(page.get_by_role("heading", name="Home")).to_be_visible()
    page.get_by_role("link", name="Record a request").first.click()
    _button(page, "Start now")
    _button(page, "Continue")
    expect(summary).to_contain_text("Select how the request was made")
    page.get_by_label("Phone (including 101)").check()
    _button(page, "Continue")
    expect(page.get_by_role("heading", name="Who is applying?")).to_be_visible()
    expect(summary).to_have_count(0)


def test_an_invitation_is_answered_without_javascript(
    live_server, new_context: Callable[..., BrowserContext]
) -> None:
    """The person invited opens the emailed link after signing in, and answers with scripts
    off: the error summary when they choose nothing, then the role is theirs."""
    load_demo()
    chair = _member("chair@sta.example")
    newcastle = _member("admin@nul.example").partnership
    invitation = StaffInvitation.objects.create(
        user=chair.user,
        partnership=newcastle,
        role="intake",
        expires_at=timezone.now() + timedelta(days=7),
    )
    page = new_context(java_script_enabled=False).new_page()
    base = live_server.url
    page.goto(f"{base}/account/invitations/{invitation.pk}")  # sends them to sign in
    sign_in(page, base, "chair@sta.example")
    page.goto(f"{base}/account/invitations/{invitation.pk}")
    _button(page, "Continue")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select yes to accept")
    expect(page).to_have_title(re.compile(r"^Error: "))
    page.get_by_label("Yes, accept it").check()
    _button(page, "Continue")
    role = page.get_by_label("Intake, Newcastle-under-Lyme Partnership", exact=True)
    expect(role).to_have_count(1)
    assert Membership.objects.filter(user=chair.user, partnership=newcastle, active=True).exists()
