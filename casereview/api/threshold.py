"""Stateless threshold evaluation: exactly the engine's JSON contract, as on the command line."""

import json
from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja.errors import HttpError

from casereview.api.errors import problems
from casereview.api.schemas.threshold import ThresholdOut
from casereview.threshold.engine import evaluate

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
    response={200: ThresholdOut, **problems(400, 422)},
)
def evaluate_threshold(request: HttpRequest) -> dict[str, Any]:
    """Invalid input raises ThresholdInputError: 422, naming the field (see errors.py)."""
    try:
        data = json.loads(request.body or b"null")
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise HttpError(400, f"The body is not valid JSON: {exc}") from exc
    return evaluate(data)
