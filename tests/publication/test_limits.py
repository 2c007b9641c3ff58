"""The figures are counted for periods the product can represent: from the financial year the
case review began in to the end of the current one, and at most ten years long. Anything
else is a 4xx naming the field on the page, its downloads and the API; never a 500."""

from datetime import date

import pytest
from builders import case_at

from casereview.applications.models import Application


def _period(start: date | str, end: date | str) -> dict[str, str]:
    def parts(prefix: str, value: date | str) -> dict[str, str]:
        if isinstance(value, str):
            year, month, day = value.split("-")
        else:
            year, month, day = f"{value.year:04d}", str(value.month), str(value.day)
        return {f"{prefix}_day": day, f"{prefix}_month": month, f"{prefix}_year": year}

    return {**parts("start", start), **parts("end", end)}


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        pytest.param("9999-1-1", "9999-12-31", "must be on or before", id="in-9999"),
        pytest.param("2014-4-1", "9999-12-31", "must be on or before", id="to-9999"),
        pytest.param("1000-1-1", "2015-1-1", "on or after 1 April 2014", id="from-1000"),
        pytest.param("2014-4-1", "2026-4-1", "at most 10 years", id="twelve-years"),
    ],
)
@pytest.mark.parametrize("path", ["/statistics", "/statistics.csv", "/statistics.json"])
def test_a_period_out_of_bounds_is_refused(client_for, path, start, end, message) -> None:
    response = client_for("pso@nul.example").get(path, _period(start, end))
    if path == "/statistics":
        assert response.status_code == 400
        assert message in response.content.decode()
    else:  # the downloads count the default period rather than fail
        assert response.status_code == 200


def test_ten_years_are_counted(client_for) -> None:
    response = client_for("pso@nul.example").get(
        "/statistics", _period(date(2016, 4, 1), date(2026, 3, 31))
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"from": "9999-12-31"}, "from"),
        ({"from": "9999-01-01", "to": "9999-12-31"}, "from"),
        ({"to": "9999-12-31"}, "to"),
        ({"from": "0001-01-01", "to": "0001-12-31"}, "from"),
        ({"from": "2014-04-01", "to": "2026-03-31"}, "to"),
    ],
)
def test_the_api_refuses_a_period_out_of_bounds(api, query, field) -> None:
    response = api("pso@nul.example")(
        "get", "/statistics?" + "&".join(f"{k}={v}" for k, v in query.items())
    )
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert field in [e["field"] for e in response.json()["errors"]]


def test_the_public_page_survives_a_record_from_year_one(client, demo) -> None:
    """Recorded before dates were checked (or imported): counted from the first year."""
    application = case_at("received")
    Application.objects.filter(pk=application.pk).update(received=date(1, 1, 1))
    response = client.get("/published/newcastle-under-lyme")
    assert response.status_code == 200
    assert response.content.decode().count("<h2") <= 2026 - 2014 + 3


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"date_to": "9999-12-31"}, "To date must be today or in the past"),
        ({"date_from": "9999-12-31"}, "From date must be today or in the past"),
        ({"date_from": "0001-01-01"}, "From date must be on or after 20 October 2014"),
    ],
)
def test_the_audit_log_refuses_dates_out_of_bounds(client_for, query, message) -> None:
    dpo = client_for("dpo@nul.example")
    response = dpo.get("/audit", query)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert dpo.get("/audit.csv", query).status_code == 200
