"""The radar list reads a projection counted ahead of the request; it must list exactly what
counting every report now lists (`radar_rows`), with every filter, on a varied data set, and
stay exact when a day passes, the policy or an agency changes, linkage moves reports or a
report is saved on its own."""

import random
from datetime import date, timedelta
from typing import Any

import pytest

from casereview.accounts.models import Membership, User
from casereview.core.dates import local_today
from casereview.feeds.linkage.tasks import link_partnership_task
from casereview.feeds.models import (
    Person,
    RadarContact,
    RadarEntry,
    RadarStage,
    RadarState,
    Report,
    ReportStatus,
    ToldBy,
)
from casereview.feeds.radar.listing import RadarFilter, RadarRow, radar_filtered, radar_rows
from casereview.feeds.radar.projection import radar_daily, radar_list, refresh_radar
from casereview.partnerships.models import Agency, Partnership, ThresholdPolicyVersion
from tests.feeds.radar_builders import person, report

pytestmark = pytest.mark.django_db

COORDINATOR = "pso@nul.example"
AGENCIES = ("police", "council", "housing", "health", "fire")


def _coordinator() -> Membership:
    return Membership.objects.get(user__email=COORDINATOR)


def _seen(row: RadarRow) -> tuple[Any, ...]:
    """Everything a row shows on the page or in the API."""
    return (
        row.person.public_id,
        row.stage,
        row.counted.qualifying,
        row.name,
        tuple(row.agencies),
        row.latest_reported_on,
        row.contacted_on,
        row.told_earlier.pk if row.told_earlier else None,
        row.application,
        tuple((line.report.pk, line.qualifies) for line in row.counted.lines),
    )


def _listed(today: date, chosen: RadarFilter, per_page: int = 7) -> list[tuple[Any, ...]]:
    """Every page of the projected list, in order."""
    listed = radar_list(_coordinator(), today, chosen)
    paginator = listed.paginator(per_page)
    rows: list[tuple[Any, ...]] = []
    for number in paginator.page_range:
        rows += [_seen(r) for r in listed.rows(paginator.page(number).object_list)]
    assert len(rows) == paginator.count
    return rows


FILTERS = [
    RadarFilter(),
    RadarFilter(stage=RadarStage.SECOND_REPORT),
    RadarFilter(stage=RadarStage.THRESHOLD_MET),
    RadarFilter(agency="housing"),
    RadarFilter(agency="fire"),
    RadarFilter(not_contacted=True),
    RadarFilter(stage=RadarStage.THRESHOLD_MET, agency="police", not_contacted=True),
]


def _assert_same(today: date) -> int:
    live = radar_rows(_coordinator(), today)
    for chosen in FILTERS:
        assert _listed(today, chosen) == [_seen(r) for r in radar_filtered(live, chosen)], chosen
    listed = radar_list(_coordinator(), today, RadarFilter())
    assert listed.counts == {
        stage: sum(r.stage == stage for r in live) for stage in RadarStage.values
    }
    return len(live)


def _varied(seed: int, people: int = 120) -> list[Person]:
    """People with one to six reports each: different agencies (one not a relevant body),
    old and new, late, hate incidents, withdrawn, dated after today, one incident told to
    two agencies, and some people told about the case review or with an application."""
    rng = random.Random(seed)
    made = []
    for n in range(people):
        who = person()
        made.append(who)
        day = rng.randint(0, 250)
        for _ in range(rng.randint(1, 6)):
            fields: dict[str, Any] = {"first_name": rng.choice(["Alex", "Sam", "Jo"])}
            if rng.random() < 0.1:
                fields["status"] = ReportStatus.WITHDRAWN
            if rng.random() < 0.15:
                fields["hate_related"] = True
            if rng.random() < 0.05:
                report(who, rng.choice(AGENCIES), reported_on=local_today() + timedelta(days=2))
                continue
            if rng.random() < 0.15:  # the same day's behaviour told to a second agency
                behaviour = local_today() - timedelta(days=day + 1)
                report(who, "police", days_ago=day, behaviour_on=behaviour, **fields)
                report(who, "council", days_ago=max(day - 1, 0), behaviour_on=behaviour, **fields)
                continue
            late = rng.choice([0, 0, 0, 3, 20, 45])
            report(who, rng.choice(AGENCIES), days_ago=day, late_by=late, **fields)
            day = max(0, day - rng.randint(0, 60))
        if n % 9 == 0:
            RadarContact.objects.create(
                partnership_id=who.partnership_id,
                person=who,
                method=ToldBy.PHONE,
                contacted_on=local_today() - timedelta(days=rng.randint(0, 30)),
                stage=rng.choice(RadarStage.values),
                by=User.objects.get(email=COORDINATOR),
            )
    return made


def test_the_list_equals_counting_every_report_now_with_every_filter(demo):
    _varied(seed=1)
    on_radar = _assert_same(local_today())
    assert on_radar > 20
    assert RadarEntry.objects.count() == on_radar


def test_a_day_passing_recounts_only_who_the_window_moved_for_and_stays_exact(demo):
    _varied(seed=2)
    today = local_today()
    _assert_same(today)
    for days in (1, 2, 9, 30):
        _assert_same(today + timedelta(days=days))
        state = RadarState.objects.get()
        assert state.as_of == today + timedelta(days=days)
        assert state.rebuilt_on == today  # a day's move is not a full recount
    _assert_same(today + timedelta(days=200))  # past a month: everyone is recounted
    assert RadarState.objects.get().rebuilt_on == today + timedelta(days=200)


def test_a_policy_or_agency_change_applies_at_once(demo):
    _varied(seed=3)
    today = local_today()
    before = _assert_same(today)
    partnership = Partnership.objects.get(slug="newcastle-under-lyme")
    ThresholdPolicyVersion.objects.create(
        partnership=partnership, effective_from=today, min_complaints=2, hate_incident_rule=True
    )
    _assert_same(today)
    listed = radar_list(_coordinator(), today, RadarFilter())
    assert listed.counts[RadarStage.SECOND_REPORT] == 0  # two now meet the threshold
    Agency.objects.filter(partnership=partnership, slug="fire").update(relevant_body=True)
    assert _assert_same(today) > before


def test_a_policy_from_tomorrow_applies_from_tomorrow(demo):
    _varied(seed=4, people=40)
    today = local_today()
    _assert_same(today)
    ThresholdPolicyVersion.objects.create(
        partnership=Partnership.objects.get(slug="newcastle-under-lyme"),
        effective_from=today + timedelta(days=1),
        min_complaints=2,
    )
    _assert_same(today)
    _assert_same(today + timedelta(days=1))
    assert (
        radar_list(_coordinator(), today + timedelta(days=1), RadarFilter()).counts[
            RadarStage.SECOND_REPORT
        ]
        == 0
    )


def test_reports_moved_in_bulk_are_listed_once_refresh_radar_is_told_whose(demo):
    first, second = person(), person()
    moved = [report(first, "police", days_ago=30), report(first, "council", days_ago=5)]
    report(second, "housing", days_ago=12)
    _assert_same(local_today())
    # As linkage writes: one UPDATE, no signals.
    Report.objects.filter(pk__in=[r.pk for r in moved]).update(person=second)
    listed = radar_list(_coordinator(), local_today(), RadarFilter())
    # Not refreshed yet: the entry names a person whose reports no longer count; never shown.
    assert listed.rows(listed.entries) == []
    refresh_radar(first.partnership_id, [first.pk, second.pk])
    _assert_same(local_today())
    rows = radar_rows(_coordinator(), local_today())
    assert [(r.person.pk, r.stage) for r in rows] == [(second.pk, RadarStage.THRESHOLD_MET)]


def test_linkage_finishing_recounts_the_radar(demo):
    partnership = Partnership.objects.get(slug="newcastle-under-lyme")
    _assert_same(local_today())  # the projection exists, and is empty
    agencies = {a.slug: a for a in Agency.objects.filter(partnership=partnership)}
    for n, (agency, days) in enumerate((("police", 40), ("council", 20), ("housing", 5))):
        Report.objects.create(
            partnership=partnership,
            agency=agencies[agency],
            agency_reference=f"LINK-{n}",
            reported_on=local_today() - timedelta(days=days),
            behaviour_on=local_today() - timedelta(days=days),
            first_name="Robert",
            surname="Jones",
            date_of_birth=date(1978, 4, 9),
            postcode="ST5 1AB",
            address="12 Church Road",
            phone="07700 900123",
        )
    assert radar_list(_coordinator(), local_today(), RadarFilter()).counts == {
        RadarStage.SECOND_REPORT: 0,
        RadarStage.THRESHOLD_MET: 0,
    }
    link_partnership_task.enqueue(partnership_id=partnership.pk)
    listed = radar_list(_coordinator(), local_today(), RadarFilter())
    assert listed.counts[RadarStage.THRESHOLD_MET] == 1
    _assert_same(local_today())


def test_the_scheduled_job_recounts_each_partnership_once_a_day(demo):
    _varied(seed=5, people=30)
    today = local_today()
    assert "recounted the radar of 1 partnership" in radar_daily(today)
    assert "of 0 partnerships" in radar_daily(today)
    # Whatever a hook missed is put right by the next day's full recount.
    RadarEntry.objects.all().delete()
    assert "of 1 partnership" in radar_daily(today + timedelta(days=1))
    _assert_same(today + timedelta(days=1))


def test_the_radar_page_reads_a_bounded_number_of_queries_however_many_are_on_it(
    demo, client_for, django_assert_max_num_queries
):
    _varied(seed=6, people=150)
    client = client_for(COORDINATOR)
    client.get("/radar")  # the first read counts everyone
    with django_assert_max_num_queries(30):
        assert client.get("/radar?page=2").status_code == 200
    with django_assert_max_num_queries(30):
        assert client.get("/radar?agency=police&not_contacted=on").status_code == 200
