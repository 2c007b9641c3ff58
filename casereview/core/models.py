"""The audit log: append-only, hash-chained, to the DPA 2018 s.62 logging standard."""

from typing import Any

from django.conf import settings
from django.db import models


class AuditAction(models.TextChoices):
    COLLECT = "collect", "Collect"
    ALTER = "alter", "Alter"
    VIEW = "view", "View (consultation)"
    DISCLOSE = "disclose", "Disclose"
    COMBINE = "combine", "Combine"
    ERASE = "erase", "Erase"
    SIGN_IN = "sign_in", "Sign in"
    SIGN_IN_FAILED = "sign_in_failed", "Failed sign-in"
    PERMISSION_DENIED = "permission_denied", "Permission denied"


class CurrentTransaction(models.Expression):
    """The inserting transaction's id, as a column default: on PostgreSQL its 64-bit id
    (which never wraps round); on SQLite 0, as one writer at a time there makes id order the
    order of commits. The sealer uses it to know which entries are final (core.audit_seal)."""

    output_field = models.BigIntegerField()
    allowed_default = True  # else Django's system check (fields.E012) stops every command

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        return "0", []

    def as_postgresql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        return "(pg_current_xact_id()::text::bigint)", []


class AuditEntry(models.Model):
    """One logged act. Never updated or deleted: database triggers refuse both.

    A request only inserts its entries; the sealer (`core.audit_seal`) later takes them into
    the hash-chained batches of `AuditSeal`. `entry_hash` is the RFC 9162 leaf hash of the
    entry's own content, so it can be computed without knowing what came before. On
    PostgreSQL the table also has a `txid` column (the inserting transaction, filled by the
    database, not in this model) that tells the sealer which entries no running transaction
    can still add to.

    Foreign keys carry no database constraint: the log must outlive what it describes, and
    a cascading delete must never reach it. Entries hold identifiers, never personal data
    about the public, so erasing an application leaves its history intact.
    """

    occurred_at = models.DateTimeField(db_index=True)
    actor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_label = models.CharField(max_length=254, help_text="The user's email or the job name.")
    membership_id = models.BigIntegerField(null=True, blank=True)
    role = models.CharField(max_length=20, blank=True)
    action = models.CharField(max_length=20, choices=AuditAction.choices, db_index=True)
    object_type = models.CharField(max_length=50, blank=True)
    object_id = models.CharField(max_length=100, blank=True)
    partnership = models.ForeignKey(
        "partnerships.Partnership",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    purpose = models.CharField(max_length=200)
    recipients = models.CharField(max_length=500, blank=True)
    entry_hash = models.CharField(max_length=64)
    txid = models.BigIntegerField(db_default=CurrentTransaction(), editable=False)

    class Meta:
        ordering = ["-id"]
        verbose_name_plural = "audit entries"
        indexes = [
            models.Index(fields=["txid", "id"], name="audit_seal_order_idx"),
            models.Index(fields=["object_type", "object_id"], name="audit_object_idx"),
            models.Index(fields=["actor_user", "-id"], name="audit_actor_idx"),
            models.Index(fields=["partnership", "-id"], name="audit_partnership_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.action} {self.object_type} {self.object_id}"


class AuditSeal(models.Model):
    """A sealed batch of audit entries: its Merkle root, and the log's head after it.

    Written only by the sealer, never updated or deleted (triggers refuse both). A batch is
    the entries after the previous seal's last one, up to and including (`last_key`,
    `last_id`) in sealing order, (txid, id): by id on SQLite, by (inserting transaction, id) on
    PostgreSQL, where ids can commit out of order. `last_key` is the last entry's `txid`."""

    tree_size = models.BigIntegerField(
        unique=True, help_text="Entries sealed, this batch included."
    )
    batch_size = models.IntegerField()
    last_key = models.BigIntegerField()
    last_id = models.BigIntegerField()
    batch_root = models.CharField(max_length=64)
    head = models.CharField(max_length=64)
    sealed_at = models.DateTimeField()

    class Meta:
        ordering = ["-tree_size"]

    def __str__(self) -> str:
        return f"Audit seal at {self.tree_size} entries"
