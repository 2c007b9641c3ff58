"""Properties of the threshold engine that must hold for every valid input."""

from __future__ import annotations

import calendar
import json
from datetime import date, timedelta
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from casereview.threshold.engine import EXCLUSION_REASONS, add_months, evaluate

RECEIVED = st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31))

POLICIES = st.fixed_dictionaries(
    {},
    optional={
        "min_complaints": st.integers(1, 6),
        "report_within_months": st.integers(1, 3),
        "window_months": st.integers(1, 12),
        "hate_incident_rule": st.booleans(),
        "community_min_reporters": st.none() | st.integers(1, 5),
    },
)


@st.composite
def complaints(draw: st.DrawFn, received: date, cid: str, offset: int, earlier: list[str]) -> Any:
    """One valid complaint reported ``offset`` days before ``received``."""
    reported = received - timedelta(days=offset)
    behaviour = reported - timedelta(days=draw(st.integers(0, 70)))
    links = st.none() | st.sampled_from(earlier) if earlier else st.none()
    return {
        "id": cid,
        "behaviour_date": behaviour.isoformat(),
        "reported_date": reported.isoformat(),
        "agency": draw(st.sampled_from(["police", "council", "housing"])),
        "relevant_body": draw(st.booleans()),
        "reporter": draw(st.sampled_from(["applicant", "a", "b", "c", "d", "e"])),
        "same_incident_as": draw(links),
        "hate": draw(st.booleans()),
    }


@st.composite
def complaint_lists(draw: st.DrawFn, received: date, distinct_reports: bool = False) -> list[Any]:
    """Valid complaints; with distinct_reports no two share a reported_date (no ties)."""
    offsets = draw(st.lists(st.integers(0, 400), max_size=12, unique=distinct_reports))
    drawn: list[dict[str, Any]] = []
    for index, offset in enumerate(offsets):
        earlier = [c["id"] for c in drawn]
        drawn.append(draw(complaints(received, f"c{index}", offset, earlier)))
    return drawn


@st.composite
def requests(draw: st.DrawFn, distinct_reports: bool = False) -> dict[str, Any]:
    received = draw(RECEIVED)
    return {
        "received": received.isoformat(),
        "policy": draw(POLICIES),
        "complaints": draw(complaint_lists(received, distinct_reports)),
    }


@given(requests(), st.data())
def test_an_unlinked_complaint_never_undoes_a_met_threshold(
    data: dict[str, Any], extra: st.DataObject
) -> None:
    received = date.fromisoformat(data["received"])
    added = extra.draw(complaints(received, "added", extra.draw(st.integers(0, 400)), []))
    before = evaluate(data)
    after = evaluate({**data, "complaints": [*data["complaints"], added]})
    if before["met"]:
        assert after["met"]
    for old, new in zip(before["rules"], after["rules"], strict=True):
        assert new["count"] >= old["count"]


def _parts(explanation: str) -> set[str]:
    """The explanation's sentences, with the exclusion list split into its clauses."""
    sentences = set()
    for sentence in explanation.split(". "):
        head, _, tail = sentence.rstrip(".").partition(" do not count: ")
        clauses = tail.replace(", and ", ", ").replace(" and ", ", ").split(", ")
        sentences |= {head, *clauses} if tail else {head}
    return sentences


@given(requests(distinct_reports=True), st.randoms(use_true_random=False))
def test_permuting_the_input_changes_only_the_order_of_lists(
    data: dict[str, Any], random: Any
) -> None:
    shuffled = list(data["complaints"])
    random.shuffle(shuffled)
    original = evaluate(data)
    permuted = evaluate({**data, "complaints": shuffled})
    assert permuted["met"] == original["met"]
    assert permuted["rules"] == original["rules"]
    assert set(permuted["qualifying"]) == set(original["qualifying"])
    assert _reasons(permuted) == _reasons(original)
    assert _parts(permuted["explanation"]) == _parts(original["explanation"])


def _reasons(output: dict[str, Any]) -> dict[str, str]:
    return {item["id"]: item["reason"] for item in output["excluded"]}


@given(requests())
def test_every_complaint_is_either_qualifying_or_excluded_in_input_order(
    data: dict[str, Any],
) -> None:
    output = evaluate(data)
    ids = [c["id"] for c in data["complaints"]]
    excluded = [item["id"] for item in output["excluded"]]
    assert sorted(output["qualifying"] + excluded, key=ids.index) == ids
    assert output["qualifying"] == [i for i in ids if i in output["qualifying"]]
    assert excluded == [i for i in ids if i in excluded]
    assert {item["reason"] for item in output["excluded"]} <= set(EXCLUSION_REASONS)


@given(requests())
def test_rules_are_consistent_and_met_means_some_rule_is_met(data: dict[str, Any]) -> None:
    output = evaluate(data)
    assert output["rules"][0]["rule"] == "complaints"
    assert output["rules"][0]["count"] == len(output["qualifying"])
    for rule in output["rules"]:
        assert rule["met"] == (rule["count"] >= rule["required"])
    assert output["met"] == any(rule["met"] for rule in output["rules"])


@given(requests())
def test_output_round_trips_through_json(data: dict[str, Any]) -> None:
    output = evaluate(data)
    text = json.dumps(output, ensure_ascii=False)
    assert json.loads(text) == output
    assert list(json.loads(text)) == ["met", "rules", "qualifying", "excluded", "explanation"]
    assert evaluate(json.loads(json.dumps(data))) == output


# --- add_months ---------------------------------------------------------------------------------

DAYS = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))
MONTHS = st.integers(-1200, 1200)


@given(DAYS, MONTHS)
def test_add_months_moves_the_month_and_clamps_the_day(d: date, n: int) -> None:
    result = add_months(d, n)
    assert (result.year * 12 + result.month) - (d.year * 12 + d.month) == n
    assert result.day == min(d.day, calendar.monthrange(result.year, result.month)[1])


@given(DAYS, MONTHS)
def test_add_months_is_undone_when_no_clamping_happens(d: date, n: int) -> None:
    if d.day <= 28:
        assert add_months(add_months(d, n), -n) == d
    else:
        assert add_months(add_months(d, n), -n) <= d


@given(DAYS, st.integers(-600, 600), st.integers(-600, 600))
def test_add_months_composes_for_early_days(d: date, a: int, b: int) -> None:
    early = d.replace(day=min(d.day, 28))
    assert add_months(add_months(early, a), b) == add_months(early, a + b)


@given(DAYS, DAYS, MONTHS)
def test_add_months_keeps_date_order(a: date, b: date, n: int) -> None:
    if a <= b:
        assert add_months(a, n) <= add_months(b, n)


@given(DAYS)
def test_add_zero_months_is_identity(d: date) -> None:
    assert add_months(d, 0) == d
