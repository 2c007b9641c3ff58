"""The engine's parts behind its one entry point: every exclusion phrasing, values that are not
JSON, and the names callers import."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from casereview.threshold import engine, evaluate, model, months, parse
from casereview.threshold.engine import ThresholdInputError

RECEIVED = "2026-11-20"


def complaint(
    cid: str, behaviour: str, reported: str | None = None, **extra: Any
) -> dict[str, Any]:
    return {
        "id": cid,
        "behaviour_date": behaviour,
        "reported_date": reported or behaviour,
        "agency": "police",
        **extra,
    }


def excluded(reason: str, cid: str) -> list[dict[str, Any]]:
    """One complaint excluded for ``reason`` (and, for a repeat, the complaint it repeats)."""
    if reason == "not_relevant_body":
        return [complaint(cid, "2026-11-01", relevant_body=False)]
    if reason == "reported_late":
        return [complaint(cid, "2026-08-02", "2026-09-05")]
    if reason == "outside_window":
        return [complaint(cid, "2026-04-30", "2026-05-19")]
    return [complaint(cid, "2026-11-01", "2026-11-02", same_incident_as="kept")]


def explanation(complaints: list[dict[str, Any]]) -> str:
    kept = complaint("kept", "2026-11-01")
    data = {"received": RECEIVED, "complaints": [kept, *complaints]}
    text: str = engine.evaluate(data)["explanation"]
    return text


PHRASES = [
    (
        "not_relevant_body",
        "it was made to an organisation that is not a relevant body.",
        "they were made to organisations that are not relevant bodies.",
    ),
    (
        "reported_late",
        "it was reported more than one month after the behaviour.",
        "they were reported more than one month after the behaviour.",
    ),
    (
        "outside_window",
        "it was made before the six-month window.",
        "they were made before the six-month window.",
    ),
    (
        "same_incident",
        "it repeats an incident already counted.",
        "they repeat incidents already counted.",
    ),
]


@pytest.mark.parametrize(("reason", "one", "several"), PHRASES)
def test_each_reason_is_worded_for_one_complaint_and_for_several(
    reason: str, one: str, several: str
) -> None:
    assert explanation(excluded(reason, "x1")).endswith(f"One complaint does not count: {one}")
    two = excluded(reason, "x1") + excluded(reason, "x2")
    assert explanation(two).endswith(f"Two complaints do not count: {several}")


def test_mixed_reasons_are_each_counted_in_order_of_first_mention() -> None:
    complaints = [
        c for reason, _, _ in PHRASES for i in (1, 2) for c in excluded(reason, reason + str(i))
    ]
    assert explanation(complaints).endswith(
        "Eight complaints do not count: two were made to organisations that are not relevant"
        " bodies, two were reported more than one month after the behaviour, two were made"
        " before the six-month window, and two repeat incidents already counted."
    )


def test_a_date_already_held_is_accepted_but_a_datetime_is_not() -> None:
    data: dict[str, Any] = {"received": date(2026, 11, 20), "complaints": []}
    assert engine.evaluate(data)["met"] is False
    data["received"] = datetime(2026, 11, 20, 10, 0)
    with pytest.raises(ThresholdInputError, match=r"not datetime\.datetime\(2026, 11, 20, 10, 0\)"):
        engine.evaluate(data)


def test_a_value_json_cannot_show_is_named_by_its_python_form() -> None:
    with pytest.raises(ThresholdInputError, match=r"complaints must be a list, not \{'c1'\}"):
        engine.evaluate({"received": RECEIVED, "complaints": {"c1"}})


def test_a_long_value_is_shortened_in_the_message() -> None:
    with pytest.raises(ThresholdInputError) as caught:
        engine.evaluate({"received": "x" * 100, "complaints": []})
    assert str(caught.value).endswith('not "' + "x" * 56 + "...")


def test_a_reporter_given_as_null_is_refused_rather_than_defaulted() -> None:
    data = {"received": RECEIVED, "complaints": [complaint("c1", "2026-11-01", reporter=None)]}
    with pytest.raises(ThresholdInputError, match="reporter must be a non-empty string, not null"):
        engine.evaluate(data)


def test_the_engine_exposes_the_same_objects_as_its_parts() -> None:
    # Callers import from engine only; the parts may move without them noticing.
    assert engine.parse is parse.parse
    assert engine.evaluate_parsed is evaluate.evaluate_parsed
    assert engine.add_months is months.add_months
    for name in ("Policy", "Complaint", "Result", "RuleResult", "Exclusion", "ThresholdInputError"):
        assert getattr(engine, name) is getattr(model, name)
    assert engine.EXCLUSION_REASONS is model.EXCLUSION_REASONS
    assert set(engine.__all__) == {
        *("EXCLUSION_REASONS", "Complaint", "Exclusion", "Policy", "Reason", "Result"),
        *("RuleName", "RuleResult", "ThresholdInputError", "add_months", "evaluate"),
        *("evaluate_parsed", "parse"),
    }
