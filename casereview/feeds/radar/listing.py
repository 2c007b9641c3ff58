"""Who is on the radar: each person with at least two qualifying reports, their stage, and
whether they have been told about the case review at that stage.

The one place that decides who is on it (`counted_people`): the SQL prefilter keeps only
people with two or more reports (not withdrawn) reported within the policy's window up to
today — exactly the people who could have two qualifying reports, since a report outside the
window never qualifies — and the engine evaluates those alone. `radar_rows` counts everyone
now (what the list must equal, and what the tests compare with); the pages and the API read
the projection `projection.py` keeps from the same counting.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, QuerySet

from casereview.accounts.models import Membership
from casereview.core.tenancy import partnership_id_of
from casereview.feeds.models import Person, RadarContact, RadarStage, Report, ReportStatus
from casereview.feeds.radar.counting import (
    AnyReport,
    Counted,
    ReportLine,
    ReportRow,
    count_reports,
    policy_today,
    window_start,
)
from casereview.partnerships.models import Agency
from casereview.threshold.engine import Policy

# The stages from the earliest; a contact at a later stage also told them of an earlier one.
STAGE_RANK = {RadarStage.SECOND_REPORT: 1, RadarStage.THRESHOLD_MET: 2}


@dataclass(frozen=True)
class Listed:
    """A person's count as the projection kept it: their reports in the window, each marked
    whether it qualifies (what the list shows of a `Counted`, without the engine's result)."""

    lines: list[ReportLine]

    @property
    def qualifying(self) -> int:
        return sum(line.qualifies for line in self.lines)

    @property
    def qualifying_reports(self) -> list[AnyReport]:
        return [line.report for line in self.lines if line.qualifies]


@dataclass
class RadarRow:
    person: Person
    counted: Counted | Listed
    stage: str
    latest_reported_on: date
    contacts: list[RadarContact] = field(default_factory=list)
    application: str | None = None

    @property
    def name(self) -> str:
        latest = max(self.counted.qualifying_reports, key=lambda r: (r.reported_on, r.pk))
        return f"{latest.first_name} {latest.surname}"

    @property
    def agencies(self) -> list[str]:
        return sorted({r.agency.name for r in self.counted.qualifying_reports})

    @property
    def contact_now(self) -> RadarContact | None:
        """The latest contact that told them of the case review at this stage or later."""
        rank = STAGE_RANK[RadarStage(self.stage)]
        told = [c for c in self.contacts if STAGE_RANK[RadarStage(c.stage)] >= rank]
        return max(told, key=lambda c: (c.contacted_on, c.pk), default=None)

    @property
    def contacted_on(self) -> date | None:
        contact = self.contact_now
        return contact.contacted_on if contact else None

    @property
    def told_earlier(self) -> RadarContact | None:
        """A contact at an earlier stage, when they have reached a later one since."""
        if self.contact_now is not None:
            return None
        return max(self.contacts, key=lambda c: (c.contacted_on, c.pk), default=None)


@dataclass(frozen=True)
class RadarFilter:
    stage: str = ""
    agency: str = ""
    not_contacted: bool = False


def candidates(partnership_id: int, policy: Policy, today: date) -> QuerySet[Any, Any]:
    """People with two or more reports not withdrawn in the window (as a subquery)."""
    return (
        Report.objects.filter(
            partnership_id=partnership_id,
            person__isnull=False,
            reported_on__gte=window_start(policy, today),
            reported_on__lte=today,
        )
        .exclude(status=ReportStatus.WITHDRAWN)
        .values("person_id")
        .annotate(n=Count("pk"))
        .filter(n__gte=2)
        .values_list("person_id", flat=True)
    )


def _applications(partnership_id: int, person_ids: list[int]) -> dict[int, str]:
    """Each person's latest application made from their reports, by reference."""
    # From the people's reports (the person index), then to their applications.
    rows = (
        Report.objects.filter(partnership_id=partnership_id, person_id__in=person_ids)
        .filter(applications__isnull=False)
        .order_by("applications__received", "applications__id")
        .values_list("person_id", "applications__reference")
    )
    return {person_id: reference for person_id, reference in rows}


_ROW_FIELDS = (
    "pk",
    "agency_id",
    "agency_reference",
    "reported_on",
    "behaviour_on",
    "status",
    "hate_related",
    "first_name",
    "surname",
    "person_id",
)


def window_reports(
    partnership_id: int,
    person_ids: QuerySet[Any, Any] | list[int],
    policy: Policy,
    today: date,
    agencies: dict[int, Agency] | None = None,
) -> dict[int, list[ReportRow]]:
    agencies = agencies or {a.pk: a for a in Agency.objects.filter(partnership_id=partnership_id)}
    start = window_start(policy, today)
    reports = Report.objects.filter(partnership_id=partnership_id, person_id__in=person_ids)
    if not isinstance(person_ids, list):
        # Everyone's: the window narrows the reads. For a list of people the window is kept
        # in Python, so the query is by person (the person index), whatever the planner's
        # statistics say about the window.
        reports = reports.filter(reported_on__gte=start, reported_on__lte=today).exclude(
            status=ReportStatus.WITHDRAWN
        )
    by_person: dict[int, list[ReportRow]] = defaultdict(list)
    for values in reports.values_list(*_ROW_FIELDS):
        pk, agency_id, reference, reported, behaviour, status, hate, first, last, person = values
        if not start <= reported <= today or status == ReportStatus.WITHDRAWN:
            continue
        by_person[person].append(
            ReportRow(
                pk, agency_id, agencies[agency_id], reference, reported, behaviour, status,
                hate, first, last, person,
            )
        )  # fmt: skip
    return by_person


def counted_people(
    partnership_id: int,
    person_ids: QuerySet[Any, Any] | list[int],
    policy: Policy,
    today: date,
    agencies: dict[int, Agency] | None = None,
) -> list[tuple[int, Counted, str]]:
    """Each of these people on the radar today, with their count and stage: the one place
    the radar decides who is on it, for the live list and the projection alike."""
    found: list[tuple[int, Counted, str]] = []
    for person_id, reports in window_reports(
        partnership_id, person_ids, policy, today, agencies
    ).items():
        counted = count_reports(reports, policy, today)
        if counted.stage is not None:
            found.append((person_id, counted, counted.stage))
    return found


def radar_rows_of(
    partnership_id: int,
    found: Sequence[tuple[int, Counted | Listed, str]],
    people: dict[int, Person],
) -> list[RadarRow]:
    """The rows for these people: with their contacts and latest application (3 queries)."""
    on_radar = [person_id for person_id, _, _ in found]
    contacts: dict[int, list[RadarContact]] = defaultdict(list)
    for contact in RadarContact.objects.filter(
        partnership_id=partnership_id, person_id__in=on_radar
    ):
        contacts[contact.person_id].append(contact)
    applications = _applications(partnership_id, on_radar)
    return [
        RadarRow(
            people[person_id],
            counted,
            stage,
            max(r.reported_on for r in counted.qualifying_reports),
            contacts[person_id],
            applications.get(person_id),
        )
        for person_id, counted, stage in found
        if person_id in people
    ]


def _sort_key(row: RadarRow) -> tuple[int, int, int]:
    return (-STAGE_RANK[RadarStage(row.stage)], -row.latest_reported_on.toordinal(), row.person.pk)


def radar_rows(membership: Membership, today: date, policy: Policy | None = None) -> list[RadarRow]:
    """Every person on the radar of the acting membership's partnership, threshold first,
    then by most recent report, counted now from every report in the window (the list
    pages read the projection instead; this is what it must equal). Seven queries whatever
    the number of people."""
    partnership_id = partnership_id_of(membership)
    policy = policy or policy_today(partnership_id, today)
    found = counted_people(partnership_id, candidates(partnership_id, policy, today), policy, today)
    people = {
        p.pk: p
        for p in Person.objects.filter(pk__in=[person_id for person_id, _, _ in found]).only(
            "pk", "public_id", "partnership_id"
        )
    }
    rows = radar_rows_of(partnership_id, found, people)
    rows.sort(key=_sort_key)
    return rows


def radar_filtered(rows: list[RadarRow], chosen: RadarFilter) -> list[RadarRow]:
    found = rows
    if chosen.stage:
        found = [r for r in found if r.stage == chosen.stage]
    if chosen.agency:
        found = [
            r
            for r in found
            if any(x.agency.slug == chosen.agency for x in r.counted.qualifying_reports)
        ]
    if chosen.not_contacted:
        found = [r for r in found if r.contacted_on is None]
    return found


def person_reports(person: Person) -> list[Report]:
    """Every report of a person, for their page (withdrawn and old ones too, with why not)."""
    return list(
        Report.objects.filter(partnership_id=person.partnership_id, person=person)
        .select_related("agency")
        .prefetch_related("applications")
    )


def person_row(
    person: Person, today: date
) -> tuple[Counted, Policy, str | None, list[RadarContact]]:
    policy = policy_today(person.partnership_id, today)
    counted = count_reports(person_reports(person), policy, today)
    contacts = list(RadarContact.objects.filter(person=person).select_related("by"))
    return counted, policy, counted.stage, contacts
