"""Reading a feed (FEEDS.md §1): each rule a row can break, refused with its line, column and
reason; files that cannot be read as a feed at all."""

from datetime import date

import pytest

from casereview.feeds.csvfeed import (
    FeedUnreadable,
    Refusal,
    feed_parse,
    postcode_normalised,
    rows_parse,
)
from tests.feeds.helpers import csv_bytes, row, truth_rows


def _refusals(**overrides: str) -> list[tuple[str, str]]:
    feed = feed_parse(csv_bytes([row(**overrides)]))
    assert not feed.rows
    return [(r.column, r.reason) for r in feed.refusals]


def test_a_good_row_is_typed_and_normalised() -> None:
    feed = feed_parse(csv_bytes([row(category="HATE", postcode="st51ab  ")]))
    assert not feed.refusals and not feed.warnings
    (clean,) = feed.rows
    assert clean.line == 2
    assert clean.reported_on == date(2026, 3, 2)
    assert clean.postcode == "ST5 1AB"
    assert clean.category == "hate"
    assert clean.hate_related is True  # category hate implies it
    assert clean.status == "open"


@pytest.mark.parametrize(
    ("overrides", "column", "reason"),
    [
        ({"agency_reference": ""}, "agency_reference", "Enter the agency reference"),
        ({"first_name": "  "}, "first_name", "Enter the first name"),
        ({"surname": ""}, "surname", "Enter the surname"),
        ({"reported_on": ""}, "reported_on", "Enter the date reported"),
        ({"reported_on": "2/3/2026"}, "reported_on", "must be a date like 2026-03-27"),
        ({"reported_on": "2026-02-30"}, "reported_on", "is not a real date"),
        ({"behaviour_on": "2026-13-01"}, "behaviour_on", "is not a real date"),
        ({"date_of_birth": "1980-02-30"}, "date_of_birth", "is not a real date"),
        ({"behaviour_on": "2026-03-05"}, "reported_on", "same as or after the date of the beh"),
        ({"surname": "x" * 101}, "surname", "100 characters or fewer"),
        ({"agency_reference": "x" * 101}, "agency_reference", "100 characters or fewer"),
        ({"email": "a" * 255}, "email", "254 characters or fewer"),
        ({"summary": "x" * 2001}, "summary", "2,000 characters or fewer"),
        ({"postcode": "NOT A CODE"}, "postcode", "not a UK postcode"),
        ({"incident_postcode": "12345"}, "incident_postcode", "not a UK postcode"),
        ({"category": "noise"}, "category", "personal, nuisance, environmental or hate"),
        ({"status": "pending"}, "status", "open, closed or withdrawn"),
        ({"hate_related": "maybe"}, "hate_related", "true or false"),
    ],
)
def test_each_rule_refuses_the_row_naming_column_and_reason(overrides, column, reason) -> None:
    refusals = _refusals(**overrides)
    assert any(c == column and reason in r for c, r in refusals), refusals


def test_a_summary_of_exactly_2000_characters_is_kept() -> None:
    assert feed_parse(csv_bytes([row(summary="x" * 2000)])).rows


def test_lines_count_the_header_as_line_1_and_good_rows_are_kept() -> None:
    rows = [row(agency_reference="A"), row(agency_reference="B", reported_on="x"), row()]
    feed = feed_parse(csv_bytes(rows))
    assert [r.agency_reference for r in feed.rows] == ["A", "POL-1"]
    assert feed.refusals == [
        Refusal(3, "reported_on", "The date reported must be a date like 2026-03-27")
    ]
    assert feed.refused_rows == 1 and feed.total == 3


def test_a_reference_twice_in_one_file_refuses_the_second() -> None:
    feed = feed_parse(csv_bytes([row(), row(first_name="Other")]))
    assert len(feed.rows) == 1
    assert feed.refusals[0].as_line() == (
        "line 3: agency_reference: The same agency reference is already on line 2"
    )


def test_a_bom_columns_in_any_order_and_unknown_columns_warned_once() -> None:
    data = csv_bytes(
        [{**row(), "shoe_size": "9", "Notes": "x"}],
        columns=[
            "surname",
            "shoe_size",
            "behaviour_on",
            "first_name",
            "Notes",
            "reported_on",
            "agency_reference",
        ],
    )
    feed = feed_parse(b"\xef\xbb\xbf" + data)
    assert len(feed.rows) == 1 and feed.rows[0].surname == "Example"
    assert feed.warnings == [
        "These columns are not part of the feed and were ignored: shoe_size, notes"
    ]


def test_a_row_with_the_wrong_number_of_values_is_refused() -> None:
    data = csv_bytes([row()]) + b"POL-2,2026-03-02\n"
    feed = feed_parse(data)
    assert feed.refusals[0].line == 3 and feed.refusals[0].column == "row"


def test_blank_lines_are_skipped_and_quoted_newlines_keep_line_numbers() -> None:
    data = csv_bytes([row(summary="two\nlines"), row(agency_reference="B", surname="")])
    feed = feed_parse(data.replace(b"\n", b"\n\n", 1))
    # header 1, blank 2, the two-line summary 3-4: the refused row is line 5
    assert feed.refusals[0].line == 5


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"", "empty"),
        (b"agency_reference,reported_on\n", "missing the required columns"),
        (b"surname;first_name\n", "missing the required columns"),
        ("agency_reference,surname\nCafé".encode("latin-1"), "not UTF-8"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not"),
        (
            b"agency_reference,reported_on,behaviour_on,first_name,surname,surname\n",
            "more than once",
        ),
        (
            b'agency_reference,reported_on,behaviour_on,first_name,surname\n"a"b,,,,\n',
            "not a readable CSV",
        ),
    ],
)
def test_a_file_that_is_not_a_feed_is_refused_whole(data, says) -> None:
    with pytest.raises(FeedUnreadable, match=says):
        feed_parse(data)


def test_postcodes_are_normalised() -> None:
    assert postcode_normalised("st5  1ab") == "ST5 1AB"
    assert postcode_normalised("M11AA") == "M1 1AA"
    assert postcode_normalised("EC1A1BB") == "EC1A 1BB"
    assert postcode_normalised("ST5 1AC") is None  # C is never an inward unit letter
    assert postcode_normalised("hello") is None


def test_the_api_rows_are_checked_the_same_way_by_index() -> None:
    feed = rows_parse(
        [
            row(),
            {**row(agency_reference="B"), "hate_related": True, "reported_on": None},
            {**row(agency_reference="C"), "surname": "nul\x00l"},
        ]
    )
    assert [r.agency_reference for r in feed.rows] == ["POL-1"]
    assert (1, "reported_on") in [(r.line, r.column) for r in feed.refusals]
    assert (2, "surname") in [(r.line, r.column) for r in feed.refusals]


def test_every_row_of_the_realistic_truth_set_is_accepted() -> None:
    rows = truth_rows(400)
    feed = feed_parse(csv_bytes(rows))
    assert not feed.refusals and len(feed.rows) == 400
