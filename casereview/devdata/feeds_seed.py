"""Partner agencies' reports at national scale (`casereview seed_feeds`): the truth set's
people and noise (`feeds_truth`: households, namesakes, moves, nicknames, typos, swapped
names and dates, postcodes and phones in every form), made in chunks so a million reports
need little memory, and written in bulk (COPY on PostgreSQL) or as feed files.

Two things change with scale, so that a million reports look like a county's and not like
5,000 reports copied 200 times:

- names come from a longer, flatter pool: the truth set's names first, then every formal
  first name of the `nicknames` dataset and English place-name surnames (Ashford,
  Bradley …), so that the commonest surname is about 1% of people, as Smith is;
- addresses spread over one outward code per 2,000 people (ST1, ST2 … then TF, WS …),
  each partnership its own area, instead of the truth set's two;
- nobody makes more than 150 reports (`MOST_REPORTS`): the truth set's long tail, left
  alone, grows with the population until one person reports ten times a day.

The truth (which made-up person each report belongs to) is kept in a CSV,
`partnership,agency,agency_reference,person`, so linkage can be scored at any scale with
`feeds_truth.pairwise_scores(predicted, load_truth(path, slug))`.

Never run against a database holding real data: `seed_feeds` writes reports straight to
the table, without the import's audit entry, as the other seeders do."""

import csv
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import IO, Any

from django.db import connection, transaction
from django.utils import timezone

from casereview.devdata.feeds_names import FIRST_NAMES, SURNAMES
from casereview.devdata.feeds_truth import (
    NamePool,
    _episode,
    _population,
    _recorded,
    _report_counts,
)
from casereview.feeds.csvfeed import COLUMNS, CleanRow, row_check
from casereview.feeds.models import Report
from casereview.feeds.services.imports import FIELDS, row_values
from casereview.partnerships.models import Agency, Partnership

PEOPLE_PER_OUTWARD = 2000
# Nobody makes more than this many reports in the 18 months (about one every four days).
# Left alone, the truth set's Pareto spread gives its busiest person a share that grows with
# the population: 850 reports at 50,000, about 5,000 (ten a day) at a million, and that
# one person's pairs would outnumber everyone else's.
MOST_REPORTS = 150
CHUNK_PEOPLE = 5000
# Postcode areas around Staffordshire and beyond, each with districts 1 to 99.
AREAS = ("ST", "TF", "WS", "DE", "WV", "SK", "CW", "CV", "LE", "NG", "DY", "WR", "HR", "SY")
AGENCIES = ("police", "council", "housing")
TRUTH_HEADER = ("partnership", "agency", "agency_reference", "person")
_PREFIXES = [
    "Ash",
    "Black",
    "Brad",
    "Brook",
    "Cal",
    "Car",
    "Chester",
    "Cole",
    "Dal",
    "Dun",
    "Fair",
    "Farn",
    "Field",
    "Hal",
    "Ham",
    "Har",
    "Hart",
    "Hay",
    "Hol",
    "Kings",
    "Lang",
    "Mar",
    "Mid",
    "Mill",
    "Mor",
    "New",
    "North",
    "Pen",
    "Rad",
    "Ran",
    "Red",
    "Ros",
    "Sand",
    "Shel",
    "South",
    "Stan",
    "Stock",
    "Thorn",
    "Wal",
    "West",
    "Whit",
    "Wood",
    "Wor",
    "Wyn",
    "Yar",
    "Ather",
    "Bar",
    "Bur",
    "Crow",
    "Ed",
    "Elm",
    "Fern",
    "Glad",
    "Green",
    "Hand",
    "Horn",
    "Lin",
    "Lock",
    "Mel",
    "Ox",
    "Pick",
    "Rush",
    "Sher",
    "Stain",
    "Sut",
    "Tam",
    "Ux",
    "War",
]
_SUFFIXES = [
    "ley",
    "ton",
    "ford",
    "wood",
    "field",
    "by",
    "ham",
    "well",
    "worth",
    "more",
    "shaw",
    "stone",
    "bridge",
    "brook",
    "den",
    "hurst",
    "combe",
    "wick",
    "thorpe",
    "land",
]

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Seeded:
    """One report as an agency sent it (FEEDS.md §1's columns) and who truly made it."""

    agency: str
    row: dict[str, str]
    person: str


@cache
def national_names() -> NamePool:
    """The truth set's names first (so the common ones stay common), then the rest."""
    first = list(FIRST_NAMES)
    known = {name.lower() for name in first}
    data = resources.files("nicknames").joinpath("names.csv").read_text(encoding="utf-8")
    formal = sorted(
        {
            line.split(",")[0]
            for line in data.splitlines()[1:]
            if ",has_nickname," in line and len(line.split(",")[0]) >= 3
        }
    )
    first += [name.title() for name in formal if name not in known]
    surnames = list(SURNAMES)
    taken = set(surnames)
    surnames += [
        made
        for suffix in _SUFFIXES
        for prefix in _PREFIXES
        if (made := prefix + suffix) not in taken
    ]
    return NamePool.zipf(first, surnames, first_offset=40, surname_offset=80)


def outward_codes(start: int, count: int) -> tuple[str, ...]:
    """`count` outward codes from the `start`th of ST1 … ST99, TF1 … (wrapping round)."""
    every = [f"{area}{district}" for area in AREAS for district in range(1, 100)]
    return tuple(every[(start + n) % len(every)] for n in range(count))


def seeded_reports(
    *,
    slug: str,
    people: int,
    reports: int,
    agencies: tuple[str, ...],
    today: date,
    seed: int,
    outward_start: int = 0,
) -> Iterator[list[Seeded]]:
    """One partnership's reports, a chunk of people at a time (each person's reports
    together). Deterministic: the same arguments make the same reports."""
    if reports < people:
        raise ValueError("Every person makes at least one report.")
    rng = random.Random(f"{seed}:{slug}")  # noqa: S311  # nosec B311 - made-up data
    outwards = outward_codes(outward_start, max(2, -(-people // PEOPLE_PER_OUTWARD)))
    names = national_names()
    counts = _capped(rng, _report_counts(rng, people, reports))
    serial = dict.fromkeys(agencies, 0)
    for offset in range(0, people, CHUNK_PEOPLE):
        size = min(CHUNK_PEOPLE, people - offset)
        chunk: list[Seeded] = []
        for identity in _population(rng, size, outwards, today, names):
            person = f"{slug}:{offset + identity.key}"
            for when in _episode(rng, counts[offset + identity.key], today):
                agency = rng.choice(agencies)
                serial[agency] += 1
                reference = f"{agency[:3].upper()}-S{seed:02d}-{serial[agency]:08d}"
                chunk.append(Seeded(agency, _recorded(rng, identity, when, reference), person))
        yield chunk


def _capped(rng: random.Random, counts: list[int]) -> list[int]:
    """At most MOST_REPORTS each; the reports over it go to people picked at random who
    are under it (the total stays the same)."""
    spare = sum(max(0, n - MOST_REPORTS) for n in counts)
    counts = [min(n, MOST_REPORTS) for n in counts]
    if spare > len(counts) * MOST_REPORTS - sum(counts):
        raise ValueError(f"Give fewer than {MOST_REPORTS} reports a person.")
    while spare:
        index = rng.randrange(len(counts))
        if counts[index] < MOST_REPORTS:
            counts[index] += 1
            spare -= 1
    return counts


def split(total: int, parts: int) -> list[int]:
    """`total` in `parts` near-equal whole shares."""
    return [total // parts + (1 if n < total % parts else 0) for n in range(parts)]


def load_truth(path: Path | str, partnership: str) -> dict[tuple[str, str], str]:
    """(agency, agency_reference) → the made-up person, for one partnership's reports."""
    with open(path, newline="", encoding="utf-8") as handle:
        return {
            (row["agency"], row["agency_reference"]): row["person"]
            for row in csv.DictReader(handle)
            if row["partnership"] == partnership
        }


# ---- writing: straight to the reports table, or as feed files -------------------------

_COLUMNS = ["partnership_id", "agency_id", "agency_reference", *FIELDS, "created_at", "updated_at"]


def _clean(item: Seeded) -> CleanRow:
    """The row as the import would keep it (postcodes "ST5 1AB", dates typed …): through the
    feed's own checks, which a seeded row always passes."""
    checked = row_check(item.row, 0)
    if not isinstance(checked, CleanRow):
        raise ValueError(f"A seeded row broke the feed's rules: {checked}")
    return checked


def _sql(text: str) -> str:
    """SQL made of the model's own table and column names; every value is a parameter."""
    return text


class DatabaseWriter:
    """Reports straight into `feeds_report`: COPY on PostgreSQL, large executemany batches
    on SQLite. Call inside a transaction."""

    def __init__(self, partnership: Partnership, agencies: dict[str, Agency]) -> None:
        self.partnership_id = partnership.pk
        self.agency_ids = {slug: agency.pk for slug, agency in agencies.items()}
        self.now: datetime = timezone.now()

    def _tuple(self, item: Seeded) -> tuple[Any, ...]:
        row = row_values(_clean(item))
        return (self.partnership_id, self.agency_ids[item.agency], *row, self.now, self.now)

    def write(self, chunk: list[Seeded]) -> None:
        rows = [self._tuple(item) for item in chunk]
        table = Report._meta.db_table
        names = ", ".join(_COLUMNS)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                return
            adapt_day = connection.ops.adapt_datefield_value
            adapt_time = connection.ops.adapt_datetimefield_value(self.now)
            marks = ", ".join(["%s"] * len(_COLUMNS))
            insert = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608  # nosec B608
            cursor.executemany(
                _sql(insert),
                [
                    (
                        *row[:3],
                        adapt_day(row[3]),
                        adapt_day(row[4]),
                        *row[5:7],
                        adapt_day(row[7]),
                        *row[8:17],
                        adapt_time,
                        adapt_time,
                    )
                    for row in rows
                ],
            )


class FileWriter:
    """Feed files, `DIR/<partnership>/<agency>-NNN.csv`, at most `rows_per_file` rows each
    (a nightly export's size), in FEEDS.md §1's format."""

    def __init__(self, directory: Path, slug: str, rows_per_file: int) -> None:
        self.directory = directory / slug
        self.directory.mkdir(parents=True, exist_ok=True)
        self.rows_per_file = rows_per_file
        self.open: dict[str, tuple[IO[str], Any, int]] = {}
        self.numbers: dict[str, int] = {}
        self.files: list[Path] = []

    def _writer(self, agency: str) -> Any:
        current = self.open.get(agency)
        if current is not None and current[2] < self.rows_per_file:
            handle, writer, written = current
            self.open[agency] = (handle, writer, written + 1)
            return writer
        if current is not None:
            current[0].close()
        self.numbers[agency] = self.numbers.get(agency, 0) + 1
        path = self.directory / f"{agency}-{self.numbers[agency]:03d}.csv"
        self.files.append(path)
        handle = path.open("w", newline="", encoding="utf-8")
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        self.open[agency] = (handle, writer, 1)
        return writer

    def write(self, chunk: list[Seeded]) -> None:
        for item in chunk:
            self._writer(item.agency).writerow(item.row)

    def close(self) -> None:
        for handle, _, _ in self.open.values():
            handle.close()
        self.open.clear()


@dataclass
class SeedResult:
    reports: int
    people: int
    partnerships: list[str]
    files: list[Path]


def seed_feeds(
    *,
    partnerships: list[Partnership],
    people: int,
    reports: int,
    today: date,
    seed: int,
    truth: Path,
    out: Path | None = None,
    rows_per_file: int = 100_000,
    progress: Progress | None = None,
) -> SeedResult:
    """Seed `reports` reports of `people` people, shared evenly between the partnerships,
    into the database (one transaction a partnership) or, with `out`, as feed files. The
    truth goes to `truth` either way."""
    truth.parent.mkdir(parents=True, exist_ok=True)
    done = 0
    files: list[Path] = []
    outward_start = 0
    with truth.open("w", newline="", encoding="utf-8") as handle:
        truth_writer = csv.writer(handle, lineterminator="\n")
        truth_writer.writerow(TRUTH_HEADER)
        for partnership, its_people, its_reports in zip(
            partnerships,
            split(people, len(partnerships)),
            split(reports, len(partnerships)),
            strict=True,
        ):
            agencies = seed_agencies(partnership)
            chunks = seeded_reports(
                slug=partnership.slug,
                people=its_people,
                reports=its_reports,
                agencies=tuple(agencies),
                today=today,
                seed=seed,
                outward_start=outward_start,
            )
            outward_start += max(2, -(-its_people // PEOPLE_PER_OUTWARD))
            writer: DatabaseWriter | FileWriter
            if out is not None:
                writer = FileWriter(out, partnership.slug, rows_per_file)
            else:
                writer = DatabaseWriter(partnership, agencies)
            with transaction.atomic():
                for chunk in chunks:
                    writer.write(chunk)
                    truth_writer.writerows(
                        (partnership.slug, item.agency, item.row["agency_reference"], item.person)
                        for item in chunk
                    )
                    done += len(chunk)
                    if progress is not None:
                        progress(done, reports)
            if isinstance(writer, FileWriter):
                writer.close()
                files += writer.files
    return SeedResult(done, people, [p.slug for p in partnerships], files)


def seed_agencies(partnership: Partnership) -> dict[str, Agency]:
    """The partnership's police, council and housing (the truth set's three), or every
    agency it has when it has none of those."""
    agencies = {a.slug: a for a in Agency.objects.filter(partnership=partnership).order_by("pk")}
    chosen = {slug: agencies[slug] for slug in AGENCIES if slug in agencies}
    return chosen or agencies
