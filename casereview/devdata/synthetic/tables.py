"""The tables the seed fills, and how rows reach them: plain tuples with explicit primary
keys, written per table (COPY on PostgreSQL, executemany on SQLite). Building tuples instead
of model instances, and skipping the ORM's per-value preparation, is most of what makes the
seed fast."""

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models

from casereview.appeals.models import Appeal
from casereview.applications.models import Application, Complaint, Letter, ThresholdDecision
from casereview.devdata.synthetic.acts import Act
from casereview.reviews import models as review

BATCH = 10_000  # rows per executemany (SQLite)
FASTER_SQLITE = {"synchronous": "OFF", "cache_size": "-262144"}  # 256 MiB of pages


class Table:
    """One table's rows as plain tuples, in the order of `given` (the columns the seeder
    fills, space-separated), followed by the model's defaults for the rest, prepared for the
    database once."""

    def __init__(self, model: type[models.Model], given: str) -> None:
        self.model = model
        names = given.split()
        fields = model._meta.concrete_fields
        rest = [f for f in fields if f.attname not in names and not f.primary_key]
        for f in rest:
            if f.has_default() and callable(f.default) and f.default not in (list, dict):
                raise ValueError(f"{model.__name__}.{f.name}: a varying default must be given")
        by_name = {f.attname: f for f in fields}
        self.columns = [by_name[name].column for name in names] + [f.column for f in rest]
        self.tail = tuple(f.get_db_prep_save(f.get_default(), connection) for f in rest)
        self.rows: list[tuple[Any, ...]] = []

    def add(self, *values: Any) -> None:
        self.rows.append(values + self.tail)

    def write(self) -> None:
        write_rows(self.model._meta.db_table, self.columns, self.rows)


def write_rows(table: str, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    """PostgreSQL: COPY. SQLite: executemany in batches. Rows are already database values.
    The table and column names come from the models' own metadata, quoted."""
    if not rows:
        return
    qn = connection.ops.quote_name
    table, names = qn(table), ", ".join(qn(c) for c in columns)
    if connection.vendor == "postgresql":
        _copy(f"COPY {table} ({names}) FROM STDIN", rows)
        return
    sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"  # noqa: S608  # nosec B608
    _insert(sql, rows)


def _copy(sql: str, rows: list[tuple[Any, ...]]) -> None:
    """The values go as COPY data, never into the statement."""
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)


def _insert(sql: str, rows: list[tuple[Any, ...]]) -> None:
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, rows[start : start + BATCH])


def as_json(value: object) -> str:
    """A JSONField's value as the database gets it (the same text on both databases)."""
    return json.dumps(value)


def timestamp_format() -> Callable[[datetime], str]:
    """How an aware UTC datetime is stored: PostgreSQL takes ISO 8601 with its offset;
    Django keeps SQLite's as naive UTC text ('2024-05-01 09:30:00'). The seeder only makes
    UTC datetimes, so the offset is always '+00:00'."""
    if connection.vendor == "sqlite":
        return lambda v: v.isoformat(" ")[:-6]
    return datetime.isoformat


@contextmanager
def fast_sqlite() -> Iterator[None]:
    """SQLite, during the seed only: no fsync at each commit (a crash mid-seed loses a
    benchmark database, nothing else) and a larger page cache for the growing indexes.
    WAL stays; both settings are restored afterwards. Inside a transaction (a test) SQLite
    refuses to change the safety level, so it is left alone there."""
    if connection.vendor != "sqlite":
        yield
        return
    names = ["cache_size"] if connection.in_atomic_block else ["synchronous", "cache_size"]
    saved = _set_pragmas({name: FASTER_SQLITE[name] for name in names})
    try:
        yield
    finally:
        _set_pragmas(saved)


def _set_pragmas(values: dict[str, str] | dict[str, int]) -> dict[str, int]:
    """Sets each PRAGMA and returns the values it had."""
    saved = {}
    # PRAGMA takes no parameters; the names and values are the constants above and the
    # integers SQLite itself reported, never outside input.
    with connection.cursor() as cursor:
        for name, value in values.items():
            cursor.execute(f"PRAGMA {name}")  # nosemgrep: casereview-no-formatted-sql
            saved[name] = int(cursor.fetchone()[0])
            new_sql = f"PRAGMA {name}={value}"
            cursor.execute(new_sql)  # nosemgrep: casereview-no-formatted-sql
    return saved


# What the seed writes, parents before children: each table's name on the batch, its model,
# and the columns the seeder fills, in the order of its values.
TABLES: dict[str, tuple[type[models.Model], str]] = {
    "applications": (
        Application,
        "id partnership_id reference status received channel applicant_type victim_name"
        " victim_address victim_postcode victim_email contact_preference large_print"
        " description consent_to_share acknowledgement_due conclusion_due recorded_by_id"
        " recorded_at victim_name_key victim_surname_key victim_postcode_key"
        " next_complaint_number",
    ),
    "complaints": (
        Complaint,
        "id application_id key behaviour_date reported_date agency_id relevant_body"
        " reference summary hate same_incident_as",
    ),
    "decisions": (
        ThresholdDecision,
        "id application_id met rationale review_date policy_version_id engine_output"
        " decided_by_id decided_at",
    ),
    "letters": (
        Letter,
        "id application_id partnership_id kind recipient_name recipient_email"
        " recipient_address delivery large_print html pdf sha256 pdf_rendered_at"
        " created_by_id created_at sent_at posted_at posted_by_id",
    ),
    "requests": (
        review.PartnerRequest,
        "id application_id partnership_id agency_id due requested_by_id requested_at"
        " first_viewed_at",
    ),
    "contributions": (
        review.Contribution,
        "id request_id nil_return summary updated_by_id updated_at",
    ),
    "involvements": (review.Involvement, "id contribution_id date kind details"),
    "meetings": (
        review.Meeting,
        "id application_id starts_at location scheduled_by_id scheduled_at",
    ),
    "minutes": (
        review.Minutes,
        "id application_id version summary decisions recorded_by_id recorded_at"
        " approved_by_id approved_at",
    ),
    "recommendations": (review.Recommendation, "id minutes_id text agency_id"),
    "actions": (review.Action, "id minutes_id text agency_id due status"),
    "conclusions": (
        review.Conclusion,
        "id application_id summary minutes_id late issued_by_id issued_at",
    ),
    "withdrawals": (
        review.Withdrawal,
        "id application_id reason previous_status withdrawn_by_id withdrawn_at",
    ),
    "appeals": (
        Appeal,
        "id application_id partnership_id against_id received grounds details due_by"
        " recorded_by_id recorded_at upheld findings recommendations decided_at",
    ),
    # Last: the only table whose keys the seed does not number itself.
    "meeting_agencies": (review.Meeting.agencies.through, "meeting_id agency_id"),
}


class Batch:
    """Rows waiting to be written, per table (see TABLES), and the acts to log."""

    applications: Table
    complaints: Table
    decisions: Table
    letters: Table
    requests: Table
    contributions: Table
    involvements: Table
    meetings: Table
    minutes: Table
    recommendations: Table
    actions: Table
    conclusions: Table
    withdrawals: Table
    appeals: Table
    meeting_agencies: Table

    def __init__(self) -> None:
        for name, (model, columns) in TABLES.items():
            setattr(self, name, Table(model, columns))
        self.audit: list[Act] = []

    def tables(self) -> list[Table]:
        """Parents before children."""
        return [getattr(self, name) for name in TABLES]


def seeded_models() -> list[type[models.Model]]:
    """The models whose rows the seed numbers itself (all but the meetings' agency links)."""
    return [model for model, _ in list(TABLES.values())[:-1]]


class Ids:
    """Explicit primary keys, so related rows can be built before their parents are saved."""

    def __init__(self, model_list: list[type[models.Model]]) -> None:
        self.next = {
            m: (m._default_manager.aggregate(top=models.Max("pk"))["top"] or 0) + 1
            for m in model_list
        }

    def take(self, model: type[models.Model]) -> int:
        value = self.next[model]
        self.next[model] = value + 1
        return value


def reset_sequences(model_list: list[type[models.Model]]) -> None:
    """PostgreSQL's id sequences must move past the explicit keys (SQLite needs nothing)."""
    statements = connection.ops.sequence_reset_sql(
        no_style(), [*model_list, review.Meeting.agencies.through]
    )
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
