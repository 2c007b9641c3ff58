"""The audit log: inserted without a lock, sealed in hash-chained batches, verifiable,
append-only in the database, and never skipping an entry however transactions interleave.

Sealing tests are transactional: on PostgreSQL the sealer rightly leaves alone what the
test's own open transaction wrote, since it could still roll back."""

import random
import threading
import time

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, connections, transaction

from casereview.core.audit import Actor, audit_record
from casereview.core.audit_seal import (
    consistency_proof,
    current_tree_head,
    keep_sealing,
    seal_pending,
    unsealed,
)
from casereview.core.audit_triggers import create_triggers, drop_triggers
from casereview.core.audit_verify import audit_verify
from casereview.core.merkle import TreeHead, verify_consistency
from casereview.core.models import AuditAction, AuditEntry, AuditSeal

ACTOR = Actor(label="tester@example.org")
sealing = pytest.mark.django_db(transaction=True)


def _record(n: int, purpose: str = "testing") -> None:
    for i in range(n):
        audit_record(
            actor=ACTOR,
            action=AuditAction.VIEW,
            object_type="thing",
            object_id=i,
            purpose=purpose,
        )


def _tamper(sql: str, params: tuple[object, ...] = ()) -> None:
    """Someone with direct database access lifts the triggers and changes the tables."""
    drop_triggers(connection)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
    create_triggers(connection)


@pytest.mark.django_db
def test_recording_is_one_insert_with_no_lock_or_read(
    django_assert_num_queries: pytest.FixtureDef,
) -> None:
    with django_assert_num_queries(1) as captured:
        _record(1)
    assert captured.captured_queries[0]["sql"].startswith("INSERT")


@sealing
def test_entries_are_sealed_in_batches_and_verify(capsys: pytest.CaptureFixture[str]) -> None:
    _record(5)
    assert seal_pending() == 5
    _record(2)
    assert seal_pending(batch=1) == 2
    assert list(AuditSeal.objects.order_by("tree_size").values_list("batch_size", flat=True)) == [
        5,
        1,
        1,
    ]
    _record(3)  # not yet sealed: checked against their own hashes
    result = audit_verify()
    assert (result.checked, result.sealed, result.problem) == (10, 7, None)
    call_command("audit_verify")
    assert "10 entries verified (7 sealed, 3 waiting for the sealer)" in capsys.readouterr().out
    assert unsealed()[0] == 3


@sealing
def test_the_database_refuses_to_change_entries_and_seals() -> None:
    _record(1)
    seal_pending()
    for model in (AuditEntry, AuditSeal):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            model.objects.all().delete()
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            model.objects.update(id=99)
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE core_auditentry SET purpose = 'raw sql'")
    assert AuditEntry.objects.get().purpose == "testing"


@sealing
def test_an_altered_entry_is_named_sealed_or_not() -> None:
    _record(4)
    seal_pending()
    _record(1)
    second = AuditEntry.objects.order_by("id")[1].pk
    _tamper("UPDATE core_auditentry SET purpose = 'nothing to see' WHERE id = %s", (second,))
    with pytest.raises(CommandError, match=f"Audit entry {second} was altered"):
        call_command("audit_verify")
    last = AuditEntry.objects.order_by("id").last()
    assert last is not None
    _tamper("UPDATE core_auditentry SET purpose = 'as before' WHERE id = %s", (second,))
    _tamper("UPDATE core_auditentry SET purpose = 'testing' WHERE id = %s", (second,))
    _tamper("UPDATE core_auditentry SET role = 'chair' WHERE id = %s", (last.pk,))
    assert audit_verify().problem == f"Audit entry {last.pk} was altered after it was written"


@sealing
def test_removed_or_added_or_rehashed_entries_break_their_batch() -> None:
    _record(3)
    seal_pending()
    _record(3)
    seal_pending()
    assert audit_verify().intact
    first = AuditEntry.objects.order_by("id").first()
    assert first is not None
    _tamper("DELETE FROM core_auditentry WHERE id = %s", (first.pk,))
    assert audit_verify().problem == (
        "Entries of the batch of entries 1–3 of the log were altered, removed or added "
        "after it was sealed"
    )


@sealing
def test_an_altered_seal_is_caught() -> None:
    _record(2)
    seal_pending()
    _tamper("UPDATE core_auditseal SET head = %s", ("f" * 64,))
    assert "was altered" in (audit_verify().problem or "")


@sealing
def test_an_entry_of_a_rolled_back_transaction_is_never_sealed() -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        _record(1, purpose="undone")
        raise RuntimeError("the work failed")
    _record(1)
    assert seal_pending() == 1
    assert not AuditEntry.objects.filter(purpose="undone").exists()
    assert audit_verify().intact


@sealing
def test_a_slow_transaction_committing_last_is_sealed_not_skipped() -> None:
    """A takes the lower id and commits after B. On PostgreSQL the sealer must wait for A
    rather than seal B and move past A's id for ever. (SQLite's one writer makes B wait.)"""
    written, release = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def slow() -> None:
        try:
            with transaction.atomic():
                _record(1, purpose="slow")
                written.set()
                release.wait(10)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    def fast() -> None:
        try:
            _record(1, purpose="fast")
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    a = threading.Thread(target=slow)
    a.start()
    assert written.wait(10)
    b = threading.Thread(target=fast)
    b.start()
    if connection.vendor == "postgresql":
        b.join(10)
        assert AuditEntry.objects.filter(purpose="fast").exists()  # B committed, A not yet
        assert seal_pending() == 0  # B's transaction is newer than A's, still running
    release.set()
    a.join(10)
    b.join(10)
    assert errors == []
    assert seal_pending() == 2
    slow_id = AuditEntry.objects.get(purpose="slow").pk
    assert slow_id < AuditEntry.objects.get(purpose="fast").pk
    assert unsealed()[0] == 0 and audit_verify().intact


@sealing
def test_writers_committing_out_of_order_beside_a_running_sealer_lose_nothing() -> None:
    writers, each = 8, 10
    done = threading.Event()
    errors: list[BaseException] = []
    barrier = threading.Barrier(writers + 1)

    def writer(n: int) -> None:
        rng = random.Random(n)
        try:
            barrier.wait()
            for _ in range(each):
                with transaction.atomic():
                    _record(rng.randint(1, 3))
                    time.sleep(rng.random() / 50)  # commits land in a shuffled order
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    def sealer() -> None:
        try:
            barrier.wait()
            while not done.is_set():
                seal_pending(batch=7)
                time.sleep(0.005)  # the worker's sealer waits seconds; this still races
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(writers)]
    threads.append(threading.Thread(target=sealer))
    for t in threads:
        t.start()
    for t in threads[:-1]:
        t.join()
    done.set()
    threads[-1].join()
    assert errors == []
    seal_pending()
    total = AuditEntry.objects.count()
    assert current_tree_head().size == total
    assert AuditSeal.objects.count() > 1
    assert audit_verify().intact


@sealing
def test_a_checkpoint_proves_the_log_still_begins_with_it() -> None:
    _record(3)
    seal_pending()
    checkpoint = current_tree_head()
    _record(4)
    seal_pending()
    now = current_tree_head()
    proof = consistency_proof(checkpoint.size)
    assert verify_consistency(checkpoint, now, proof)
    assert not verify_consistency(TreeHead(checkpoint.size, "a" * 64), now, proof)
    assert not verify_consistency(checkpoint, now, proof[:-1])
    assert audit_verify(checkpoint=checkpoint).intact


@sealing
def test_a_regenerated_log_passes_alone_but_not_against_a_checkpoint() -> None:
    _record(3)
    seal_pending()
    checkpoint = current_tree_head()
    # An attacker with the database replaces the whole log with a different, valid-looking one.
    _tamper("DELETE FROM core_auditseal")
    _tamper("DELETE FROM core_auditentry")
    _record(3, purpose="nothing happened")
    seal_pending()
    assert audit_verify().intact
    assert audit_verify(checkpoint=checkpoint).problem == (
        "The log no longer begins with the checkpointed log of 3 entries: it was rewritten"
    )


@sealing
def test_a_log_cut_short_fails_against_a_checkpoint() -> None:
    _record(2)
    seal_pending()
    _record(2)
    seal_pending()
    checkpoint = current_tree_head()
    last = AuditSeal.objects.order_by("tree_size").last()
    assert last is not None
    _tamper("DELETE FROM core_auditseal WHERE id = %s", (last.pk,))
    _tamper("DELETE FROM core_auditentry WHERE id > %s", (last.last_id - 2,))
    assert audit_verify().intact
    assert "fewer than the 4 of the checkpoint: it was cut short" in (
        audit_verify(checkpoint=checkpoint).problem or ""
    )


@pytest.mark.django_db
def test_without_a_worker_to_defer_to_the_scheduled_job_seals_itself() -> None:
    _record(2)
    assert keep_sealing() is False  # the tests' task backend runs tasks at once
    call_command("scheduled")


@pytest.mark.django_db
def test_the_system_check_passes_with_the_transaction_default() -> None:
    """Django refuses an expression as a column default unless it says it may be one; the
    refusal stops every command, `migrate` and the server included."""
    call_command("check", databases=["default"], fail_level="ERROR")
