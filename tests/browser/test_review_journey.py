"""Given a request the Chair has decided meets the threshold, when the PSO asks every
agency, police and council contribute (council with a file), housing makes a nil return and
fire goes overdue, the meeting is held, the minutes are recorded and approved and the Chair
issues the conclusion letter, then the victim receives it by email; later the police mark
their action done. Every page on the way passes axe."""

from datetime import timedelta
from pathlib import Path

import pytest
from axe_check import assert_accessible
from builders import case_at
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from casereview.applications.intake import VictimInput
from casereview.clock.workdays import add_working_days, subtract_working_days
from casereview.core.dates import local_today
from casereview.devdata.demo.partnerships import load_demo
from casereview.reviews.reminders import send_due_notices

from .test_record_and_decide import _fill_date
from .test_staff_journeys import sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _decided_application() -> str:
    load_demo()
    victim = VictimInput(
        name="Vic Tim", postcode="ST5 1AB", contact_preference="email", email="vic@example.org"
    )
    return case_at("decided", victim=victim, advocate=None).reference


def _open_case(page: Page, base: str, reference: str) -> None:
    page.goto(f"{base}/applications/{reference}")
    expect(page.get_by_role("heading", name=f"Application {reference}")).to_be_visible()


def _contribute(page: Page, base: str, email: str, reference: str, nil: bool = False) -> None:
    sign_in(page, base, email)
    page.get_by_role("link", name=reference).click()
    assert_accessible(page)
    if nil:
        page.get_by_label("No, we have had none (nil return)").check()
    else:
        page.get_by_label("Yes, we have had involvement").check()
        page.get_by_label("Summary of your agency's involvement").fill(f"Work by {email}.")
        entry = page.locator("fieldset", has_text="Entry 1")
        day = local_today() - timedelta(days=10)
        entry.get_by_label("Day").fill(str(day.day))
        entry.get_by_label("Month").fill(str(day.month))
        entry.get_by_label("Year").fill(str(day.year))
        entry.get_by_label("What kind of involvement").select_option("contact")
        entry.get_by_label("Details").fill("Spoke to the victim.")
    page.get_by_role("button", name="Save contribution").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "contribution has been saved"
    )


def test_the_whole_review_with_the_demo_users(live_server, page: Page, tmp_path: Path) -> None:
    reference = _decided_application()
    base = live_server.url
    mail.outbox.clear()

    # The PSO asks every agency, due in two working days.
    sign_in(page, base, "pso@nul.example")
    _open_case(page, base, reference)
    page.get_by_role("link", name="Ask partner agencies for their involvement").click()
    assert_accessible(page)
    due = add_working_days(local_today(), 2)
    _fill_date(page, "due", due)
    page.get_by_role("button", name="Ask these agencies").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("5 agencies have been asked")
    assert_accessible(page)
    assert len([m for m in mail.outbox if "involvement is requested" in m.subject]) == 5
    sign_out(page)

    _contribute(page, base, "police@nul.example", reference)
    sign_out(page)
    _contribute(page, base, "council@nul.example", reference)
    upload = tmp_path / "noise diary.pdf"
    upload.write_bytes(PDF)
    page.get_by_label("Add a file").set_input_files(str(upload))
    page.get_by_role("button", name="Add the file").click()
    expect(page.get_by_role("link", name="noise diary.pdf", exact=True)).to_be_visible()
    assert_accessible(page)
    sign_out(page)
    _contribute(page, base, "housing@nul.example", reference, nil=True)
    sign_out(page)

    # The job runs the day before the due date, twice: the agencies still silent (fire, and
    # the health board, which has no officer in the demo) are reminded once each.
    before = len(mail.outbox)
    send_due_notices(subtract_working_days(due, 1))
    send_due_notices(subtract_working_days(due, 1))
    reminded = sorted(m.to[0] for m in mail.outbox[before:])
    assert reminded == ["fire@nul.example", "health@nul.example"]
    before = len(mail.outbox)
    send_due_notices(due + timedelta(days=1))
    overdue = [m.subject for m in mail.outbox[before:]]
    assert any("Fire and Rescue Service has not contributed" in s for s in overdue)

    # The meeting, held an hour ago, then the minutes.
    sign_in(page, base, "pso@nul.example")
    _open_case(page, base, reference)
    expect(page.locator("main")).to_contain_text("Nil return")
    assert_accessible(page)
    page.get_by_role("link", name="Schedule the meeting").click()
    assert_accessible(page)
    planned = timezone.localtime() + timedelta(days=3)
    _fill_date(page, "day", planned.date())
    page.get_by_label("Start time").fill("10:00")
    page.get_by_label("Where").fill("Castle House, Newcastle-under-Lyme")
    page.get_by_label("Invite the victim (or their advocate)").check()
    page.get_by_role("button", name="Save and send invitations").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("invitations have been sent")
    invitations = [m for m in mail.outbox if m.subject.startswith("Invitation")]
    assert invitations and invitations[0].attachments[0][2] == "text/calendar"
    # Before the meeting the minutes are not offered, and a file can still be removed.
    expect(page.get_by_role("link", name="Record the minutes")).to_have_count(0)
    page.get_by_role("link", name="Meeting pack").click()
    expect(page.locator("main")).to_contain_text("OFFICIAL-SENSITIVE")
    expect(page.locator("main")).to_contain_text(
        "Not contributed: Staffordshire Fire and Rescue Service"
    )
    assert_accessible(page)
    page.get_by_role("link", name="Remove noise diary.pdf").click()
    assert_accessible(page)
    page.get_by_role("button", name="Remove the file").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("has been removed")
    assert_accessible(page)
    # It was held earlier than planned, an hour ago: recorded, and nobody invited to it.
    _open_case(page, base, reference)
    page.get_by_role("link", name="Change the meeting").click()
    held = timezone.localtime() - timedelta(hours=1)
    _fill_date(page, "day", held.date())
    page.get_by_label("Start time").fill(held.strftime("%H:%M"))
    sent = len(mail.outbox)
    page.get_by_role("button", name="Save and send invitations").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("no invitations were sent")
    assert len(mail.outbox) == sent
    _open_case(page, base, reference)
    page.get_by_role("link", name="Record the minutes").click()
    assert_accessible(page)
    page.locator("#id_att-0-name").fill("Pat Officer")
    page.locator("#id_att-0-agency").select_option("police")
    page.locator("#id_apo-0-name").fill("Sam Fire")
    page.locator("#id_apo-0-agency").select_option("fire")
    page.get_by_label("Summary of the discussion").fill("Every agency described its work.")
    # Kept on the server as a draft, without JavaScript, and shown again.
    page.get_by_role("button", name="Save as a draft").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("draft")
    expect(page.get_by_label("Summary of the discussion")).to_have_value(
        "Every agency described its work."
    )
    assert_accessible(page)
    for i, (text, agency) in enumerate(
        [("Install CCTV", "council"), ("Increase patrols", "police")]
    ):
        page.locator(f"#id_rec-{i}-text").fill(text)
        page.locator(f"#id_rec-{i}-agency").select_option(agency)
    actions = [
        ("Fit CCTV", "council", 30),
        ("Patrol Friday nights", "police", 14),
        ("Tenancy warning", "housing", 7),
    ]
    for i, (text, agency, days) in enumerate(actions):
        page.locator(f"#id_act-{i}-text").fill(text)
        page.locator(f"#id_act-{i}-agency").select_option(agency)
        _fill_date(page, f"act-{i}-due", local_today() + timedelta(days=days))
    page.locator("fieldset", has_text="Action 1").get_by_label("Aspire Housing").check()
    page.get_by_role("button", name="Save the minutes").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("minutes have been saved")
    expect(page.locator("main")).to_contain_text("Pat Officer, Staffordshire Police")
    assert_accessible(page)
    sign_out(page)

    # The Chair approves and concludes; the victim receives the letter.
    sign_in(page, base, "chair@nul.example")
    _open_case(page, base, reference)
    page.get_by_role("button", name="Approve the minutes").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("approved and locked")
    page.get_by_role("link", name="Issue the conclusion letter").click()
    assert_accessible(page)
    page.get_by_label("The outcome of the review").fill(
        "The agencies agreed a plan to stop the behaviour."
    )
    page.get_by_role("button", name="Issue the conclusion letter").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("review is concluded")
    assert_accessible(page)
    letters = [m for m in mail.outbox if m.to == ["vic@example.org"] and m.attachments]
    assert len(letters) == 2  # the acknowledgement and the conclusion
    assert letters[-1].attachments[0][0] == f"{reference}-conclusion.pdf"
    sign_out(page)

    # Later, the police mark their action done.
    sign_in(page, base, "police@nul.example")
    page.get_by_role("link", name="Your agency's actions").click()
    assert_accessible(page)
    page.get_by_role("link", name="Increase patrols").click()
    assert_accessible(page)
    page.get_by_label("Yes, we accept it").check()
    page.get_by_role("button", name="Save the response").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("response")
    expect(page.locator("main")).to_contain_text("Accepted")
    assert_accessible(page)
    page.get_by_role("link", name="Patrol Friday nights").click()
    assert_accessible(page)
    page.get_by_label("Yes, it is done").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator("main")).to_contain_text("Done")
