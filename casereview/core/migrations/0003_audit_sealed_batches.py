"""The audit log moves from one chain written under a lock to inserts sealed in batches.

Requires the service stopped (docs/operations.md): the previous release writes `position`
and `prev_hash`, which this removes. The existing chain is verified first and the migration
refuses to run if it is broken, so nothing unverified is carried over; each entry's hash is
then recomputed over its content alone (its place is now fixed by the seal that takes it in,
which the sealer writes as soon as the worker runs). Reversible: going back rebuilds the
chain in id order.
"""

import hashlib
import json
from datetime import UTC

from django.db import migrations, models

import casereview.core.models
from casereview.core.audit_triggers import ENTRIES, SEALS, create_triggers, drop_triggers

CONTENT = (
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
GENESIS = "0" * 64


def _canonical(fields):
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), default=str).encode()


def _content(entry):
    fields = {name: getattr(entry, name) for name in CONTENT}
    fields["occurred_at"] = entry.occurred_at.astimezone(UTC).isoformat()
    return fields


def _chain_hash(entry, position, prev_hash):
    fields = _content(entry) | {"position": position, "prev_hash": prev_hash}
    return hashlib.sha256(_canonical(fields)).hexdigest()


NEW_HASH = "UPDATE core_auditentry SET entry_hash = %s WHERE id = %s"
OLD_CHAIN = (
    "UPDATE core_auditentry SET position = %s, prev_hash = %s, entry_hash = %s WHERE id = %s"
)


def _update_hashes(schema_editor, updates, statement):
    with schema_editor.connection.cursor() as cursor:
        for start in range(0, len(updates), 5000):
            cursor.executemany(statement, updates[start : start + 5000])


def check_the_old_chain(apps, schema_editor):
    AuditEntry = apps.get_model("core", "AuditEntry")
    expected = GENESIS
    for n, entry in enumerate(AuditEntry.objects.order_by("position").iterator(2000), 1):
        if entry.position != n or entry.prev_hash != expected:
            raise RuntimeError(f"The audit chain is broken at entry {n}: not migrating it")
        if _chain_hash(entry, entry.position, entry.prev_hash) != entry.entry_hash:
            raise RuntimeError(f"Audit entry {n} was altered: not migrating the chain")
        expected = entry.entry_hash


def lift_triggers(apps, schema_editor):
    drop_triggers(schema_editor.connection, [ENTRIES])


def put_back_old_triggers(apps, schema_editor):
    create_triggers(schema_editor.connection, [ENTRIES])


def hash_content_alone(apps, schema_editor):
    AuditEntry = apps.get_model("core", "AuditEntry")
    updates = [
        (hashlib.sha256(b"\x00" + _canonical(_content(e))).hexdigest(), e.pk)
        for e in AuditEntry.objects.order_by("id").iterator(2000)
    ]
    _update_hashes(schema_editor, updates, NEW_HASH)


def chain_again_in_id_order(apps, schema_editor):
    AuditEntry = apps.get_model("core", "AuditEntry")
    updates, prev = [], GENESIS
    for position, e in enumerate(AuditEntry.objects.order_by("id").iterator(2000), 1):
        entry_hash = _chain_hash(e, position, prev)
        updates.append((position, prev, entry_hash, e.pk))
        prev = entry_hash
    _update_hashes(schema_editor, updates, OLD_CHAIN)
    AuditChainHead = apps.get_model("core", "AuditChainHead")
    AuditChainHead.objects.update_or_create(
        pk=1, defaults={"position": len(updates), "last_hash": prev}
    )


def make_both_append_only(apps, schema_editor):
    create_triggers(schema_editor.connection, [ENTRIES, SEALS])


def lift_both(apps, schema_editor):
    drop_triggers(schema_editor.connection, [ENTRIES, SEALS])


class Migration(migrations.Migration):
    dependencies = [("core", "0002_audit_append_only")]

    operations = [
        migrations.RunPython(check_the_old_chain, migrations.RunPython.noop),
        migrations.RunPython(lift_triggers, put_back_old_triggers),
        migrations.AlterField(
            model_name="auditentry", name="position", field=models.BigIntegerField(null=True)
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="prev_hash",
            field=models.CharField(max_length=64, null=True),
        ),
        migrations.RunPython(hash_content_alone, chain_again_in_id_order),
        migrations.RemoveIndex(model_name="auditentry", name="audit_actor_idx"),
        migrations.RemoveIndex(model_name="auditentry", name="audit_partnership_idx"),
        migrations.RemoveField(model_name="auditentry", name="position"),
        migrations.RemoveField(model_name="auditentry", name="prev_hash"),
        migrations.AlterModelOptions(
            name="auditentry",
            options={"ordering": ["-id"], "verbose_name_plural": "audit entries"},
        ),
        migrations.AddIndex(
            model_name="auditentry",
            index=models.Index(fields=["actor_user", "-id"], name="audit_actor_idx"),
        ),
        migrations.AddIndex(
            model_name="auditentry",
            index=models.Index(fields=["partnership", "-id"], name="audit_partnership_idx"),
        ),
        migrations.DeleteModel(name="AuditChainHead"),
        migrations.CreateModel(
            name="AuditSeal",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "tree_size",
                    models.BigIntegerField(
                        help_text="Entries sealed, this batch included.", unique=True
                    ),
                ),
                ("batch_size", models.IntegerField()),
                ("last_key", models.BigIntegerField()),
                ("last_id", models.BigIntegerField()),
                ("batch_root", models.CharField(max_length=64)),
                ("head", models.CharField(max_length=64)),
                ("sealed_at", models.DateTimeField()),
            ],
            options={"ordering": ["-tree_size"]},
        ),
        migrations.AddField(
            model_name="auditentry",
            name="txid",
            field=models.BigIntegerField(
                db_default=casereview.core.models.CurrentTransaction(), editable=False
            ),
        ),
        migrations.AddIndex(
            model_name="auditentry",
            index=models.Index(fields=["txid", "id"], name="audit_seal_order_idx"),
        ),
        migrations.RunPython(make_both_append_only, lift_both),
    ]
