"""The radar counts a person's reports by the threshold engine, exactly as the complaints of an
application received today under today's policy (FEEDS.md §4). Each case is checked against
the engine evaluating the same complaints written out by hand."""

from datetime import date, timedelta

import pytest

from casereview.accounts.models import Membership
from casereview.core.dates import local_today
from casereview.feeds.models import Person, RadarStage, ReportStatus
from casereview.feeds.radar.counting import count_reports, policy_today
from casereview.feeds.radar.listing import radar_rows
from casereview.partnerships.models import Partnership, ThresholdPolicyVersion
from casereview.threshold.engine import add_months, evaluate
from tests.feeds.radar_builders import person, report

pytestmark = pytest.mark.django_db

COORDINATOR = "pso@nul.example"


def _rows(membership) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {row.person.public_id: row.stage for row in radar_rows(membership, local_today())}


def _stage(who: Person) -> str | None:
    return _counted(who).stage


def _counted(who: Person):  # type: ignore[no-untyped-def]
    today = local_today()
    reports = list(who.reports.select_related("agency"))
    return count_reports(reports, policy_today(who.partnership_id, today), today)


def _engine(complaints: list[dict], policy: dict | None = None) -> dict:  # type: ignore[type-arg]
    return evaluate(
        {"received": local_today().isoformat(), "policy": policy or {}, "complaints": complaints}
    )


def _c(id: str, reported: date, behaviour: date, agency: str, **more: object) -> dict:  # type: ignore[type-arg]
    return {
        "id": id,
        "behaviour_date": behaviour.isoformat(),
        "reported_date": reported.isoformat(),
        "agency": agency,
        **more,
    }


def test_two_qualifying_reports_are_a_second_report_and_three_meet_the_threshold(demo):
    two, three, one = person(), person(), person()
    report(two, "police", days_ago=30)
    report(two, "council", days_ago=5)
    for days, agency in ((60, "police"), (30, "council"), (5, "housing")):
        report(three, agency, days_ago=days)
    report(one, days_ago=3)
    assert _stage(two) == RadarStage.SECOND_REPORT
    assert _stage(three) == RadarStage.THRESHOLD_MET
    assert _stage(one) is None
    coordinator = Membership.objects.get(user__email=COORDINATOR)
    assert _rows(coordinator) == {
        two.public_id: RadarStage.SECOND_REPORT,
        three.public_id: RadarStage.THRESHOLD_MET,
    }


def test_a_late_report_does_not_count_as_the_engine_says(demo):
    today = local_today()
    who = person()
    late = report(who, "police", days_ago=20, late_by=40)
    report(who, "council", days_ago=10)
    report(who, "housing", days_ago=5)
    counted = _counted(who)
    expected = _engine(
        [
            _c("a", late.reported_on, late.behaviour_on, "police"),
            _c("b", today - timedelta(days=10), today - timedelta(days=10), "council"),
            _c("c", today - timedelta(days=5), today - timedelta(days=5), "housing"),
        ]
    )
    assert expected["excluded"] == [{"id": "a", "reason": "reported_late"}]
    assert counted.qualifying == len(expected["qualifying"]) == 2
    assert counted.stage == RadarStage.SECOND_REPORT
    assert [line.reason for line in counted.lines] == ["reported_late", "", ""]


def test_a_report_before_the_window_does_not_count_and_the_window_edge_does(demo):
    today = local_today()
    start = add_months(today, -6)
    who = person()
    report(who, "police", reported_on=start - timedelta(days=1))
    report(who, "council", reported_on=start)
    report(who, "housing", days_ago=1)
    counted = _counted(who)
    assert [line.reason for line in counted.lines] == ["outside_window", "", ""]
    assert counted.stage == RadarStage.SECOND_REPORT


def test_one_incident_told_to_two_agencies_counts_once(demo):
    today = local_today()
    who = person()
    day = today - timedelta(days=20)
    report(who, "police", behaviour_on=day, reported_on=day)
    report(who, "council", behaviour_on=day, reported_on=day + timedelta(days=2))
    report(who, "housing", days_ago=3)
    counted = _counted(who)
    expected = _engine(
        [
            _c("a", day, day, "police"),
            _c("b", day + timedelta(days=2), day, "council", same_incident_as="a"),
            _c("c", today - timedelta(days=3), today - timedelta(days=3), "housing"),
        ]
    )
    assert counted.qualifying == len(expected["qualifying"]) == 2
    assert counted.stage == RadarStage.SECOND_REPORT
    assert [line.reason for line in counted.lines] == ["", "same_incident", ""]


def test_two_reports_to_one_agency_about_one_day_are_two_incidents(demo):
    today = local_today()
    who = person()
    day = today - timedelta(days=20)
    report(who, "police", behaviour_on=day, reported_on=day)
    report(who, "police", behaviour_on=day, reported_on=day + timedelta(days=1))
    assert _stage(who) == RadarStage.SECOND_REPORT


def test_withdrawn_reports_count_for_nothing(demo):
    who = person()
    report(who, "police", days_ago=30)
    report(who, "council", days_ago=20)
    report(who, "housing", days_ago=10, status=ReportStatus.WITHDRAWN)
    assert _stage(who) == RadarStage.SECOND_REPORT
    coordinator = Membership.objects.get(user__email=COORDINATOR)
    only_withdrawn_pair = person()
    report(only_withdrawn_pair, days_ago=5)
    report(only_withdrawn_pair, "council", days_ago=4, status=ReportStatus.WITHDRAWN)
    assert only_withdrawn_pair.public_id not in _rows(coordinator)


def _policy(**values: object) -> None:
    partnership = Partnership.objects.get(slug="newcastle-under-lyme")
    ThresholdPolicyVersion.objects.update_or_create(
        partnership=partnership, effective_from=local_today(), defaults=values
    )


def test_hate_rule_on_meets_the_threshold_with_two_reports_one_a_hate_incident(demo):
    who = person()
    report(who, "police", days_ago=30, hate_related=True)
    report(who, "council", days_ago=5)
    assert _stage(who) == RadarStage.SECOND_REPORT
    _policy(hate_incident_rule=True)
    assert _stage(who) == RadarStage.THRESHOLD_MET


def test_a_policy_changed_today_applies_today(demo):
    who = person()
    report(who, "police", days_ago=30)
    report(who, "council", days_ago=5)
    assert _stage(who) == RadarStage.SECOND_REPORT
    _policy(min_complaints=2)
    assert _stage(who) == RadarStage.THRESHOLD_MET
    coordinator = Membership.objects.get(user__email=COORDINATOR)
    assert _rows(coordinator)[who.public_id] == RadarStage.THRESHOLD_MET


def test_a_policy_from_tomorrow_does_not_apply_yet(demo):
    partnership = Partnership.objects.get(slug="newcastle-under-lyme")
    ThresholdPolicyVersion.objects.create(
        partnership=partnership, effective_from=local_today() + timedelta(days=1), min_complaints=2
    )
    who = person()
    report(who, "police", days_ago=30)
    report(who, "council", days_ago=5)
    assert _stage(who) == RadarStage.SECOND_REPORT


def test_a_longer_reporting_month_in_the_policy_lets_a_late_report_count(demo):
    who = person()
    report(who, "police", days_ago=20, late_by=40)
    report(who, "council", days_ago=10)
    report(who, "housing", days_ago=5)
    _policy(report_within_months=2)
    assert _stage(who) == RadarStage.THRESHOLD_MET


def test_another_partnerships_people_are_never_on_this_radar(demo):
    theirs = person("stafford")
    report(theirs, "police", days_ago=30)
    report(theirs, "council", days_ago=5)
    coordinator = Membership.objects.get(user__email=COORDINATOR)
    assert theirs.public_id not in _rows(coordinator)
