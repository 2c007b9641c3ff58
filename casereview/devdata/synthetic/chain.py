"""The audit entries the seeded acts would have written, appended to the live log.

The synthetic history goes after whatever the log already holds, so ids follow load order,
while `occurred_at` keeps the historical times; the sealer seals it like any other entries
(`seed_bench` runs it at the end). A million entries are too many for a model instance
each: the canonical JSON that `core.audit.entry_hash_of` hashes is assembled from cached
pieces instead, and checked against the ordinary hash once per call."""

import hashlib
from collections.abc import Callable
from datetime import datetime
from typing import Any

from casereview.core.audit import entry_hash_of
from casereview.core.audit_seal import CONTENT_FIELDS
from casereview.core.models import AuditAction, AuditEntry
from casereview.devdata.synthetic.acts import Act, json_str
from casereview.devdata.synthetic.tables import write_rows

AUDIT_COLUMNS = [*CONTENT_FIELDS, "entry_hash"]
COLLECT, ALTER, DISCLOSE = (
    str(a.value) for a in (AuditAction.COLLECT, AuditAction.ALTER, AuditAction.DISCLOSE)
)


def chain_past(acts: list[Act], ts: Callable[[datetime], str]) -> int:
    """Append past acts to the log, hashed exactly as live entries are. The first entry of
    every call is also hashed the ordinary way and must agree, so a change to what an entry's
    hash covers stops the seed instead of writing a log that does not verify."""
    if not acts:
        return 0
    canonical = _Canonical()
    sha256 = hashlib.sha256
    rows = []
    for act in acts:
        entry_hash = sha256(b"\x00" + canonical.text(act).encode()).hexdigest()
        at, who, *rest = act
        rows.append((ts(at), *who.columns, *rest, entry_hash))
    _check_first_hash(acts[0], rows[0])
    write_rows(AuditEntry._meta.db_table, AUDIT_COLUMNS, rows)
    return len(rows)


class _Canonical:
    """The JSON whose leaf hash is `core.audit.entry_hash_of`, built as text. An application's acts
    repeat the same action on the same object, so those pieces are made once."""

    def __init__(self) -> None:
        self.pieces: dict[tuple[Any, ...], tuple[str, str]] = {}

    def text(self, act: Act) -> str:
        at, who, action, kind, oid, pid, purpose, recipients = act
        pieces = self.pieces.get(act[2:])
        if pieces is None:
            pieces = self.pieces[act[2:]] = (
                f'{{"action":{json_str(action)},',
                f'"object_id":{json_str(oid)},"object_type":{json_str(kind)},',
            )
        return (
            f'{pieces[0]}{who.middle},{pieces[1]}"occurred_at":"{at.isoformat()}",'
            f'"partnership_id":{pid},'
            f'"purpose":{json_str(purpose)},"recipients":{json_str(recipients)},'
            f'"role":{who.role}}}'
        )


def _check_first_hash(act: Act, row: tuple[Any, ...]) -> None:
    entry = AuditEntry(**dict(zip(AUDIT_COLUMNS[:-1], row[:-1], strict=True)))
    entry.occurred_at = act[0]  # the datetime, not the text written for the database
    if entry_hash_of(entry) != row[-1]:
        raise RuntimeError("The seed's audit hashes no longer match core.audit's: update it.")
