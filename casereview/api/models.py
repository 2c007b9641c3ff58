"""Idempotency keys: a retried request answers the first response again."""

from django.conf import settings
from django.db import models

from casereview.accounts.models import Membership


class IdempotentResponse(models.Model):
    # Who sent it. Kept (and still written) for a release so that the previous release can go
    # on storing answers while an upgrade runs; `membership` replaces it for matching.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # The role the request acted in: one person's two roles never share an answer. Empty only
    # on rows the previous release wrote during an upgrade, which no lookup then matches.
    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="+", null=True
    )
    key = models.CharField(max_length=255)
    # Method, path and body hash: the same key with a different request is refused.
    fingerprint = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField()
    content_type = models.CharField(max_length=100)
    body = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "key"], name="idempotency_key_per_membership"
            )
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.status})"
