"""Reading a partner agency's feed (FEEDS.md §1): a CSV file, or the API's JSON rows, checked
row by row into typed clean rows and refusals an agency can act on.

A row is refused with where it is (the line in the file, the header being line 1, or the
index in the API's list), the column and a reason in plain English. A file that cannot be
read as a feed at all (not UTF-8 text, not CSV, a required column missing) raises
`FeedUnreadable`: nothing of it is imported.
"""

import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from django.db import models

from casereview.feeds.models import Report, ReportCategory, ReportStatus

REQUIRED = ("agency_reference", "reported_on", "behaviour_on", "first_name", "surname")
OPTIONAL = (
    "date_of_birth",
    "address",
    "postcode",
    "phone",
    "email",
    "incident_postcode",
    "category",
    "hate_related",
    "status",
    "summary",
)
COLUMNS = REQUIRED + OPTIONAL
SUMMARY_MAX = 2000
_TEXT = ("agency_reference", "first_name", "surname", "address", "phone", "email")
_DATE_SHAPE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SPACE = re.compile(r"\s+")
# A UK postcode without its space: outward code (area, district) then inward code.
_POSTCODE = re.compile(r"[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][ABD-HJLNP-UW-Z]{2}")
_CATEGORIES = frozenset(ReportCategory.values)
_STATUSES = frozenset(ReportStatus.values)
_TRUE = frozenset({"true", "yes", "1"})
_FALSE = frozenset({"false", "no", "0", ""})
_BOOLEANS = _TRUE | _FALSE

_LABELS = {
    "agency_reference": "the agency reference",
    "reported_on": "the date reported",
    "behaviour_on": "the date of the behaviour",
    "first_name": "the first name",
    "surname": "the surname",
    "date_of_birth": "the date of birth",
    "address": "the address",
    "postcode": "the postcode",
    "phone": "the phone number",
    "email": "the email address",
    "incident_postcode": "the incident postcode",
    "category": "the category",
    "hate_related": "hate_related",
    "status": "the status",
    "summary": "the summary",
}


def _max_length(name: str) -> int:
    if name == "summary":
        return SUMMARY_MAX
    model_field = Report._meta.get_field(name)
    assert isinstance(model_field, models.CharField) and model_field.max_length is not None
    return model_field.max_length


MAX_LENGTHS = {name: _max_length(name) for name in (*_TEXT, "summary")}
_LIMITS = tuple(MAX_LENGTHS.items())


class FeedUnreadable(Exception):
    """The file cannot be read as a feed at all (exit code 2; nothing imported)."""


@dataclass(frozen=True)
class Refusal:
    """One reason a row was refused. `line` is the line in the file (header = 1), or the
    index in the API's list of reports."""

    line: int
    column: str
    reason: str

    def as_line(self) -> str:
        return f"line {self.line}: {self.column}: {self.reason}"


@dataclass(frozen=True)
class CleanRow:
    """One row that passed every rule, typed and normalised, ready to be saved."""

    line: int
    agency_reference: str
    reported_on: date
    behaviour_on: date
    first_name: str
    surname: str
    date_of_birth: date | None
    address: str
    postcode: str
    phone: str
    email: str
    incident_postcode: str
    category: str
    hate_related: bool
    status: str
    summary: str


@dataclass
class ParsedFeed:
    rows: list[CleanRow] = field(default_factory=list)
    refusals: list[Refusal] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    refused_rows: int = 0

    @property
    def total(self) -> int:
        return len(self.rows) + self.refused_rows


# Feeds repeat postcodes and dates (a day's reports share their dates; a household its
# postcode), so each distinct value is checked once: a 30,000-row feed checks at a few µs a row.
@lru_cache(maxsize=1 << 16)
def postcode_normalised(value: str) -> str | None:
    """ "st5 1ab", "ST51AB", "ST5  1AB" → "ST5 1AB"; None when it is not a UK postcode."""
    compact = _SPACE.sub("", value).upper()
    if not _POSTCODE.fullmatch(compact):
        return None
    return f"{compact[:-3]} {compact[-3:]}"


def _storable(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return "\x00" not in value


_NOT_A_DATE, _NOT_A_REAL_DATE = 0, 1


@lru_cache(maxsize=1 << 16)
def _day(value: str) -> date | int:
    """The date `value` names, or why it names none."""
    if not _DATE_SHAPE.fullmatch(value):
        return _NOT_A_DATE
    try:
        return date.fromisoformat(value)
    except ValueError:
        return _NOT_A_REAL_DATE


def _date(value: str, column: str, refusals: list[Refusal], line: int) -> date | None:
    day = _day(value)
    if isinstance(day, date):
        return day
    if day == _NOT_A_DATE:
        refusals.append(
            Refusal(line, column, f"{_LABELS[column].capitalize()} must be a date like 2026-03-27")
        )
    else:
        refusals.append(Refusal(line, column, f"{_LABELS[column].capitalize()} is not a real date"))
    return None


def row_check(values: Mapping[str, str], line: int) -> CleanRow | list[Refusal]:
    """Check one row (values already stripped strings, keyed by column). Returns the clean
    row, or every reason it is refused."""
    refusals: list[Refusal] = []
    # Nearly every row is printable text throughout: one test for the whole row.
    if not "".join(values.values()).isprintable():
        for column, value in values.items():
            if "\x00" in value or (not value.isprintable() and not _storable(value)):
                refusals.append(
                    Refusal(
                        line,
                        column,
                        f"{_LABELS[column].capitalize()} holds characters that are not text",
                    )
                )
    for column in REQUIRED:
        if not values.get(column, ""):
            refusals.append(Refusal(line, column, f"Enter {_LABELS[column]}"))
    for column, limit in _LIMITS:
        if len(values.get(column, "")) > limit:
            refusals.append(
                Refusal(
                    line,
                    column,
                    f"{_LABELS[column].capitalize()} must be {limit:,} characters or fewer",
                )
            )
    reported = behaviour = born = None
    if values.get("reported_on"):
        reported = _date(values["reported_on"], "reported_on", refusals, line)
    if values.get("behaviour_on"):
        behaviour = _date(values["behaviour_on"], "behaviour_on", refusals, line)
    if values.get("date_of_birth"):
        born = _date(values["date_of_birth"], "date_of_birth", refusals, line)
    if reported and behaviour and reported < behaviour:
        refusals.append(
            Refusal(
                line,
                "reported_on",
                "The date reported must be the same as or after the date of the behaviour",
            )
        )
    postcodes = {}
    for column in ("postcode", "incident_postcode"):
        raw = values.get(column, "")
        normal = postcode_normalised(raw) if raw else ""
        if normal is None:
            refusals.append(
                Refusal(line, column, f"{_LABELS[column].capitalize()} is not a UK postcode")
            )
        postcodes[column] = normal or ""
    category = values.get("category", "").lower()
    if category not in _CATEGORIES and category != "":
        refusals.append(
            Refusal(
                line, "category", "The category must be personal, nuisance, environmental or hate"
            )
        )
    status = values.get("status", "").lower() or str(ReportStatus.OPEN.value)
    if status not in _STATUSES:
        refusals.append(Refusal(line, "status", "The status must be open, closed or withdrawn"))
    hate = values.get("hate_related", "").lower()
    if hate not in _BOOLEANS:
        refusals.append(Refusal(line, "hate_related", "hate_related must be true or false"))
    if refusals:
        return refusals
    assert reported is not None and behaviour is not None
    return CleanRow(
        line=line,
        agency_reference=values["agency_reference"],
        reported_on=reported,
        behaviour_on=behaviour,
        first_name=values["first_name"],
        surname=values["surname"],
        date_of_birth=born,
        address=values.get("address", ""),
        postcode=postcodes["postcode"],
        phone=values.get("phone", ""),
        email=values.get("email", ""),
        incident_postcode=postcodes["incident_postcode"],
        category=category,
        hate_related=hate in _TRUE or category == ReportCategory.HATE,
        status=status,
        summary=values.get("summary", ""),
    )


class _Collector:
    """Gathers rows into a ParsedFeed, refusing a second row with a reference already seen
    in the same feed (which of the two the agency meant is theirs to say)."""

    def __init__(self) -> None:
        self.feed = ParsedFeed()
        self.seen: dict[str, int] = {}

    def add(self, values: Mapping[str, str], line: int, where: str = "line") -> None:
        checked = row_check(values, line)
        if isinstance(checked, CleanRow):
            earlier = self.seen.get(checked.agency_reference)
            if earlier is not None:
                checked = [
                    Refusal(
                        line,
                        "agency_reference",
                        f"The same agency reference is already on {where} {earlier}",
                    )
                ]
            else:
                self.seen[checked.agency_reference] = line
                self.feed.rows.append(checked)
                return
        self.feed.refusals.extend(checked)
        self.feed.refused_rows += 1


def feed_parse(data: bytes) -> ParsedFeed:
    """Read a CSV feed. Raises FeedUnreadable when it cannot be read as a feed at all."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FeedUnreadable(
            "The file is not UTF-8 text: save it from your spreadsheet as "
            "“CSV UTF-8 (comma delimited)”"
        ) from exc
    if "\x00" in text:
        raise FeedUnreadable("The file is not a CSV file: it holds binary data")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        while header is not None and not any(cell.strip() for cell in header):
            header = next(reader, None)
        if header is None:
            raise FeedUnreadable("The file is empty: it needs a header row and a row per report")
        header_line = reader.line_num
        names = [cell.strip().lower() for cell in header]
        twice = sorted({name for name in names if names.count(name) > 1 and name})
        if twice:
            raise FeedUnreadable(f"The header names a column more than once: {', '.join(twice)}")
        missing = [column for column in REQUIRED if column not in names]
        if missing:
            raise FeedUnreadable(
                "The header row is missing the required "
                + ("column " if len(missing) == 1 else "columns ")
                + ", ".join(missing)
            )
        collector = _Collector()
        unknown = [name for name in names if name not in COLUMNS]
        if unknown:
            collector.feed.warnings.append(
                "These columns are not part of the feed and were ignored: "
                + ", ".join(name or "(a column with no name)" for name in unknown)
            )
        kept = [(index, name) for index, name in enumerate(names) if name in COLUMNS]
        width = len(names)
        line = header_line
        for cells in reader:
            start, line = line + 1, reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) != width:
                collector.feed.refusals.append(
                    Refusal(
                        start,
                        "row",
                        f"The row has {len(cells)} values but the header has {len(names)} columns",
                    )
                )
                collector.feed.refused_rows += 1
                continue
            collector.add({name: cells[index].strip() for index, name in kept}, start)
    except csv.Error as exc:
        raise FeedUnreadable(f"The file is not a readable CSV file: {exc}") from exc
    return collector.feed


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).strip()


def rows_parse(rows: Iterable[Mapping[str, Any]]) -> ParsedFeed:
    """The API's JSON rows, checked exactly as a file's; a refusal's `line` is the row's
    index in the list (from 0)."""
    collector = _Collector()
    for index, row in enumerate(rows):
        values = {name: _as_text(row.get(name)) for name in COLUMNS}
        collector.add(values, index, where="index")
    return collector.feed
