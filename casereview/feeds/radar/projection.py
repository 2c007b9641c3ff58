"""The radar list's projection: who is on the radar, counted ahead of the request.

Counting every person of a partnership on each request reads every report in the policy's
window; with a million reports that is seconds. Instead `RadarEntry` keeps, for each person
the threshold engine puts at a second qualifying report or at the threshold, the stage and
what the list sorts and filters on, counted by exactly the same code as the live list
(`listing.counted_people`). `RadarState` says for which day and which rules (the policy in
effect and the agencies' relevant-body flags) the entries were counted.

What brings the entries up to date:
- `refresh_radar(partnership_id, person_ids)` after linkage or a change to some reports
  (the people whose reports moved, appeared, changed or went); with no ids, everyone;
- the list itself, before it reads (`radar_fresh`): a new day recounts only the people with
  a report that left the window or stopped being dated after today, and different rules (a
  policy version that took effect, an agency's relevant-body flag) recount everyone at once;
- the scheduled job (`radar_daily`), which recounts every partnership in full once a day, so
  anything a hook missed is put right by the next morning.
"""

import hashlib
import logging
from collections.abc import Iterable, Iterator
from dataclasses import astuple, dataclass
from datetime import date, timedelta

from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from casereview.accounts.models import Membership
from casereview.core.dates import local_today
from casereview.core.tenancy import partnership_id_of
from casereview.feeds.models import (
    RadarContact,
    RadarEntry,
    RadarStage,
    RadarState,
    Report,
    ReportStatus,
)
from casereview.feeds.radar.counting import Counted, ReportLine, policy_today, window_start
from casereview.feeds.radar.listing import (
    STAGE_RANK,
    Listed,
    RadarFilter,
    RadarRow,
    candidates,
    counted_people,
    radar_rows_of,
    window_reports,
)
from casereview.partnerships.models import Agency, Partnership
from casereview.threshold.engine import Policy

logger = logging.getLogger(__name__)

# People counted per batch: bounds memory on a full recount and the size of each IN (…).
CHUNK = 500
# A day move further than this recounts everyone (cheaper than finding who moved).
DAY_MOVE_MAX = 31

AgencyRow = tuple[int, str, bool]


def partnership_agencies(partnership_id: int) -> list[AgencyRow]:
    return list(
        Agency.objects.filter(partnership_id=partnership_id)
        .order_by("pk")
        .values_list("pk", "slug", "relevant_body")
    )


def rules_key(policy: Policy, agencies: Iterable[AgencyRow]) -> str:
    """What the count depends on besides the reports and the day, as one hash."""
    text = repr((astuple(policy), sorted(agencies)))
    return hashlib.sha256(text.encode()).hexdigest()


def _entry(partnership_id: int, person_id: int, counted: Counted, stage: str) -> RadarEntry:
    qualifying = counted.qualifying_reports
    return RadarEntry(
        partnership_id=partnership_id,
        person_id=person_id,
        stage=stage,
        stage_rank=STAGE_RANK[RadarStage(stage)],
        qualifying=counted.qualifying,
        latest_reported_on=max(r.reported_on for r in qualifying),
        agencies="," + ",".join(str(a) for a in sorted({r.agency_id for r in qualifying})) + ",",
        qualifying_ids=sorted(r.pk for r in qualifying),
    )


def _chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    batch: list[int] = []
    for person_id in ids:
        batch.append(person_id)
        if len(batch) == CHUNK:
            yield batch
            batch = []
    if batch:
        yield batch


def _recount(partnership_id: int, person_ids: list[int], policy: Policy, today: date) -> int:
    """Replace these people's entries with their count today. Returns the entries written."""
    RadarEntry.objects.filter(partnership_id=partnership_id, person_id__in=person_ids).delete()
    entries = [
        _entry(partnership_id, person_id, counted, stage)
        for person_id, counted, stage in counted_people(partnership_id, person_ids, policy, today)
    ]
    RadarEntry.objects.bulk_create(entries, batch_size=CHUNK)
    return len(entries)


def _moved_by_the_day(partnership_id: int, policy: Policy, since: date, today: date) -> set[int]:
    """People whose window changed between `since` and `today`: a report left the window
    (reported before today's window start, not before the old one) or came within today
    (dated after `since`, on or before today). Nothing else in the count depends on the day."""
    left = (window_start(policy, since), window_start(policy, today) - timedelta(days=1))
    arrived = (since + timedelta(days=1), today)
    return set(
        Report.objects.filter(partnership_id=partnership_id, person__isnull=False)
        .exclude(status=ReportStatus.WITHDRAWN)
        .filter(reported_on__range=left)
        .values_list("person_id", flat=True)
    ) | set(
        Report.objects.filter(partnership_id=partnership_id, person__isnull=False)
        .exclude(status=ReportStatus.WITHDRAWN)
        .filter(reported_on__range=arrived)
        .values_list("person_id", flat=True)
    )


def refresh_radar(
    partnership_id: int,
    person_ids: Iterable[int] | None = None,
    *,
    today: date | None = None,
    full: bool = False,
) -> int:
    """Bring a partnership's radar entries up to date: recount these people (linkage moved,
    added or changed their reports), or everyone when `person_ids` is None. A new day or new
    rules since the last count are taken in too, so after this the list is exact.

    Runs in one transaction holding the partnership's radar state row, so two refreshes of a
    partnership take turns and a reader sees the entries before or after, never half.
    Returns how many people were recounted."""
    today = today or local_today()
    policy = policy_today(partnership_id, today)
    rules = rules_key(policy, partnership_agencies(partnership_id))
    with transaction.atomic():
        Partnership.objects.select_for_update().filter(pk=partnership_id).first()
        state = RadarState.objects.filter(partnership_id=partnership_id).first()
        rebuild = (
            full
            or person_ids is None
            or state is None
            or state.rules != rules
            or not (0 <= (today - state.as_of).days <= DAY_MOVE_MAX)
        )
        if rebuild:
            done = _rebuild(partnership_id, policy, today)
        else:
            assert state is not None and person_ids is not None
            wanted = {p for p in person_ids if p is not None}
            if state.as_of != today:
                wanted |= _moved_by_the_day(partnership_id, policy, state.as_of, today)
            done = 0
            for batch in _chunks(sorted(wanted)):
                _recount(partnership_id, batch, policy, today)
                done += len(batch)
        RadarState.objects.update_or_create(
            partnership_id=partnership_id,
            defaults={
                "as_of": today,
                "rules": rules,
                "refreshed_at": timezone.now(),
                **({"rebuilt_on": today} if rebuild else {}),
            },
            create_defaults={
                "as_of": today,
                "rules": rules,
                "rebuilt_on": today,
                "refreshed_at": timezone.now(),
            },
        )
    return done


def _rebuild(partnership_id: int, policy: Policy, today: date) -> int:
    RadarEntry.objects.filter(partnership_id=partnership_id).delete()
    people = list(candidates(partnership_id, policy, today).order_by("person_id"))
    written = 0
    for batch in _chunks(people):
        written += _recount_new(partnership_id, batch, policy, today)
    logger.info(
        "Radar of partnership %s recounted: %s people with two or more reports in the window, "
        "%s on the radar",
        partnership_id,
        len(people),
        written,
    )
    return len(people)


def _recount_new(partnership_id: int, person_ids: list[int], policy: Policy, today: date) -> int:
    entries = [
        _entry(partnership_id, person_id, counted, stage)
        for person_id, counted, stage in counted_people(partnership_id, person_ids, policy, today)
    ]
    RadarEntry.objects.bulk_create(entries, batch_size=CHUNK)
    return len(entries)


def radar_fresh(
    partnership_id: int, today: date, policy: Policy, agencies: list[AgencyRow]
) -> None:
    """Before the list reads the entries: recount what the day or the rules changed since
    they were counted (nothing, on almost every request: one query)."""
    state = (
        RadarState.objects.filter(partnership_id=partnership_id)
        .values_list("as_of", "rules")
        .first()
    )
    if state != (today, rules_key(policy, agencies)):
        refresh_radar(partnership_id, [], today=today)


def radar_daily(today: date) -> str:
    """The scheduled job: every partnership with reports is recounted in full once a day
    (the first run after midnight); later runs that day only take in the day's move."""
    rebuilt = 0
    for partnership_id in Partnership.objects.order_by("pk").values_list("pk", flat=True):
        state = RadarState.objects.filter(partnership_id=partnership_id).first()
        if state is not None and state.rebuilt_on == today:
            continue
        if state is None and not Report.objects.filter(partnership_id=partnership_id).exists():
            continue
        refresh_radar(partnership_id, None, today=today)
        rebuilt += 1
    return f"recounted the radar of {rebuilt} partnership{'' if rebuilt == 1 else 's'}"


@dataclass
class RadarList:
    """The radar as the list pages read it: the counts by stage, the entries matching the
    filters in list order (a query set, to page), and `rows` to turn a page of entries into
    the rows shown, recounted from those people's reports as the live list counts them."""

    partnership_id: int
    today: date
    policy: Policy
    agencies: dict[int, Agency]
    counts: dict[str, int]
    entries: QuerySet[RadarEntry]
    total: int | None

    def paginator(self, per_page: int) -> Paginator[RadarEntry]:
        paginator = Paginator(self.entries, per_page)
        if self.total is not None:
            paginator.count = self.total  # known already: saves a COUNT
        return paginator

    def rows(self, entries: Iterable[RadarEntry]) -> list[RadarRow]:
        """The rows of these entries, in their order (4 queries however many), from those
        people's reports in the window and which of them the count found qualifying. A
        person whose reports no longer give two of those (linkage has moved a report and
        the refresh has not run yet) is left out rather than shown wrongly."""
        listed = list(entries)
        people = {e.person_id: e.person for e in listed}
        reports = window_reports(
            self.partnership_id, list(people), self.policy, self.today, self.agencies
        )
        found: list[tuple[int, Listed, str]] = []
        for entry in listed:
            qualifying = set(entry.qualifying_ids)
            lines = [
                ReportLine(r, r.pk in qualifying, "")
                for r in sorted(
                    reports.get(entry.person_id, []), key=lambda r: (r.reported_on, r.pk)
                )
            ]
            counted = Listed(lines)
            if counted.qualifying >= 2:
                found.append((entry.person_id, counted, entry.stage))
        return radar_rows_of(self.partnership_id, found, people)


def _not_contacted() -> Q:
    """No contact at the entry's stage or a later one (as `RadarRow.contacted_on` is None)."""
    told = RadarContact.objects.filter(
        partnership_id=OuterRef("partnership_id"), person_id=OuterRef("person_id")
    )
    at_threshold = told.filter(stage=RadarStage.THRESHOLD_MET)
    return ~(
        (Q(stage_rank=STAGE_RANK[RadarStage.SECOND_REPORT]) & Exists(told))
        | (Q(stage_rank=STAGE_RANK[RadarStage.THRESHOLD_MET]) & Exists(at_threshold))
    )


def radar_list(
    membership: Membership,
    today: date,
    chosen: RadarFilter,
    agencies: dict[int, Agency] | None = None,
) -> RadarList:
    """The acting membership's partnership's radar, brought up to date first (see the
    module's docstring): four queries (three given the agencies), and a page's rows four
    more."""
    partnership_id = partnership_id_of(membership)
    policy = policy_today(partnership_id, today)
    if agencies is None:
        agencies = {a.pk: a for a in Agency.objects.filter(partnership_id=partnership_id)}
    radar_fresh(
        partnership_id,
        today,
        policy,
        [(a.pk, a.slug, a.relevant_body) for a in agencies.values()],
    )
    entries = RadarEntry.objects.filter(partnership_id=partnership_id)
    by_rank = dict(
        entries.order_by()
        .values("stage_rank")
        .annotate(n=Count("pk"))
        .values_list("stage_rank", "n")
    )
    counts = {stage: by_rank.get(STAGE_RANK[RadarStage(stage)], 0) for stage in RadarStage.values}
    total: int | None = sum(counts.values())
    if chosen.stage:
        entries = entries.filter(stage_rank=STAGE_RANK[RadarStage(chosen.stage)])
        total = counts[chosen.stage]
    if chosen.agency:
        slugs = {a.slug: a.pk for a in agencies.values()}
        agency_id = slugs.get(chosen.agency)
        entries = (
            entries.filter(agencies__contains=f",{agency_id},")
            if agency_id is not None
            else entries.none()
        )
        total = None
    if chosen.not_contacted:
        entries = entries.filter(_not_contacted())
        total = None
    entries = entries.select_related("person").order_by(
        "-stage_rank", "-latest_reported_on", "person_id"
    )
    return RadarList(partnership_id, today, policy, agencies, counts, entries, total)
