"""The import service and `casereview feeds import` (FEEDS.md §1 and §2): re-sending updates,
refused rows listed, good rows kept, exit codes, audit, and linkage told once committed."""

import io
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from casereview.core.audit import Actor
from casereview.core.errors import InvalidInput
from casereview.core.models import AuditEntry
from casereview.feeds import events
from casereview.feeds.csvfeed import feed_parse
from casereview.feeds.models import FeedImport, ImportSource, ImportStatus, Person, Report
from casereview.feeds.services.imports import feed_import
from casereview.partnerships.models import Agency, Partnership
from tests.feeds.helpers import csv_bytes, row, truth_rows

NUL = "newcastle-under-lyme"


def _run(data: bytes, agency: str = "police", *, stdin: bytes | None = None) -> tuple:
    out, err = io.StringIO(), io.StringIO()
    code = 0
    path = "-"
    if stdin is None:
        import tempfile

        with tempfile.NamedTemporaryFile(suffix=".csv", delete=False) as handle:
            handle.write(data)
            path = handle.name
    extra = {"stdin": io.BytesIO(stdin)} if stdin is not None else {}
    try:
        call_command(
            "feeds",
            "import",
            "--partnership",
            NUL,
            "--agency",
            agency,
            path,
            stdout=out,
            stderr=err,
            **extra,
        )
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    except CommandError as error:  # run from the shell, this exits with its returncode
        code = error.returncode
        err.write(str(error))
    return code, out.getvalue(), err.getvalue()


def test_the_command_imports_then_updates_never_duplicates(demo) -> None:
    rows = truth_rows(30)
    code, out, err = _run(csv_bytes(rows))
    assert code == 0, err
    assert out.splitlines()[-1] == "imported 30, updated 0, refused 0"
    assert "progress: 100% (30 of 30 rows)" in err
    assert Report.objects.count() == 30

    rows[0]["surname"] = "Changed"
    code, out, _ = _run(csv_bytes(rows + truth_rows(5, seed=9)))
    assert code == 0
    assert out.splitlines()[-1] == "imported 5, updated 30, refused 0"
    assert Report.objects.count() == 35
    assert Report.objects.get(agency_reference=rows[0]["agency_reference"]).surname == "Changed"


def test_refused_rows_go_to_stderr_and_exit_1_with_the_good_rows_kept(demo) -> None:
    rows = [row(agency_reference="A"), row(agency_reference="B", reported_on="2026-02-30")]
    rows.append(row(agency_reference="C", surname=""))
    code, out, err = _run(csv_bytes(rows))
    assert code == 1
    assert out.splitlines()[-1] == "imported 1, updated 0, refused 2"
    assert "line 3: reported_on: The date reported is not a real date" in err.splitlines()
    assert "line 4: surname: Enter the surname" in err.splitlines()
    assert list(Report.objects.values_list("agency_reference", flat=True)) == ["A"]


def test_an_unreadable_file_exits_2_and_imports_nothing(demo) -> None:
    code, out, err = _run(b"name,date\nJo,today\n")
    assert code == 2
    assert "missing the required columns agency_reference" in err
    assert out.splitlines()[-1] == "imported 0, updated 0, refused 0"
    assert not Report.objects.exists()
    record = FeedImport.objects.get()
    assert record.status == ImportStatus.UNREADABLE
    entry = AuditEntry.objects.get(object_type="feed_import", object_id=str(record.pk))
    assert "could not be read" in entry.purpose


def test_stdin_and_unknown_columns_warn(demo) -> None:
    data = csv_bytes([{**row(), "ward": "Town"}])
    code, _out, err = _run(b"", stdin=b"\xef\xbb\xbf" + data)
    assert code == 0
    assert "warning: These columns are not part of the feed and were ignored: ward" in err
    assert FeedImport.objects.get().warnings == [
        "These columns are not part of the feed and were ignored: ward"
    ]


def test_an_agency_of_another_partnership_is_refused(demo) -> None:
    code, _, _ = _run(csv_bytes([row()]), agency="nope")
    assert code == 2
    partnership = Partnership.objects.get(slug=NUL)
    other = Agency.objects.exclude(partnership=partnership).first()
    with pytest.raises(InvalidInput):
        feed_import(
            membership=None,
            actor=Actor.system("test"),
            partnership=partnership,
            agency=other,
            feed=feed_parse(csv_bytes([row()])),
            source=ImportSource.COMMAND,
        )
    assert not Report.objects.exists()


def test_a_partner_officer_imports_only_for_their_own_agency(membership) -> None:
    police = membership("police@nul.example")
    partnership = police.partnership
    council = Agency.objects.get(partnership=partnership, slug="council")
    with pytest.raises(PermissionDenied):
        feed_import(
            membership=police,
            actor=Actor.for_membership(police),
            partnership=partnership,
            agency=council,
            feed=feed_parse(csv_bytes([row()])),
            source=ImportSource.UPLOAD,
        )


def test_an_import_is_audited_once_as_a_collection_and_linkage_told(
    demo, django_capture_on_commit_callbacks
) -> None:
    heard: list[int] = []

    def listener(sender, partnership_id, **kwargs) -> None:
        heard.append(partnership_id)

    events.reports_changed.connect(listener)
    before = AuditEntry.objects.count()
    try:
        with django_capture_on_commit_callbacks(execute=True):
            code, _, _ = _run(csv_bytes([*truth_rows(12), row(surname="")]))
    finally:
        events.reports_changed.disconnect(listener)
    assert code == 1
    record = FeedImport.objects.get()
    entries = list(AuditEntry.objects.order_by("id")[before:])
    # The import, then linkage's run, which the task worker starts once it has committed
    # (tasks run at once in tests).
    assert [(e.object_type, e.action) for e in entries] == [
        ("feed_import", "collect"),
        ("partnership", "combine"),
    ]
    entry = entries[0]
    assert entry.action == "collect" and entry.object_id == str(record.pk)
    assert entry.purpose == "partner feed: agency police, imported 12, updated 0, refused 1"
    assert "Example" not in entry.purpose
    assert heard == [Partnership.objects.get(slug=NUL).pk]
    assert (record.rows_total, record.rows_done) == (13, 13)


def test_a_linked_person_is_kept_when_the_report_is_sent_again(demo) -> None:
    _run(csv_bytes([row()]))
    report = Report.objects.get()
    person = Person.objects.create(partnership_id=report.partnership_id, public_id="p-1")
    Report.objects.filter(pk=report.pk).update(person=person)
    _run(csv_bytes([row(first_name="Jordy")]))
    report.refresh_from_db()
    assert report.person_id == person.pk and report.first_name == "Jordy"


def test_progress_is_reported_per_chunk(demo, monkeypatch) -> None:
    from casereview.feeds.services import imports

    monkeypatch.setattr(imports, "CHUNK", 10)
    seen: list[tuple[int, int]] = []
    partnership = Partnership.objects.get(slug=NUL)
    feed_import(
        membership=None,
        actor=Actor.system("test"),
        partnership=partnership,
        agency=Agency.objects.get(partnership=partnership, slug="police"),
        feed=feed_parse(csv_bytes(truth_rows(25))),
        source=ImportSource.COMMAND,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert seen == [(10, 25), (20, 25), (25, 25)]


def test_the_imported_report_holds_what_the_row_said(demo) -> None:
    _run(csv_bytes([row(category="hate", status="WITHDRAWN", date_of_birth="1980-05-04")]))
    report = Report.objects.get()
    assert report.hate_related and report.status == "withdrawn"
    assert report.date_of_birth == date(1980, 5, 4) and report.postcode == "ST5 1AB"
