"""Each agency's spelling of a complainant becomes one comparable form."""

from datetime import date

import pytest

from casereview.feeds.linkage.normalise import (
    address_line,
    linkage_table,
    name,
    phone_e164,
    postcode_parts,
    related_first_names,
    report_record,
)
from casereview.feeds.models import Report


def test_names_fold_case_accents_and_punctuation() -> None:
    assert name("  ZOË ") == "zoe"
    assert name("O'Neil") == "oneil"
    assert name("Mary-Ann") == "mary ann"


def test_nicknames_and_their_names_share_a_name() -> None:
    for nickname, formal in (("bob", "robert"), ("liz", "elizabeth"), ("jon", "john")):
        assert formal in related_first_names(nickname) or nickname in related_first_names(formal)
    assert "william" not in related_first_names("robert")


@pytest.mark.parametrize("written", ["ST5 1AB", "st51ab", "St5  1ab", " ST5-1AB "])
def test_postcodes_in_any_spelling_agree(written: str) -> None:
    assert postcode_parts(written) == ("ST5 1AB", "ST5 1", "ST5")


def test_something_that_is_not_a_postcode_is_left_out() -> None:
    assert postcode_parts("unknown") == (None, None, None)


@pytest.mark.parametrize(
    "written", ["07700 900123", "07700900123", "+447700900123", "+44 7700 900123"]
)
def test_phones_in_plus_44_and_07_forms_agree(written: str) -> None:
    assert phone_e164(written) == ("+447700900123", "mobile")


def test_a_landline_is_told_from_a_mobile() -> None:
    assert phone_e164("01782 123456") == ("+441782123456", "other")


def test_addresses_spell_out_the_street_kind() -> None:
    assert address_line("12, Church Rd.") == ("12 church road", "12")
    assert address_line("12 CHURCH ROAD") == ("12 church road", "12")
    assert address_line("St Johns Close") == ("st johns close", None)


@pytest.mark.django_db
def test_a_report_as_a_row_of_the_linkage_table(newcastle: object, make_report: object) -> None:
    report = make_report(  # type: ignore[operator]
        newcastle,
        first_name="Liz",
        surname="Smith",
        date_of_birth=date(1980, 3, 7),
        postcode="st5 1ab",
        phone="+44 7700 900123",
        email=" Liz.Smith@Example.COM ",
    )

    record = report_record(report)
    table = linkage_table(Report.objects.all())

    assert table.to_pylist() == [record]
    assert record["unique_id"] == report.pk
    assert "elizabeth" in record["first_names"]
    assert record["name_key"] == "liz smith"
    assert (record["date_of_birth"], record["date_of_birth_swapped"]) == (
        "1980-03-07",
        "1980-07-03",
    )
    assert record["email"] == "liz.smith@example.com"
    assert record["address"] is None
