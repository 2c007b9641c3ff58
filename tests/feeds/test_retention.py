"""Retention of partner reports: erased a per-partnership period after they were reported,
unless brought into an application; people left with nothing go too; audited; linkage told."""

from datetime import date

from django.core.management import call_command

from casereview.accounts.models import User
from casereview.core.models import AuditEntry
from casereview.dataprotection.retention import retention_sweep
from casereview.feeds import events
from casereview.feeds.models import Person, RadarContact, Report
from casereview.partnerships.models import Agency, CaseSettings, Partnership

TODAY = date(2026, 11, 30)


def _report(reference: str, reported_on: date, person: Person | None = None) -> Report:
    partnership = Partnership.objects.get(slug="newcastle-under-lyme")
    return Report.objects.create(
        partnership=partnership,
        agency=Agency.objects.get(partnership=partnership, slug="police"),
        agency_reference=reference,
        reported_on=reported_on,
        behaviour_on=reported_on,
        first_name="Jordan",
        surname="Example",
        person=person,
    )


def test_old_reports_in_no_application_are_erased_with_people_left_with_nothing(
    recorded, django_capture_on_commit_callbacks
) -> None:
    partnership = Partnership.objects.get(slug="newcastle-under-lyme")
    alone = Person.objects.create(partnership=partnership, public_id="alone")
    told = Person.objects.create(partnership=partnership, public_id="told")
    shared = Person.objects.create(partnership=partnership, public_id="shared")
    RadarContact.objects.create(
        partnership=partnership,
        person=told,
        method="letter",
        contacted_on=date(2025, 1, 1),
        stage="second_report",
        by=User.objects.get(email="pso@nul.example"),
    )
    _report("OLD-1", date(2025, 11, 29), alone)  # 12 months and a day before
    _report("OLD-2", date(2025, 6, 1), told)
    _report("OLD-3", date(2025, 6, 1), shared)
    _report("NEW-3", date(2025, 12, 1), shared)  # within the 12 months
    in_case = _report("OLD-IN-CASE", date(2024, 1, 1))
    in_case.applications.add(recorded())
    edge = _report("EDGE", date(2025, 11, 30))  # exactly 12 months: kept until tomorrow
    heard: list[int] = []
    listener = lambda sender, partnership_id, **kw: heard.append(partnership_id)  # noqa: E731
    events.reports_changed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            swept = retention_sweep(TODAY)
    finally:
        events.reports_changed.disconnect(listener)
    assert swept.reports_erased == 3
    assert set(Report.objects.values_list("agency_reference", flat=True)) == {
        "NEW-3",
        "OLD-IN-CASE",
        edge.agency_reference,
    }
    # (Linkage then runs again and may give the reports left new people.)
    assert {"told", "shared"} <= set(Person.objects.values_list("public_id", flat=True))
    assert not Person.objects.filter(public_id="alone").exists()
    entry = AuditEntry.objects.get(action="erase", object_type="reports")
    assert entry.partnership_id == partnership.pk and entry.actor_label == "system:retention_sweep"
    assert "3 partner report(s)" in entry.purpose and "1 linked person(s)" in entry.purpose
    assert heard == [partnership.pk]


def test_the_period_is_the_partnerships_own(demo) -> None:
    partnership = Partnership.objects.get(slug="newcastle-under-lyme")
    CaseSettings.objects.update_or_create(
        partnership=partnership, defaults={"report_retention_months": 3}
    )
    _report("FOUR-MONTHS", date(2026, 7, 29))
    _report("TWO-MONTHS", date(2026, 9, 30))
    assert retention_sweep(TODAY, dry_run=True).reports_erased == 1
    assert Report.objects.count() == 2
    assert retention_sweep(TODAY).reports_erased == 1
    assert list(Report.objects.values_list("agency_reference", flat=True)) == ["TWO-MONTHS"]


def test_the_sweep_command_says_how_many_reports(demo) -> None:
    import io

    _report("OLD", date(2020, 1, 1))
    out = io.StringIO()
    call_command("retention_sweep", "--dry-run", stdout=out)
    assert "and 1 partner reports" in out.getvalue()


def test_the_partnership_admin_sets_the_period(client_for) -> None:
    client = client_for("admin@nul.example")
    page = client.get("/manage/deadlines")
    assert "Keep agencies&#39; reports not in an application (months)" in page.content.decode()
