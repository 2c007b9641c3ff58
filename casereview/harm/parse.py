"""Answers and policies from JSON-shaped values, refusing anything off the contract with a
message naming the field."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from casereview.harm.model import FLAG_NAMES, Answers, HarmInputError, Policy


def parse_answers(data: Mapping[str, Any]) -> Answers:
    """``{"persistence": "months", "sleep": true, ..., "response": "partial"}``. Yes-or-no
    answers left out are no; unknown keys are refused (a misspelt question would otherwise
    silently score nothing)."""
    if not isinstance(data, Mapping):
        raise HarmInputError("The answers must be an object", "answers")
    known = {"persistence", "response", *FLAG_NAMES}
    for key in data:
        if key not in known:
            raise HarmInputError(f"{key} is not a question of the assessment", str(key))
    flags = set()
    for name in FLAG_NAMES:
        value = data.get(name, False)
        if not isinstance(value, bool):
            raise HarmInputError(f"{name} must be true or false", name)
        if value:
            flags.add(name)
    persistence = data.get("persistence")
    response = data.get("response")
    return Answers(
        persistence=persistence if isinstance(persistence, str) else "",
        response=response if isinstance(response, str) else "",
        flags=frozenset(flags),
    )


def parse_policy(data: Mapping[str, Any]) -> Policy:
    """``{"version": 2, "weights": {...}, "medium_from": 6, "high_from": 12}``."""
    weights = data.get("weights")
    if not isinstance(weights, Mapping):
        raise HarmInputError("The policy needs its weights", "weights")
    for name in ("version", "medium_from", "high_from"):
        value = data.get(name)
        if not isinstance(value, int) or isinstance(value, bool):
            raise HarmInputError(f"{name} must be a whole number", name)
    return Policy(
        version=data["version"],
        weights=dict(weights),
        medium_from=data["medium_from"],
        high_from=data["high_from"],
    )
