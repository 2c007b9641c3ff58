"""Every migration goes back as well as forwards, and the models match the migrations.

Runs on SQLite and PostgreSQL. The audit log's append-only triggers are created by a
migration, so undoing it must drop them (and the PostgreSQL function behind them).
"""

import io

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from casereview.core.audit_triggers import ENTRIES as TABLE

# django-tasks-db's 0013 has no reverse (upstream); nothing of ours depends on its table.
IRREVERSIBLE_THIRD_PARTY = {"django_tasks_database"}


def _executor() -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    return executor


def _audit_triggers() -> list[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
                [f"{TABLE}%"],
            )
        else:
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgname LIKE %s "
                "UNION ALL SELECT proname FROM pg_proc WHERE proname LIKE %s",
                [f"{TABLE}%", f"{TABLE}%"],
            )
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.django_db(transaction=True)
def test_every_migration_goes_back_to_zero_and_forwards_again() -> None:
    executor = _executor()
    apps = sorted(executor.loader.migrated_apps - IRREVERSIBLE_THIRD_PARTY)
    leaves = executor.loader.graph.leaf_nodes()
    try:
        executor.migrate([(app, None) for app in apps])
        tables = {
            model._meta.db_table
            for model in django_apps.get_models(include_auto_created=True)
            if model._meta.app_label in apps
        }
        assert tables & set(connection.introspection.table_names()) == set()
        assert _audit_triggers() == []
    finally:
        # Forwards again whatever happened, so the tests after this one find the schema.
        _executor().migrate(leaves)
    assert TABLE in connection.introspection.table_names()
    assert len(_audit_triggers()) >= 1


@pytest.mark.django_db
def test_the_models_need_no_new_migration() -> None:
    out = io.StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out)
    except SystemExit:
        pytest.fail(f"The models have changes with no migration:\n{out.getvalue()}")
