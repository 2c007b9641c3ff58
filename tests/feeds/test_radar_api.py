"""GET /api/v1/radar exactly as FEEDS.md §3: the shape, 100 to a page, ?stage=, coordinator
and Chair only, and each person answered audited with the purpose."""

from datetime import timedelta

import pytest

from casereview.accounts.models import User
from casereview.core.dates import local_today
from casereview.core.models import AuditEntry
from casereview.feeds.models import RadarContact, RadarStage
from tests.feeds.radar_builders import person, report

COORDINATOR = "pso@nul.example"


def _second(surname: str = "Api"):  # type: ignore[no-untyped-def]
    who = person()
    report(who, "police", days_ago=40, first_name="Sam", surname=surname)
    report(who, "council", days_ago=20, first_name="Sam", surname=surname)
    return who


def test_the_radar_answers_each_person_with_their_reports(demo, api):
    who = _second()
    late = report(who, "housing", days_ago=10, late_by=50, first_name="Sam", surname="Api")
    threshold = person()
    for days, agency in ((60, "police"), (30, "council"), (5, "housing")):
        report(threshold, agency, days_ago=days, first_name="Jo", surname="Met")
    RadarContact.objects.create(
        partnership_id=who.partnership_id,
        person=who,
        method="phone",
        contacted_on=local_today() - timedelta(days=1),
        stage=RadarStage.SECOND_REPORT,
        by=User.objects.get(email="pso@nul.example"),
    )
    answer = api(COORDINATOR)("get", "/radar")
    assert answer.status_code == 200
    body = answer.json()
    assert body["count"] == 2
    assert [item["person"] for item in body["items"]] == [threshold.public_id, who.public_id]
    item = body["items"][1]
    assert set(item) == {
        "person",
        "name",
        "stage",
        "qualifying_reports",
        "reports",
        "contacted_on",
        "application",
    }
    assert item["name"] == "Sam Api" and item["stage"] == "second_report"
    assert item["qualifying_reports"] == 2
    assert item["contacted_on"] == (local_today() - timedelta(days=1)).isoformat()
    assert item["application"] is None
    late_item = next(r for r in item["reports"] if r["agency_reference"] == late.agency_reference)
    assert late_item == {
        "agency": "housing",
        "agency_reference": late.agency_reference,
        "reported_on": late.reported_on.isoformat(),
        "behaviour_on": late.behaviour_on.isoformat(),
        "qualifies": False,
    }
    assert body["items"][0]["stage"] == "threshold_met"
    assert body["items"][0]["contacted_on"] is None
    assert AuditEntry.objects.filter(
        object_type="radar_person", object_id=who.public_id, purpose__contains="(API)"
    ).exists()


def test_stage_filters_and_a_bad_stage_is_refused(demo, api):
    _second()
    call = api(COORDINATOR)
    assert call("get", "/radar?stage=threshold_met").json() == {"count": 0, "items": []}
    assert call("get", "/radar?stage=second_report").json()["count"] == 1
    refused = call("get", "/radar?stage=everyone")
    assert refused.status_code == 422
    assert refused["Content-Type"].startswith("application/problem+json")


def test_a_hundred_to_a_page(demo, api):
    for n in range(101):
        _second(surname=f"Paged{n}")
    call = api(COORDINATOR)
    first, second = call("get", "/radar").json(), call("get", "/radar?page=2").json()
    assert first["count"] == second["count"] == 101
    assert len(first["items"]) == 100 and len(second["items"]) == 1
    assert call("get", "/radar?page=3").json()["items"] == []
    assert call("get", "/radar?page=0").status_code == 422


@pytest.mark.parametrize("email", ["police@nul.example", "intake@nul.example"])
def test_only_the_coordinator_and_the_chair(demo, api, email):
    _second()
    assert api("chair@nul.example")("get", "/radar").status_code == 200
    answer = api(email)("get", "/radar")
    assert answer.status_code == 403


def test_another_partnership_sees_only_its_own_radar(demo, api):
    _second()
    assert api("pso@sta.example")("get", "/radar").json() == {"count": 0, "items": []}
