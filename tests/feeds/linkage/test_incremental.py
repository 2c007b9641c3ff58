"""Incremental linkage: a daily import compares only its new and changed reports (and the
people they touch) against their candidate blocks, keeps everyone's person id, re-examines a
changed report's old links, keeps the queue right, and gives the people a full run gives."""

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.test import override_settings
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from linkage_helpers import TODAY, bulk_reports

from casereview.core.models import AuditAction, AuditEntry
from casereview.devdata.feeds_truth import make_truth_set
from casereview.feeds.linkage import incremental, run
from casereview.feeds.linkage.run import link_new_reports, link_partnership
from casereview.feeds.linkage.tasks import FULL_RELINK_EVERY, queue_link, relink_due
from casereview.feeds.models import Person, Report, ReportPair, Verdict
from casereview.partnerships.models import Partnership

MakeReport = Callable[..., Report]

ROBERT = {
    "first_name": "Robert",
    "surname": "Jones",
    "date_of_birth": date(1978, 4, 9),
    "address": "12 Church Road",
    "postcode": "ST5 1AB",
    "phone": "07700 900123",
}
AMIRA = {
    "first_name": "Amira",
    "surname": "Khan",
    "date_of_birth": date(1990, 7, 21),
    "address": "3 Mill Lane",
    "postcode": "ST7 2QP",
    "email": "amira.khan@example.org",
}
DB = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture(autouse=True)
def workdir(tmp_path: Path, settings: object) -> Path:
    """Each test keeps its snapshots in its own directory."""
    settings.LINKAGE_WORKDIR = str(tmp_path)  # type: ignore[attr-defined]
    return tmp_path


def person_of(report: Report) -> str:
    report.refresh_from_db()
    assert report.person is not None
    return report.person.public_id


def resend(report: Report, **fields: object) -> None:
    """The agency sends the report again with other details, as an import updates it."""
    Report.objects.filter(pk=report.pk).update(updated_at=timezone.now(), **fields)


@pytest.mark.django_db
def test_a_new_report_joins_its_person_comparing_only_itself(
    newcastle: Partnership, make_report: MakeReport
) -> None:
    robert = [make_report(newcastle, agency, **ROBERT) for agency in ("police", "council")]
    amira = make_report(newcastle, "housing", **AMIRA)
    first = link_partnership(newcastle.pk)
    before = {r.pk: person_of(r) for r in [*robert, amira]}

    again = make_report(newcastle, "housing", **{**ROBERT, "first_name": "Bob"})
    result = link_new_reports(newcastle.pk)

    assert (first.mode, result.mode) == ("full", "incremental")
    assert result.compared == 1  # the new report only: nobody else's links were touched
    assert person_of(again) == before[robert[0].pk]
    assert {r.pk: person_of(r) for r in [*robert, amira]} == before
    assert (result.reports, result.people, result.new_people, result.reports_moved) == (4, 2, 0, 1)
    # The radar recounts only Robert.
    assert result.people_touched == [Report.objects.get(pk=robert[0].pk).person_id]
    entry = AuditEntry.objects.filter(action=AuditAction.COMBINE).order_by("-id").first()
    assert entry is not None
    assert "comparing 1 new or changed" in entry.purpose


@pytest.mark.django_db
def test_nothing_new_compares_nothing_and_moves_nobody(
    newcastle: Partnership, make_report: MakeReport
) -> None:
    for agency in ("police", "council"):
        make_report(newcastle, agency, **ROBERT)
    link_partnership(newcastle.pk)

    result = link_new_reports(newcastle.pk)

    assert (result.mode, result.compared, result.reports_moved, result.people) == (
        "incremental",
        0,
        0,
        1,
    )


@pytest.mark.django_db
def test_a_changed_reports_old_links_are_examined_again(
    newcastle: Partnership, make_report: MakeReport
) -> None:
    reports = [make_report(newcastle, agency, **ROBERT) for agency in ("police", "council")]
    resent = make_report(newcastle, "housing", **ROBERT)
    link_partnership(newcastle.pk)
    robert = person_of(reports[0])
    assert person_of(resent) == robert
    # The agency re-sends its report corrected: it was someone else all along.
    resend(resent, first_name="Amira", surname="Khan", date_of_birth=date(1999, 1, 1), phone="")

    result = link_new_reports(newcastle.pk)

    assert result.mode == "incremental"
    assert result.compared == 3  # the changed report and every report of its person
    assert [person_of(r) for r in reports] == [robert, robert]  # the larger part keeps the id
    assert person_of(resent) not in (robert, "")
    assert result.new_people == 1


@pytest.mark.django_db
def test_a_new_report_can_join_two_people_and_the_larger_keeps_its_id(
    newcastle: Partnership, make_report: MakeReport
) -> None:
    # Two records of one man the model cannot join: a phone on one, an email on the other.
    by_phone = [
        make_report(newcastle, agency, first_name="Robert", surname="Jones", phone="07700 900123")
        for agency in ("police", "council")
    ]
    by_email = make_report(
        newcastle, "housing", first_name="Rob", surname="Jones", email="rj@example.org"
    )
    link_partnership(newcastle.pk)
    assert person_of(by_phone[0]) != person_of(by_email)
    larger = person_of(by_phone[0])

    make_report(
        newcastle,
        "police",
        first_name="Robert",
        surname="Jones",
        phone="+447700900123",
        email="RJ@example.org",
    )
    result = link_new_reports(newcastle.pk)

    assert person_of(by_email) == larger == person_of(by_phone[1])
    assert result.people == 1


@pytest.mark.django_db
def test_verdicts_given_since_the_last_run_win(
    newcastle: Partnership, make_report: MakeReport
) -> None:
    alike = [make_report(newcastle, agency, **ROBERT) for agency in ("police", "council")]
    unalike = [
        make_report(newcastle, first_name="Kay", surname="Dee", postcode="ST5 3CD"),
        make_report(newcastle, "housing", first_name="Kathleen", surname="Obi"),
    ]
    link_partnership(newcastle.pk)
    for (first, second), verdict in ((alike, Verdict.DIFFERENT), (unalike, Verdict.SAME)):
        ReportPair.objects.create(
            partnership=newcastle,
            first=first,
            second=second,
            match_probability=0.7,
            match_weight=1.2,
            verdict=verdict,
        )

    result = link_new_reports(newcastle.pk)

    assert result.mode == "incremental"
    assert person_of(alike[0]) != person_of(alike[1])
    assert person_of(unalike[0]) == person_of(unalike[1])
    # The next run has nothing to re-examine.
    assert link_new_reports(newcastle.pk).compared == 0


@pytest.mark.django_db
def test_an_erased_report_no_longer_holds_its_person_together(
    newcastle: Partnership, make_report: MakeReport
) -> None:
    # The same two people as above, joined only by the report with both phone and email.
    by_phone = [
        make_report(newcastle, agency, first_name="Robert", surname="Jones", phone="07700 900123")
        for agency in ("police", "council")
    ]
    by_email = make_report(
        newcastle, "housing", first_name="Rob", surname="Jones", email="rj@example.org"
    )
    bridge = make_report(
        newcastle, first_name="Robert", surname="Jones", phone="07700900123", email="rj@example.org"
    )
    link_partnership(newcastle.pk)
    assert person_of(by_email) == person_of(by_phone[0])
    bridge.delete()  # the retention sweep erases it

    result = link_new_reports(newcastle.pk)

    assert result.mode == "incremental"
    assert person_of(by_email) != person_of(by_phone[0]) == person_of(by_phone[1])


@pytest.mark.django_db
def test_the_queue_is_kept_as_a_full_run_keeps_it(
    newcastle: Partnership, make_report: MakeReport, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = make_report(newcastle, "police", **ROBERT)
    monkeypatch.setattr(run, "LINK_THRESHOLD", 1.01)  # everything unsure: all pairs queued
    link_partnership(newcastle.pk)
    second = make_report(newcastle, "council", **ROBERT)

    result = link_new_reports(newcastle.pk)

    pair = ReportPair.objects.get()
    assert (pair.first_id, pair.second_id, pair.verdict) == (first.pk, second.pk, "pending")
    assert result.pairs_to_check == 1
    # Oriented as a full run writes it: the left side is the older report.
    assert pair.explanation["unique_id_l"] == first.pk
    assert pair.explanation["first_name_l"] == "robert"
    assert pair.explanation["gamma_name"] == 8

    monkeypatch.undo()
    resend(second, phone="07700 900124")  # a changed report: its pending pair is refreshed
    link_new_reports(newcastle.pk)

    assert not ReportPair.objects.exists()  # linked now: no longer in the band
    assert person_of(first) == person_of(second)


@pytest.mark.django_db
def test_without_a_snapshot_or_after_a_retrain_the_run_is_full(
    newcastle: Partnership, make_report: MakeReport, workdir: Path
) -> None:
    for agency in ("police", "council"):
        make_report(newcastle, agency, **ROBERT)

    assert link_new_reports(newcastle.pk).mode == "full"  # never linked
    assert link_new_reports(newcastle.pk).mode == "incremental"
    for path in (workdir / "snapshots").iterdir():
        path.unlink()
    assert link_new_reports(newcastle.pk).mode == "full"  # the snapshot is gone
    # A snapshot that the last run did not write (another machine ran it) is not trusted.
    result = link_partnership(newcastle.pk)
    assert incremental.read_snapshot(newcastle.pk) is not None
    run._audit(newcastle.pk, result)  # a run whose snapshot this machine never saw
    assert incremental.read_snapshot(newcastle.pk) is None
    assert link_new_reports(newcastle.pk).mode == "full"


@pytest.mark.django_db
def test_the_snapshot_is_readable_by_its_owner_only(
    newcastle: Partnership, make_report: MakeReport, workdir: Path
) -> None:
    make_report(newcastle, **ROBERT)
    link_partnership(newcastle.pk)

    files = list((workdir / "snapshots").iterdir())
    assert {p.suffix for p in files} == {".json", ".parquet"}
    assert all(p.stat().st_mode & 0o077 == 0 for p in files)


@pytest.mark.django_db
def test_incremental_and_full_give_the_same_people(newcastle: Partnership) -> None:
    """Pairwise agreement on 3,000 reports of 1,500 people: linked first as 2,000 (a full run,
    training the model), then in two daily batches with re-sent reports and decisions between
    them; then a full run of the same reports with the same model."""
    truth = make_truth_set(
        people=1500, reports=3000, agencies=("police", "council", "housing"), today=TODAY, seed=5
    )
    bulk_reports(newcastle, truth)
    ids = list(
        Report.objects.filter(partnership=newcastle).order_by("pk").values_list("pk", flat=True)
    )
    later = ids[2000:]
    hidden = Report.objects.filter(pk__in=later)
    kept = list(hidden.values())
    hidden.delete()
    link_partnership(newcastle.pk)  # trains model v1 on 2,000 reports
    for batch in (kept[:500], kept[500:]):
        Report.objects.bulk_create(Report(**row) for row in batch)
        # Two reports re-sent with another surname; one decision each way.
        for report in Report.objects.filter(partnership=newcastle).order_by("pk")[1000:1002]:
            resend(report, surname=report.surname + "e")
        pending = list(
            ReportPair.objects.filter(partnership=newcastle, verdict=Verdict.PENDING)[:2]
        )
        for pair, verdict in zip(pending, (Verdict.SAME, Verdict.DIFFERENT), strict=False):
            ReportPair.objects.filter(pk=pair.pk).update(verdict=verdict)
        assert link_new_reports(newcastle.pk).mode == "incremental"
    by_increments = dict(
        Report.objects.filter(partnership=newcastle).values_list("pk", "person_id")
    )

    result = link_partnership(newcastle.pk, mode="full")

    by_full = dict(Report.objects.filter(partnership=newcastle).values_list("pk", "person_id"))
    assert result.model == "model v1"
    agreement, same_precision, same_recall = incremental.agreement(by_increments, by_full)
    assert agreement >= 0.999
    # Stricter: of the pairs either calls one person, nearly all are called so by both.
    assert same_precision >= 0.999 and same_recall >= 0.999
    assert (
        Person.objects.filter(partnership=newcastle, reports__isnull=False).distinct().count()
        == result.people
    )


@pytest.mark.django_db
def test_a_burst_of_imports_queues_one_link(newcastle: Partnership) -> None:
    with override_settings(TASKS=DB):
        queued = [queue_link(newcastle.pk) for _ in range(5)]
        assert queued == [True, False, False, False, False]
        assert DBTaskResult.objects.count() == 1
        # Once the worker has started it, it may have read the reports before the next
        # import: that one queues another.
        DBTaskResult.objects.update(status=TaskResultStatus.RUNNING)
        assert queue_link(newcastle.pk) is True
        assert queue_link(newcastle.pk) is False
        # Each partnership has its own.
        other = Partnership.objects.exclude(pk=newcastle.pk).first()
        assert other is not None
        assert queue_link(other.pk) is True
        assert DBTaskResult.objects.count() == 3


@pytest.mark.django_db
def test_a_full_relink_is_queued_weekly_at_night(
    newcastle: Partnership, make_report: MakeReport
) -> None:
    london = ZoneInfo("Europe/London")
    make_report(newcastle, **ROBERT)
    with override_settings(TASKS=DB):
        assert relink_due(datetime(2026, 6, 1, 14, 0, tzinfo=london)) == []  # daytime
        assert relink_due(datetime(2026, 6, 1, 2, 0, tzinfo=london)) == [newcastle.pk]
        assert relink_due(datetime(2026, 6, 1, 3, 0, tzinfo=london)) == []  # already queued
    link_partnership(newcastle.pk)
    last = incremental.last_full_link(newcastle.pk)
    assert last is not None
    with override_settings(TASKS=DB):
        DBTaskResult.objects.all().delete()
        soon = timezone.localtime(last + FULL_RELINK_EVERY / 2).replace(hour=2)
        assert relink_due(soon) == []
        due = timezone.localtime(last + FULL_RELINK_EVERY).replace(hour=2) + FULL_RELINK_EVERY / 7
        assert relink_due(due) == [newcastle.pk]
