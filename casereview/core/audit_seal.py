"""The sealer: takes what requests appended to the audit log into hash-chained batches.

Requests only insert (`core.audit`). The sealer runs in the task worker every couple of
seconds, takes the entries written since the last seal in a fixed order, puts them in one
Merkle tree and chains its root onto the log's head (`core.merkle`), in one `AuditSeal` row.

Which entries are safe to seal? An entry of a transaction still running may yet commit, or
roll back, and ids are handed out before commit, so on PostgreSQL a later id can commit first.
Sealing "everything up to the highest id seen" would skip the slow transaction's entry for
ever. So on PostgreSQL each entry carries the id of the transaction that inserted it (`txid`,
a database default), and the sealer takes only entries of transactions older than the oldest
one still running (the snapshot's xmin): none of those can add anything more. They are sealed
in (txid, id) order. SQLite has one writer at a time, and the sealer's own write transaction
waits for it, so everything it can see is final: there `txid` is 0 and the order is by id.
"""

import logging
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from casereview.core.audit import canonical_content
from casereview.core.merkle import (
    GENESIS_HEAD,
    BatchStep,
    TreeHead,
    leaf_hash,
    merkle_root,
    next_head,
)
from casereview.core.models import AuditEntry, AuditSeal

logger = logging.getLogger(__name__)

SEAL_BATCH = 10_000
SEAL_EVERY = timedelta(seconds=2)
SEALER_TASK = "casereview.core.audit_seal.seal_audit_log"
# Any constant will do: it only has to be the sealer's alone among advisory locks.
_SEALER_LOCK = 0x5EA1
CONTENT_FIELDS = (
    "occurred_at",
    "actor_user_id",
    "actor_label",
    "membership_id",
    "role",
    "action",
    "object_type",
    "object_id",
    "partnership_id",
    "purpose",
    "recipients",
)
# (txid, id, *CONTENT_FIELDS, entry_hash)
Row = tuple[Any, ...]


class EntryAltered(Exception):
    """An entry no longer matches the hash it was written with."""

    def __init__(self, entry_id: int) -> None:
        super().__init__(f"Audit entry {entry_id} was altered after it was written")
        self.entry_id = entry_id


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def in_sealing_order() -> QuerySet[AuditEntry]:
    """Every entry in the order the sealer takes them."""
    return AuditEntry.objects.order_by("txid", "id")


def rows(entries: QuerySet[AuditEntry]) -> QuerySet[AuditEntry, Row]:
    return entries.values_list("txid", "id", *CONTENT_FIELDS, "entry_hash")


def row_leaf(row: Row) -> bytes:
    """The leaf hash of one row, recomputed from what it says (as `core.audit` hashes it)."""
    fields = dict(zip(CONTENT_FIELDS, row[2:-1], strict=True))
    fields["occurred_at"] = fields["occurred_at"].astimezone(UTC).isoformat()
    leaf = leaf_hash(canonical_content(fields))
    if leaf.hex() != row[-1]:
        raise EntryAltered(row[1])
    return leaf


def after(seal: AuditSeal | None) -> Q:
    """The entries that come after `seal` in sealing order."""
    if seal is None:
        return Q()
    return Q(txid__gt=seal.last_key) | Q(txid=seal.last_key, id__gt=seal.last_id)


def _final_entries() -> QuerySet[AuditEntry]:
    """The entries no running transaction can add to (see the module's docstring)."""
    entries = in_sealing_order()
    if not _postgres():
        return entries
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint")
        (horizon,) = cursor.fetchone()
    return entries.filter(txid__lt=horizon)


def _take_sealer_lock() -> bool:
    if not _postgres():
        return True  # the write transaction already serialises sealers on SQLite
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [_SEALER_LOCK])
        (taken,) = cursor.fetchone()
    return bool(taken)


def last_seal() -> AuditSeal | None:
    return AuditSeal.objects.order_by("-tree_size").first()


def _seal_one_batch(limit: int) -> int:
    with transaction.atomic():
        if not _take_sealer_lock():
            return 0  # another sealer is at work; it will take these
        previous = last_seal()
        batch: Sequence[Row] = list(rows(_final_entries().filter(after(previous)))[:limit])
        if not batch:
            return 0
        root = merkle_root([row_leaf(row) for row in batch])
        size = (previous.tree_size if previous else 0) + len(batch)
        AuditSeal.objects.create(
            tree_size=size,
            batch_size=len(batch),
            last_key=batch[-1][0],
            last_id=batch[-1][1],
            batch_root=root,
            head=next_head(previous.head if previous else GENESIS_HEAD, root, size),
            sealed_at=timezone.now(),
        )
        return len(batch)


def seal_pending(*, batch: int = SEAL_BATCH) -> int:
    """Seal everything that is final, in batches of at most `batch`. Returns how many."""
    sealed = 0
    while n := _seal_one_batch(batch):
        sealed += n
    return sealed


def current_tree_head() -> TreeHead:
    seal = last_seal()
    return TreeHead(0, GENESIS_HEAD) if seal is None else TreeHead(seal.tree_size, seal.head)


def consistency_proof(old_size: int) -> list[BatchStep]:
    """The batches sealed after the first `old_size` entries, oldest first: folded onto the
    head at `old_size` they give today's head (`merkle.verify_consistency`)."""
    return [
        BatchStep(batch_root, tree_size)
        for batch_root, tree_size in AuditSeal.objects.filter(tree_size__gt=old_size)
        .order_by("tree_size")
        .values_list("batch_root", "tree_size")
    ]


def unsealed() -> tuple[int, datetime | None]:
    """How many entries wait for the sealer, and when the oldest of them was written."""
    waiting = in_sealing_order().filter(after(last_seal()))
    return waiting.count(), waiting.order_by("occurred_at").values_list(
        "occurred_at", flat=True
    ).first()


def _sealer_queued() -> bool:
    return DBTaskResult.objects.filter(
        task_path=SEALER_TASK, status=TaskResultStatus.READY
    ).exists()


def keep_sealing() -> bool:
    """Queue the sealer's next run unless one is queued already; False where the task
    backend runs tasks at once (tests), which cannot defer them."""
    if not seal_audit_log.get_backend().supports_defer:
        return False
    if not _sealer_queued():
        seal_audit_log.using(run_after=timezone.now() + SEAL_EVERY).enqueue()
    return True


def forget_finished_sealer_runs(older_than: timedelta = timedelta(hours=1)) -> int:
    """The sealer runs every couple of seconds; its finished results tell no one anything."""
    deleted, _ = (
        DBTaskResult.objects.finished()
        .filter(task_path=SEALER_TASK, finished_at__lt=timezone.now() - older_than)
        .delete()
    )
    return deleted


@task()
def seal_audit_log() -> int:
    try:
        return seal_pending()
    finally:
        # Even after a failure (an altered entry stops sealing until it is dealt with), the
        # next run is queued, so sealing resumes by itself once the problem is resolved.
        keep_sealing()


def iter_rows(entries: QuerySet[AuditEntry]) -> Iterator[Row]:
    yield from rows(entries).iterator(chunk_size=5000)
