"""Limits on the review (casereview.core.limits): a contribution, the meeting and the minutes
refuse what they cannot hold, with a 4xx naming the field, on the pages and in the API. Run
on PostgreSQL too: the meeting's location is a column of fixed width there."""

from datetime import timedelta

import pytest
from builders import case_at
from helpers import problem_fields

from casereview.core import limits
from casereview.core.dates import local_today
from casereview.reviews.models import Contribution, Meeting


@pytest.fixture
def asked(demo):
    return case_at("asked")


def _entry(**changes):
    return {
        "date": (local_today() - timedelta(days=3)).isoformat(),
        "kind": "contact",
        "details": "Visited the victim.",
        **changes,
    }


@pytest.mark.parametrize(
    ("body", "field"),
    [
        pytest.param(
            {"involvement": [_entry() for _ in range(limits.INVOLVEMENT_MAX + 1)]},
            "involvement",
            id="too-many-entries",
        ),
        pytest.param(
            {"involvement": [_entry(details="x" * (limits.INVOLVEMENT_DETAILS + 1))]},
            "involvement.0.details",
            id="long-details",
        ),
        pytest.param(
            {"involvement": [_entry(date="0001-01-01")]},
            "involvement[0].date",
            id="entry-in-year-1",
        ),
        pytest.param(
            {"summary": "x" * (limits.CONTRIBUTION_SUMMARY + 1)}, "summary", id="long-summary"
        ),
    ],
)
def test_the_api_refuses_a_contribution_out_of_bounds(api, asked, body, field) -> None:
    response = api("police@nul.example")(
        "post", f"/applications/{asked.reference}/contributions", body
    )
    assert response.status_code == 422, response.content
    assert field in problem_fields(response)
    assert not Contribution.objects.exists()


def test_the_page_refuses_too_many_involvement_entries(client_for, asked) -> None:
    rows = limits.INVOLVEMENT_MAX + 1
    data = {
        "nil_return": "no",
        "summary": "Visits.",
        "entry-TOTAL_FORMS": str(rows),
        "entry-INITIAL_FORMS": "0",
    }
    day = local_today() - timedelta(days=3)
    for i in range(rows):
        data |= {
            f"entry-{i}-kind": "contact",
            f"entry-{i}-details": "Visited.",
            f"entry-{i}-date_day": str(day.day),
            f"entry-{i}-date_month": str(day.month),
            f"entry-{i}-date_year": str(day.year),
        }
    response = client_for("police@nul.example").post(
        f"/applications/{asked.reference}/contribution", data
    )
    assert response.status_code == 400
    assert f"There can be at most {limits.INVOLVEMENT_MAX} involvement entries" in (
        response.content.decode()
    )
    assert not Contribution.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"location": "x" * (limits.MEETING_LOCATION + 1)}, "location"),
        ({"starts_at": "9999-12-31T10:00:00+00:00"}, "starts_at"),
        ({"starts_at": "0001-01-01T10:00:00+00:00"}, "starts_at"),
        ({"victim_views": "x" * (limits.VICTIM_VIEWS + 1)}, "victim_views"),
    ],
)
def test_the_api_refuses_a_meeting_out_of_bounds(api, asked, body, field) -> None:
    meeting = {
        "starts_at": (local_today() + timedelta(days=7)).isoformat() + "T10:00:00",
        "location": "Hall",
        **body,
    }
    response = api("pso@nul.example")("post", f"/applications/{asked.reference}/meeting", meeting)
    assert response.status_code == 422, response.content
    assert field in problem_fields(response)
    assert not Meeting.objects.exists()


def test_the_meeting_page_refuses_a_date_in_9999(client_for, asked) -> None:
    response = client_for("pso@nul.example").post(
        f"/applications/{asked.reference}/meeting",
        {
            "day_day": "31",
            "day_month": "12",
            "day_year": "9999",
            "start": "10:00",
            "location": "Hall",
        },
    )
    assert response.status_code == 400
    assert "Date of the meeting must be on or before" in response.content.decode()


@pytest.mark.parametrize(
    ("plan", "field"),
    [
        ("actions", "actions"),
        ("recommendations", "recommendations"),
    ],
)
def test_the_api_refuses_too_many_recommendations_or_actions(api, demo, plan, field) -> None:
    met = case_at("met")
    item = {
        "text": "Patrol.",
        "agency": "police",
        "due": (local_today() + timedelta(days=30)).isoformat(),
    }
    most = limits.ACTIONS_MAX if plan == "actions" else limits.RECOMMENDATIONS_MAX
    body = {"summary": "Met.", plan: [item] * (most + 1)}
    response = api("pso@nul.example")("post", f"/applications/{met.reference}/minutes", body)
    assert response.status_code == 422, response.content
    assert field in problem_fields(response)


def test_the_api_refuses_an_action_due_in_9999(api, demo) -> None:
    met = case_at("met")
    body = {
        "summary": "Met.",
        "actions": [{"text": "Patrol.", "agency": "police", "due": "9999-12-31"}],
    }
    response = api("pso@nul.example")("post", f"/applications/{met.reference}/minutes", body)
    assert response.status_code == 422, response.content
    assert "actions[0].due" in problem_fields(response)
