"""Database triggers that make the audit tables append-only, per database vendor.

Kept apart from the migrations so the test suite can lift them for its own clean-up.
"""

from collections.abc import Iterable

from django.db.backends.base.base import BaseDatabaseWrapper

ENTRIES = "core_auditentry"
SEALS = "core_auditseal"
AUDIT_TABLES = (ENTRIES, SEALS)
MESSAGE = "audit entries are append-only"


def _sqlite(table: str, create: bool) -> list[str]:
    if not create:
        return [
            f"DROP TRIGGER IF EXISTS {table}_no_update",
            f"DROP TRIGGER IF EXISTS {table}_no_delete",
        ]
    return [
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_delete BEFORE DELETE ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
    ]


def _postgres(table: str, create: bool) -> list[str]:
    # One function for every audit table. TRUNCATE is refused by privilege, not trigger: in
    # production the application's role is not granted it (deploy/), and the test suite's
    # flush needs it.
    function = (
        f"CREATE OR REPLACE FUNCTION {ENTRIES}_append_only() RETURNS trigger AS $$ "
        f"BEGIN RAISE EXCEPTION '{MESSAGE}'; END $$ LANGUAGE plpgsql"
    )
    if not create:
        return [f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}"]
    return [
        function,
        f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {ENTRIES}_append_only()",
    ]


def _statements(connection: BaseDatabaseWrapper, tables: Iterable[str], create: bool) -> list[str]:
    if connection.vendor == "sqlite":
        make = _sqlite
    elif connection.vendor == "postgresql":
        make = _postgres
    else:
        raise RuntimeError(f"casereview runs on SQLite or PostgreSQL, not {connection.vendor}")
    return [statement for table in tables for statement in make(table, create)]


def create_triggers(connection: BaseDatabaseWrapper, tables: Iterable[str] = AUDIT_TABLES) -> None:
    with connection.cursor() as cursor:
        for statement in _statements(connection, tables, create=True):
            cursor.execute(statement)


def drop_triggers(connection: BaseDatabaseWrapper, tables: Iterable[str] = AUDIT_TABLES) -> None:
    with connection.cursor() as cursor:
        for statement in _statements(connection, tables, create=False):
            cursor.execute(statement)
