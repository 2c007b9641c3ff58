"""Idempotency keys belong to the role a request acted in, not to the person.

Safe while the previous release still serves (docs/operations.md, Upgrade): the new column
may be empty and the person's column stays, so the previous release can go on storing
answers; only the per-person uniqueness goes, which the previous release relied on to refuse
a duplicate, so for the minutes of an upgrade a retry from that release may run twice. The
person's column is dropped a release later.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_security_events"),
        ("api", "0001_initial"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="idempotentresponse", name="idempotency_key_per_user"
        ),
        migrations.AddField(
            model_name="idempotentresponse",
            name="membership",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="accounts.membership",
            ),
        ),
        migrations.AddConstraint(
            model_name="idempotentresponse",
            constraint=models.UniqueConstraint(
                fields=("membership", "key"), name="idempotency_key_per_membership"
            ),
        ),
    ]
