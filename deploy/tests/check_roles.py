"""The application's database role, as the running stack connects: it appends to and reads the
audit log, reads and writes the other tables, and is refused everything that would let it
rewrite the log or change the schema.

Not part of the test suite: deploy/check.py runs it with DEPLOY_APP_DATABASE_URL (the
DATABASE_URL the services use) after migrating as the owner and applying
deploy/postgres/grants.sql.
"""

import os
from collections.abc import Iterator

import psycopg
import pytest
from psycopg import errors, sql

APP_URL = os.environ.get("DEPLOY_APP_DATABASE_URL", "")
pytestmark = pytest.mark.skipif(not APP_URL, reason="run by make deploy-check")

AUDIT_TABLES = ("core_auditentry", "core_auditseal")


@pytest.fixture
def app() -> Iterator[psycopg.Connection[tuple[object, ...]]]:
    with psycopg.connect(APP_URL, autocommit=True) as connection:
        yield connection


def exists(connection: psycopg.Connection[tuple[object, ...]], table: str) -> bool:
    row = connection.execute("SELECT to_regclass(%s) IS NOT NULL", [f"public.{table}"]).fetchone()
    return bool(row and row[0])


@pytest.fixture(params=AUDIT_TABLES)
def audit_table(request: pytest.FixtureRequest, app: psycopg.Connection[tuple[object, ...]]) -> str:
    table = str(request.param)
    assert exists(app, table), f"{table} is missing: the migrations did not run"
    return table


def refused(connection: psycopg.Connection[tuple[object, ...]], statement: sql.Composable) -> str:
    """Runs the statement in a transaction that is rolled back whatever happens; returns the
    refusal's message. Only a privilege refusal counts: the append-only trigger's own error
    would mean the role got past the privileges."""
    with pytest.raises(errors.InsufficientPrivilege) as refusal, connection.transaction():
        connection.execute(statement)
        raise AssertionError(f"allowed: {statement.as_string(connection)}")
    return str(refusal.value)


def test_the_application_role_is_neither_superuser_nor_owner(app) -> None:
    row = app.execute(
        "SELECT r.rolsuper, r.rolcreaterole, r.rolcreatedb, r.rolbypassrls, "
        "  (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        "    WHERE n.nspname = 'public' AND pg_has_role(current_user, c.relowner, 'USAGE')),"
        "  (SELECT pg_get_userbyid(datdba) <> current_user FROM pg_database"
        "    WHERE datname = current_database())"
        " FROM pg_roles r WHERE r.rolname = current_user"
    ).fetchone()
    assert row == (False, False, False, False, 0, True)


def test_it_appends_to_and_reads_the_audit_log(app, audit_table) -> None:
    for privilege in ("SELECT", "INSERT"):
        assert app.execute(
            "SELECT has_table_privilege(%s, %s)", [audit_table, privilege]
        ).fetchone() == (True,), privilege
    app.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(audit_table)))
    [sequence] = app.execute("SELECT pg_get_serial_sequence(%s, 'id')", [audit_table]).fetchone()
    assert app.execute("SELECT has_sequence_privilege(%s, 'USAGE')", [sequence]).fetchone() == (
        True,
    )


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE {table} SET id = id",
        "DELETE FROM {table}",
        "TRUNCATE {table}",
        "ALTER TABLE {table} DISABLE TRIGGER ALL",
        "ALTER TABLE {table} DISABLE TRIGGER USER",
        "ALTER TABLE {table} ADD COLUMN rewritten boolean",
        "DROP TABLE {table}",
        "CREATE TRIGGER rewrite BEFORE INSERT ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION suppress_redundant_updates_trigger()",
        "SELECT id FROM {table} LIMIT 1 FOR UPDATE",
        "LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE",
    ],
)
def test_it_cannot_rewrite_erase_or_unguard_the_audit_log(app, audit_table, statement) -> None:
    refused(app, sql.SQL(statement).format(table=sql.Identifier(audit_table)))


def test_it_cannot_drop_the_audit_logs_triggers(app, audit_table) -> None:
    triggers = [
        name
        for (name,) in app.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal"
            " AND tgenabled IN ('O', 'A')",
            [audit_table],
        )
    ]
    assert triggers, f"{audit_table} has no enabled append-only trigger"
    for trigger in triggers:
        refused(
            app,
            sql.SQL("DROP TRIGGER {} ON {}").format(
                sql.Identifier(trigger), sql.Identifier(audit_table)
            ),
        )


def test_it_cannot_reset_the_audit_logs_ids(app, audit_table) -> None:
    [sequence] = app.execute("SELECT pg_get_serial_sequence(%s, 'id')", [audit_table]).fetchone()
    refused(app, sql.SQL("SELECT setval({}, 1)").format(sql.Literal(sequence)))


def test_it_cannot_turn_triggers_off_for_its_session(app) -> None:
    refused(app, sql.SQL("SET session_replication_role = replica"))


def test_it_changes_no_schema(app) -> None:
    refused(app, sql.SQL("CREATE TABLE rewritten_log (id bigint)"))
    refused(app, sql.SQL("CREATE FUNCTION rewrite() RETURNS int LANGUAGE sql AS 'SELECT 1'"))
    refused(app, sql.SQL("ALTER TABLE accounts_user ADD COLUMN extra boolean"))
    refused(app, sql.SQL("CREATE INDEX rewritten ON accounts_user (id)"))
    refused(app, sql.SQL("DROP TABLE django_session"))


def test_it_reads_and_writes_every_other_table(app) -> None:
    missing = [
        f"{table} {privilege}"
        for (table,) in app.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')"
            " AND c.relname <> ALL (%s) AND c.relname <> 'django_migrations'",
            [list(AUDIT_TABLES)],
        )
        for privilege in ("SELECT", "INSERT", "UPDATE", "DELETE")
        if app.execute("SELECT has_table_privilege(%s, %s)", [table, privilege]).fetchone()
        != (True,)
    ]
    assert missing == []
    refused(app, sql.SQL("DELETE FROM django_migrations"))
