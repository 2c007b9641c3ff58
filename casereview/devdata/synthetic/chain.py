"""The audit entries the seeded acts would have written, appended to the live hash chain.

The synthetic history goes after whatever chain already exists, so positions follow load
order, while `occurred_at` keeps the historical times. A million entries are too many for a
model instance each: the canonical JSON that `core.audit.audit_hash` hashes is assembled
from cached pieces instead, and checked against the ordinary hash once per call."""

import hashlib
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.db import transaction

from casereview.core.audit import GENESIS_HASH, audit_hash, audit_hashed_fields
from casereview.core.models import AuditAction, AuditChainHead, AuditEntry
from casereview.devdata.synthetic.acts import Act, json_str
from casereview.devdata.synthetic.tables import write_rows

AUDIT_COLUMNS = [
    "position",
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
    "prev_hash",
    "entry_hash",
]
COLLECT, ALTER, DISCLOSE = (
    str(a.value) for a in (AuditAction.COLLECT, AuditAction.ALTER, AuditAction.DISCLOSE)
)


def chain_past(acts: list[Act], ts: Callable[[datetime], str]) -> int:
    """Append past acts to the audit chain under one lock of its head, chained exactly as
    live entries are. The first entry of every call is also hashed the ordinary way and must
    agree, so a change to what the chain hashes stops the seed instead of writing a chain
    that does not verify."""
    if not acts:
        return 0
    with transaction.atomic(savepoint=False):
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(
            pk=1, defaults={"position": 0, "last_hash": GENESIS_HASH}
        )
        rows = _chained(acts, head.position, head.last_hash, ts)
        _check_first_hash(acts[0], rows[0])
        write_rows(AuditEntry._meta.db_table, AUDIT_COLUMNS, rows)
        last = rows[-1]
        AuditChainHead.objects.filter(pk=head.pk).update(position=last[0], last_hash=last[-1])
    return len(rows)


def _chained(
    acts: list[Act], position: int, last_hash: str, ts: Callable[[datetime], str]
) -> list[tuple[Any, ...]]:
    """The rows in AUDIT_COLUMNS order, each hashed over the one before."""
    canonical = _Canonical()
    sha256 = hashlib.sha256
    rows = []
    for act in acts:
        position += 1
        entry_hash = sha256(canonical.text(act, position, last_hash).encode()).hexdigest()
        at, who, *rest = act
        rows.append((position, ts(at), *who.columns, *rest, last_hash, entry_hash))
        last_hash = entry_hash
    return rows


class _Canonical:
    """The JSON that `core.audit.audit_hash` hashes, built as text. An application's acts
    repeat the same action on the same object, so those pieces are made once."""

    def __init__(self) -> None:
        self.pieces: dict[tuple[Any, ...], tuple[str, str]] = {}

    def text(self, act: Act, position: int, prev_hash: str) -> str:
        at, who, action, kind, oid, pid, purpose, recipients = act
        pieces = self.pieces.get(act[2:])
        if pieces is None:
            pieces = self.pieces[act[2:]] = (
                f'{{"action":{json_str(action)},',
                f'"object_id":{json_str(oid)},"object_type":{json_str(kind)},',
            )
        return (
            f'{pieces[0]}{who.middle},{pieces[1]}"occurred_at":"{at.isoformat()}",'
            f'"partnership_id":{pid},"position":{position},"prev_hash":"{prev_hash}",'
            f'"purpose":{json_str(purpose)},"recipients":{json_str(recipients)},'
            f'"role":{who.role}}}'
        )


def _check_first_hash(act: Act, row: tuple[Any, ...]) -> None:
    entry = AuditEntry(**dict(zip(AUDIT_COLUMNS[:-1], row[:-1], strict=True)))
    entry.occurred_at = act[0]  # the datetime, not the text written for the database
    if audit_hash(audit_hashed_fields(entry)) != row[-1]:
        raise RuntimeError("The seed's audit hashes no longer match core.audit's: update it.")
