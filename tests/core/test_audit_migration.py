"""Moving an existing chained log to sealed batches keeps every entry and refuses a broken
chain (core 0003)."""

import importlib
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from casereview.core.audit_seal import seal_pending
from casereview.core.audit_verify import audit_verify
from casereview.core.models import AuditEntry

old = importlib.import_module("casereview.core.migrations.0003_audit_sealed_batches")
BEFORE = [("core", "0002_audit_append_only")]
AFTER = [("core", "0003_audit_sealed_batches")]


def _migrate(targets: list[tuple[str, str]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection)


def _old_chain(executor: MigrationExecutor, n: int, break_at: int | None = None) -> None:
    Entry = executor.loader.project_state(BEFORE[0]).apps.get_model("core", "AuditEntry")
    prev = old.GENESIS
    for position in range(1, n + 1):
        entry = Entry(
            position=position,
            occurred_at=datetime(2026, 1, position, tzinfo=UTC),
            actor_label="system:test",
            action="view",
            object_type="thing",
            object_id=str(position),
            purpose="before the move",
            prev_hash=prev,
        )
        entry.entry_hash = old._chain_hash(entry, position, prev)
        if position == break_at:
            entry.purpose = "changed afterwards"
        entry.save()
        prev = entry.entry_hash


@pytest.mark.django_db(transaction=True)
def test_an_intact_chain_moves_over_whole_and_back() -> None:
    try:
        _old_chain(_migrate(BEFORE), 4)
        _migrate(AFTER)
        assert seal_pending() == 4
        assert audit_verify().intact
        assert list(AuditEntry.objects.order_by("id").values_list("object_id", flat=True)) == [
            "1",
            "2",
            "3",
            "4",
        ]
        _migrate(BEFORE)  # and back: the chain is rebuilt in id order
    finally:
        _migrate(AFTER)


@pytest.mark.django_db(transaction=True)
def test_a_broken_chain_is_not_moved() -> None:
    try:
        executor = _migrate(BEFORE)
        _old_chain(executor, 3, break_at=2)
        with pytest.raises(RuntimeError, match="Audit entry 2 was altered"):
            _migrate(AFTER)
    finally:
        from casereview.core.audit_triggers import ENTRIES, create_triggers, drop_triggers

        drop_triggers(connection, [ENTRIES])
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM core_auditentry")
        create_triggers(connection, [ENTRIES])
        _migrate(AFTER)
