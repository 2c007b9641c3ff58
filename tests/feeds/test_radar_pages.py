"""The radar page, a person's page, telling them about the case review (with the letter in
the register), starting a request from their reports, and the agencies' reports offered on a
request's complaints: permissions, filters, paging, audit with purpose and query counts."""

import io
from datetime import timedelta

import pytest
from builders import case_at
from pypdf import PdfReader

from casereview.applications.intake import VictimInput
from casereview.applications.models import Application, Letter, LetterKind
from casereview.core.dates import local_today
from casereview.core.models import AuditEntry
from casereview.feeds.models import RadarContact, RadarStage, Report
from casereview.feeds.radar.projection import refresh_radar
from tests.feeds.radar_builders import person, report

COORDINATOR = "pso@nul.example"
CHAIR = "chair@nul.example"


def _second(name: str = "Alex", surname: str = "Second", **fields):  # type: ignore[no-untyped-def]
    who = person()
    report(who, "police", days_ago=40, first_name=name, surname=surname, **fields)
    report(who, "council", days_ago=20, first_name=name, surname=surname, **fields)
    return who


def _threshold(surname: str = "Threshold"):  # type: ignore[no-untyped-def]
    who = person()
    for days, agency in ((60, "police"), (30, "council"), (5, "housing")):
        report(who, agency, days_ago=days, first_name="Jo", surname=surname)
    return who


@pytest.mark.parametrize("email", [COORDINATOR, CHAIR])
def test_coordinator_and_chair_see_the_radar_threshold_first(demo, client_for, email):
    second = _second()
    threshold = _threshold()
    page = client_for(email).get("/radar")
    assert page.status_code == 200
    html = page.content.decode()
    assert html.index(threshold.public_id) < html.index(second.public_id)
    assert "Threshold met" in html and "Second report" in html


@pytest.mark.parametrize(
    "email", ["police@nul.example", "council@nul.example", "intake@nul.example"]
)
def test_partner_officers_and_intake_may_not_see_the_radar_or_a_person(demo, client_for, email):
    who = _second()
    client = client_for(email)
    assert client.get("/radar").status_code == 403
    assert client.get(f"/radar/people/{who.public_id}").status_code in (403, 404)


def test_another_partnerships_person_is_a_404(demo, client_for):
    theirs = person("stafford")
    report(theirs, "police", days_ago=30)
    report(theirs, "council", days_ago=5)
    client = client_for(COORDINATOR)
    assert client.get(f"/radar/people/{theirs.public_id}").status_code == 404
    assert client.get(f"/radar/people/{theirs.public_id}/contact").status_code == 404
    assert client.post(f"/radar/people/{theirs.public_id}/request").status_code == 404


def test_filters_by_stage_agency_and_not_yet_told(demo, client_for):
    second = _second(surname="Filtered")
    threshold = _threshold()
    housing_only = person()
    report(housing_only, "housing", days_ago=30)
    report(housing_only, "housing", days_ago=3)
    client = client_for(COORDINATOR)
    html = client.get("/radar?stage=second_report").content.decode()
    assert second.public_id in html and threshold.public_id not in html
    html = client.get("/radar?agency=housing").content.decode()
    assert housing_only.public_id in html and threshold.public_id in html
    assert second.public_id not in html
    RadarContact.objects.create(
        partnership_id=second.partnership_id,
        person=second,
        method="phone",
        contacted_on=local_today(),
        stage=RadarStage.SECOND_REPORT,
        by_id=client.session["_auth_user_id"],
    )
    html = client.get("/radar?not_contacted=on").content.decode()
    assert second.public_id not in html and threshold.public_id in html


def test_the_radar_pages_fifty_people_at_a_time(demo, client_for):
    people = [_second(surname=f"Paged{n}") for n in range(52)]
    client = client_for(COORDINATOR)
    first = client.get("/radar").content.decode()
    second = client.get("/radar?page=2").content.decode()
    assert "52 people, page 1 of 2" in first
    assert sum(p.public_id in first for p in people) == 50
    assert sum(p.public_id in second for p in people) == 2


def test_every_person_shown_is_audited_with_the_purpose(demo, client_for):
    who = _second()
    client_for(COORDINATOR).get("/radar")
    entry = AuditEntry.objects.get(object_type="radar_person", object_id=who.public_id)
    assert entry.action == "view"
    assert "explain or offer a case review" in entry.purpose
    client_for(CHAIR).get(f"/radar/people/{who.public_id}")
    assert AuditEntry.objects.filter(
        object_type="radar_person", object_id=who.public_id, purpose__contains="a person's reports"
    ).exists()


def test_radar_and_person_pages_use_a_bounded_number_of_queries(
    demo, client_for, django_assert_max_num_queries
):
    for n in range(30):
        _second(surname=f"Counted{n}")
    who = _threshold()
    client = client_for(COORDINATOR)
    client.get("/radar")  # warm the session and the policy
    with django_assert_max_num_queries(20):
        assert client.get("/radar").status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(f"/radar/people/{who.public_id}").status_code == 200


def test_the_person_page_says_why_each_report_does_not_count(demo, client_for):
    who = _second()
    report(who, "housing", days_ago=15, late_by=60)
    report(who, "police", days_ago=10, status="withdrawn")
    html = client_for(CHAIR).get(f"/radar/people/{who.public_id}").content.decode()
    assert "reported more than a month after the behaviour" in html
    assert "withdrawn" in html
    # The Chair sees the radar; only the coordinator acts on it.
    assert "Record that they were told" not in html


def _contact(client, who, **data):  # type: ignore[no-untyped-def]
    day = data.pop("on", local_today())
    return client.post(
        f"/radar/people/{who.public_id}/contact",
        {
            "method": "letter",
            "contacted_on_day": day.day,
            "contacted_on_month": day.month,
            "contacted_on_year": day.year,
            **data,
        },
    )


def test_a_contact_is_recorded_at_the_stage_and_the_person_is_listed_again_at_the_threshold(
    demo, client_for
):
    who = _second()
    client = client_for(COORDINATOR)
    assert _contact(client, who).status_code == 302
    contact = RadarContact.objects.get(person=who)
    assert contact.stage == RadarStage.SECOND_REPORT and contact.by.email == COORDINATOR
    html = client.get("/radar?not_contacted=on").content.decode()
    assert who.public_id not in html
    report(who, "housing", days_ago=2, first_name="Alex", surname="Second")
    refresh_radar(who.partnership_id, [who.pk])  # as the link after the import does
    html = client.get("/radar?not_contacted=on").content.decode()
    assert who.public_id in html
    assert "Told of the second report on" in html
    assert AuditEntry.objects.filter(object_type="radar_contact", object_id=who.public_id).exists()


def test_a_contact_in_the_future_or_without_a_method_is_refused_on_the_form(demo, client_for):
    who = _second()
    client = client_for(COORDINATOR)
    page = _contact(client, who, on=local_today() + timedelta(days=1), method="")
    assert page.status_code == 400
    html = page.content.decode()
    assert "There is a problem" in html
    assert "must be today or in the past" in html and "Select how the person was told" in html
    assert not RadarContact.objects.exists()


def test_the_explanation_letter_is_a_tagged_pdf_in_the_register_and_on_the_post_list(
    demo, client_for, django_capture_on_commit_callbacks
):
    who = _threshold(surname="Lettered")
    client = client_for(COORDINATOR)
    with django_capture_on_commit_callbacks(execute=True):
        assert _contact(client, who, send_letter="on", large_print="on").status_code == 302
    letter = Letter.objects.get(kind=LetterKind.RADAR_EXPLANATION)
    assert letter.application is None and letter.subject == who.public_id
    assert letter.large_print and letter.delivery == "post"
    assert letter.filename == f"{who.public_id}-radar_explanation.pdf"
    reader = PdfReader(io.BytesIO(bytes(letter.pdf)))
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "en-GB" and "/StructTreeRoot" in catalog
    assert b'pdfuaid:part="1"' in catalog["/Metadata"].get_object().get_data()
    text = "".join(page.extract_text() for page in reader.pages)
    assert "case review" in text and who.public_id in text
    assert letter.pk in [
        int(x)
        for x in AuditEntry.objects.filter(object_type="letter").values_list("object_id", flat=True)
    ]
    to_post = client.get("/letters/to-post")
    assert to_post.status_code == 200 and who.public_id in to_post.content.decode()
    assert client.get(f"/letters/{letter.pk}").status_code == 200
    assert (
        client.get(f"/radar/people/{who.public_id}")
        .content.decode()
        .count("Case review explanation")
        == 1
    )
    # Another partnership's coordinator cannot open it.
    assert client_for("pso@sta.example").get(f"/letters/{letter.pk}").status_code == 404


def test_start_a_request_fills_the_staff_journey_and_recording_marks_the_complaints(
    demo, client_for
):
    who = _threshold(surname="Drafted")
    client = client_for(COORDINATOR)
    answer = client.post(f"/radar/people/{who.public_id}/request")
    assert answer.status_code == 302 and answer["Location"].endswith("/applications/new/received")
    assert not Application.objects.filter(victim_name="Jo Drafted").exists()
    today = local_today()
    steps = {
        "received": {
            "channel": "phone",
            "received_day": today.day,
            "received_month": today.month,
            "received_year": today.year,
        },
        "applicant": {"applicant_type": "individual"},
        "contact": {"contact_preference": "post"},
        "advocate": {"has_advocate": "no"},
        "description": {"description": "Noise every night", "impact": ""},
        "consent": {"consent_to_share": "True"},
    }
    victim = client.get("/applications/new/victim").content.decode()
    assert "Jo Drafted" in victim  # prefilled from the latest report
    for step, data in steps.items():
        assert client.post(f"/applications/new/{step}", data).status_code == 302, step
    check = client.get("/applications/new/check")
    assert check.status_code == 200
    assert client.post("/applications/new/check").status_code == 302
    application = Application.objects.get(victim_name="Jo Drafted")
    complaints = list(application.complaints.order_by("key"))
    assert len(complaints) == 3 and all(c.from_agency_records for c in complaints)
    assert {c.reference for c in complaints} == set(
        who.reports.values_list("agency_reference", flat=True)
    )
    assert all(application in r.applications.all() for r in who.reports.all())
    assert AuditEntry.objects.filter(
        object_type="radar_person", object_id=who.public_id, action="combine"
    ).exists()
    html = client.get("/radar").content.decode()
    assert application.reference in html


def test_a_request_is_offered_the_agencies_reports_that_match_its_victim(demo, client_for):
    application = case_at(
        "received",
        victim=VictimInput(
            name="Morgan Match", postcode="ST5 9ZZ", contact_preference="post", address="1 Lane"
        ),
        advocate=None,
    )
    who = person()
    matching = report(
        who, "police", days_ago=20, first_name="morgan", surname="MATCH", postcode="ST5 9ZZ"
    )
    linked = report(who, "housing", days_ago=10, first_name="Mo", surname="Match", postcode="")
    stranger = report(
        person(), "council", days_ago=5, first_name="Morgan", surname="Match", postcode="ST1 1AA"
    )
    client = client_for(COORDINATOR)
    case_page = client.get(f"/applications/{application.reference}").content.decode()
    assert "2 reports the partner agencies hold match this victim" in case_page
    page = client.get(f"/applications/{application.reference}/agency-reports")
    html = page.content.decode()
    assert matching.agency_reference in html and linked.agency_reference in html
    assert stranger.agency_reference not in html
    refused = client.post(f"/applications/{application.reference}/agency-reports", {})
    assert refused.status_code == 400 and "Select at least one report" in refused.content.decode()
    added = client.post(
        f"/applications/{application.reference}/agency-reports", {"reports": [str(matching.pk)]}
    )
    assert added.status_code == 302
    complaint = application.complaints.get(reference=matching.agency_reference)
    assert complaint.from_agency_records and complaint.agency.slug == "police"
    assert Report.objects.get(pk=matching.pk).applications.filter(pk=application.pk).exists()
    assert AuditEntry.objects.filter(
        object_type="application", object_id=application.reference, action="combine"
    ).exists()
    assert AuditEntry.objects.filter(
        object_type="report", object_id=str(matching.pk), purpose__contains="matching"
    ).exists()
    again = client.get(f"/applications/{application.reference}/agency-reports").content.decode()
    assert matching.agency_reference not in again


def test_the_privacy_page_is_for_all_the_partnerships_staff(demo, client_for):
    for email in (COORDINATOR, CHAIR, "police@nul.example", "intake@nul.example"):
        page = client_for(email).get("/radar/about")
        assert page.status_code == 200
        assert "Public task" in page.content.decode()
    assert client_for("appeals@pfcc.example").get("/radar/about").status_code == 403
