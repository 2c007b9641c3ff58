"""Writing and verifying the audit log.

Services call `audit_record` inside their own transaction, so an entry exists exactly when
the act it describes was committed. Reads are noted by views with `note_read` and written
by `ReadAuditMiddleware` only once the response has succeeded.
"""

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from casereview.core.models import AuditAction, AuditChainHead, AuditEntry
from casereview.core.tenancy import ActingMembership

GENESIS_HASH = "0" * 64


@dataclass(frozen=True)
class Actor:
    """Who did something: a signed-in user acting under a membership, or a named system job."""

    label: str
    user_id: int | None = None
    membership_id: int | None = None
    role: str = ""

    @classmethod
    def for_membership(cls, membership: ActingMembership) -> "Actor":
        return cls(
            label=membership.user.email,
            user_id=membership.user_id,
            membership_id=membership.pk,
            role=membership.role,
        )

    @classmethod
    def from_request(cls, request: HttpRequest) -> "Actor":
        membership = getattr(request, "membership", None)
        if membership is not None:
            return cls.for_membership(membership)
        user = request.user
        if user.is_authenticated:
            return cls(label=user.email, user_id=user.pk)
        return cls(label="anonymous")

    @classmethod
    def system(cls, job: str) -> "Actor":
        return cls(label=f"system:{job}")


@dataclass(frozen=True)
class ReadNote:
    object_type: str
    object_id: str
    partnership_id: int | None
    purpose: str


def audit_hash(fields: dict[str, Any]) -> str:
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def audit_hashed_fields(entry: AuditEntry) -> dict[str, Any]:
    occurred: datetime = entry.occurred_at
    return {
        "position": entry.position,
        "occurred_at": occurred.astimezone(UTC).isoformat(),
        "actor_user_id": entry.actor_user_id,
        "actor_label": entry.actor_label,
        "membership_id": entry.membership_id,
        "role": entry.role,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "partnership_id": entry.partnership_id,
        "purpose": entry.purpose,
        "recipients": entry.recipients,
        "prev_hash": entry.prev_hash,
    }


def _locked_head() -> AuditChainHead:
    # The head row may be missing on a fresh or flushed database; get_or_create retries
    # on the unique key if two writers race to create it.
    head, _ = AuditChainHead.objects.select_for_update().get_or_create(
        pk=1, defaults={"position": 0, "last_hash": GENESIS_HASH}
    )
    return head


@dataclass(frozen=True)
class AuditFact:
    """What one entry says, before it takes its place in the chain."""

    action: str
    purpose: str
    object_type: str = ""
    object_id: str = ""
    partnership_id: int | None = None
    recipients: str = ""


def _chained(
    position: int, prev_hash: str, actor: Actor, fact: AuditFact, occurred_at: datetime
) -> AuditEntry:
    entry = AuditEntry(
        position=position,
        occurred_at=occurred_at,
        actor_user_id=actor.user_id,
        actor_label=actor.label,
        membership_id=actor.membership_id,
        role=actor.role,
        action=fact.action,
        object_type=fact.object_type,
        object_id=fact.object_id,
        partnership_id=fact.partnership_id,
        purpose=fact.purpose,
        recipients=fact.recipients,
        prev_hash=prev_hash,
    )
    entry.entry_hash = audit_hash(audit_hashed_fields(entry))
    return entry


def audit_record_many(*, actor: Actor, facts: Iterable[AuditFact]) -> list[AuditEntry]:
    """Append several entries under one lock of the chain head: a page listing fifty
    applications writes fifty `view` entries in three queries, not a hundred and fifty."""
    facts = list(facts)
    if not facts:
        return []
    if any("@" in fact.recipients for fact in facts):
        # The log is append-only, so nothing written here can ever be erased: recipients
        # are named by who they are to the case and which letter or notice, never reached.
        raise ValueError("Audit recipients name a role and a letter or notice, not an address")
    # No savepoint of its own: if the caller's transaction fails, the entries go with it.
    with transaction.atomic(savepoint=False):
        head = _locked_head()
        position, last_hash = head.position, head.last_hash
        now = timezone.now()
        entries = []
        for fact in facts:
            position += 1
            entry = _chained(position, last_hash, actor, fact, now)
            last_hash = entry.entry_hash
            entries.append(entry)
        AuditEntry.objects.bulk_create(entries)
        AuditChainHead.objects.filter(pk=head.pk).update(position=position, last_hash=last_hash)
    return entries


def audit_record(
    *,
    actor: Actor,
    action: AuditAction | str,
    purpose: str,
    object_type: str = "",
    object_id: object = "",
    partnership_id: int | None = None,
    recipients: Iterable[str] = (),
) -> AuditEntry:
    """Append one entry to the chain. Call it inside the transaction that does the work.

    `recipients` says who received something by who they are to the case and which letter
    or notice it was ("advocate (letter 12)", "agency police (request 3)"), never by their
    name, address or email: an entry can never be erased, a person's details must be."""
    fact = AuditFact(
        action=str(action),
        purpose=purpose,
        object_type=object_type,
        object_id=str(object_id),
        partnership_id=partnership_id,
        recipients=", ".join(recipients),
    )
    return audit_record_many(actor=actor, facts=[fact])[0]


def note_read(
    request: HttpRequest,
    *,
    object_type: str,
    object_id: object,
    purpose: str,
    partnership_id: int | None = None,
) -> None:
    """Ask for a `view` entry to be written if, and only if, this request succeeds."""
    notes: list[ReadNote] = request.__dict__.setdefault("audit_reads", [])
    notes.append(ReadNote(object_type, str(object_id), partnership_id, purpose))


def write_noted_reads(request: HttpRequest) -> None:
    notes: list[ReadNote] = request.__dict__.get("audit_reads", [])
    if not notes:
        return
    audit_record_many(
        actor=Actor.from_request(request),
        facts=[
            AuditFact(
                action=AuditAction.VIEW,
                object_type=note.object_type,
                object_id=note.object_id,
                partnership_id=note.partnership_id,
                purpose=note.purpose,
            )
            for note in notes
        ],
    )


@dataclass(frozen=True)
class ChainBreak:
    position: int
    problem: str


def audit_verify() -> tuple[int, ChainBreak | None]:
    """Walk the chain from the start. Returns (entries checked, first break or None)."""
    expected_prev = GENESIS_HASH
    expected_position = 1
    checked = 0
    for entry in AuditEntry.objects.order_by("position").iterator(chunk_size=2000):
        if entry.position != expected_position:
            return checked, ChainBreak(expected_position, "is missing")
        if entry.prev_hash != expected_prev:
            return checked, ChainBreak(entry.position, "does not follow the entry before it")
        if audit_hash(audit_hashed_fields(entry)) != entry.entry_hash:
            return checked, ChainBreak(entry.position, "was altered after it was written")
        expected_prev = entry.entry_hash
        expected_position += 1
        checked += 1
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and (head.position, head.last_hash) != (checked, expected_prev):
        return checked, ChainBreak(checked + 1, "is missing: the log was cut short")
    return checked, None
