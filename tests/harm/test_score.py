"""The harm scoring rule (docs/harm.md): worked examples, versioning and the refusals."""

import dataclasses

import pytest

from casereview.harm import (
    DEFAULT_POLICY,
    Answers,
    HarmInputError,
    Policy,
    parse_answers,
    parse_policy,
    score,
)


def test_worked_example_1_a_few_incidents_well_handled_is_standard() -> None:
    result = score(Answers(persistence="once", response="effective"), DEFAULT_POLICY)
    assert (result.level, result.points, result.drivers) == ("standard", 0, ())
    assert result.explanation == (
        "Standard harm: 0 points (medium from 6, high from 12) under version 1 of the harm "
        "scoring policy. No answer added points."
    )


def test_worked_example_2_months_of_lost_sleep_and_a_partial_response_is_medium() -> None:
    answers = parse_answers(
        {"persistence": "months", "sleep": True, "health": True, "response": "partial"}
    )
    result = score(answers, DEFAULT_POLICY)
    # months 2 + health 2 + sleep 1 + partial 1
    assert (result.level, result.points) == ("medium", 6)
    assert [d.key for d in result.drivers] == [
        "persistence.months",
        "health",
        "sleep",
        "response.partial",
    ]
    assert "What drove it: it has gone on for months; it affects their health" in (
        result.explanation
    )


def test_worked_example_3_a_disabled_victim_targeted_for_a_year_is_high() -> None:
    answers = parse_answers(
        {
            "persistence": "year",
            "disability": True,
            "hate_motivation": True,
            "leaving_home": True,
            "children_affected": True,
            "response": "none",
        }
    )
    result = score(answers, DEFAULT_POLICY)
    # year 3 + hate 3 + leaving home 2 + disability 2 + children 2 + none 2
    assert (result.level, result.points) == ("high", 14)
    assert result.drivers[0].key == "persistence.year"
    assert result.drivers[1].key == "hate_motivation"
    assert result.to_json()["drivers"][0] == {"answer": "persistence.year", "points": 3}


def test_the_cut_offs_are_inclusive() -> None:
    policy = dataclasses.replace(DEFAULT_POLICY, version=2, medium_from=3, high_from=4)
    answers = Answers(persistence="year", response="effective")
    assert score(answers, policy).level == "medium"
    assert score(dataclasses.replace(answers, flags=frozenset({"sleep"})), policy).level == "high"


def test_the_same_answers_score_differently_under_another_version() -> None:
    answers = Answers(persistence="months", response="partial", flags=frozenset({"sleep"}))
    stricter = dataclasses.replace(DEFAULT_POLICY, version=2, medium_from=2, high_from=4)
    assert score(answers, DEFAULT_POLICY).level == "standard"
    assert score(answers, stricter).level == "high"
    assert score(answers, stricter).policy_version == 2
    assert "under version 2" in score(answers, stricter).explanation


def test_the_policy_round_trips_through_json() -> None:
    assert parse_policy(DEFAULT_POLICY.to_json()) == DEFAULT_POLICY


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"response": "none"}, "persistence"),
        ({"persistence": "forever", "response": "none"}, "persistence"),
        ({"persistence": "weeks"}, "response"),
        ({"persistence": "weeks", "response": "none", "sleep": "yes"}, "sleep"),
        ({"persistence": "weeks", "response": "none", "slept": True}, "slept"),
    ],
)
def test_answers_off_the_contract_are_refused_naming_the_field(
    data: dict[str, object], field: str
) -> None:
    with pytest.raises(HarmInputError) as refused:
        parse_answers(data)
    assert refused.value.field == field


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"medium_from": 0}, "medium_from"),
        ({"high_from": 6}, "high_from"),
        ({"weights": {**DEFAULT_POLICY.weights, "sleep": -1}}, "weights.sleep"),
        ({"weights": {**DEFAULT_POLICY.weights, "health": 21}}, "weights.health"),
        (
            {"weights": {**DEFAULT_POLICY.weights, "persistence.year": 1}},
            "weights.persistence.year",
        ),
        ({"weights": {**DEFAULT_POLICY.weights, "response.none": 0}}, "weights.response.none"),
        (
            {"weights": {k: v for k, v in DEFAULT_POLICY.weights.items() if k != "age"}},
            "weights.age",
        ),
    ],
)
def test_a_policy_that_could_score_more_harm_lower_is_refused(
    change: dict[str, object], field: str
) -> None:
    with pytest.raises(HarmInputError) as refused:
        Policy(**{**dataclasses.asdict(DEFAULT_POLICY), **change})  # type: ignore[arg-type]
    assert refused.value.field == field
