"""The OpenAPI document describes every JSON answer field by field, and the API enforces it:
an answer that does not fit its schema is a server error, never sent to a client."""

from typing import Any

import pytest
from builders import api_body
from django.test import Client
from pydantic import ValidationError

from casereview.api import reading


@pytest.fixture
def document(db) -> dict[str, Any]:
    return Client().get("/api/v1/openapi.json").json()


def _resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in schema:
        name = schema["$ref"].removeprefix("#/components/schemas/")
        return document["components"]["schemas"][name]
    return schema


def _free_form(document: dict[str, Any], schema: dict[str, Any], where: str) -> list[str]:
    """Where, under `schema`, a value is not described: an object without properties, or
    a value of any type."""
    schema = _resolve(document, schema)
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            return [p for s in schema[key] for p in _free_form(document, s, where)]
    if schema.get("type") == "array":
        return _free_form(document, schema["items"], f"{where}[]")
    if schema.get("type") == "object" or "properties" in schema:
        if not schema.get("properties") or schema.get("additionalProperties"):
            return [where]
        return [
            p
            for name, s in schema["properties"].items()
            for p in _free_form(document, s, f"{where}.{name}")
        ]
    return [] if {"type", "enum", "const"} & set(schema) else [where]


def _success_schemas(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found = {}
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for status, response in operation["responses"].items():
                content = response.get("content", {}).get("application/json")
                if int(status) < 300 and content:
                    found[f"{method.upper()} {path} {status}"] = content["schema"]
    return found


def test_every_success_answer_is_described_field_by_field(document) -> None:
    schemas = _success_schemas(document)
    assert "POST /api/v1/applications 201" in schemas
    assert "POST /api/v1/threshold/evaluate 200" in schemas
    undescribed = [p for where, s in schemas.items() for p in _free_form(document, s, where)]
    assert undescribed == []


def test_the_application_names_its_parts(document) -> None:
    application = document["components"]["schemas"]["ApplicationOut"]
    assert {"reference", "status", "threshold", "decision", "review", "letters"} <= set(
        application["required"]
    )
    threshold = _resolve(document, application["properties"]["threshold"])
    assert {"met", "rules", "qualifying", "excluded", "explanation"} <= set(threshold["properties"])
    status = _resolve(document, application["properties"]["status"])
    assert "appeal_not_upheld" in status["enum"]


def test_an_answer_that_breaks_its_schema_is_never_sent(api, monkeypatch) -> None:
    real = reading.application_out

    def lost_status(*args: Any, **kwargs: Any) -> dict[str, Any]:
        return {**real(*args, **kwargs).model_dump(), "status": "lost"}

    monkeypatch.setattr(reading, "application_out", lost_status)
    with pytest.raises(ValidationError, match="status"):
        api("pso@nul.example")("post", "/applications", api_body())
