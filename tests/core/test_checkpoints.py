"""Signed checkpoints of the audit log, kept outside the database: the key never in it, the
file signed, and a checkpoint that catches a log rewritten, cut short or regenerated whole.

Sealing tests are transactional: on PostgreSQL the sealer leaves alone what an open
transaction wrote."""

import base64
import json
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from casereview.core.audit import Actor, audit_record, entry_hash_of
from casereview.core.audit_seal import current_tree_head, seal_pending
from casereview.core.audit_triggers import create_triggers, drop_triggers
from casereview.core.checkpoints import (
    FORMAT,
    SigningKeyMissing,
    checkpoint_check,
    checkpoint_parse,
    checkpoint_take,
    key_id_of,
    last_checkpoint,
    signing_key,
)
from casereview.core.models import AuditAction, AuditEntry, AuditSeal

ACTOR = Actor(label="tester@example.org")
sealing = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _folders(settings: Any, tmp_path: Path) -> None:
    settings.AUDIT_CHECKPOINT_DIR = tmp_path / "checkpoints"
    settings.AUDIT_SIGNING_KEY = ""
    settings.AUDIT_SIGNING_KEY_FILE = str(tmp_path / "key" / "audit-signing-key.pem")
    settings.AUDIT_SIGNING_KEY_CREATE = True


def _record(n: int, purpose: str = "testing") -> None:
    for i in range(n):
        audit_record(
            actor=ACTOR, action=AuditAction.VIEW, object_type="thing", object_id=i, purpose=purpose
        )


def _tamper(sql: str, params: tuple[object, ...] = ()) -> None:
    """Someone with direct database access lifts the triggers and changes the tables."""
    drop_triggers(connection)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
    create_triggers(connection)


def _verify(path: Path) -> str:
    with pytest.raises(CommandError) as refused:
        call_command("audit_verify", checkpoint=path)
    return str(refused.value)


def test_the_local_key_file_is_made_on_first_use_for_its_owner_only(
    settings: Any,
) -> None:
    key = signing_key()
    path = Path(settings.AUDIT_SIGNING_KEY_FILE)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert key_id_of(signing_key().public_key()) == key_id_of(key.public_key())  # kept


def test_without_a_key_and_outside_local_settings_signing_refuses(
    settings: Any,
) -> None:
    settings.AUDIT_SIGNING_KEY_CREATE = False
    with pytest.raises(SigningKeyMissing, match="audit_signing_key --out"):
        signing_key()
    settings.AUDIT_SIGNING_KEY_FILE = ""
    with pytest.raises(SigningKeyMissing, match="AUDIT_SIGNING_KEY or AUDIT_SIGNING_KEY_FILE"):
        signing_key()
    settings.AUDIT_SIGNING_KEY = "not a key"
    with pytest.raises(SigningKeyMissing, match="does not hold an Ed25519 private key"):
        signing_key()


def test_the_key_may_be_given_in_the_environment_as_pem_or_raw_base64(
    settings: Any,
) -> None:
    key = Ed25519PrivateKey.generate()
    raw = key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    for given in (base64.b64encode(raw).decode(), pem.decode()):
        settings.AUDIT_SIGNING_KEY = given
        assert key_id_of(signing_key().public_key()) == key_id_of(key.public_key())
    assert not Path(settings.AUDIT_SIGNING_KEY_FILE).exists()  # no file made when not needed


def test_the_operators_command_makes_a_key_file_and_never_overwrites_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "made" / "signing.pem"
    call_command("audit_signing_key", out=path)
    assert "key id" in capsys.readouterr().out
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    before = path.read_bytes()
    with pytest.raises(CommandError, match="already exists"):
        call_command("audit_signing_key", out=path)
    assert path.read_bytes() == before


@sealing
def test_a_checkpoint_is_written_signed_and_verifies_after_more_entries(
    settings: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    _record(3)  # not yet sealed: the command seals them first
    call_command("audit_checkpoint")
    path = Path(capsys.readouterr().out.strip())
    assert path.parent == settings.AUDIT_CHECKPOINT_DIR
    fields = json.loads(path.read_text())
    assert set(fields) == {"format", "site", "tree_size", "head", "time", "key_id", "signature"}
    assert (fields["format"], fields["tree_size"]) == (FORMAT, 3)
    assert (fields["site"], fields["head"]) == (settings.SITE_URL, current_tree_head().head)
    assert fields["time"].endswith("Z")
    assert (settings.AUDIT_CHECKPOINT_DIR / "keys" / f"{fields['key_id']}.pub").is_file()
    found = last_checkpoint()
    assert found is not None and found[1] == path

    _record(4)
    seal_pending(batch=2)
    _record(1)  # waiting for the sealer
    call_command("audit_verify", checkpoint=path)
    out = capsys.readouterr().out
    assert "today's log of 7 sealed entries begins with it" in out
    assert "Audit log intact: 8 entries verified (7 sealed, 1 waiting for the sealer)" in out


@sealing
def test_a_checkpoint_may_be_written_anywhere(tmp_path: Path) -> None:
    _record(1)
    out = tmp_path / "elsewhere" / "today.json"
    call_command("audit_checkpoint", out=out)
    assert checkpoint_parse(out.read_bytes()).tree_size == 1
    assert last_checkpoint() is None  # nothing in the checkpoint folder


@sealing
def test_an_altered_checkpoint_fails_its_signature() -> None:
    _record(3)
    _, path = checkpoint_take()
    fields = json.loads(path.read_text())
    fields["tree_size"] = 2
    path.write_text(json.dumps(fields))
    assert _verify(path) == (
        "The checkpoint's signature does not match what it says: it was altered after it was "
        "signed."
    )


@sealing
def test_a_checkpoint_by_a_key_this_service_does_not_know_fails(
    settings: Any, tmp_path: Path
) -> None:
    _record(2)
    checkpoint, path = checkpoint_take()
    (settings.AUDIT_CHECKPOINT_DIR / "keys" / f"{checkpoint.key_id}.pub").unlink()
    assert _verify(path) == (
        f"The checkpoint is signed by key {checkpoint.key_id}, which this service does not "
        f"know (no public key {checkpoint.key_id}.pub beside its checkpoints)."
    )


@sealing
def test_checkpoints_signed_before_the_key_was_rotated_still_verify(
    settings: Any, tmp_path: Path
) -> None:
    _record(2)
    old, old_path = checkpoint_take()
    settings.AUDIT_SIGNING_KEY_FILE = str(tmp_path / "rotated.pem")
    _record(2)
    new, new_path = checkpoint_take()
    assert new.key_id != old.key_id
    assert checkpoint_check(checkpoint_parse(old_path.read_bytes())).intact
    assert checkpoint_check(checkpoint_parse(new_path.read_bytes())).intact


@sealing
def test_a_log_regenerated_whole_is_caught_by_the_checkpoint() -> None:
    _record(3)
    _, path = checkpoint_take()
    # Someone with the database replaces the whole log with a different, valid-looking one,
    # entries, hashes and seals all recomputed.
    _tamper("DELETE FROM core_auditseal")
    _tamper("DELETE FROM core_auditentry")
    _record(5, purpose="nothing happened")
    seal_pending()
    call_command("audit_verify")  # on its own, the new log looks intact
    assert _verify(path) == (
        "Today's log does not begin with the checkpointed log of 3 entries: the seals since "
        "do not lead from its head to today's, so the log was rewritten."
    )


@sealing
def test_entries_rewritten_under_the_old_seals_are_caught_by_rechecking_every_head() -> None:
    _record(3)
    seal_pending()
    _record(2)
    _, path = checkpoint_take()
    # The seals are left as they were, so they still lead to the checkpoint's head; an
    # entry is rewritten with its own hash recomputed.
    first = AuditEntry.objects.order_by("id").first()
    assert first is not None
    first.purpose = "nothing to see"
    _tamper(
        "UPDATE core_auditentry SET purpose = %s, entry_hash = %s WHERE id = %s",
        (first.purpose, entry_hash_of(first), first.pk),
    )
    assert "Entries of the batch of entries 1–3 of the log were altered" in _verify(path)


@sealing
def test_a_log_cut_short_is_caught_by_the_checkpoint() -> None:
    _record(2)
    seal_pending()
    _record(2)
    _, path = checkpoint_take()
    last = AuditSeal.objects.order_by("tree_size").last()
    assert last is not None
    _tamper("DELETE FROM core_auditseal WHERE id = %s", (last.pk,))
    _tamper("DELETE FROM core_auditentry WHERE id > %s", (last.last_id - 2,))
    call_command("audit_verify")
    assert _verify(path) == (
        "The log has 2 sealed entries, fewer than the 4 of the checkpoint: it was cut short."
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b"\x89PNG", "it is not JSON"),
        (b'{"format": "something else"}', "it does not say it is a"),
        (json.dumps({"format": FORMAT, "site": "x"}).encode(), "it has no tree_size, head"),
        (b"{" + b" " * 5000 + b"}", "it is larger than 4 KB"),
    ],
)
def test_a_file_that_is_not_a_checkpoint_is_named_so(
    tmp_path: Path, content: bytes, why: str
) -> None:
    path = tmp_path / "upload.json"
    path.write_bytes(content)
    assert why in _verify(path)
    assert "is not an audit log checkpoint" in _verify(path)


@pytest.mark.django_db
def test_a_missing_checkpoint_file_is_named(tmp_path: Path) -> None:
    assert "Could not read" in _verify(tmp_path / "nowhere.json")


def _production(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    unwanted = {"AUDIT_SIGNING_KEY", "AUDIT_SIGNING_KEY_FILE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in unwanted}
    clean.update(
        env,
        DJANGO_SETTINGS_MODULE="casereview.config.settings.production",
        SECRET_KEY="q8#Lm2v!Rz7pT4xW9kB1nY6cF3hJ0sD5gA8eU2iO7lP4rQ1wE6tZ9",
        ALLOWED_HOSTS="casereview.example",
    )
    return subprocess.run(
        [sys.executable, "-m", "casereview", "check"],
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_refuses_to_start_without_a_signing_key(tmp_path: Path) -> None:
    refused = _production({})
    assert refused.returncode != 0
    assert "AUDIT_SIGNING_KEY" in refused.stderr and "AUDIT_SIGNING_KEY_FILE" in refused.stderr
    started = _production({"AUDIT_SIGNING_KEY_FILE": str(tmp_path / "key.pem")})
    assert started.returncode == 0, started.stderr


def test_doctor_names_a_signing_key_it_cannot_read(settings: Any, tmp_path: Path) -> None:
    from casereview.core.doctor import check_audit_signing_key

    assert check_audit_signing_key() == []  # local settings: made on first use
    settings.AUDIT_SIGNING_KEY_CREATE = False
    settings.AUDIT_SIGNING_KEY_FILE = str(tmp_path / "missing.pem")
    [problem] = check_audit_signing_key()
    assert "missing.pem, which cannot be read" in problem.what
    assert "audit_signing_key --out" in problem.fix
    assert not (tmp_path / "missing.pem").exists()  # the doctor never makes one
    call_command("audit_signing_key", out=tmp_path / "missing.pem")
    assert check_audit_signing_key() == []
