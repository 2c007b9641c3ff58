"""The audit log: append-only, hash-chained, to the DPA 2018 s.62 logging standard."""

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


class AuditEntry(models.Model):
    """One logged act. Never updated or deleted: database triggers refuse both.

    Foreign keys carry no database constraint: the log must outlive what it describes, and
    a cascading delete must never reach it. Entries hold identifiers, never personal data
    about the public, so erasing an application leaves its history intact.
    """

    position = models.BigIntegerField(unique=True, help_text="1, 2, 3… in chain order.")
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
    prev_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["-position"]
        verbose_name_plural = "audit entries"
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="audit_object_idx"),
            models.Index(fields=["actor_user", "-position"], name="audit_actor_idx"),
            models.Index(fields=["partnership", "-position"], name="audit_partnership_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.position} {self.action} {self.object_type} {self.object_id}"


class AuditChainHead(models.Model):
    """The single row that serialises appends to the chain (locked FOR UPDATE)."""

    position = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"Audit chain head at entry {self.position}"
