"""What every step of the seed shares (`Context`), and one application on its way into a
batch (`Case`)."""

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from casereview.accounts.models import Membership
from casereview.applications.models import ReferenceCounter, search_key
from casereview.clock.deadlines import CaseDeadlines, ClockSettings, case_deadlines
from casereview.devdata.synthetic.acts import BenchActor
from casereview.devdata.synthetic.tables import Batch, Ids, timestamp_format
from casereview.devdata.synthetic.tenants import Tenant


@dataclass
class Context:
    """The random draws, the day the history ends, the keys to hand out, and caches of
    what many applications share."""

    today: date
    rng: random.Random
    tenants: list[Tenant]
    ids: Ids
    ts: Callable[[datetime], str] = field(default_factory=timestamp_format)
    actors: dict[int, BenchActor] = field(init=False)
    deadlines: dict[date, CaseDeadlines] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        members = [m for t in self.tenants for m in (t.pso, t.chair)]
        self.actors = {m.pk: BenchActor.of(m) for m in members}

    def time_on(self, day: date) -> datetime:
        """A random time in office hours (UTC) on that day."""
        return datetime(day.year, day.month, day.day, 9, 0, tzinfo=UTC) + timedelta(
            minutes=self.rng.randrange(0, 8 * 60)
        )

    def until_today(self, day: date) -> date:
        return min(day, self.today)

    def deadlines_for(self, received: date) -> CaseDeadlines:
        found = self.deadlines.get(received)
        if found is None:
            found = self.deadlines[received] = case_deadlines(received, ClockSettings(5, 28))
        return found

    def reference(self, tenant: Tenant, year: int) -> str:
        if year not in tenant.counters:
            counter = ReferenceCounter.objects.filter(
                partnership=tenant.partnership, year=year
            ).first()
            tenant.counters[year] = counter.last_number if counter else 0
        tenant.counters[year] += 1
        return f"{tenant.partnership.reference_prefix}-{year}-{tenant.counters[year]:04d}"

    def save_counters(self) -> None:
        """Each partnership's reference counters continue after the seeded ones."""
        for tenant in self.tenants:
            for year, last in tenant.counters.items():
                ReferenceCounter.objects.update_or_create(
                    partnership=tenant.partnership, year=year, defaults={"last_number": last}
                )

    def search_key(self, text: str) -> str:
        key = self.keys.get(text)
        if key is None:
            key = self.keys[text] = search_key(text)
        return key


@dataclass(slots=True)
class Case:
    """One application: where its rows go, and what the rest of its history needs."""

    ctx: Context
    b: Batch
    t: Tenant
    status: str
    pk: int
    received: date
    reference: str
    recorded_at: datetime
    channel: str
    applicant_type: str
    by_email: bool
    name: str
    surname: str
    email: str
    address: str
    postcode: str
    large_print: bool
    complaints: int
    acknowledgement_due: date
    conclusion_due: date
    minutes_id: int | None = None

    def act(
        self,
        member: Membership,
        at: datetime,
        action: str,
        purpose: str,
        on: tuple[str, str] | None = None,
        recipients: str = "",
    ) -> None:
        """An audit entry for the case, or for `on` (object type and id) within it."""
        kind, oid = on or ("application", self.reference)
        pid = self.t.partnership.pk
        actor = self.ctx.actors[member.pk]
        self.b.audit.append((at, actor, action, kind, oid, pid, purpose, recipients))
