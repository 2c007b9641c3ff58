"""Signed checkpoints of the audit log, kept outside the database.

A checkpoint says "after `tree_size` sealed entries the log's head was `head`", signed with
an Ed25519 key that is never in the database (the environment or a key file). Whoever holds
one can later prove that today's log still begins with the log it describes: the seals
written since fold its head onto today's (`merkle.verify_consistency`), and every head is
recomputed from the entries themselves (`audit_verify(checkpoint=...)`). Someone able to
rewrite the tables (and recompute every hash and seal) cannot rewrite the checkpoints already
emailed to the data protection officers, nor sign new ones without the key.

The file is a small JSON object: the fields below, and `signature`, the base64 Ed25519
signature over the canonical JSON of all the others (sorted keys, no spaces, UTF-8). The
public key of every key that signed a checkpoint is kept beside them (`keys/<key id>.pub`),
so a checkpoint signed before the key was rotated can still be checked.
"""

import base64
import binascii
import contextlib
import hashlib
import json
import os
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from casereview.core.audit_seal import consistency_proof, current_tree_head, seal_pending
from casereview.core.audit_verify import Verification, audit_verify
from casereview.core.merkle import TreeHead, verify_consistency

FORMAT = "casereview-audit-checkpoint/1"
MAX_CHECKPOINT_BYTES = 4096  # a checkpoint is about 400 bytes
FILE_PREFIX = "audit-checkpoint-"
SIGNED_FIELDS = ("format", "site", "tree_size", "head", "time", "key_id")
KEY_SETTINGS = "AUDIT_SIGNING_KEY or AUDIT_SIGNING_KEY_FILE"


class SigningKeyMissing(ImproperlyConfigured):
    """No signing key where the settings say it is, or not one that can be read."""


class NotACheckpoint(ValueError):
    """The bytes given are not a checkpoint this service writes."""


@dataclass(frozen=True)
class Checkpoint:
    site: str
    tree_size: int
    head: str
    time: datetime
    key_id: str
    signature: str = ""

    @property
    def tree_head(self) -> TreeHead:
        return TreeHead(self.tree_size, self.head)

    def signed_content(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "site": self.site,
            "tree_size": self.tree_size,
            "head": self.head,
            "time": self.time.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "key_id": self.key_id,
        }

    def canonical(self) -> bytes:
        return _canonical(self.signed_content())

    def to_json(self) -> str:
        return json.dumps({**self.signed_content(), "signature": self.signature}, indent=2) + "\n"


def _canonical(fields: dict[str, Any]) -> bytes:
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


# --- Keys -------------------------------------------------------------------------------


def key_id_of(public_key: Ed25519PublicKey) -> str:
    """A short name for a key: the first 16 hex digits of the SHA-256 of its raw bytes."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def new_signing_key_pem() -> bytes:
    return Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def write_new_key_file(path: Path) -> Ed25519PublicKey:
    """A new key in a file only its owner can read; never overwrites one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    pem = new_signing_key_pem()
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as out:
        out.write(pem)
    return _private_key(pem, str(path)).public_key()


def _private_key(text: bytes, source: str) -> Ed25519PrivateKey:
    text = text.strip()
    try:
        if text.startswith(b"-----BEGIN"):
            key = serialization.load_pem_private_key(text, password=None)
        else:
            key = Ed25519PrivateKey.from_private_bytes(base64.b64decode(text, validate=True))
    except (ValueError, TypeError, binascii.Error):
        key = None
    if not isinstance(key, Ed25519PrivateKey):
        raise SigningKeyMissing(
            f"{source} does not hold an Ed25519 private key: give a PEM file (as "
            "`casereview audit_signing_key --out FILE` makes) or the base64 of the 32-byte key."
        )
    return key


def signing_key() -> Ed25519PrivateKey:
    """The key checkpoints are signed with, from the environment or the key file; the local
    and test settings make the file the first time it is needed."""
    if settings.AUDIT_SIGNING_KEY:
        return _private_key(settings.AUDIT_SIGNING_KEY.encode(), "AUDIT_SIGNING_KEY")
    if not settings.AUDIT_SIGNING_KEY_FILE:
        raise SigningKeyMissing(
            f"No key to sign audit checkpoints with: set {KEY_SETTINGS} "
            "(make a key file with `casereview audit_signing_key --out FILE`)."
        )
    path = Path(settings.AUDIT_SIGNING_KEY_FILE)
    if not path.exists() and settings.AUDIT_SIGNING_KEY_CREATE:
        with contextlib.suppress(FileExistsError):  # another process made it just now
            write_new_key_file(path)
    try:
        text = path.read_bytes()
    except OSError as exc:
        raise SigningKeyMissing(
            f"AUDIT_SIGNING_KEY_FILE names {path}, which cannot be read ({exc.strerror}). "
            f"Make one with `casereview audit_signing_key --out {path}`, or set "
            "AUDIT_SIGNING_KEY instead."
        ) from None
    return _private_key(text, f"AUDIT_SIGNING_KEY_FILE ({path})")


def checkpoint_dir() -> Path:
    return Path(settings.AUDIT_CHECKPOINT_DIR)


def _keys_dir() -> Path:
    return checkpoint_dir() / "keys"


def _public_pem(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def keep_public_key(public_key: Ed25519PublicKey) -> Path:
    """The public key beside the checkpoints, named by its id, for checking them later."""
    path = _keys_dir() / f"{key_id_of(public_key)}.pub"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(_public_pem(public_key))
    return path


def public_key_for(key_id: str) -> Ed25519PublicKey | None:
    """The kept public key with this id: only one whose bytes hash to the id counts."""
    path = _keys_dir() / f"{key_id}.pub"
    if len(key_id) != 16 or not _is_hex(key_id) or not path.is_file():
        return None
    try:
        key = serialization.load_pem_public_key(path.read_bytes())
    except ValueError:
        return None
    if isinstance(key, Ed25519PublicKey) and key_id_of(key) == key_id:
        return key
    return None


# --- Writing ----------------------------------------------------------------------------


def checkpoint_sign(head: TreeHead, *, at: datetime | None = None) -> Checkpoint:
    key = signing_key()
    when = (at or timezone.now()).astimezone(UTC).replace(microsecond=0)
    unsigned = Checkpoint(
        site=settings.SITE_URL,
        tree_size=head.size,
        head=head.head,
        time=when,
        key_id=key_id_of(key.public_key()),
    )
    keep_public_key(key.public_key())
    signature = base64.b64encode(key.sign(unsigned.canonical())).decode()
    return replace(unsigned, signature=signature)


def default_path(checkpoint: Checkpoint) -> Path:
    stamp = checkpoint.time.astimezone(UTC).strftime("%Y-%m-%dT%H%M%SZ")
    return checkpoint_dir() / f"{FILE_PREFIX}{stamp}-{checkpoint.tree_size}.json"


def checkpoint_take(
    *, out: Path | None = None, at: datetime | None = None
) -> tuple[Checkpoint, Path]:
    """Seal what is waiting, sign the log's head and write the checkpoint: to `out`, or
    under the checkpoint folder (where the auditor's page and the daily job find it)."""
    seal_pending()
    checkpoint = checkpoint_sign(current_tree_head(), at=at)
    path = out or default_path(checkpoint)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(checkpoint.to_json())
    return checkpoint, path


def checkpoints_kept() -> list[Path]:
    """The checkpoint files in the checkpoint folder, oldest first (their names sort so)."""
    folder = checkpoint_dir()
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{FILE_PREFIX}*.json"))


def last_checkpoint() -> tuple[Checkpoint, Path] | None:
    for path in reversed(checkpoints_kept()):
        try:
            return checkpoint_parse(path.read_bytes()), path
        except (OSError, NotACheckpoint):
            continue
    return None


def checkpoint_taken_on(day: date) -> Path | None:
    """The first checkpoint kept whose time (UTC) falls on `day`."""
    prefix = f"{FILE_PREFIX}{day.isoformat()}T"
    return next((p for p in checkpoints_kept() if p.name.startswith(prefix)), None)


# --- Reading and checking ---------------------------------------------------------------


def checkpoint_parse(data: bytes) -> Checkpoint:
    """The checkpoint in `data`, its shape checked (not yet its signature)."""
    if len(data) > MAX_CHECKPOINT_BYTES:
        raise NotACheckpoint(f"it is larger than {MAX_CHECKPOINT_BYTES // 1024} KB")
    try:
        fields = json.loads(data.decode())
    except (UnicodeDecodeError, ValueError):
        raise NotACheckpoint("it is not JSON") from None
    if not isinstance(fields, dict) or fields.get("format") != FORMAT:
        raise NotACheckpoint(f"it does not say it is a {FORMAT} file")
    missing = [f for f in (*SIGNED_FIELDS, "signature") if f not in fields]
    if missing:
        raise NotACheckpoint(f"it has no {', '.join(missing)}")
    extra = sorted(set(fields) - {*SIGNED_FIELDS, "signature"})
    if extra:
        raise NotACheckpoint(f"it has fields a checkpoint does not have: {', '.join(extra)}")
    size, head = fields["tree_size"], fields["head"]
    if not isinstance(size, int) or isinstance(size, bool) or size < 0:
        raise NotACheckpoint("its tree_size is not a whole number")
    if not (isinstance(head, str) and len(head) == 64 and _is_hex(head)):
        raise NotACheckpoint("its head is not a SHA-256 hash")
    if not all(isinstance(fields[f], str) for f in ("site", "time", "key_id", "signature")):
        raise NotACheckpoint("its site, time, key_id and signature must be text")
    try:
        time = datetime.strptime(fields["time"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except ValueError:
        raise NotACheckpoint("its time is not a UTC time like 2026-12-02T08:41:00Z") from None
    checkpoint = Checkpoint(
        site=fields["site"],
        tree_size=size,
        head=head,
        time=time,
        key_id=fields["key_id"],
        signature=fields["signature"],
    )
    if checkpoint.canonical() != _canonical({f: fields[f] for f in SIGNED_FIELDS}):
        raise NotACheckpoint("its fields are not written as a checkpoint writes them")
    return checkpoint


def _is_hex(text: str) -> bool:
    return all(c in "0123456789abcdef" for c in text)


@dataclass(frozen=True)
class CheckpointCheck:
    checkpoint: Checkpoint
    today: TreeHead | None  # the log's head now, once the signature was found good
    log: Verification | None  # the whole log, rechecked from its entries against it
    problem: str | None

    @property
    def intact(self) -> bool:
        return self.problem is None


def signature_problem(checkpoint: Checkpoint) -> str | None:
    key = public_key_for(checkpoint.key_id)
    if key is None:
        return (
            f"The checkpoint is signed by key {checkpoint.key_id}, which this service does not "
            f"know (no public key {checkpoint.key_id}.pub beside its checkpoints)"
        )
    try:
        key.verify(base64.b64decode(checkpoint.signature, validate=True), checkpoint.canonical())
    except (InvalidSignature, binascii.Error, ValueError):
        return (
            "The checkpoint's signature does not match what it says: it was altered after it "
            "was signed"
        )
    return None


def checkpoint_check(checkpoint: Checkpoint) -> CheckpointCheck:
    """Is the checkpoint genuine, and does today's log still begin with the log it signed?
    Stops at the first problem, which it names."""

    def failed(problem: str, today: TreeHead | None = None) -> CheckpointCheck:
        return CheckpointCheck(checkpoint, today, None, problem)

    problem = signature_problem(checkpoint)
    if problem is not None:
        return failed(problem)
    if checkpoint.site != settings.SITE_URL:
        return failed(
            f"The checkpoint is of the audit log at {checkpoint.site}, not this one "
            f"({settings.SITE_URL})"
        )
    today = current_tree_head()
    if today.size < checkpoint.tree_size:
        return failed(
            f"The log has {today.size:,} sealed entries, fewer than the "
            f"{checkpoint.tree_size:,} of the checkpoint: it was cut short",
            today,
        )
    if not verify_consistency(checkpoint.tree_head, today, consistency_proof(checkpoint.tree_size)):
        return failed(
            f"Today's log does not begin with the checkpointed log of "
            f"{checkpoint.tree_size:,} entries: the seals since do not lead from its head to "
            "today's, so the log was rewritten",
            today,
        )
    log = audit_verify(checkpoint=checkpoint.tree_head)
    return CheckpointCheck(checkpoint, today, log, log.problem)
