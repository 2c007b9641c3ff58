"""The case's contact log: the single point of contact logs every contact with the applicant
(when, how, who, what was said); staff who may see the case add and read entries; each entry is
audited, exported on subject access and blanked when the case is erased."""

import io
import json
import re
import zipfile
from datetime import date, timedelta

import pytest
from builders import case_at
from django.urls import reverse

from casereview.applications.contacts import ContactInput, contact_add
from casereview.applications.models import ContactEntry
from casereview.core.dates import local_today
from casereview.core.errors import InvalidInput, NotAllowedNow
from casereview.core.models import AuditEntry
from casereview.dataprotection.retention import Due, application_erase

pytestmark = pytest.mark.django_db


def _form(day: date, **overrides: str) -> dict[str, object]:
    return {
        "contacted_on_day": day.day,
        "contacted_on_month": day.month,
        "contacted_on_year": day.year,
        "contacted_at": "10:15",
        "direction": "to_us",
        "method": "phone",
        "summary": "Rang to ask when the meeting is.\nTold them the date.",
        **overrides,
    }


def test_the_coordinator_logs_a_call_and_the_case_page_shows_it(demo, client_for) -> None:
    application = case_at("decided")
    pso = client_for("pso@nul.example")
    path = reverse("casework:contact_new", args=[application.reference])
    assert pso.get(path).status_code == 200
    response = pso.post(path, _form(local_today() - timedelta(days=1)))
    assert response.status_code == 302
    assert response["Location"].endswith(f"/applications/{application.reference}#contact-log")
    entry = ContactEntry.objects.get(application=application)
    assert (entry.method, entry.direction, entry.contacted_at.hour) == ("phone", "to_us", 10)
    audit = AuditEntry.objects.get(
        action="collect",
        object_id=application.reference,
        purpose__contains="contact with the applicant",
    )
    assert audit.actor_label == "pso@nul.example"
    assert "Rang to ask" not in audit.purpose  # what was said stays out of the log
    page = pso.get(reverse("casework:detail", args=[application.reference])).content.decode()
    assert "Rang to ask when the meeting is.<br>Told them the date." in page
    assert "They contacted us" in page and "Priya Sharma" in page
    # The Chair of the same partnership reads it too.
    chair_page = client_for("chair@nul.example").get(
        reverse("casework:detail", args=[application.reference])
    )
    assert "Rang to ask" in chair_page.content.decode()


def test_bad_input_is_named_and_nothing_is_saved(demo, client_for) -> None:
    application = case_at("received")
    path = reverse("casework:contact_new", args=[application.reference])
    tomorrow = local_today() + timedelta(days=1)
    response = client_for("pso@nul.example").post(
        path, _form(tomorrow, contacted_at="25:99", method="", summary="")
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in page
    for anchor, message in (
        ("#id_contacted_on_day", "must be today or in the past"),
        ("#id_contacted_at", "Enter the time like 14:30"),
        ("#id_method", "Select how the contact was made"),
        ("#id_summary", "Enter what was said"),
    ):
        assert f'href="{anchor}' in page and message in page
    assert not ContactEntry.objects.exists()


def test_only_staff_who_may_see_the_case_reach_its_log(demo, client_for, membership) -> None:
    application = case_at("received")
    path = reverse("casework:contact_new", args=[application.reference])
    # Another partnership's Chair: the case does not exist for them.
    assert client_for("chair@sta.example").get(path).status_code == 404
    # A partner agency's officer does not run cases.
    assert client_for("police@nul.example").get(path).status_code == 403
    # Intake who recorded it may log a contact; intake sees only what they recorded.
    theirs = case_at("received", by="intake@nul.example")
    intake = client_for("intake@nul.example")
    assert intake.get(path).status_code == 404
    theirs_path = reverse("casework:contact_new", args=[theirs.reference])
    assert intake.post(theirs_path, _form(local_today() - timedelta(days=1))).status_code == 302
    with pytest.raises(NotAllowedNow):
        contact_add(
            membership=membership("chair@sta.example"),
            application=application,
            data=ContactInput(local_today(), None, "email", "from_us", "Hello"),
        )
    assert ContactEntry.objects.filter(application=application).count() == 0


def test_the_service_refuses_a_future_time_today(demo, membership) -> None:
    application = case_at("received")
    with pytest.raises(InvalidInput) as refused:
        contact_add(
            membership=membership("pso@nul.example"),
            application=application,
            data=ContactInput(local_today(), None, "fax", "sideways", " "),
        )
    assert {e.field for e in refused.value.errors} == {"method", "direction", "summary"}


def test_subject_access_exports_the_log_and_erasure_blanks_what_was_said(
    demo, client_for, membership
) -> None:
    application = case_at("received")
    entry = contact_add(
        membership=membership("pso@nul.example"),
        application=application,
        data=ContactInput(local_today(), None, "letter", "from_us", "Sent the leaflet on support."),
    )
    dpo = client_for("dpo@nul.example")
    today = local_today()
    asked = dpo.post(
        "/subject-access",
        {
            "requester": application.victim_name,
            "reply_to": "them@example.org",
            "received_day": today.day,
            "received_month": today.month,
            "received_year": today.year,
            "name": application.victim_name,
            "postcode": application.victim_postcode,
        },
    )
    path = asked["Location"]
    page = dpo.get(path).content.decode()
    assert f'value="contact-{entry.pk}"' in page
    export = dpo.post(
        path + "/export", {"shown": re.findall(r'name="shown" value="([^"]+)"', page)}
    )
    data = json.loads(zipfile.ZipFile(io.BytesIO(export.content)).read("data.json"))
    [log] = [
        a["contact_log"] for a in data["applications"] if a["reference"] == application.reference
    ]
    assert log[0]["what_was_said"] == "Sent the leaflet on support." and log[0]["how"] == "Letter"

    application_erase(application, Due(application, today, today))
    entry.refresh_from_db()
    assert entry.summary == "" and entry.method == "letter" and entry.contacted_on == today
    erased = (
        client_for("pso@nul.example")
        .get(reverse("casework:detail", args=[application.reference]))
        .content.decode()
    )
    assert "Sent the leaflet" not in erased and "Log a contact" not in erased


def test_the_log_costs_the_case_page_one_query(
    demo, client_for, django_assert_max_num_queries
) -> None:
    application = case_at("decided")
    pso = client_for("pso@nul.example")
    for _ in range(3):
        pso.post(
            reverse("casework:contact_new", args=[application.reference]),
            _form(local_today() - timedelta(days=1)),
        )
    with django_assert_max_num_queries(18):
        pso.get(reverse("casework:detail", args=[application.reference]))
    with django_assert_max_num_queries(12):
        pso.get(reverse("casework:contact_new", args=[application.reference]))
