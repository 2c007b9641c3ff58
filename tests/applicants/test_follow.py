"""Applicants who phone or write: the start page, following a case with its reference and a
short access code, staff showing and texting the code, letters carrying it, and replies to
applicants' emails reaching the partnership."""

from pathlib import Path

import pytest
from builders import case_at
from django.core import mail
from django.test import Client

from casereview.accounts.models import Membership, SecurityEvent
from casereview.accounts.throttle import FREE_FAILURES
from casereview.applicants.links import (
    CODE_ALPHABET,
    code_shown,
    new_access_code,
    status_link_issue,
)
from casereview.applicants.models import StatusLink
from casereview.applications.models import Application
from casereview.core import sms
from casereview.core.models import AuditEntry
from casereview.letters.render import letter_render

PSO = "pso@nul.example"


@pytest.fixture(autouse=True)
def _empty_outbox() -> None:
    sms.outbox.clear()


def _issue(client: Client, reference: str, **data: str) -> StatusLink:
    response = client.post(f"/applications/{reference}/status-link", data)
    assert response.status_code == 302, response.content.decode()[:500]
    assert response["Location"] == f"/applications/{reference}/status-link/show"
    return StatusLink.objects.get(application__reference=reference, revoked_at__isnull=True)


def test_the_start_page_gives_the_public_their_routes_and_staff_their_sign_in(
    demo, client_for
) -> None:
    page = Client().get("/")
    assert page.status_code == 200
    text = page.content.decode()
    for route in ('href="/apply"', 'href="/follow"', 'href="/sign-in"'):
        assert route in text, route
    assert "Ask for a case review" in text and "Follow your case" in text
    # Signed-in staff still get their home.
    assert "Sign in</a> to manage" not in client_for(PSO).get("/").content.decode()


def test_access_codes_are_short_and_unambiguous() -> None:
    codes = {new_access_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(len(c) == 8 and set(c) <= set(CODE_ALPHABET) for c in codes)
    assert not set("0O1IL5SUVZAE") & set(CODE_ALPHABET)
    assert code_shown("BCDFGH23") == "BCDF-GH23"


def test_staff_read_out_the_code_and_the_applicant_follows_their_case_with_it(
    demo, client_for, django_assert_max_num_queries
) -> None:
    application = case_at("decided")
    staff = client_for(PSO)
    link = _issue(staff, application.reference)
    assert len(link.access_code) == 8
    with django_assert_max_num_queries(12):
        shown = staff.get(f"/applications/{application.reference}/status-link/show")
    text = shown.content.decode()
    assert code_shown(link.access_code) in text and link.token in text and "<svg" in text
    assert AuditEntry.objects.filter(
        action="view", purpose="showing the applicant's link and access code to pass on"
    ).exists()
    case_page = staff.get(f"/applications/{application.reference}").content.decode()
    assert "Show or print the link and access code" in case_page

    applicant = Client()
    assert applicant.get("/follow").status_code == 200
    typed = code_shown(link.access_code).lower().replace("-", " ")
    with django_assert_max_num_queries(12):
        response = applicant.post(
            "/follow", {"reference": application.reference.lower(), "code": typed}
        )
    assert response.status_code == 302 and response["Location"] == f"/status/{link.token}"
    assert AuditEntry.objects.filter(
        action="view",
        actor_label=f"applicant (status link {link.pk})",
        purpose="applicant following their case: opened with the case reference and access code",
    ).exists()

    # Revoking the link revokes the code with it.
    staff.post(f"/applications/{application.reference}/status-link/revoke")
    again = applicant.post(
        "/follow", {"reference": application.reference, "code": link.access_code}
    )
    assert again.status_code == 400
    assert "The case reference or access code is not right" in again.content.decode()


def test_wrong_codes_are_refused_alike_and_slowed_down(demo, client_for) -> None:
    application = case_at("decided")
    link = status_link_issue(
        membership=Membership.objects.get(user__email=PSO), application=application
    )
    client = Client()
    empty = client.post("/follow", {"reference": "", "code": ""})
    assert empty.status_code == 400
    assert "govuk-error-summary" in empty.content.decode()
    assert "Enter your case reference" in empty.content.decode()
    unknown = client.post("/follow", {"reference": "NUL-1999-0001", "code": link.access_code})
    wrong = "".join(
        CODE_ALPHABET[0] if c != CODE_ALPHABET[0] else CODE_ALPHABET[1] for c in link.access_code
    )
    for _ in range(FREE_FAILURES):
        response = client.post("/follow", {"reference": application.reference, "code": wrong})
        assert response.status_code == 400
    assert unknown.content.decode().count("not right") == response.content.decode().count(
        "not right"
    )
    assert SecurityEvent.objects.filter(kind="wrong_access_code").count() == FREE_FAILURES + 1
    # Now even the right code must wait: a guesser cannot go on at full speed.
    held = client.post("/follow", {"reference": application.reference, "code": link.access_code})
    assert held.status_code == 429 and "too many wrong tries" in held.content.decode()


def test_staff_offer_a_text_message_to_a_mobile_number(
    demo, client_for, django_capture_on_commit_callbacks
) -> None:
    application = case_at("received")
    # The builder's case was made by an advocate: the link and texts go to them.
    Application.objects.filter(pk=application.pk).update(advocate_phone="07911 123456")
    staff = client_for(PSO)
    assert (
        "Also text it to 07911 123456"
        in staff.get(f"/applications/{application.reference}").content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        link = _issue(staff, application.reference, by_text="yes")
    assert link.mobile == "+447911123456"
    assert [m.to for m in sms.outbox] == ["+447911123456"]
    assert code_shown(link.access_code) in sms.outbox[0].body
    entry = AuditEntry.objects.filter(action="disclose").latest("pk")
    assert entry.recipients == (
        f"advocate (status link {link.pk} by email), "
        f"advocate (status link {link.pk} by text message)"
    )

    # A case update is texted too, with no personal data.
    sms.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        case_at("decided", application=application)
    assert len(sms.outbox) == 1
    assert "Robin" not in sms.outbox[0].body and "Ada" not in sms.outbox[0].body


def test_a_landline_is_not_offered_a_text(demo, client_for) -> None:
    application = case_at("received")
    Application.objects.filter(pk=application.pk).update(advocate_phone="01782 742222")
    staff = client_for(PSO)
    assert (
        "Also text it" not in staff.get(f"/applications/{application.reference}").content.decode()
    )
    response = staff.post(f"/applications/{application.reference}/status-link", {"by_text": "yes"})
    assert response["Location"] == f"/applications/{application.reference}"
    assert not StatusLink.objects.exists() and not sms.outbox


def test_mobile_numbers_are_checked_and_normalised() -> None:
    assert sms.mobile_number("07911 123456") == "+447911123456"
    assert sms.mobile_number("+44 (0)7911-123456") == "+447911123456"
    assert sms.mobile_number("01782 742222") is None
    assert sms.mobile_number("not a number") is None
    assert sms.mobile_number("") is None
    assert sms.shown("+447911123456") == "07911 123456"


def test_the_default_text_backend_writes_to_the_mail_folder(settings, tmp_path: Path) -> None:
    settings.SMS_BACKEND = "casereview.core.sms.FileBackend"
    settings.SMS_FILE_PATH = tmp_path
    sms.send_sms(to="+447911123456", body="Hello")
    [written] = tmp_path.iterdir()
    assert written.read_text() == "To: +447911123456\n\nHello\n"


def test_letters_carry_the_code_a_qr_code_and_the_point_of_contact(demo) -> None:
    application = case_at("received")
    link = status_link_issue(
        membership=Membership.objects.get(user__email=PSO), application=application
    )
    case_at("decided", application=application)
    letter = application.letters.get()
    assert code_shown(link.access_code) in letter.html
    assert "<svg" in letter.html and "/follow" in letter.html
    partnership = application.partnership
    assert "Your point of contact" in letter.html
    assert partnership.contact_name in letter.html and partnership.contact_email in letter.html
    assert letter_render(letter.pk).pdf_ready


def test_a_letter_names_the_contact_the_applicant_asked_for(demo) -> None:
    application = case_at("received")
    Application.objects.filter(pk=application.pk).update(named_contact="Jo Liaison")
    case_at("decided", application=Application.objects.get(pk=application.pk))
    assert "Jo Liaison" in application.letters.get().html


def test_replies_to_applicants_emails_reach_the_partnership(
    demo, client_for, django_capture_on_commit_callbacks
) -> None:
    application = case_at("decided")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _issue(client_for(PSO), application.reference)
    [message] = mail.outbox
    assert message.reply_to == [application.partnership.contact_email]
    link = StatusLink.objects.get(revoked_at__isnull=True)
    assert code_shown(link.access_code) in message.body and "/follow" in message.body
