"""A synthetic truth set for linkage: partner agencies' reports of made-up people, with every
kind of noise real feeds carry, and the truth of who made each report.

Used by the linkage accuracy tests, `docs/linkage.md`, the benchmarks and the demo. Each
person has a true identity; each of their reports is that identity as one agency's officer
recorded it on the day: nicknames from the `nicknames` dataset (Bob for Robert), typos,
first name and surname swapped, dates of birth missing or with day and month swapped,
postcodes in any spacing or case, addresses written differently, a move to a new address,
phones in +44 and 07 forms, emails in any case. And the hard negatives: family members at
one address with one surname (and sometimes one landline), and common names in other places.

Nothing here touches the database: rows are plain dicts with FEEDS.md §1's columns, so the
same set can be written as CSV, sent to the API or loaded in bulk."""

import csv
import io
import random
import string
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import accumulate

from nicknames import NickNamer

from casereview.devdata.feeds_names import FIRST_NAMES, STREETS, SURNAMES
from casereview.feeds.csvfeed import COLUMNS

ABBREVIATIONS = {"Road": "Rd", "Street": "St", "Avenue": "Ave", "Lane": "Ln", "Drive": "Dr"}
NEWCASTLE_OUTWARDS = ("ST5", "ST7")
UNIT = "ABDEFGHJLNPQRSTUWXYZ"  # the letters a postcode's last two may be
CATEGORIES = ("personal", "nuisance", "environmental")

_NICKNAMES = NickNamer()


@dataclass(frozen=True)
class NamePool:
    """The names people are drawn from, most common first, with Zipf-like weights
    1 / (rank + offset): a larger offset spreads the draws more evenly (`seed_feeds` draws a
    national population from a longer, flatter pool)."""

    first_names: Sequence[str]
    surnames: Sequence[str]
    first_cumulative: Sequence[float]
    surname_cumulative: Sequence[float]

    @classmethod
    def zipf(
        cls,
        first_names: Sequence[str],
        surnames: Sequence[str],
        first_offset: int = 4,
        surname_offset: int = 3,
    ) -> "NamePool":
        return cls(
            first_names,
            surnames,
            list(accumulate(1 / (rank + first_offset) for rank in range(len(first_names)))),
            list(accumulate(1 / (rank + surname_offset) for rank in range(len(surnames)))),
        )

    def first_name(self, rng: random.Random) -> str:
        return rng.choices(self.first_names, cum_weights=self.first_cumulative)[0]

    def surname(self, rng: random.Random) -> str:
        return rng.choices(self.surnames, cum_weights=self.surname_cumulative)[0]


TRUTH_NAMES = NamePool.zipf(FIRST_NAMES, SURNAMES)


@dataclass
class Identity:
    """Who a person truly is (where they live may change once: `moved_on`)."""

    key: int
    first_name: str
    surname: str
    date_of_birth: date
    addresses: list[tuple[str, str]]  # (first line, postcode), oldest first
    moved_on: date | None
    phone: str | None  # a national-format UK number, e.g. 07700 900123
    email: str | None
    area: str


@dataclass
class TruthSet:
    """Feed rows (agency slug → rows with FEEDS.md's columns) and who truly made each."""

    rows: dict[str, list[dict[str, str]]]
    person_of: dict[tuple[str, str], int] = field(default_factory=dict)
    people: list[Identity] = field(default_factory=list)

    def csv_for(self, agency: str) -> str:
        return rows_to_csv(self.rows[agency])

    @property
    def report_count(self) -> int:
        return sum(len(rows) for rows in self.rows.values())


def rows_to_csv(rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def make_truth_set(
    *,
    people: int,
    reports: int,
    agencies: tuple[str, ...],
    today: date,
    seed: int = 1,
    outwards: tuple[str, ...] = NEWCASTLE_OUTWARDS,
) -> TruthSet:
    """`people` made-up people making `reports` reports between them (each at least one) to
    the given agencies, over the 18 months before `today`."""
    if reports < people:
        raise ValueError("Every person makes at least one report.")
    rng = random.Random(seed)  # noqa: S311  # nosec B311 - made-up data, not secrets
    identities = _population(rng, people, outwards, today)
    counts = _report_counts(rng, people, reports)
    truth = TruthSet(rows={slug: [] for slug in agencies}, people=identities)
    serial: Counter[str] = Counter()
    for identity, count in zip(identities, counts, strict=True):
        for when in _episode(rng, count, today):
            agency = rng.choice(agencies)
            serial[agency] += 1
            reference = f"{agency[:3].upper()}-{seed:02d}{serial[agency]:07d}"
            row = _recorded(rng, identity, when, reference)
            truth.rows[agency].append(row)
            truth.person_of[(agency, reference)] = identity.key
    return truth


def pairwise_scores(
    predicted: dict[tuple[str, str], str], truth: dict[tuple[str, str], int]
) -> tuple[float, float]:
    """Pairwise precision and recall of a clustering against the truth, counted without
    listing the pairs: pairs in a (cluster, person) cell are the true positives."""

    def pairs(counter: Counter[object]) -> int:
        return sum(n * (n - 1) // 2 for n in counter.values())

    keys = truth.keys() & predicted.keys()
    together = pairs(Counter((predicted[k], truth[k]) for k in keys))
    said = pairs(Counter(predicted[k] for k in keys))
    true = pairs(Counter(truth[k] for k in keys))
    precision = together / said if said else 1.0
    recall = together / true if true else 1.0
    return precision, recall


def _population(
    rng: random.Random,
    count: int,
    outwards: tuple[str, ...],
    today: date,
    names: NamePool = TRUTH_NAMES,
) -> list[Identity]:
    """People with a Zipf-like spread of names (so common names repeat), 15% in households
    of two or three sharing a surname and an address, and some namesakes elsewhere."""
    people: list[Identity] = []
    while len(people) < count:
        head = _identity(rng, len(people), outwards, today, names)
        people.append(head)
        if rng.random() < 0.15:
            landline = f"01782 {rng.randint(100000, 999999)}" if rng.random() < 0.3 else None
            if landline:
                head.phone = landline
            for _ in range(rng.randint(1, 2)):
                if len(people) >= count:
                    break
                member = _identity(rng, len(people), outwards, today, names)
                while member.first_name == head.first_name:
                    member.first_name = names.first_name(rng)
                member.surname = head.surname
                member.addresses = list(head.addresses)
                member.moved_on = head.moved_on
                member.area = head.area
                member.phone = landline or member.phone
                member.email = _email(rng, member.first_name, member.surname)
                people.append(member)
        elif rng.random() < 0.05 and len(people) < count:
            namesake = _identity(rng, len(people), outwards, today, names)
            namesake.first_name, namesake.surname = head.first_name, head.surname
            namesake.email = _email(rng, namesake.first_name, namesake.surname)
            people.append(namesake)
    return people


def _identity(
    rng: random.Random,
    key: int,
    outwards: tuple[str, ...],
    today: date,
    names: NamePool,
) -> Identity:
    first = names.first_name(rng)
    surname = names.surname(rng)
    area = rng.choice(outwards)
    addresses = [_address(rng, area)]
    moved_on = None
    if rng.random() < 0.1:
        addresses.append(_address(rng, rng.choice(outwards)))
        moved_on = today - timedelta(days=rng.randint(30, 400))
    phone = (
        f"07{rng.randint(100, 999)} {rng.randint(100000, 999999)}" if rng.random() < 0.75 else None
    )
    born = today - timedelta(days=rng.randint(18 * 365, 90 * 365))
    email = _email(rng, first, surname) if rng.random() < 0.55 else None
    return Identity(key, first, surname, born, addresses, moved_on, phone, email, area)


def _address(rng: random.Random, outward: str) -> tuple[str, str]:
    line = f"{rng.randint(1, 180)} {rng.choice(STREETS)}"
    postcode = f"{outward} {rng.randint(1, 9)}{rng.choice(UNIT)}{rng.choice(UNIT)}"
    return line, postcode


def _email(rng: random.Random, first: str, surname: str) -> str:
    return f"{first}.{surname}{rng.randint(1, 99)}@example.com".lower()


def _report_counts(rng: random.Random, people: int, reports: int) -> list[int]:
    """Each person at least one report; the rest spread so that some make many."""
    counts = [1] * people
    weights = [rng.paretovariate(1.6) for _ in range(people)]
    for index in rng.choices(range(people), weights, k=reports - people):
        counts[index] += 1
    return counts


def _episode(rng: random.Random, count: int, today: date) -> list[tuple[date, date]]:
    """(behaviour_on, reported_on) for each report: a spell of trouble, reports weeks apart,
    one in five the same incident told to another agency, one in ten reported late."""
    behaviour = today - timedelta(days=rng.randint(0, 540))
    out: list[tuple[date, date]] = []
    for n in range(count):
        if n and rng.random() >= 0.2:
            behaviour = min(today, behaviour + timedelta(days=rng.randint(1, 60)))
        delay = rng.randint(20, 60) if rng.random() < 0.1 else rng.randint(0, 3)
        out.append((behaviour, min(today, behaviour + timedelta(days=delay))))
    return out


def _recorded(
    rng: random.Random, who: Identity, when: tuple[date, date], reference: str
) -> dict[str, str]:
    """One agency's record of one report: the identity with what officers do to it."""
    behaviour_on, reported_on = when
    first, surname = _first_name_as_heard(rng, who.first_name), who.surname
    if rng.random() < 0.05:
        surname = _typo(rng, surname)
    if rng.random() < 0.03:
        first, surname = surname, first
    line, postcode = who.addresses[-1 if who.moved_on and reported_on >= who.moved_on else 0]
    category = "hate" if rng.random() < 0.07 else rng.choice(CATEGORIES)
    return {
        "agency_reference": reference,
        "reported_on": reported_on.isoformat(),
        "behaviour_on": behaviour_on.isoformat(),
        "first_name": first,
        "surname": surname,
        "date_of_birth": _date_of_birth_as_given(rng, who.date_of_birth),
        "address": _address_as_written(rng, line) if rng.random() < 0.85 else "",
        "postcode": _postcode_as_written(rng, postcode) if rng.random() < 0.9 else "",
        "phone": _phone_as_written(rng, who.phone) if who.phone and rng.random() < 0.6 else "",
        "email": _email_as_written(rng, who.email) if who.email and rng.random() < 0.4 else "",
        "incident_postcode": postcode.replace(" ", "") if rng.random() < 0.5 else "",
        "category": category,
        "hate_related": "true" if category == "hate" else "false",
        "status": rng.choices(("open", "closed", "withdrawn"), (0.67, 0.3, 0.03))[0],
        "summary": "Noise and shouting late at night."
        if category == "nuisance"
        else "Threats and abuse outside the home.",
    }


def _first_name_as_heard(rng: random.Random, first: str) -> str:
    roll = rng.random()
    if roll < 0.12:
        nicknames = sorted(_NICKNAMES.nicknames_of(first.lower()))
        if nicknames:
            return rng.choice(nicknames).title()
    elif roll < 0.17:
        return _typo(rng, first)
    return first


def _typo(rng: random.Random, word: str) -> str:
    """One slip of the keyboard: a letter dropped, doubled, swapped with the next, or wrong."""
    if len(word) < 4:
        return word
    i = rng.randint(1, len(word) - 2)
    kind = rng.randint(0, 3)
    if kind == 0:
        return word[:i] + word[i + 1 :]
    if kind == 1:
        return word[:i] + word[i] + word[i:]
    if kind == 2:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:i] + rng.choice(string.ascii_lowercase) + word[i + 1 :]


def _date_of_birth_as_given(rng: random.Random, born: date) -> str:
    roll = rng.random()
    if roll < 0.3:
        return ""
    if roll < 0.33 and born.day <= 12 and born.day != born.month:
        return born.replace(month=born.day, day=born.month).isoformat()
    return born.isoformat()


def _address_as_written(rng: random.Random, line: str) -> str:
    roll = rng.random()
    if roll < 0.25:
        number, street = line.split(" ", 1)
        kind = street.rsplit(" ", 1)[-1]
        if kind in ABBREVIATIONS:
            street = street[: -len(kind)] + ABBREVIATIONS[kind]
        return f"{number} {street}"
    if roll < 0.35:
        return line.upper()
    if roll < 0.45:
        return line.replace(" ", ", ", 1)
    return line


def _postcode_as_written(rng: random.Random, postcode: str) -> str:
    return rng.choice(
        (postcode, postcode.lower(), postcode.replace(" ", ""), postcode.replace(" ", "  "))
    )


def _phone_as_written(rng: random.Random, phone: str) -> str:
    digits = phone.replace(" ", "")
    return rng.choice((phone, digits, "+44" + digits[1:], f"+44 {digits[1:5]} {digits[5:]}"))


def _email_as_written(rng: random.Random, email: str) -> str:
    return rng.choice((email, email.upper(), email.title()))
