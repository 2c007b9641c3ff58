"""Importing an agency's reports (FEEDS.md §1): one service for the page, the command and the
API. Rows are upserted by (agency, agency_reference), in bulk, in one transaction with the
import's audit entry, so an import is either all its good rows or nothing."""

from collections.abc import Callable
from datetime import datetime

import rules
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from casereview.core.audit import Actor, audit_record
from casereview.core.errors import FieldError, InvalidInput
from casereview.core.models import AuditAction
from casereview.core.tenancy import ActingMembership
from casereview.feeds import events
from casereview.feeds.csvfeed import CleanRow, ParsedFeed
from casereview.feeds.models import FeedImport, ImportSource, ImportStatus, Report
from casereview.partnerships.models import Agency, Partnership

CHUNK = 1000
# What a row sets; `person` (linkage's) and `applications` are never touched by an import.
FIELDS = (
    "reported_on",
    "behaviour_on",
    "first_name",
    "surname",
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
UPDATED_FIELDS = [*FIELDS, "last_import", "updated_at"]
PURPOSE = "partner feed"

Progress = Callable[[int, int], None]


def _check(membership: ActingMembership | None, partnership: Partnership, agency: Agency) -> None:
    if agency.partnership_id != partnership.pk:
        raise InvalidInput([FieldError("agency", "Choose an agency of this partnership")])
    if membership is not None and not rules.test_rule("feeds.send_for", membership, agency):
        raise PermissionDenied("You may send reports for your own agency only")


def feed_import_start(
    *,
    membership: ActingMembership | None,
    partnership: Partnership,
    agency: Agency,
    source: ImportSource,
    file_name: str = "",
    by_id: int | None = None,
) -> FeedImport:
    """The import's record, before its rows are read: what the page polls for progress,
    and what an unreadable file is recorded against."""
    _check(membership, partnership, agency)
    return FeedImport.objects.create(
        partnership=partnership,
        agency=agency,
        source=source,
        file_name=file_name[:255],
        by_id=by_id,
    )


def feed_unreadable(*, record: FeedImport, actor: Actor, reason: str) -> FeedImport:
    """The file could not be read as a feed: nothing imported, and the attempt audited."""
    with transaction.atomic():
        record.status = ImportStatus.UNREADABLE
        record.finished_at = timezone.now()
        record.warnings = [reason]
        record.save(update_fields=["status", "finished_at", "warnings"])
        audit_record(
            actor=actor,
            action=AuditAction.COLLECT,
            object_type="feed_import",
            object_id=record.pk,
            partnership_id=record.partnership_id,
            purpose=f"{PURPOSE}: agency {record.agency.slug}, file could not be read, "
            "nothing imported",
        )
    return record


def _report(row: CleanRow, record: FeedImport, now: datetime) -> Report:
    return Report(
        partnership_id=record.partnership_id,
        agency_id=record.agency_id,
        agency_reference=row.agency_reference,
        last_import=record,
        created_at=now,
        updated_at=now,
        **{name: getattr(row, name) for name in FIELDS},
    )


def feed_import(
    *,
    membership: ActingMembership | None,
    actor: Actor,
    partnership: Partnership,
    agency: Agency,
    feed: ParsedFeed,
    source: ImportSource,
    file_name: str = "",
    record: FeedImport | None = None,
    progress: Progress | None = None,
) -> FeedImport:
    """Import a checked feed: the good rows are created or updated (a row whose agency
    reference the agency sent before updates that report, keeping the person linkage gave
    it), the refused rows are recorded with their line, column and reason and nothing of
    them is kept. Audited as one collection; linkage hears of it once committed."""
    _check(membership, partnership, agency)
    if record is None:
        record = feed_import_start(
            membership=membership,
            partnership=partnership,
            agency=agency,
            source=source,
            file_name=file_name,
            by_id=actor.user_id,
        )
    total = feed.total
    done = feed.refused_rows
    imported = updated = 0
    with transaction.atomic():
        record.rows_total = total
        for start in range(0, len(feed.rows), CHUNK):
            chunk = feed.rows[start : start + CHUNK]
            references = [row.agency_reference for row in chunk]
            known = set(
                Report.objects.filter(
                    agency_id=agency.pk, agency_reference__in=references
                ).values_list("agency_reference", flat=True)
            )
            now = timezone.now()
            Report.objects.bulk_create(
                [_report(row, record, now) for row in chunk],
                update_conflicts=True,
                unique_fields=["agency", "agency_reference"],
                update_fields=UPDATED_FIELDS,
            )
            updated += len(known)
            imported += len(chunk) - len(known)
            done += len(chunk)
            record.rows_done = done
            FeedImport.objects.filter(pk=record.pk).update(rows_total=total, rows_done=done)
            if progress is not None:
                progress(done, total)
        record.rows_done = total
        record.imported, record.updated, record.refused = imported, updated, feed.refused_rows
        record.refusals = [
            {"line": r.line, "column": r.column, "reason": r.reason} for r in feed.refusals
        ]
        record.warnings = list(feed.warnings)
        record.status = ImportStatus.FINISHED
        record.finished_at = timezone.now()
        record.save()
        audit_record(
            actor=actor,
            action=AuditAction.COLLECT,
            object_type="feed_import",
            object_id=record.pk,
            partnership_id=partnership.pk,
            purpose=f"{PURPOSE}: agency {agency.slug}, imported {imported}, updated {updated}, "
            f"refused {feed.refused_rows}",
        )
        partnership_id = partnership.pk
        transaction.on_commit(
            lambda: events.reports_changed.send(sender=FeedImport, partnership_id=partnership_id)
        )
    if progress is not None and not feed.rows:
        progress(total, total)
    return record
