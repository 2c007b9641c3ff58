"""Stateless threshold evaluation: exactly the engine's JSON contract, as on the command line."""

import json
from typing import Any

from django.http import HttpRequest
from ninja import Router

from casereview.api.errors import problem, problems
from casereview.threshold.engine import ThresholdInputError, evaluate

router = Router(tags=["threshold"])

_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["received", "complaints"],
                    "properties": {
                        "received": {"type": "string", "format": "date"},
                        "policy": {"type": "object"},
                        "complaints": {"type": "array", "items": {"type": "object"}},
                    },
                }
            }
        },
    }
}


@router.post(
    "/evaluate",
    summary="Evaluate the case review threshold for a set of complaints",
    description="Takes and gives the JSON of the threshold contract. Answers 200 whether or "
    "not the threshold is met; invalid input is refused as a whole with 422.",
    openapi_extra=_BODY,
    response={200: dict[str, Any], **problems(400, 422)},
)
def evaluate_threshold(request: HttpRequest) -> Any:
    try:
        data = json.loads(request.body or b"null")
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        return problem(400, f"The body is not valid JSON: {exc}")
    try:
        return evaluate(data)
    except ThresholdInputError as exc:
        field = exc.field or "body"
        errors = [{"field": field, "message": str(exc)}]
        return problem(422, str(exc), errors=errors)
