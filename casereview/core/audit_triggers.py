"""Database triggers that make the audit table append-only, per database vendor.

Kept apart from the migration so the test suite can lift them for its own clean-up.
"""

from django.db.backends.base.base import BaseDatabaseWrapper

TABLE = "core_auditentry"
MESSAGE = "audit entries are append-only"

_SQLITE_CREATE = [
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_no_update BEFORE UPDATE ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_no_delete BEFORE DELETE ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
]
_SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {TABLE}_no_update",
    f"DROP TRIGGER IF EXISTS {TABLE}_no_delete",
]
_POSTGRES_CREATE = [
    f"CREATE OR REPLACE FUNCTION {TABLE}_append_only() RETURNS trigger AS $$ "
    f"BEGIN RAISE EXCEPTION '{MESSAGE}'; END $$ LANGUAGE plpgsql",
    f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE}",
    f"CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE} "
    f"FOR EACH ROW EXECUTE FUNCTION {TABLE}_append_only()",
]
_POSTGRES_DROP = [
    f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE}",
    # Undoing the migration leaves nothing behind; lifting them for a moment recreates both.
    f"DROP FUNCTION IF EXISTS {TABLE}_append_only()",
]


def _statements(connection: BaseDatabaseWrapper, create: bool) -> list[str]:
    if connection.vendor == "sqlite":
        return _SQLITE_CREATE if create else _SQLITE_DROP
    if connection.vendor == "postgresql":
        return _POSTGRES_CREATE if create else _POSTGRES_DROP
    raise RuntimeError(f"casereview runs on SQLite or PostgreSQL, not {connection.vendor}")


def create_triggers(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        for statement in _statements(connection, create=True):
            cursor.execute(statement)


def drop_triggers(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        for statement in _statements(connection, create=False):
            cursor.execute(statement)
