"""Importing an agency's reports (FEEDS.md §1): one service for the page, the command and the
API. Rows are upserted by (agency, agency_reference), in bulk, in one transaction with the
import's audit entry, so an import is either all its good rows or nothing."""

from collections.abc import Callable
from typing import Any

import rules
from django.core.exceptions import PermissionDenied
from django.db import connection, models, transaction
from django.utils import timezone

from casereview.core.audit import Actor, audit_record
from casereview.core.errors import FieldError, InvalidInput
from casereview.core.models import AuditAction
from casereview.core.tenancy import ActingMembership
from casereview.feeds import events
from casereview.feeds.csvfeed import COLUMNS, CleanRow, ParsedFeed
from casereview.feeds.models import FeedImport, ImportSource, ImportStatus, Report
from casereview.partnerships.models import Agency, Partnership

CHUNK = 1000
# What a row sets; `person` (linkage's) and `applications` are never touched by an import.
FIELDS = tuple(column for column in COLUMNS if column != "agency_reference")
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


INSERTED = ["partnership", "agency", "agency_reference", *FIELDS, "last_import", "updated_at"]
INSERTED.append("created_at")


def _field(name: str) -> "models.Field[Any, Any]":
    field = Report._meta.get_field(name)
    assert isinstance(field, models.Field)
    return field


def _upsert_sql(rows: int) -> str:
    """INSERT … ON CONFLICT (agency, agency_reference) DO UPDATE of a chunk of rows, in the
    syntax SQLite and PostgreSQL share. Raw SQL because the ORM's bulk_create spends ~2 ms a
    row building its statement, and a 5 MB feed is 30,000 rows. On PostgreSQL the chunk is
    sent as one array a column (`unnest`): a statement of thousands of placeholders costs
    the driver more than the database."""
    meta = Report._meta
    quote = connection.ops.quote_name
    fields = [_field(name) for name in INSERTED]
    columns = [quote(field.column) for field in fields]
    if connection.vendor == "postgresql":
        arrays = ", ".join(f"%s::{field.db_type(connection)}[]" for field in fields)
        source = f"SELECT * FROM unnest({arrays})"  # noqa: S608  # nosec B608
    else:
        row = f"({', '.join(['%s'] * len(columns))})"
        source = f"VALUES {', '.join([row] * rows)}"
    updated = {quote(_field(name).column) for name in UPDATED_FIELDS}
    updates = ", ".join(f"{column} = excluded.{column}" for column in columns if column in updated)
    # Names are the model's own columns, never input; every value is a parameter.
    return (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(columns)}) "  # nosec B608
        f"{source} "
        f"ON CONFLICT ({columns[1]}, {columns[2]}) DO UPDATE SET {updates}"
    )


def _parameters(rows: list[tuple[Any, ...]]) -> list[Any]:
    if connection.vendor == "postgresql":
        return [list(column) for column in zip(*rows, strict=True)]
    return [value for row in rows for value in row]


def _values(
    row: CleanRow, record: FeedImport, now: Any, day: Callable[[Any], Any]
) -> tuple[Any, ...]:
    return (
        record.partnership_id,
        record.agency_id,
        row.agency_reference,
        day(row.reported_on),
        day(row.behaviour_on),
        row.first_name,
        row.surname,
        day(row.date_of_birth),
        row.address,
        row.postcode,
        row.phone,
        row.email,
        row.incident_postcode,
        row.category,
        row.hate_related,
        row.status,
        row.summary,
        record.pk,
        now,
        now,
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
    day = connection.ops.adapt_datefield_value
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
            now = connection.ops.adapt_datetimefield_value(timezone.now())
            values = [_values(row, record, now, day) for row in chunk]
            with connection.cursor() as cursor:
                cursor.execute(_upsert_sql(len(chunk)), _parameters(values))
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
