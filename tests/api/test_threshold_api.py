"""POST /api/v1/threshold/evaluate gives exactly what the engine and the CLI give."""

import json

import pytest
from django.core.management import call_command
from django.test import Client

from casereview.threshold.engine import evaluate

pytestmark = pytest.mark.usefixtures("demo")

EXAMPLE_1 = {
    "received": "2026-11-20",
    "complaints": [
        {
            "id": "c1",
            "behaviour_date": "2026-06-10",
            "reported_date": "2026-06-11",
            "agency": "police",
        },
        {
            "id": "c2",
            "behaviour_date": "2026-08-02",
            "reported_date": "2026-09-05",
            "agency": "council",
        },
        {
            "id": "c3",
            "behaviour_date": "2026-10-01",
            "reported_date": "2026-10-01",
            "agency": "police",
        },
        {
            "id": "c4",
            "behaviour_date": "2026-10-01",
            "reported_date": "2026-10-03",
            "agency": "council",
            "same_incident_as": "c3",
        },
        {
            "id": "c5",
            "behaviour_date": "2026-11-01",
            "reported_date": "2026-11-02",
            "agency": "housing",
        },
        {
            "id": "c6",
            "behaviour_date": "2026-04-30",
            "reported_date": "2026-05-19",
            "agency": "police",
        },
        {
            "id": "c7",
            "behaviour_date": "2026-09-14",
            "reported_date": "2026-09-15",
            "agency": "residents-association",
            "relevant_body": False,
        },
    ],
}
EXAMPLE_3 = {
    "received": "2026-11-20",
    "complaints": [
        {
            "id": "c3",
            "behaviour_date": "2026-10-05",
            "reported_date": "2026-10-01",
            "agency": "police",
        }
    ],
}


@pytest.fixture
def token(capsys: pytest.CaptureFixture[str]) -> str:
    call_command("create_token", "intake@nul.example")
    return capsys.readouterr().out.split()[-1]


def _post(token: str, body: object) -> Client:
    return Client().post(
        "/api/v1/threshold/evaluate",
        json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )


def test_same_json_as_the_engine_and_the_cli(token: str, tmp_path, capsys) -> None:
    response = _post(token, EXAMPLE_1)
    assert response.status_code == 200
    body = response.json()
    assert body == evaluate(EXAMPLE_1)
    assert body["qualifying"] == ["c1", "c3", "c5"]
    assert [e["reason"] for e in body["excluded"]] == [
        "reported_late",
        "same_incident",
        "outside_window",
        "not_relevant_body",
    ]
    source = tmp_path / "request.json"
    source.write_text(json.dumps(EXAMPLE_1))
    call_command("threshold", str(source))
    assert json.loads(capsys.readouterr().out) == body


def test_invalid_input_is_a_422_naming_the_complaint_and_field(token: str) -> None:
    response = _post(token, EXAMPLE_3)
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert "c3" in problem["detail"] and "reported_date" in problem["detail"]
    assert problem["errors"][0]["field"].endswith("reported_date")


def test_a_token_is_required() -> None:
    response = Client().post("/api/v1/threshold/evaluate", "{}", content_type="application/json")
    assert response.status_code == 401


def test_the_operation_is_in_the_openapi_document() -> None:
    document = Client().get("/api/v1/openapi.json").json()
    assert "/api/v1/threshold/evaluate" in document["paths"]
