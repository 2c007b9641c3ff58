"""Lists answer what a list shows, from a projection: never every complaint of every row."""

from datetime import timedelta

from builders import ComplaintInput, days_ago
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casereview.core.dates import local_today
from casereview.core.models import AuditEntry


def _complaints(n: int) -> list[ComplaintInput]:
    return [ComplaintInput(f"c{i}", days_ago(50 + i), days_ago(49 + i), "police") for i in range(n)]


def test_the_api_list_gives_each_application_as_a_list_shows_it(api, recorded) -> None:
    late = recorded(received=days_ago(40), complaints=_complaints(3))
    fresh = recorded(complaints=_complaints(7))
    listing = api("chair@nul.example")("get", "/applications").json()
    assert listing["count"] == 2
    first, second = listing["items"]
    assert first == {
        "reference": fresh.reference,
        "partnership": "newcastle-under-lyme",
        "status": "received",
        "received": local_today().isoformat(),
        "victim_name": "Robin Victim",
        "deadlines": {
            "acknowledgement_due": fresh.acknowledgement_due.isoformat(),
            "conclusion_due": fresh.conclusion_due.isoformat(),
        },
        "next_deadline": {
            "deadline": "acknowledgement",
            "due": fresh.acknowledgement_due.isoformat(),
            "overdue": False,
        },
        "complaints": 7,
        "harm_level": None,
        "possible_duplicate": True,  # the same victim as the other one, both open
    }
    assert second["reference"] == late.reference and second["complaints"] == 3
    assert second["next_deadline"]["overdue"] is (late.acknowledgement_due < local_today())
    # The victim's name is personal data: each application listed is a read, audited.
    assert (
        AuditEntry.objects.filter(
            action="view", object_id__in=[late.reference, fresh.reference]
        ).count()
        >= 2
    )


def test_the_api_list_does_not_load_complaints_and_costs_the_same_however_many(
    api, recorded
) -> None:
    chair = api("chair@nul.example")
    recorded(complaints=_complaints(1))
    chair("get", "/applications")  # warm
    with CaptureQueriesContext(connection) as few:
        chair("get", "/applications")
    for n in (5, 20, 40):
        recorded(received=local_today() - timedelta(days=n), complaints=_complaints(n))
    with CaptureQueriesContext(connection) as many:
        listing = chair("get", "/applications").json()
    assert [a["complaints"] for a in listing["items"]] == [1, 5, 20, 40]
    assert len(many.captured_queries) == len(few.captured_queries)
    # Complaints are only counted (a subquery), never read.
    assert not [
        q["sql"]
        for q in many.captured_queries
        if q["sql"].startswith('SELECT "applications_complaint"')
    ]


def test_one_application_and_the_statistics_cost_the_same_however_big_the_case(
    api, recorded
) -> None:
    chair = api("chair@nul.example")
    small = recorded(complaints=_complaints(1))
    big = recorded(received=days_ago(3), complaints=_complaints(40))

    def statements(path: str) -> int:
        chair("get", path)  # warm
        with CaptureQueriesContext(connection) as ctx:
            assert chair("get", path).status_code == 200
        return len(ctx.captured_queries)

    assert statements(f"/applications/{small.reference}") == statements(
        f"/applications/{big.reference}"
    )
    one_year = statements("/statistics")
    for n in range(3):
        recorded(received=days_ago(5 + n), complaints=_complaints(2))
    assert statements("/statistics") == one_year
