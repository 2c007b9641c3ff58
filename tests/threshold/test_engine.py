"""The threshold engine against THRESHOLD.md: worked examples, bounds, rules and wording."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

import pytest

from casereview.threshold.engine import (
    Complaint,
    Policy,
    Result,
    ThresholdInputError,
    add_months,
    evaluate,
    evaluate_parsed,
    parse,
)

RECEIVED = "2026-11-20"


def complaint(
    cid: str, behaviour: str, reported: str | None = None, **extra: Any
) -> dict[str, Any]:
    return {
        "id": cid,
        "behaviour_date": behaviour,
        "reported_date": reported or behaviour,
        "agency": extra.pop("agency", "police"),
        **extra,
    }


def request(*complaints: dict[str, Any], received: str = RECEIVED, **policy: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"received": received, "complaints": list(complaints)}
    if policy:
        data["policy"] = policy
    return data


def reasons(output: dict[str, Any]) -> dict[str, str]:
    return {item["id"]: item["reason"] for item in output["excluded"]}


def rule(output: dict[str, Any], name: str) -> dict[str, Any]:
    return next(r for r in output["rules"] if r["rule"] == name)


EXAMPLE_1 = request(
    complaint("c1", "2026-06-10", "2026-06-11"),
    complaint("c2", "2026-08-02", "2026-09-05", agency="council"),
    complaint("c3", "2026-10-01", "2026-10-01"),
    complaint("c4", "2026-10-01", "2026-10-03", agency="council", same_incident_as="c3"),
    complaint("c5", "2026-11-01", "2026-11-02", agency="housing"),
    complaint("c6", "2026-04-30", "2026-05-19"),
    complaint(
        "c7", "2026-09-14", "2026-09-15", agency="residents-association", relevant_body=False
    ),
)


# --- worked examples ----------------------------------------------------------------------------


def test_worked_example_1() -> None:
    assert evaluate(EXAMPLE_1) == {
        "met": True,
        "rules": [{"rule": "complaints", "met": True, "count": 3, "required": 3}],
        "qualifying": ["c1", "c3", "c5"],
        "excluded": [
            {"id": "c2", "reason": "reported_late"},
            {"id": "c4", "reason": "same_incident"},
            {"id": "c6", "reason": "outside_window"},
            {"id": "c7", "reason": "not_relevant_body"},
        ],
        "explanation": (
            "Three qualifying complaints in the six months before 20 November 2026 (the threshold"
            " is three), so the threshold is met. Four complaints do not count: one was reported"
            " more than one month after the behaviour, one repeats an incident already counted,"
            " one was made before the six-month window, and one was made to an organisation that"
            " is not a relevant body."
        ),
    }


def test_worked_example_2() -> None:
    output = evaluate(
        request(complaint("h1", "2026-11-10", hate=True), hate_incident_rule=True),
    )
    assert output["met"] is True
    assert output["rules"] == [
        {"rule": "complaints", "met": False, "count": 1, "required": 3},
        {"rule": "hate_incident", "met": True, "count": 1, "required": 1},
    ]
    assert output["qualifying"] == ["h1"]
    assert output["excluded"] == []


def test_worked_example_3_refuses_the_whole_request() -> None:
    data = request(
        complaint("c1", "2026-09-01", "2026-09-02"),
        complaint("c3", "2026-10-05", "2026-10-01"),
    )
    with pytest.raises(ThresholdInputError) as caught:
        evaluate(data)
    assert str(caught.value) == (
        'complaint "c3": reported_date 2026-10-01 is before behaviour_date 2026-10-05'
    )
    assert caught.value.field == "complaints[1].reported_date"


def test_output_keys_are_in_the_documented_order() -> None:
    output = evaluate(EXAMPLE_1)
    assert list(output) == ["met", "rules", "qualifying", "excluded", "explanation"]
    assert list(output["rules"][0]) == ["rule", "met", "count", "required"]
    assert list(output["excluded"][0]) == ["id", "reason"]
    assert json.loads(json.dumps(output)) == output


# --- invalid input --------------------------------------------------------------------------------


def _valid() -> dict[str, Any]:
    return request(
        complaint("c1", "2026-09-01", "2026-09-03"),
        complaint("c2", "2026-10-01", "2026-10-02"),
    )


def _without(key: str) -> Any:
    def change(data: dict[str, Any]) -> None:
        del data["complaints"][1][key]

    return change


def _set(key: str, value: object) -> Any:
    def change(data: dict[str, Any]) -> None:
        data["complaints"][1][key] = value

    return change


def _top(key: str, value: object) -> Any:
    def change(data: dict[str, Any]) -> None:
        data[key] = value

    return change


def _policy(key: str, value: object) -> Any:
    def change(data: dict[str, Any]) -> None:
        data.setdefault("policy", {})[key] = value

    return change


def _drop_top(key: str) -> Any:
    def change(data: dict[str, Any]) -> None:
        del data[key]

    return change


INVALID = [
    # received
    (_drop_top("received"), "received", "received is required"),
    (_top("received", "2026-13-01"), "received", "received must be a real date in the form"),
    (_top("received", "2026-02-29"), "received", '"2026-02-29"'),
    (_top("received", "20261120"), "received", "YYYY-MM-DD"),
    (_top("received", "2026-11-20T10:00"), "received", "YYYY-MM-DD"),
    (_top("received", 20261120), "received", "not 20261120"),
    (_top("received", None), "received", "not null"),
    # policy
    (_top("policy", [3]), "policy", "policy must be an object"),
    (
        _policy("min_complaints", 0),
        "policy.min_complaints",
        "policy.min_complaints must be at least 1",
    ),
    (_policy("report_within_months", 0), "policy.report_within_months", "must be at least 1"),
    (_policy("window_months", -6), "policy.window_months", "must be at least 1, not -6"),
    (_policy("community_min_reporters", 0), "policy.community_min_reporters", "at least 1"),
    (_policy("min_complaints", True), "policy.min_complaints", "must be a whole number, not true"),
    (_policy("window_months", "6"), "policy.window_months", 'must be a whole number, not "6"'),
    (_policy("window_months", 6.0), "policy.window_months", "whole number"),
    (_policy("min_complaints", None), "policy.min_complaints", "whole number, not null"),
    (_policy("community_min_reporters", False), "policy.community_min_reporters", "whole number"),
    (_policy("hate_incident_rule", "yes"), "policy.hate_incident_rule", "must be true or false"),
    (_policy("min_complaint", 2), "policy.min_complaint", "is not a policy setting"),
    # the complaints list
    (_drop_top("complaints"), "complaints", "complaints is required"),
    (_top("complaints", {"c1": {}}), "complaints", "complaints must be a list"),
    (_top("complaints", ["c1"]), "complaints[0]", 'complaints[0] must be an object, not "c1"'),
    # one complaint's fields
    (_without("id"), "complaints[1].id", "complaints[1].id is required"),
    (_set("id", 2), "complaints[1].id", "must be a non-empty string, not 2"),
    (_set("id", ""), "complaints[1].id", "non-empty string"),
    (
        _without("behaviour_date"),
        "complaints[1].behaviour_date",
        'complaint "c2": behaviour_date is',
    ),
    (_set("behaviour_date", "1/10/2026"), "complaints[1].behaviour_date", "YYYY-MM-DD"),
    (_without("reported_date"), "complaints[1].reported_date", "reported_date is required"),
    (_set("reported_date", "2026-09-31"), "complaints[1].reported_date", "real date"),
    (_without("agency"), "complaints[1].agency", 'complaint "c2": agency is required'),
    (_set("agency", None), "complaints[1].agency", "non-empty string, not null"),
    (_set("relevant_body", "false"), "complaints[1].relevant_body", "true or false"),
    (_set("relevant_body", None), "complaints[1].relevant_body", "true or false, not null"),
    (_set("hate", 1), "complaints[1].hate", 'complaint "c2": hate must be true or false, not 1'),
    (_set("reporter", 7), "complaints[1].reporter", "non-empty string, not 7"),
    (_set("same_incident_as", 1), "complaints[1].same_incident_as", "non-empty string"),
    (_set("reporter", None), "complaints[1].reporter", "non-empty string, not null"),
    # values JSON cannot show are named in their Python form; long ones are shortened
    (_top("received", datetime(2026, 11, 20, 10)), "received", "not datetime.datetime(2026,"),
    (_top("complaints", {"c1"}), "complaints", "complaints must be a list, not {'c1'}"),
    (_top("received", "x" * 100), "received", 'not "' + "x" * 56 + "..."),
    # rules between fields and complaints
    (
        _set("reported_date", "2026-09-30"),
        "complaints[1].reported_date",
        'complaint "c2": reported_date 2026-09-30 is before behaviour_date 2026-10-01',
    ),
    (
        _set("reported_date", "2026-11-21"),
        "complaints[1].reported_date",
        'complaint "c2": reported_date 2026-11-21 is after received 2026-11-20',
    ),
    (_set("id", "c1"), "complaints[1].id", 'complaint "c1": id is already used by complaints[0]'),
    (
        _set("same_incident_as", "c9"),
        "complaints[1].same_incident_as",
        'complaint "c2": same_incident_as "c9" is not the id of a complaint',
    ),
    (
        _set("same_incident_as", "c2"),
        "complaints[1].same_incident_as",
        'complaint "c2": same_incident_as names the complaint itself',
    ),
]


@pytest.mark.parametrize(("change", "field", "message"), INVALID)
def test_invalid_input_is_refused_naming_the_field(change: Any, field: str, message: str) -> None:
    data = _valid()
    change(data)
    with pytest.raises(ThresholdInputError) as caught:
        evaluate(data)
    assert caught.value.field == field
    assert message in str(caught.value)


@pytest.mark.parametrize("data", [[], "x", None, 3])
def test_input_that_is_not_an_object_is_refused(data: object) -> None:
    with pytest.raises(ThresholdInputError, match="the input must be a JSON object") as caught:
        evaluate(data)
    assert caught.value.field == ""


def test_input_error_is_a_value_error() -> None:
    assert issubclass(ThresholdInputError, ValueError)


def test_defaults_extra_keys_and_null_policy_are_accepted() -> None:
    data = request(complaint("c1", "2026-11-01", reference="PR-1", summary="Noise"))
    data["policy"] = None
    data["partnership"] = "newcastle"
    output = evaluate(data)
    assert output["rules"] == [{"rule": "complaints", "met": False, "count": 1, "required": 3}]


def test_same_day_report_and_report_on_the_received_date_are_valid() -> None:
    assert evaluate(request(complaint("c1", RECEIVED)))["qualifying"] == ["c1"]


# --- month arithmetic ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 8, 31), -6, date(2026, 2, 28)),
        (date(2028, 8, 31), -6, date(2028, 2, 29)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2026, 5, 31), 1, date(2026, 6, 30)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
        (date(2026, 1, 15), -1, date(2025, 12, 15)),
        (date(2026, 11, 20), -6, date(2026, 5, 20)),
        (date(2028, 2, 29), 12, date(2029, 2, 28)),
        (date(2026, 7, 4), 0, date(2026, 7, 4)),
        (date(2026, 7, 4), -30, date(2024, 1, 4)),
    ],
)
def test_add_months(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


@pytest.mark.parametrize(("start", "months"), [(date.max, 1), (date.min, -1)])
def test_add_months_beyond_the_calendar_overflows(start: date, months: int) -> None:
    with pytest.raises(OverflowError):
        add_months(start, months)


def test_policy_numbers_beyond_the_calendar_admit_everything() -> None:
    output = evaluate(
        request(
            complaint("c1", "0001-01-01", "2026-11-20"),
            window_months=10**9,
            report_within_months=10**9,
            min_complaints=1,
        )
    )
    assert output["qualifying"] == ["c1"]


# --- every bound is inclusive ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("behaviour", "reported", "reason"),
    [
        ("2026-08-02", "2026-09-02", None),
        ("2026-08-02", "2026-09-03", "reported_late"),
        ("2026-08-31", "2026-09-30", None),
        ("2026-08-31", "2026-10-01", "reported_late"),
        ("2026-10-31", "2026-11-20", None),
    ],
)
def test_reporting_bound_is_inclusive(behaviour: str, reported: str, reason: str | None) -> None:
    output = evaluate(request(complaint("c1", behaviour, reported)))
    assert reasons(output).get("c1") == reason


def test_reporting_bound_clamps_to_february() -> None:
    on_time = request(complaint("c1", "2026-01-31", "2026-02-28"), received="2026-03-10")
    late = request(complaint("c1", "2026-01-31", "2026-03-01"), received="2026-03-10")
    assert evaluate(on_time)["qualifying"] == ["c1"]
    assert reasons(evaluate(late)) == {"c1": "reported_late"}


@pytest.mark.parametrize(
    ("received", "reported", "reason"),
    [
        ("2026-11-20", "2026-05-20", None),
        ("2026-11-20", "2026-05-19", "outside_window"),
        ("2026-08-31", "2026-02-28", None),
        ("2026-08-31", "2026-02-27", "outside_window"),
    ],
)
def test_window_bound_is_inclusive(received: str, reported: str, reason: str | None) -> None:
    output = evaluate(request(complaint("c1", reported), received=received))
    assert reasons(output).get("c1") == reason


def test_custom_policy_bounds() -> None:
    output = evaluate(
        request(
            complaint("c1", "2025-11-20", "2026-01-20"),
            complaint("c2", "2025-11-19", "2026-01-20"),
            complaint("c3", "2025-11-19", "2025-11-19"),
            report_within_months=2,
            window_months=12,
            min_complaints=1,
        )
    )
    assert output["qualifying"] == ["c1"]
    assert reasons(output) == {"c2": "reported_late", "c3": "outside_window"}


@pytest.mark.parametrize(("count", "met"), [(2, False), (3, True), (4, True)])
def test_complaints_rule_is_met_at_exactly_the_minimum(count: int, met: bool) -> None:
    complaints = [complaint(f"c{i}", f"2026-10-{i + 10}") for i in range(count)]
    output = evaluate(request(*complaints))
    assert output["met"] is met
    assert output["rules"] == [{"rule": "complaints", "met": met, "count": count, "required": 3}]


# --- exclusion order and incidents ------------------------------------------------------------


def test_first_applicable_reason_wins() -> None:
    output = evaluate(
        request(
            complaint("a", "2026-01-01", "2026-03-01", relevant_body=False),
            complaint("b", "2026-01-01", "2026-03-01"),
            complaint("c", "2026-01-01", "2026-01-02"),
        )
    )
    assert reasons(output) == {
        "a": "not_relevant_body",
        "b": "reported_late",
        "c": "outside_window",
    }


def test_incident_links_are_followed_both_ways_and_transitively() -> None:
    output = evaluate(
        request(
            complaint("a", "2026-10-01", "2026-10-05"),
            complaint("b", "2026-10-01", "2026-10-03", same_incident_as="a"),
            complaint("c", "2026-10-01", "2026-10-04", same_incident_as="b"),
            complaint("d", "2026-10-01", "2026-10-02"),
            complaint("e", "2026-10-01", "2026-10-06", same_incident_as="d"),
            complaint("f", "2026-10-01", "2026-10-01", same_incident_as="e"),
        )
    )
    # a-b-c is one incident (b earliest); d-e-f another, where f links in from the far end.
    assert output["qualifying"] == ["b", "f"]
    assert reasons(output) == {
        "a": "same_incident",
        "c": "same_incident",
        "d": "same_incident",
        "e": "same_incident",
    }


def test_incident_ties_go_to_the_earliest_in_input_order() -> None:
    output = evaluate(
        request(
            complaint("x", "2026-10-01", "2026-10-02", same_incident_as="y"),
            complaint("y", "2026-10-01", "2026-10-02"),
        )
    )
    assert output["qualifying"] == ["x"]
    assert reasons(output) == {"y": "same_incident"}


def test_members_excluded_earlier_keep_their_reason_and_do_not_win() -> None:
    output = evaluate(
        request(
            complaint("early", "2026-04-01", "2026-04-02"),
            complaint("other", "2026-06-01", "2026-06-03", relevant_body=False),
            complaint("late", "2026-06-01", "2026-07-05", same_incident_as="early"),
            complaint("kept", "2026-09-01", "2026-09-10", same_incident_as="late"),
            complaint("dup", "2026-09-01", "2026-09-11", same_incident_as="other"),
            complaint("repeat", "2026-09-01", "2026-09-12", same_incident_as="kept"),
        )
    )
    assert output["qualifying"] == ["kept", "dup"]
    assert reasons(output) == {
        "early": "outside_window",
        "other": "not_relevant_body",
        "late": "reported_late",
        "repeat": "same_incident",
    }


def test_an_incident_with_no_survivor_adds_no_same_incident_reason() -> None:
    output = evaluate(
        request(
            complaint("a", "2026-01-01", "2026-01-02"),
            complaint("b", "2026-10-01", "2026-10-02", relevant_body=False, same_incident_as="a"),
        )
    )
    assert reasons(output) == {"a": "outside_window", "b": "not_relevant_body"}


# --- the hate incident and community rules ------------------------------------------------------


def test_hate_rule_is_absent_unless_enabled() -> None:
    output = evaluate(request(complaint("h1", "2026-11-10", hate=True)))
    assert [r["rule"] for r in output["rules"]] == ["complaints"]
    assert output["met"] is False


def test_hate_rule_counts_only_qualifying_hate_complaints() -> None:
    output = evaluate(
        request(
            complaint("h1", "2026-11-10", hate=True, relevant_body=False),
            complaint("h2", "2026-04-10", hate=True),
            complaint("c1", "2026-11-11"),
            hate_incident_rule=True,
        )
    )
    assert rule(output, "hate_incident") == {
        "rule": "hate_incident",
        "met": False,
        "count": 0,
        "required": 1,
    }
    assert output["met"] is False


def test_community_rule_counts_distinct_reporters_of_qualifying_complaints() -> None:
    reporters = ["applicant", "neighbour-1", "neighbour-2", "neighbour-3", "neighbour-4"]
    complaints = [
        complaint(f"c{i}", f"2026-10-{i + 10}", **({"reporter": r} if i else {}))
        for i, r in enumerate(reporters)
    ]
    complaints.append(complaint("late", "2026-01-01", "2026-10-20", reporter="neighbour-5"))
    complaints.append(complaint("again", "2026-10-20", reporter="neighbour-1"))
    output = evaluate(request(*complaints, min_complaints=10, community_min_reporters=5))
    assert output["rules"] == [
        {"rule": "complaints", "met": False, "count": 6, "required": 10},
        {"rule": "community", "met": True, "count": 5, "required": 5},
    ]
    assert output["met"] is True


def test_rules_are_listed_in_contract_order() -> None:
    output = evaluate(
        request(complaint("c1", "2026-11-01"), hate_incident_rule=True, community_min_reporters=2)
    )
    assert [r["rule"] for r in output["rules"]] == ["complaints", "hate_incident", "community"]
    assert output["met"] is False


# --- the explanation --------------------------------------------------------------------------


def explain(*complaints: dict[str, Any], received: str = RECEIVED, **policy: Any) -> str:
    text: str = evaluate(request(*complaints, received=received, **policy))["explanation"]
    return text


def test_explanation_of_worked_example_2() -> None:
    assert explain(complaint("h1", "2026-11-10", hate=True), hate_incident_rule=True) == (
        "One qualifying complaint in the six months before 20 November 2026 (the threshold is"
        " three). One qualifying complaint is a hate incident (a single hate incident is enough)."
        " The threshold is met because of the hate incident."
    )


def test_explanation_with_no_complaints() -> None:
    assert explain(received="2026-12-05") == (
        "No qualifying complaints in the six months before 5 December 2026 (the threshold is"
        " three), so the threshold is not met."
    )


def test_explanation_of_a_single_exclusion() -> None:
    assert explain(complaint("c1", "2026-08-02", "2026-09-05"), min_complaints=1) == (
        "No qualifying complaints in the six months before 20 November 2026 (the threshold is"
        " one), so the threshold is not met. One complaint does not count: it was reported more"
        " than one month after the behaviour."
    )


def test_explanation_of_several_exclusions_for_one_reason() -> None:
    text = explain(
        complaint("c1", "2026-11-01", relevant_body=False),
        complaint("c2", "2026-11-02", relevant_body=False),
        complaint("c3", "2026-11-03"),
    )
    assert text.endswith(
        "Two complaints do not count: they were made to organisations that are not relevant bodies."
    )
    assert text.startswith("One qualifying complaint in the six months")


def test_explanation_groups_reasons_in_order_of_first_mention() -> None:
    text = explain(
        complaint("a", "2026-11-01", "2026-11-02"),
        complaint("b", "2026-11-01", "2026-11-03", same_incident_as="a"),
        complaint("c", "2026-05-01"),
        complaint("d", "2026-11-01", "2026-11-04", same_incident_as="a"),
        complaint("e", "2026-08-01", "2026-11-05"),
        report_within_months=2,
        window_months=1,
    )
    assert text == (
        "One qualifying complaint in the month before 20 November 2026 (the threshold is three),"
        " so the threshold is not met. Four complaints do not count: two repeat incidents already"
        " counted, one was made before the one-month window, and one was reported more than two"
        " months after the behaviour."
    )


def test_explanation_joins_two_reasons_without_a_comma() -> None:
    assert explain(
        complaint("a", "2026-05-01"),
        complaint("b", "2026-11-01", relevant_body=False),
        min_complaints=1,
    ).endswith(
        "Two complaints do not count: one was made before the six-month window and one was made"
        " to an organisation that is not a relevant body."
    )


def _excluded(reason: str, cid: str) -> dict[str, Any]:
    """A complaint excluded for ``reason``; a repeat repeats the complaint "kept"."""
    if reason == "not_relevant_body":
        return complaint(cid, "2026-11-01", relevant_body=False)
    if reason == "reported_late":
        return complaint(cid, "2026-08-02", "2026-09-05")
    if reason == "outside_window":
        return complaint(cid, "2026-04-30", "2026-05-19")
    return complaint(cid, "2026-11-01", "2026-11-02", same_incident_as="kept")


KEPT = complaint("kept", "2026-11-01")
REASON_WORDING = [
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


@pytest.mark.parametrize(("reason", "one", "several"), REASON_WORDING)
def test_explanation_words_each_reason_for_one_complaint_and_several(
    reason: str, one: str, several: str
) -> None:
    assert explain(KEPT, _excluded(reason, "x1")).endswith(f"One complaint does not count: {one}")
    two = explain(KEPT, _excluded(reason, "x1"), _excluded(reason, "x2"))
    assert two.endswith(f"Two complaints do not count: {several}")


def test_explanation_counts_several_complaints_for_each_of_several_reasons() -> None:
    excluded = [
        _excluded(reason, f"{reason}-{i}") for reason, _, _ in REASON_WORDING for i in (1, 2)
    ]
    assert explain(KEPT, *excluded).endswith(
        "Eight complaints do not count: two were made to organisations that are not relevant"
        " bodies, two were reported more than one month after the behaviour, two were made"
        " before the six-month window, and two repeat incidents already counted."
    )


def test_explanation_uses_figures_above_twelve() -> None:
    complaints = [complaint(f"c{i}", f"2026-11-{i + 1:02d}") for i in range(13)]
    assert explain(*complaints, min_complaints=20, window_months=18).startswith(
        "13 qualifying complaints in the 18 months before 20 November 2026 (the threshold is 20)"
    )


def test_explanation_of_the_community_rule() -> None:
    text = explain(
        complaint("c1", "2026-11-01", reporter="a"),
        complaint("c2", "2026-11-02", reporter="b"),
        complaint("c3", "2026-11-03", reporter="b"),
        community_min_reporters=2,
        min_complaints=5,
    )
    assert text == (
        "Three qualifying complaints in the six months before 20 November 2026 (the threshold is"
        " five). Two different reporters made the qualifying complaints (the community threshold"
        " is two different reporters). The threshold is met because of the number of different"
        " reporters."
    )


@pytest.mark.parametrize(
    ("complaints", "sentence"),
    [
        ([], "No reporter made a qualifying complaint (the community threshold is one reporter)."),
        (
            [complaint("c1", "2026-11-01")],
            "One reporter made the qualifying complaint (the community threshold is one reporter).",
        ),
        (
            [complaint("c1", "2026-11-01"), complaint("c2", "2026-11-02")],
            (
                "One reporter made all the qualifying complaints (the community threshold is one"
                " reporter)."
            ),
        ),
    ],
)
def test_explanation_of_few_reporters(complaints: list[dict[str, Any]], sentence: str) -> None:
    assert sentence in explain(*complaints, community_min_reporters=1, min_complaints=9)


def test_explanation_when_several_rules_are_met() -> None:
    text = explain(
        complaint("c1", "2026-11-01", hate=True),
        complaint("c2", "2026-11-02", hate=True),
        complaint("c3", "2026-11-03"),
        hate_incident_rule=True,
    )
    assert (
        "Two qualifying complaints are hate incidents (a single hate incident is enough)." in text
    )
    assert text.endswith(
        "The threshold is met because of the number of qualifying complaints and the hate"
        " incidents."
    )


def test_explanation_when_no_enabled_rule_is_met() -> None:
    assert explain(
        complaint("c1", "2026-11-01"), hate_incident_rule=True, community_min_reporters=5
    ) == (
        "One qualifying complaint in the six months before 20 November 2026 (the threshold is"
        " three). No qualifying complaint is a hate incident (a single hate incident would be"
        " enough). One reporter made the qualifying complaint (the community threshold is five"
        " different reporters). None of these is enough, so the threshold is not met."
    )


def test_explanation_is_deterministic() -> None:
    assert evaluate(EXAMPLE_1) == evaluate(json.loads(json.dumps(EXAMPLE_1)))


# --- the typed pieces Django reuses -----------------------------------------------------------


def test_policy_defaults_are_the_statutory_rule() -> None:
    assert Policy() == Policy(
        min_complaints=3,
        report_within_months=1,
        window_months=6,
        hate_incident_rule=False,
        community_min_reporters=None,
    )


def test_policy_refuses_a_number_below_one() -> None:
    with pytest.raises(ThresholdInputError, match=r"policy\.window_months must be at least 1") as e:
        Policy(window_months=0)
    assert e.value.field == "policy.window_months"


def test_parse_returns_the_typed_input() -> None:
    received, policy, complaints = parse(
        request(complaint("c1", "2026-11-01", hate=True), window_months=3)
    )
    assert received == date(2026, 11, 20)
    assert policy == Policy(window_months=3)
    assert complaints == [
        Complaint(
            id="c1",
            behaviour_date=date(2026, 11, 1),
            reported_date=date(2026, 11, 1),
            agency="police",
            hate=True,
        )
    ]


def test_evaluate_parsed_matches_evaluate_and_keeps_the_window_start() -> None:
    result = evaluate_parsed(*parse(EXAMPLE_1))
    assert isinstance(result, Result)
    assert result.to_json() == evaluate(EXAMPLE_1)
    assert result.window_start == date(2026, 5, 20)


def test_evaluate_parsed_validates_typed_input_too() -> None:
    bad = Complaint("c1", date(2026, 11, 2), date(2026, 11, 1), "police")
    with pytest.raises(ThresholdInputError) as caught:
        evaluate_parsed(date(2026, 11, 20), Policy(), [bad])
    assert caught.value.field == "complaints[0].reported_date"


def test_parse_accepts_date_objects() -> None:
    data = {
        "received": date(2026, 11, 20),
        "complaints": [complaint("c1", date(2026, 11, 1))],  # type: ignore[arg-type]
    }
    assert parse(data)[2][0].behaviour_date == date(2026, 11, 1)
