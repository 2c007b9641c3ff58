"""Every API operation, taken from the OpenAPI document (so new ones are covered), called
without a token, by another partnership, and by a partner whose agency was not asked."""

import re
from typing import Any

import pytest
from django.test import Client

from casereview.applications.models import Application, Letter
from casereview.devdata.demo.cases import load_demo_cases

MARKERS = ("Jordan Example", "Sam Sample", "Alex Advocate", "Corner Shop")


@pytest.fixture
def operations(demo) -> list[tuple[str, str]]:
    """(method, path) for every operation, with Newcastle's objects filled in."""
    load_demo_cases()
    decided = Application.objects.get(decision__met=True)
    letter = Letter.objects.filter(application=decided).first()
    fill = {"{reference}": decided.reference, "{letter_id}": str(letter.pk), "{agency}": "police"}
    document = Client().get("/api/v1/openapi.json").json()
    found = []
    for path, methods in document["paths"].items():
        for method in methods:
            concrete = path
            for name, value in fill.items():
                concrete = concrete.replace(name, value)
            assert not re.search(r"{\w+}", concrete), f"no example for {path}"
            found.append((method, concrete))
    return found


def _call(client: Client, method: str, path: str) -> Any:
    data = None if method == "get" else "{}"
    return getattr(client, method)(path, data=data, content_type="application/json")


def test_the_walk_covers_the_stable_core(operations) -> None:
    paths = {p for _, p in operations}
    assert any(p.endswith("/decision") for p in paths)
    assert any(p.endswith("/appeal/outcome") for p in paths)
    assert "/api/v1/statistics" in paths


def test_no_token_no_answer(operations) -> None:
    client = Client()
    for method, path in operations:
        response = _call(client, method, path)
        assert response.status_code == 401, (method, path)
        assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize("email", ["chair@sta.example", "pso@sta.example", "police@nul.example"])
def test_outsiders_see_nothing(operations, api, email) -> None:
    """Stafford's Chair and PSO, and a Newcastle police officer whose agency was not asked:
    nothing about Newcastle's cases, and object operations are not found or not allowed."""
    call = api(email)
    for method, path in operations:
        response = call(method, path, None if method == "get" else {})
        assert response.status_code < 500, (email, method, path)
        body = response.content.decode(errors="replace")
        for marker in MARKERS:
            assert marker not in body, (email, method, path, marker)
        if "/applications/" in path or "/letters/" in path:
            assert response.status_code in (403, 404, 422), (
                email,
                method,
                path,
                response.status_code,
            )
