"""Importing an agency's reports (FEEDS.md §1): one service for the page, the command and the
API. Rows are upserted by (agency, agency_reference), in bulk, in one transaction with the
import's audit entry, so an import is either all its good rows or nothing."""

import operator
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

CHUNK = 10_000  # rows a step of the progress bar
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
# A clean row's own values, in INSERTED's order (after the partnership and the agency).
row_values = operator.attrgetter("agency_reference", *FIELDS)


def _field(name: str) -> "models.Field[Any, Any]":
    field = Report._meta.get_field(name)
    assert isinstance(field, models.Field)
    return field


def _upsert(source: str) -> str:
    """INSERT … ON CONFLICT (agency, agency_reference) DO UPDATE from `source` (VALUES or a
    SELECT), in the syntax SQLite and PostgreSQL share. Raw SQL because the ORM's
    bulk_create spends ~2 ms a row building its statement; names are the model's own
    columns, never input, and every value is a parameter."""
    quote = connection.ops.quote_name
    columns = [quote(_field(name).column) for name in INSERTED]
    updated = {quote(_field(name).column) for name in UPDATED_FIELDS}
    updates = ", ".join(f"{column} = excluded.{column}" for column in columns if column in updated)
    return (
        f"INSERT INTO {quote(Report._meta.db_table)} ({', '.join(columns)}) "  # nosec B608
        f"{source} "
        f"ON CONFLICT ({columns[1]}, {columns[2]}) DO UPDATE SET {updates}"
    )


def _sql(text: str) -> str:
    """SQL assembled from the model's own table and column names (never input); every value
    goes as a parameter."""
    return text  # nosec B608


class _SqliteRows:
    """SQLite: one prepared single-row upsert run over each chunk (`executemany`: one
    statement of thousands of placeholders costs more to build than to run), and the reports
    created counted as the agency's rows after less before."""

    def __init__(self, agency_id: int) -> None:
        self.agency_id = agency_id
        self.before = self._count()
        row = ", ".join(["%s"] * len(INSERTED))
        self.sql = _upsert(f"VALUES ({row})")

    def _count(self) -> int:
        return Report.objects.filter(agency_id=self.agency_id).count()

    def add(self, rows: list[tuple[Any, ...]]) -> None:
        with connection.cursor() as cursor:
            cursor.executemany(self.sql, rows)

    def created(self) -> int:
        return self._count() - self.before


class _PostgresRows:
    """PostgreSQL: the rows are COPYed into a temporary table, then one INSERT … SELECT …
    ON CONFLICT upserts them all; `xmax = 0` marks the rows it created (an updated row's
    xmax is this transaction)."""

    TABLE = "feeds_import_rows"

    def __init__(self) -> None:
        quote = connection.ops.quote_name
        self.columns = ", ".join(quote(_field(name).column) for name in INSERTED)
        with connection.cursor() as cursor:
            # Left by an earlier import in the same transaction (ON COMMIT DROP is at commit).
            cursor.execute("DROP TABLE IF EXISTS pg_temp.feeds_import_rows")
            cursor.execute(
                _sql(
                    f"CREATE TEMPORARY TABLE {self.TABLE} ON COMMIT DROP AS "  # noqa: S608  # nosec B608
                    f"SELECT {self.columns} FROM {quote(Report._meta.db_table)} WITH NO DATA"
                )
            )

    def add(self, rows: list[tuple[Any, ...]]) -> None:
        sql = f"COPY {self.TABLE} ({self.columns}) FROM STDIN"
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)

    def created(self) -> int:
        upsert = _upsert(f"SELECT {self.columns} FROM {self.TABLE}")  # noqa: S608  # nosec B608
        with connection.cursor() as cursor:
            cursor.execute(
                _sql(
                    f"WITH up AS ({upsert} RETURNING (xmax = 0) AS created) "  # noqa: S608  # nosec B608
                    "SELECT count(*) FILTER (WHERE created) FROM up"
                )
            )
            (created,) = cursor.fetchone()
            cursor.execute("DROP TABLE feeds_import_rows")
        return int(created)


def _values(rows: list[CleanRow], record: FeedImport, now: Any) -> list[tuple[Any, ...]]:
    """The chunk's rows as the INSERTED columns' values. Dates go as `date`s: Django's
    SQLite adapter and psycopg store them as the ORM would."""
    partnership, agency, last_import = record.partnership_id, record.agency_id, record.pk
    return [(partnership, agency, *row_values(row), last_import, now, now) for row in rows]


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
        # SQLite's transactions are IMMEDIATE (config/database.py): the write lock is held
        # from here, so no other import adds rows between the counts.
        FeedImport.objects.filter(pk=record.pk).update(rows_total=total, rows_done=done)
        rows: _SqliteRows | _PostgresRows = (
            _PostgresRows() if connection.vendor == "postgresql" else _SqliteRows(agency.pk)
        )
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        for start in range(0, len(feed.rows), CHUNK):
            chunk = feed.rows[start : start + CHUNK]
            rows.add(_values(chunk, record, now))
            done += len(chunk)
            record.rows_done = done
            if progress is not None:
                progress(done, total)
        if feed.rows:
            imported = rows.created()
            updated = len(feed.rows) - imported
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
