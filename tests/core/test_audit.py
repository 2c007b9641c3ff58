"""The audit log: chained, verifiable, append-only in the database, safe under concurrency."""

import itertools
import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, connections, transaction

from casereview.core.audit import Actor, audit_record, audit_verify
from casereview.core.audit_triggers import create_triggers, drop_triggers
from casereview.core.models import AuditAction, AuditEntry

ACTOR = Actor(label="tester@example.org")


def _record(n: int) -> None:
    for i in range(n):
        audit_record(
            actor=ACTOR,
            action=AuditAction.VIEW,
            object_type="thing",
            object_id=i,
            purpose="testing",
        )


@pytest.mark.django_db
def test_entries_chain_and_verify(capsys: pytest.CaptureFixture[str]) -> None:
    _record(5)
    entries = list(AuditEntry.objects.order_by("position"))
    assert [e.position for e in entries] == [1, 2, 3, 4, 5]
    assert all(b.prev_hash == a.entry_hash for a, b in itertools.pairwise(entries))
    call_command("audit_verify")
    assert "5 entries verified" in capsys.readouterr().out


@pytest.mark.django_db
def test_the_database_refuses_update_and_delete() -> None:
    _record(1)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.update(purpose="rewritten")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.all().delete()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE core_auditentry SET purpose = 'raw sql'")
    assert AuditEntry.objects.get().purpose == "testing"


@pytest.mark.django_db
def test_a_tampered_entry_is_named_by_audit_verify() -> None:
    _record(4)
    # Someone with direct database access lifts the trigger and rewrites entry 3.
    drop_triggers(connection)
    AuditEntry.objects.filter(position=3).update(purpose="nothing to see")
    create_triggers(connection)
    with pytest.raises(CommandError, match="Audit entry 3 was altered"):
        call_command("audit_verify")


@pytest.mark.django_db
def test_a_deleted_entry_and_a_cut_tail_are_caught() -> None:
    _record(4)
    drop_triggers(connection)
    AuditEntry.objects.filter(position=4).delete()
    create_triggers(connection)
    _, broken = audit_verify()
    assert broken is not None and broken.position == 4
    drop_triggers(connection)
    AuditEntry.objects.filter(position=2).delete()
    create_triggers(connection)
    _, broken = audit_verify()
    assert broken is not None and broken.position == 2 and broken.problem == "is missing"


@pytest.mark.django_db
def test_an_entry_written_in_a_failed_transaction_disappears_with_it() -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        _record(1)
        raise RuntimeError("the work failed")
    assert not AuditEntry.objects.exists()
    _record(1)
    assert audit_verify() == (1, None)


@pytest.mark.django_db(transaction=True)
def test_sixteen_concurrent_writers_leave_an_unbroken_chain() -> None:
    errors: list[BaseException] = []
    barrier = threading.Barrier(16)

    def writer() -> None:
        try:
            barrier.wait()
            _record(5)
        except BaseException as exc:  # collected and reported by the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert AuditEntry.objects.count() == 80
    assert audit_verify() == (80, None)
