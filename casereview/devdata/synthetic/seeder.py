"""Load the synthetic history: chunks of applications, each written in one transaction."""

import random
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from casereview.accounts.models import User
from casereview.core.audit_seal import seal_pending
from casereview.devdata.synthetic.cases import application
from casereview.devdata.synthetic.chain import chain_past
from casereview.devdata.synthetic.context import Context
from casereview.devdata.synthetic.tables import (
    Batch,
    Ids,
    fast_sqlite,
    reset_sequences,
    seeded_models,
)
from casereview.devdata.synthetic.tenants import tenants

CHUNK = 5000  # applications per transaction
YEARS = 6  # the default retention: six years of history


class Progress:
    """Plain progress on stderr: a line every few seconds, and the total at the end."""

    def __init__(self, total: int, out: Any = None) -> None:
        self.total, self.done, self.out = total, 0, out or sys.stderr
        self.start = self.last = time.monotonic()

    def step(self, n: int) -> None:
        self.done += n
        now = time.monotonic()
        if now - self.last >= 3 or self.done >= self.total:
            self.last = now
            self._show(now)

    def _show(self, now: float) -> None:
        rate = self.done / max(now - self.start, 1e-9)
        left = (self.total - self.done) / rate if rate else 0
        bar = "#" * int(30 * self.done / self.total)
        self.out.write(
            f"\r[{bar:<30}] {self.done:,}/{self.total:,} applications"
            f" ({rate:,.0f}/s, about {left:,.0f} s left)"
        )
        self.out.flush()

    def finish(self) -> float:
        self.out.write("\n")
        return time.monotonic() - self.start


def already_seeded() -> bool:
    return User.objects.filter(email__endswith=".bench.example").exists()


def seed(
    applications: int, complaints: int, seed_value: int = 8, report: Callable[[str], None] = print
) -> tuple[dict[str, int], float]:
    """Load the synthetic history; returns the rows written per table and the seconds taken."""
    start = time.monotonic()
    model_list = seeded_models()
    ctx = _context(seed_value, model_list)
    progress = Progress(applications)
    with fast_sqlite():
        counts = _run(ctx, applications, complaints, progress)
    progress.finish()
    ctx.save_counters()
    reset_sequences(model_list)
    # The worker would seal the history within a minute; sealing here makes the seeded log
    # whole at once, as `audit_verify` and the bench expect.
    report(f"Sealed {seal_pending():,} audit entries")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh planner statistics for the new volumes
    return counts, time.monotonic() - start


def _context(seed_value: int, model_list: list[type[models.Model]]) -> Context:
    return Context(
        today=timezone.localdate(),
        # Not for security: repeatable synthetic data.
        rng=random.Random(seed_value),  # noqa: S311  # nosec B311
        tenants=tenants(),
        ids=Ids(model_list),
    )


def _run(ctx: Context, applications: int, complaints: int, progress: Progress) -> dict[str, int]:
    dates = _received_dates(ctx, applications)
    per_app = complaints / max(applications, 1)
    counts: dict[str, int] = {}
    for start in range(0, len(dates), CHUNK):
        chunk = dates[start : start + CHUNK]
        batch = _batch(ctx, chunk, per_app)
        _count(counts, batch)
        progress.step(len(chunk))
    return counts


def _received_dates(ctx: Context, applications: int) -> list[date]:
    """Spread over the retention period, more of them recent."""
    span = YEARS * 365
    return sorted(
        ctx.today - timedelta(days=int(span * ctx.rng.random() ** 1.15))
        for _ in range(applications)
    )


def _batch(ctx: Context, dates: list[date], per_app: float) -> Batch:
    """One chunk, each application in a partnership drawn by its share of the load."""
    weights = [t.weight for t in ctx.tenants]
    batch = Batch()
    for received in dates:
        tenant = ctx.rng.choices(ctx.tenants, weights)[0]
        application(ctx, batch, tenant, received, per_app)
    with transaction.atomic():
        for table in batch.tables():
            table.write()
        batch.audit.sort(key=lambda act: act[0])
        chain_past(batch.audit, ctx.ts)
    return batch


def _count(counts: dict[str, int], batch: Batch) -> None:
    for table in batch.tables()[:-1]:
        label = table.model._meta.label
        counts[label] = counts.get(label, 0) + len(table.rows)
    counts["core.AuditEntry"] = counts.get("core.AuditEntry", 0) + len(batch.audit)
