"""Stored API responses can hold personal data; a retry after a week is not a retry, so the
retention sweep removes them after that."""

from datetime import datetime, timedelta

from casereview.api.models import IdempotentResponse

IDEMPOTENCY_DAYS = 7


def idempotent_responses_purge(now: datetime) -> int:
    cutoff = now - timedelta(days=IDEMPOTENCY_DAYS)
    removed, _ = IdempotentResponse.objects.filter(created_at__lt=cutoff).delete()
    return removed
