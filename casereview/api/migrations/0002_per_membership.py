"""Idempotency keys belong to the role a request acted in, not to the person.

Stored answers are only a week's retry cache, so they are dropped rather than guessed a
role: a retry after the upgrade simply runs once more. Reversing drops them too.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def forget_stored_answers(apps, schema_editor):
    apps.get_model("api", "IdempotentResponse").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_security_events"),
        ("api", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(forget_stored_answers, forget_stored_answers),
        migrations.RemoveConstraint(
            model_name="idempotentresponse", name="idempotency_key_per_user"
        ),
        migrations.RemoveField(model_name="idempotentresponse", name="user"),
        migrations.AddField(
            model_name="idempotentresponse",
            name="membership",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="accounts.membership",
            ),
            preserve_default=False,
        ),
        migrations.AddConstraint(
            model_name="idempotentresponse",
            constraint=models.UniqueConstraint(
                fields=("membership", "key"), name="idempotency_key_per_membership"
            ),
        ),
        migrations.RunPython(migrations.RunPython.noop, forget_stored_answers),
    ]
