"""The database itself refuses UPDATE and DELETE on the audit log."""

from django.db import migrations

from casereview.core.audit_triggers import ENTRIES, create_triggers, drop_triggers


def forwards(apps, schema_editor):
    create_triggers(schema_editor.connection, [ENTRIES])
    AuditChainHead = apps.get_model("core", "AuditChainHead")
    AuditChainHead.objects.get_or_create(pk=1, defaults={"position": 0, "last_hash": "0" * 64})


def backwards(apps, schema_editor):
    # The chain head stays: entries written so far still hang off it, and forwards only
    # creates it when it is missing. Undoing 0001 drops the table, head and all.
    drop_triggers(schema_editor.connection, [ENTRIES])
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("DROP FUNCTION IF EXISTS core_auditentry_append_only()")


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
