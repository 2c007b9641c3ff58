"""The publication figures agree wherever they are shown: API, page, CSV, JSON, public page."""

import csv
import io

import pytest
from builders import case_at
from django.test import Client

from casereview.appeals.services import appeal_decide
from casereview.core.dates import local_today
from casereview.publication.figures import financial_year, months_between
from casereview.reviews.services.withdrawal import application_withdraw

EXPECTED = {
    "applications": 5,
    "threshold_not_met": 1,
    "reviews_carried_out": 1,
    "reviews_with_recommendations": 1,
    "withdrawn": 1,
    "pending": 3,  # the upheld not-met appeal waits for the Chair
    "appeals": 1,
    "appeals_upheld": 1,
    "concluded_within_deadline": 1,
}


@pytest.fixture
def caseload(recorded, membership):
    """Five Newcastle applications, one of each fate, and one in Stafford (not counted)."""
    pso, appeals = membership("pso@nul.example"), membership("appeals@pfcc.example")
    recorded()  # undecided: pending
    not_met = case_at("appealed", met=False)
    appeal_decide(
        membership=appeals,
        application=not_met,
        upheld=True,
        findings="Missed.",
        recommendations=["Reconsider."],
    )
    case_at("decided")  # met, not concluded: pending
    withdrawn = recorded()
    application_withdraw(membership=pso, application=withdrawn, reason="Asked to.")
    case_at("concluded")  # with a recommendation
    recorded(by="pso@sta.example", complaints=[])


def test_the_figures_agree_everywhere(api, caseload, client_for) -> None:
    from_, to = financial_year(local_today())
    expected = {**EXPECTED}
    body = api("chair@nul.example")("get", f"/statistics?from={from_}&to={to}").json()
    assert {k: body[k] for k in expected} == expected
    assert body["median_days_to_conclusion"] == 0
    # The default period is the financial year.
    assert api("pso@nul.example")("get", "/statistics").json()["applications"] == 5
    assert api("police@nul.example")("get", "/statistics").status_code == 403

    pso = client_for("pso@nul.example")
    page = pso.get("/statistics").content.decode()
    assert "Reviews that led to recommendations" in page and "<svg" in page
    rows = {
        r[0]: r[2] for r in csv.reader(io.StringIO(pso.get("/statistics.csv").content.decode()))
    }
    assert {k: int(rows[k]) for k in expected} == expected
    as_json = pso.get("/statistics.json").json()
    assert {k: as_json[k] for k in expected} == expected

    public = Client().get("/published/newcastle-under-lyme")
    assert public.status_code == 200
    text = public.content.decode()
    assert "Robin Victim" not in text
    year = f"April {from_.year} to March {to.year}"
    assert year in text
    row = text[text.index(year) :].split("</tr>")[0]
    assert [c.split(">")[-1] for c in row.split("</td>")[:-1]] == ["5", "1", "1", "1"]


def test_the_appeals_body_counts_every_partnership_it_covers(api, caseload) -> None:
    assert api("appeals@pfcc.example")("get", "/statistics").json()["applications"] == 6


def test_a_backwards_period_is_refused(api, demo) -> None:
    response = api("chair@nul.example")("get", "/statistics?from=2026-05-01&to=2026-04-01")
    assert response.status_code == 422


def test_months_between() -> None:
    from datetime import date

    assert months_between(date(2026, 11, 15), date(2027, 2, 1)) == [
        date(2026, 11, 1),
        date(2026, 12, 1),
        date(2027, 1, 1),
        date(2027, 2, 1),
    ]
    assert financial_year(date(2027, 3, 31)) == (date(2026, 4, 1), date(2027, 3, 31))
    assert financial_year(date(2027, 4, 1)) == (date(2027, 4, 1), date(2028, 3, 31))


def test_figures_cost_a_fixed_number_of_queries(
    api, caseload, django_assert_max_num_queries
) -> None:
    chair = api("chair@nul.example")
    with django_assert_max_num_queries(12):
        assert chair("get", "/statistics").status_code == 200
