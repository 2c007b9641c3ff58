"""Recording a request through the question pages, as a PSO on the phone would."""

from datetime import date, timedelta

import pytest
from builders import days_ago
from django.test import Client

from casereview.applications.models import Application
from casereview.core.dates import local_today
from casereview.core.models import AuditEntry


def _date(prefix: str, d: date) -> dict[str, str]:
    return {
        f"{prefix}_day": str(d.day),
        f"{prefix}_month": str(d.month),
        f"{prefix}_year": str(d.year),
    }


ANSWERS = {
    "received": {"channel": "phone", **_date("received", local_today())},
    "applicant": {"applicant_type": "individual"},
    "victim": {
        "victim_name": "Robin Victim",
        "victim_address": "2 Test Road",
        "victim_postcode": "st5 1ab",
        "victim_email": "robin@example.org",
        "victim_phone": "",
    },
    "contact": {"contact_preference": "email", "other_support_needs": ""},
    "advocate": {
        "has_advocate": "yes",
        "advocate_name": "Ada Advocate",
        "advocate_email": "ada@example.org",
        "advocate_victim_consent": "on",
    },
    "description": {"description": "Stones thrown at the windows.", "impact": "Frightened."},
    "consent": {"consent_to_share": "True"},
}


def _answer_all(client: Client) -> None:
    assert client.post("/applications/new").status_code == 302
    for step, data in ANSWERS.items():
        response = client.post(f"/applications/new/{step}", data)
        assert response.status_code == 302, (step, response.content.decode()[:2000])


def _add_complaint(
    client: Client, behaviour: date, reported: date, agency: str, **extra: str
) -> None:
    data = {
        **_date("behaviour_date", behaviour),
        **_date("reported_date", reported),
        "agency": agency,
    }
    data.update(extra)
    response = client.post("/applications/new/complaints/add", data)
    assert response.status_code == 302, response.content.decode()[:3000]


def test_a_request_by_phone_is_checked_then_recorded(client_for) -> None:
    pso = client_for("pso@nul.example")
    _answer_all(pso)
    _add_complaint(pso, days_ago(60), days_ago(59), "police", reference="SP-1")
    _add_complaint(pso, days_ago(100), days_ago(50), "council")
    _add_complaint(pso, days_ago(20), days_ago(20), "police")
    _add_complaint(pso, days_ago(20), days_ago(19), "housing")
    page = pso.get("/applications/new/complaints").content.decode()
    assert "Possibly the same incident" in page and "c3 and c4" in page
    # Say c4 is the same incident as c3.
    c4 = {**_date("behaviour_date", days_ago(20)), **_date("reported_date", days_ago(19))}
    response = pso.post(
        "/applications/new/complaints/c4/change",
        {**c4, "agency": "housing", "same_incident_as": "c3"},
    )
    assert response.status_code == 302
    check = pso.get("/applications/new/check").content.decode()
    assert "Possibly the same incident" not in check
    assert "Recommendation: threshold not met" in check
    assert "ST5 1AB" in check
    assert not Application.objects.exists()  # nothing saved before confirming
    response = pso.post("/applications/new/check")
    application = Application.objects.get()
    assert response["Location"] == f"/applications/{application.reference}"
    assert application.complaints.get(key="c4").same_incident_as == "c3"
    detail = pso.get(response["Location"]).content.decode()
    assert "reported more than a month after the behaviour" in detail
    assert "Does not count separately" in detail
    assert AuditEntry.objects.filter(action="view", object_id=application.reference).exists()
    # The draft is gone: a second confirmation records nothing more.
    pso.post("/applications/new/check")
    assert Application.objects.count() == 1


def test_a_second_request_for_the_same_victim_is_flagged(client_for, recorded) -> None:
    existing = recorded()
    pso = client_for("pso@nul.example")
    _answer_all(pso)
    check = pso.get("/applications/new/check").content.decode()
    assert "already an open application" in check and existing.reference in check


@pytest.mark.parametrize(
    ("step", "data", "message"),
    [
        (
            "received",
            {"channel": "phone", **_date("received", local_today() + timedelta(days=1))},
            "Date received must be today or in the past",
        ),
        (
            "received",
            {
                "channel": "phone",
                "received_day": "31",
                "received_month": "2",
                "received_year": "2026",
            },
            "Date received must be a real date",
        ),
        (
            "received",
            {"channel": "", **_date("received", local_today())},
            "Select how the request was made",
        ),
        (
            "victim",
            {"victim_name": "", "victim_postcode": "ST5 1AB"},
            "Enter the victim&#39;s full name",
        ),
        ("victim", {"victim_name": "R", "victim_postcode": "nowhere"}, "Enter a real postcode"),
        ("advocate", {"has_advocate": "yes", "advocate_name": "Ada"}, "The victim must consent"),
        ("consent", {}, "Select whether the victim agrees to their information being shared"),
    ],
)
def test_each_question_names_the_problem(client_for, step, data, message) -> None:
    pso = client_for("pso@nul.example")
    response = pso.post(f"/applications/new/{step}", data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "There is a problem" in body and message in body
    assert not Application.objects.exists()


def test_a_complaint_reported_before_the_behaviour_is_refused(client_for) -> None:
    pso = client_for("pso@nul.example")
    _answer_all(pso)
    data = {
        **_date("behaviour_date", days_ago(3)),
        **_date("reported_date", days_ago(5)),
        "agency": "police",
    }
    response = pso.post("/applications/new/complaints/add", data)
    assert response.status_code == 400
    assert "must be on or after the date of the behaviour" in response.content.decode()
    assert 'href="#id_reported_date_day"' in response.content.decode()


def test_complaints_change_on_the_application_until_the_decision(client_for, recorded) -> None:
    application = recorded()
    pso = client_for("pso@nul.example")
    data = {
        **_date("behaviour_date", days_ago(4)),
        **_date("reported_date", days_ago(4)),
        "agency": "council",
    }
    assert (
        pso.post(f"/applications/{application.reference}/complaints/add", data).status_code == 302
    )
    assert application.complaints.count() == 5
    page = pso.get(f"/applications/{application.reference}").content.decode()
    assert "Recommendation: threshold met" in page
    assert (
        pso.post(f"/applications/{application.reference}/complaints/c5/remove").status_code == 302
    )
    assert application.complaints.count() == 4
    assert AuditEntry.objects.filter(action="alter", object_id=application.reference).count() == 2


def test_the_chair_decides_on_the_page(
    client_for, recorded, django_capture_on_commit_callbacks
) -> None:
    application = recorded()
    chair = client_for("chair@nul.example")
    form = chair.get(f"/applications/{application.reference}/decision").content.decode()
    assert "Recommendation: threshold not met" in form
    response = chair.post(
        f"/applications/{application.reference}/decision", {"threshold_met": "yes"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    # Met below the complaint count: a reason against each s.104(5) factor (docs/harm.md).
    assert "Explain how you weighed the persistence of the behaviour" in body
    assert "Enter the date the review" in body
    review = application.received + timedelta(days=14)
    # The PDF is made by a task queued on commit, which the test backend runs at once.
    with django_capture_on_commit_callbacks(execute=True):
        response = chair.post(
            f"/applications/{application.reference}/decision",
            {
                "threshold_met": "yes",
                "rationale": "Escalating harm.",
                "reason_persistence": "Every weekend since the spring.",
                "reason_harm": "The victim no longer sleeps.",
                "reason_response": "Nothing has changed.",
                **_date("review_date", review),
            },
        )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "threshold_met"
    letter = application.letters.get()
    preview = chair.get(f"/letters/{letter.pk}").content.decode()
    assert "Escalating harm." in preview
    pdf = chair.get(f"/letters/{letter.pk}/pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    again = chair.get(f"/applications/{application.reference}/decision")
    assert again.status_code == 302


def test_only_the_chair_decides_and_intake_sees_only_their_own(client_for, recorded) -> None:
    mine = recorded(by="intake@nul.example")
    theirs = recorded()
    assert (
        client_for("pso@nul.example").get(f"/applications/{mine.reference}/decision").status_code
        == 403
    )
    intake = client_for("intake@nul.example")
    assert intake.get(f"/applications/{mine.reference}").status_code == 200
    assert intake.get(f"/applications/{theirs.reference}").status_code == 404
    # A partner agency not asked to contribute finds nothing.
    police = client_for("police@nul.example")
    assert police.get(f"/applications/{mine.reference}", follow=True).status_code == 404


def test_home_lists_open_applications_by_nearest_deadline(
    client_for, recorded, django_assert_max_num_queries
) -> None:
    older = recorded(received=days_ago(10))
    newer = recorded(received=days_ago(1))
    pso = client_for("pso@nul.example")
    with django_assert_max_num_queries(14):
        page = pso.get("/").content.decode()
    assert page.index(older.reference) < page.index(newer.reference)
    assert "overdue" in page


def test_application_page_query_count_is_small(
    client_for, recorded, django_assert_max_num_queries
) -> None:
    application = recorded()
    pso = client_for("pso@nul.example")
    # Sign-in and session (4), the application with its prefetched parts (12), the
    # duplicate check and policy (2), the read audit (3), the harm assessments (1), the people
    # named on the case (1).
    with django_assert_max_num_queries(23):
        assert pso.get(f"/applications/{application.reference}").status_code == 200
