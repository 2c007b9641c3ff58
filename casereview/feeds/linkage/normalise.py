"""Reports as the table Splink links: one row a report, every field in one comparable form.

Names are lower-cased with accents and punctuation stripped; a first name also carries the
names it is related to in the `nicknames` dataset (Bob ↔ Robert, Liz ↔ Elizabeth), so a
comparison can ask "is one a nickname of the other?". `name_key` is first name and surname
sorted, so "Smith John" and "John Smith" share it. A date of birth carries its
day/month-swapped form; a postcode its sector and outward code ("moved nearby"); the first
line of an address is spelled out (Rd → road) with its house number apart; phones are E.164
(+44 and 07 forms agree); emails lower-case. Empty values are nulls, which Splink treats as
"no evidence either way"."""

import re
import unicodedata
from collections.abc import Iterable, Iterator
from datetime import date
from functools import lru_cache
from typing import Any

import phonenumbers
import pyarrow as pa
from django.db.models import QuerySet
from nicknames import NickNamer

from casereview.feeds.models import Report

# The report fields linkage reads, in this order (values_list is far faster than instances).
FIELDS = (
    "pk",
    "first_name",
    "surname",
    "date_of_birth",
    "address",
    "postcode",
    "phone",
    "email",
)

SCHEMA = pa.schema(
    [
        ("unique_id", pa.int64()),
        ("first_name", pa.string()),
        ("first_names", pa.list_(pa.string())),
        ("surname", pa.string()),
        ("name_key", pa.string()),
        ("date_of_birth", pa.string()),
        ("date_of_birth_swapped", pa.string()),
        ("postcode", pa.string()),
        ("postcode_sector", pa.string()),
        ("postcode_outward", pa.string()),
        ("address", pa.string()),
        ("house_number", pa.string()),
        ("phone", pa.string()),
        ("phone_kind", pa.string()),
        ("email", pa.string()),
    ]
)

# Street words as officers abbreviate them, spelled out. Only a line's last word (or the word
# before a locality) is a street kind, so "St" in "St Johns Road" stays "st".
STREET_WORDS = {
    "rd": "road",
    "st": "street",
    "str": "street",
    "ave": "avenue",
    "av": "avenue",
    "ln": "lane",
    "dr": "drive",
    "cl": "close",
    "ct": "court",
    "cres": "crescent",
    "cr": "crescent",
    "gdns": "gardens",
    "gr": "grove",
    "gro": "grove",
    "pl": "place",
    "sq": "square",
    "ter": "terrace",
    "terr": "terrace",
    "wy": "way",
    "pk": "park",
    "hl": "hill",
}

_NON_WORD = re.compile(r"[^a-z0-9@.+ ]+")
_SPACES = re.compile(r"\s+")
_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")
_NICKNAMES = NickNamer()


def fold(value: str | None) -> str:
    """Lower case, accents stripped (é → e), punctuation a space, spaces single."""
    if not value:
        return ""
    text = unicodedata.normalize("NFKD", value)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = _NON_WORD.sub(" ", text.replace("'", "").replace("’", ""))
    return _SPACES.sub(" ", text).strip()


def name(value: str | None) -> str:
    """A name as compared: folded, with no dots or spaces inside ("o'neil" → "oneil",
    "mary-ann" → "mary ann")."""
    return fold(value).replace(".", "").replace("+", "").replace("@", "")


@lru_cache(maxsize=4096)
def related_first_names(first: str) -> tuple[str, ...]:
    """The name itself and every name the `nicknames` dataset relates to it either way
    (its nicknames, and the names it is a nickname of), sorted."""
    if not first:
        return ()
    names = {first} | _NICKNAMES.nicknames_of(first) | _NICKNAMES.canonicals_of(first)
    return tuple(sorted(names))


def postcode_parts(value: str | None) -> tuple[str | None, str | None, str | None]:
    """(postcode "ST5 1AB", sector "ST5 1", outward "ST5"), or nulls for anything that is
    not a UK postcode's shape."""
    compact = re.sub(r"[^A-Z0-9]", "", (value or "").upper())
    match = _POSTCODE.match(compact)
    if not match:
        return None, None, None
    outward, inward = match.groups()
    return f"{outward} {inward}", f"{outward} {inward[0]}", outward


def address_line(value: str | None) -> tuple[str | None, str | None]:
    """(first line spelled out, house number): "12, Church Rd" → ("12 church road", "12")."""
    words = fold(value).replace(".", " ").replace("@", " ").replace("+", " ").split()
    if not words:
        return None, None
    if words[-1] in STREET_WORDS:
        words[-1] = STREET_WORDS[words[-1]]
    number = next((w for w in words if w[:1].isdigit()), None)
    return " ".join(words), number


def phone_e164(value: str | None) -> tuple[str | None, str | None]:
    """(the number in E.164 "+447700900123", "mobile" or "other"), read as a UK number
    unless it says otherwise; digits only when it cannot be parsed as a number at all."""
    if not value or not value.strip():
        return None, None
    try:
        parsed = phonenumbers.parse(value, "GB")
    except phonenumbers.NumberParseException:
        digits = re.sub(r"\D", "", value)
        return digits or None, "other" if digits else None
    # UK 07 numbers are mobiles even in ranges `phonenumbers` does not know (07700 900…).
    mobile = phonenumbers.number_type(parsed) == phonenumbers.PhoneNumberType.MOBILE or (
        parsed.country_code == 44 and str(parsed.national_number).startswith("7")
    )
    return (
        phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164),
        "mobile" if mobile else "other",
    )


def email(value: str | None) -> str | None:
    cleaned = (value or "").strip().lower()
    return cleaned or None


def _date(value: date | str | None) -> tuple[str | None, str | None]:
    if not value:
        return None, None
    born = value if isinstance(value, date) else date.fromisoformat(value)
    swapped = None
    if born.day <= 12 and born.day != born.month:
        swapped = born.replace(month=born.day, day=born.month).isoformat()
    return born.isoformat(), swapped


def _record(values: tuple[Any, ...]) -> dict[str, Any]:
    pk, first_raw, surname_raw, born, address_raw, postcode_raw, phone_raw, email_raw = values
    first, surname = name(first_raw), name(surname_raw)
    dob, dob_swapped = _date(born)
    postcode, sector, outward = postcode_parts(postcode_raw)
    line, number = address_line(address_raw)
    phone, phone_kind = phone_e164(phone_raw)
    return {
        "unique_id": pk,
        "first_name": first or None,
        "first_names": list(related_first_names(first)) or None,
        "surname": surname or None,
        "name_key": " ".join(sorted(filter(None, (first, surname)))) or None,
        "date_of_birth": dob,
        "date_of_birth_swapped": dob_swapped,
        "postcode": postcode,
        "postcode_sector": sector,
        "postcode_outward": outward,
        "address": line,
        "house_number": number,
        "phone": phone,
        "phone_kind": phone_kind,
        "email": email(email_raw),
    }


def report_record(report: Report) -> dict[str, Any]:
    """One report as a row of the linkage table."""
    return _record(tuple(getattr(report, "pk" if f == "pk" else f) for f in FIELDS))


def records(rows: Iterable[tuple[Any, ...]]) -> Iterator[dict[str, Any]]:
    """Rows of `Report.objects.values_list(*FIELDS)` as linkage records."""
    return (_record(tuple(row)) for row in rows)


def linkage_table(reports: QuerySet[Report] | Iterable[Report]) -> pa.Table:
    """The linkage table for reports: a queryset (read with one `values_list` query, no
    model instances) or any iterable of `Report`s."""
    if isinstance(reports, QuerySet):
        rows = list(records(reports.order_by("pk").values_list(*FIELDS).iterator(chunk_size=5000)))
    else:
        rows = [report_record(report) for report in reports]
    return pa.Table.from_pylist(rows, schema=SCHEMA)
