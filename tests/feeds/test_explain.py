"""The explanation of a pair: each comparison with both sides, the level reached and whether
it agreed, and Splink's own match-weights chart as SVG."""

import xml.etree.ElementTree as ET

import pytest
from clerical_model import population, record_of, trained_settings

from casereview.feeds.linkage.explain import (
    ExplanationUnavailable,
    Outcome,
    chart_svg,
    compare_records,
    explain,
)

ROBERT = {
    "first_name": "Robert",
    "surname": "Ashby",
    "date_of_birth": "1970-03-04",
    "postcode": "ST5 1AB",
    "phone": "07700 900123",
    "email": "rob.ashby@example.org",
}


def scored(left: dict[str, str], right: dict[str, str]) -> dict[str, object]:
    return compare_records(
        trained_settings(), record_of(1, left), record_of(2, right), population()
    )


def test_each_comparison_says_what_each_side_had_and_whether_it_agreed() -> None:
    record = scored(ROBERT, {**ROBERT, "first_name": "Bobby", "phone": "", "email": "X@Y.ORG"})
    explanation = explain(trained_settings(), record)
    by_name = {line.comparison: line for line in explanation.comparisons}
    assert list(by_name) == ["first_name", "surname", "date_of_birth", "postcode", "phone", "email"]
    assert by_name["surname"].outcome == Outcome.AGREED
    assert (by_name["surname"].left, by_name["surname"].right) == ("ashby", "ashby")
    assert by_name["surname"].level == "Exact match on surname"
    assert by_name["surname"].weight > 0
    assert by_name["first_name"].outcome in (Outcome.DISAGREED, Outcome.PARTLY)
    assert (by_name["first_name"].left, by_name["first_name"].right) == ("robert", "bobby")
    assert by_name["phone"].outcome == Outcome.MISSING
    assert by_name["phone"].right == ""
    assert by_name["phone"].weight == 0
    assert by_name["email"].outcome == Outcome.DISAGREED
    assert by_name["email"].weight < 0
    assert by_name["date_of_birth"].name == "Date of birth"
    assert explanation.match_probability == pytest.approx(record["match_probability"])
    # The weights add up to Splink's own score: the prior plus every comparison.
    total = explanation.prior_weight + sum(line.weight for line in explanation.comparisons)
    assert total == pytest.approx(explanation.match_weight, abs=0.05)


def test_a_partial_agreement_is_told_apart_from_agreement() -> None:
    record = scored(ROBERT, {**ROBERT, "surname": "Ashbey"})
    by_name = {line.comparison: line for line in explain(trained_settings(), record).comparisons}
    assert by_name["surname"].outcome == Outcome.PARTLY
    assert "Jaro-Winkler" in by_name["surname"].level


def test_the_chart_is_splinks_waterfall_as_valid_svg_without_the_reports_values() -> None:
    record = scored(ROBERT, {**ROBERT, "date_of_birth": "1970-04-03"})
    svg = chart_svg(trained_settings(), record)
    root = ET.fromstring(svg)  # noqa: S314 - well-formed XML, drawn by the test itself
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert "<script" not in svg.lower()
    assert "Match weights waterfall chart" in svg
    for name in ("first_name", "surname", "date_of_birth", "postcode", "phone", "email"):
        assert name in svg
    # Splink's remove_sensitive_data: names and weights, none of the reports' values.
    assert "ashby" not in svg.lower()
    assert "ST51AB" not in svg


def test_a_record_that_does_not_fit_the_model_is_refused_plainly() -> None:
    record = scored(ROBERT, ROBERT)
    del record["gamma_surname"]
    with pytest.raises(ExplanationUnavailable):
        explain(trained_settings(), record)


def test_a_side_shows_what_the_officer_would_recognise() -> None:
    from casereview.feeds.linkage.explain import _side

    assert _side(["ST5 1AB", "12 queen street", "12", "ST5 1"]) == "ST5 1AB, 12 queen street"
    assert _side(["bob", ["bob", "robert"], "ashby"]) == "bob, ashby"
    assert _side([None, ""]) == ""
