"""Writing and verifying the audit log.

Services call `audit_record` inside their own transaction, so an entry exists exactly when
the act it describes was committed. Reads are noted by views with `note_read` and written
by `ReadAuditMiddleware` only once the response has succeeded. Writing is one INSERT; the
sealer (`core.audit_seal`) chains what was written, and `core.audit_verify` checks it all.
"""

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from casereview.core.merkle import leaf_hash
from casereview.core.models import AuditAction, AuditEntry
from casereview.core.tenancy import ActingMembership


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


def canonical_content(fields: dict[str, Any]) -> bytes:
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), default=str).encode()


def audit_content(entry: AuditEntry) -> dict[str, Any]:
    """What an entry's hash covers: everything it says. Not its id, which the database gives
    it on insert; its place in the log is fixed by the seal that takes it in."""
    occurred: datetime = entry.occurred_at
    return {
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
    }


def entry_hash_of(entry: AuditEntry) -> str:
    return leaf_hash(canonical_content(audit_content(entry))).hex()


@dataclass(frozen=True)
class AuditFact:
    """What one entry says."""

    action: str
    purpose: str
    object_type: str = ""
    object_id: str = ""
    partnership_id: int | None = None
    recipients: str = ""


def _entry(actor: Actor, fact: AuditFact, occurred_at: datetime) -> AuditEntry:
    entry = AuditEntry(
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
    )
    entry.entry_hash = entry_hash_of(entry)
    return entry


def audit_record_many(*, actor: Actor, facts: Iterable[AuditFact]) -> list[AuditEntry]:
    """Append entries in one INSERT, with no lock and nothing read first: a page listing
    fifty applications writes fifty `view` entries in one query, and readers never queue
    behind each other. The sealer chains them within seconds (`core.audit_seal`)."""
    facts = list(facts)
    if not facts:
        return []
    if any("@" in fact.recipients for fact in facts):
        # The log is append-only, so nothing written here can ever be erased: recipients
        # are named by who they are to the case and which letter or notice, never reached.
        raise ValueError("Audit recipients name a role and a letter or notice, not an address")
    now = timezone.now()
    # In the caller's transaction: if it fails, the entries go with it.
    return AuditEntry.objects.bulk_create([_entry(actor, fact, now) for fact in facts])


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
    """Append one entry to the log. Call it inside the transaction that does the work.

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
