"""The Commissioner's office: its caseload of appeals to decide, the letters of the cases it
holds, the notice of every new appeal, its own letters to post on its own letterhead, and
the next route an appeal not upheld names."""

from datetime import date

import pytest
from builders import case_at, days_ago
from django.core import mail
from django.test import Client

from casereview.appeals.models import Appeal
from casereview.appeals.selectors import decision_due
from casereview.applicants.models import StatusLink
from casereview.applications.intake import ComplaintInput, VictimInput
from casereview.applications.models import Application, Letter
from casereview.core.dates import local_today
from casereview.core.models import AuditEntry
from casereview.partnerships.models import AppealsBody

OFFICE = "appeals@pfcc.example"
OUTCOME = {"upheld": "no", "findings": "The review was properly conducted."}


def _posted_victim(name: str = "Pat Post") -> VictimInput:
    return VictimInput(
        name=name,
        postcode="ST5 1AB",
        contact_preference="post",
        address="3 Letter Lane\nNewcastle-under-Lyme",
    )


def _received(application: Application, day: date) -> None:
    Appeal.objects.filter(application=application).update(received=day)


def test_the_decision_is_due_in_the_offices_working_days() -> None:
    body = AppealsBody(decision_working_days=20)
    # 20 working days from Monday 14 December 2026 skip Christmas, Boxing Day (Monday 28th)
    # and New Year's Day: Thursday 14 January 2027.
    assert decision_due(Appeal(received=date(2026, 12, 14)), body) == date(2027, 1, 14)
    body.decision_working_days = 5
    assert decision_due(Appeal(received=date(2026, 12, 14)), body) == date(2026, 12, 21)
    assert decision_due(Appeal(received=date(2026, 12, 14)), None) == date(2027, 1, 14)
    # An office that has not set it (a row from before the setting existed): the default.
    unset = AppealsBody(decision_working_days=None)
    assert decision_due(Appeal(received=date(2026, 12, 14)), unset) == date(2027, 1, 14)


def test_the_office_home_page_is_its_caseload_overdue_first(
    client_for, django_assert_max_num_queries
) -> None:
    overdue = case_at("appealed", met=False, advocate=None)
    soon = case_at("appealed", met=False, advocate=None)
    later = case_at("appealed", met=False, advocate=None)
    decided = case_at("appealed", met=False, advocate=None)
    never = case_at("decided", met=False, advocate=None)
    _received(overdue, days_ago(60))
    _received(soon, days_ago(20))
    office = client_for(OFFICE)
    assert office.post(f"/applications/{decided.reference}/appeal/outcome", OUTCOME).status_code
    with django_assert_max_num_queries(14):
        page = office.get("/").content.decode()
    assert "No appeals have been made" not in page
    assert "Appeals waiting for a decision" in page
    order = [page.index(a.reference) for a in (overdue, soon, later)]
    assert order == sorted(order)
    assert decided.reference not in page and never.reference not in page
    assert "overdue" in page and "govuk-tag--red" in page
    due = decision_due(Appeal.objects.get(application=later), AppealsBody.objects.get())
    assert f"{due.day} {due:%B %Y}" in page
    assert AuditEntry.objects.filter(
        action="view", role="appeals", object_id=overdue.reference, purpose__contains="caseload"
    ).exists()
    # The office's setting moves every date due.
    AppealsBody.objects.update(decision_working_days=60)
    assert "overdue" not in office.get("/").content.decode().split("Decision due")[1]
    # The appeals list shows the date due too.
    assert f"{due.day} {due:%B %Y}" not in office.get("/appeals").content.decode()
    AppealsBody.objects.update(decision_working_days=20)
    assert f"{due.day} {due:%B %Y}" in office.get("/appeals").content.decode()


def test_an_office_with_nothing_to_decide_says_so(client_for) -> None:
    page = client_for(OFFICE).get("/").content.decode()
    assert "There are no appeals waiting for a decision" in page


def test_the_office_reads_every_letter_of_a_case_it_holds(
    client_for, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        held = case_at("appealed", met=False, advocate=None)
        other = case_at("decided", met=False, advocate=None)
    office = client_for(OFFICE)
    pack = office.get(f"/applications/{held.reference}/appeal/pack").content.decode()
    letter = held.letters.get()
    assert f'href="/letters/{letter.pk}"' in pack
    page = office.get(f"/letters/{letter.pk}")
    assert page.status_code == 200
    assert "Back to the appeal pack" in page.content.decode()
    pdf = office.get(f"/letters/{letter.pk}/pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert AuditEntry.objects.filter(
        action="view",
        role="appeals",
        object_type="letter",
        object_id=str(letter.pk),
        purpose__contains="appeal",
    ).exists()
    # Its own outcome letter too.
    with django_capture_on_commit_callbacks(execute=True):
        office.post(f"/applications/{held.reference}/appeal/outcome", OUTCOME)
    outcome = held.letters.get(kind="appeal_outcome")
    assert office.get(f"/letters/{outcome.pk}").status_code == 200
    # A case the office does not hold: as if it did not exist.
    unheld = other.letters.get()
    assert office.get(f"/letters/{unheld.pk}").status_code == 404
    assert office.get(f"/letters/{unheld.pk}/pdf").status_code == 404


@pytest.mark.parametrize("by", ["pso", "api", "applicant", "office"])
def test_the_office_is_emailed_whoever_records_an_appeal(
    by, client_for, api, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        application = case_at("decided", met=False, advocate=None)
    mail.outbox.clear()
    day = local_today()
    form = {
        "received_day": day.day,
        "received_month": day.month,
        "received_year": day.year,
        "grounds": ["threshold_wrongly_refused"],
        "details": "Ignored.",
    }
    path = f"/applications/{application.reference}/appeal"
    with django_capture_on_commit_callbacks(execute=True):
        if by == "pso":
            assert client_for("pso@nul.example").post(path, form).status_code == 302
        elif by == "api":
            body = {
                "received": day.isoformat(),
                "grounds": ["threshold_wrongly_refused"],
                "details": "Ignored.",
            }
            assert api("pso@nul.example")("post", path, body).status_code == 200
        elif by == "applicant":
            link = StatusLink.objects.create(
                application=application, token="t" * 43, email="robin@example.org"
            )
            answer = Client().post(
                f"/status/{link.token}/appeal",
                {"grounds": ["threshold_wrongly_refused"], "details": "Ignored."},
            )
            assert answer.status_code == 302
        else:
            office = client_for(OFFICE)
            office.post(
                "/appeals",
                {
                    "reference": application.reference,
                    "victim_surname": "Victim",
                    "victim_postcode": "ST5 1AB",
                },
            )
            assert office.post(path, form).status_code == 302
    notices = [m for m in mail.outbox if m.to == [OFFICE]]
    assert len(notices) == 1, [m.to for m in mail.outbox]
    (notice,) = notices
    due = decision_due(Appeal.objects.get(application=application), AppealsBody.objects.get())
    assert application.reference in notice.subject
    assert f"{due.day} {due:%B %Y}" in notice.body
    assert f"/applications/{application.reference}/appeal/pack" in notice.body
    who = {
        "pso": "the partnership's staff",
        "api": "the partnership's staff",
        "applicant": "the applicant, online",
        "office": "your office",
    }[by]
    assert who in notice.body
    for personal in ("Robin", "Victim", "ST5", "robin@example.org", "Ignored"):
        assert personal not in notice.subject + notice.body, personal


def test_the_offices_letters_are_its_own_to_post(
    client_for, django_capture_on_commit_callbacks
) -> None:
    AppealsBody.objects.update(website="https://pfcc.example")
    with django_capture_on_commit_callbacks(execute=True):
        application = case_at("appealed", met=False, advocate=None, victim=_posted_victim())
    office, pso = client_for(OFFICE), client_for("pso@nul.example")
    with django_capture_on_commit_callbacks(execute=True):
        office.post(f"/applications/{application.reference}/appeal/outcome", OUTCOME)
    outcome = application.letters.get(kind="appeal_outcome")
    assert outcome.delivery == "post"
    assert "https://pfcc.example" in outcome.html and "01785 000000" in outcome.html

    office_list = office.get("/letters/to-post").content.decode()
    assert f"/letters/{outcome.pk}" in office_list
    partnership_list = pso.get("/letters/to-post").content.decode()
    assert f"/letters/{outcome.pk}" not in partnership_list
    acknowledgement = application.letters.get(kind="acknowledgement")
    assert f"/letters/{acknowledgement.pk}" in partnership_list
    assert f"/letters/{acknowledgement.pk}" not in office_list

    # Each posts only its own.
    assert pso.post(f"/letters/{outcome.pk}/posted").status_code == 404
    assert office.post(f"/letters/{acknowledgement.pk}/posted").status_code == 404
    assert office.post(f"/letters/{outcome.pk}/posted").status_code == 302
    outcome.refresh_from_db()
    assert outcome.posted_at is not None
    assert AuditEntry.objects.filter(
        action="disclose", role="appeals", object_type="letter", object_id=str(outcome.pk)
    ).exists()
    assert f"/letters/{outcome.pk}" not in office.get("/letters/to-post").content.decode()


def test_an_emailed_outcome_letter_comes_from_the_office(
    client_for, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        application = case_at("appealed", met=False, advocate=None)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(OFFICE).post(f"/applications/{application.reference}/appeal/outcome", OUTCOME)
    (letter,) = [m for m in mail.outbox if m.to == ["robin@example.org"]]
    assert letter.reply_to == [OFFICE]
    assert "a letter from Staffordshire Commissioner's Office" in letter.body


def test_the_office_keeps_its_own_contact_details(client_for) -> None:
    office = client_for(OFFICE)
    page = office.get("/appeals/office")
    assert page.status_code == 200 and "Staffordshire Commissioner" in page.content.decode()
    bad = office.post(
        "/appeals/office",
        {"name": "", "email": "not an address", "decision_working_days": "0"},
    )
    assert bad.status_code == 400
    text = bad.content.decode()
    assert "govuk-error-summary" in text and "Enter the office&#39;s name" in text
    assert "Enter an email address in the correct format" in text
    assert "at least 1 working day" in text
    assert AppealsBody.objects.get().name == "Staffordshire Commissioner's Office"
    blank = office.post("/appeals/office", {"decision_working_days": ""}).content.decode()
    assert "Enter the working days allowed to decide an appeal" in blank
    saved = office.post(
        "/appeals/office",
        {
            "name": "Staffordshire Commissioner's Office",
            "address": "Block 9, Weston Road\nStafford ST18 0YY",
            "phone": "01785 232385",
            "email": "appeals@pfcc.example",
            "website": "https://staffordshire-pfcc.gov.uk",
            "decision_working_days": "15",
        },
    )
    assert saved.status_code == 302
    body = AppealsBody.objects.get()
    assert (body.phone, body.website, body.decision_working_days) == (
        "01785 232385",
        "https://staffordshire-pfcc.gov.uk",
        15,
    )
    assert AuditEntry.objects.filter(
        action="alter", role="appeals", object_type="appeals_body", object_id=str(body.pk)
    ).exists()
    assert client_for("pso@nul.example").get("/appeals/office").status_code == 403
    assert client_for("admin@nul.example").get("/appeals/office").status_code == 403


def _complaints(*agencies: str) -> list[ComplaintInput]:
    return [
        ComplaintInput(f"c{i}", days_ago(30 + i), days_ago(29 + i), agency)
        for i, agency in enumerate(agencies, start=1)
    ]


@pytest.mark.parametrize(
    ("complaints", "route", "not_route"),
    [
        (("police", "council", "police"), "Local Government and Social Care Ombudsman", "Housing"),
        (("police", "council", "housing"), "Housing Ombudsman", "Local Government"),
    ],
)
def test_an_appeal_not_upheld_names_the_next_route(
    complaints, route, not_route, client_for
) -> None:
    application = case_at("appealed", met=False, advocate=None, complaints=_complaints(*complaints))
    client_for(OFFICE).post(f"/applications/{application.reference}/appeal/outcome", OUTCOME)
    html = application.letters.get(kind="appeal_outcome").html
    assert route in html and not_route not in html
    assert "If you are still unhappy" in html


def test_a_housing_provider_asked_to_contribute_means_the_housing_ombudsman(
    client_for,
) -> None:
    application = case_at(
        "concluded", advocate=None, complaints=_complaints("police", "council", "police")
    )
    assert application.partner_requests.filter(agency__kind="housing").exists()
    case_at("appealed", application=application)
    client_for(OFFICE).post(f"/applications/{application.reference}/appeal/outcome", OUTCOME)
    html = Letter.objects.get(application=application, kind="appeal_outcome").html
    assert "Housing Ombudsman" in html


def test_an_upheld_appeal_names_no_ombudsman(client_for) -> None:
    application = case_at("appealed", met=False, advocate=None)
    client_for(OFFICE).post(
        f"/applications/{application.reference}/appeal/outcome",
        {"upheld": "yes", "findings": "Not properly handled."},
    )
    html = application.letters.get(kind="appeal_outcome").html
    assert "Ombudsman" not in html
