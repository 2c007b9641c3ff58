"""The caseload: open applications, most urgent first, with the counts the home page shows."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import OuterRef, Subquery, prefetch_related_objects
from django.db.models.functions import Coalesce
from django.utils import timezone

from casereview.accounts.models import Membership
from casereview.applications.lifecycle import CONCLUSION_LETTER, OPEN, CaseDates, case_milestones
from casereview.applications.models import Application, Letter, Status
from casereview.applications.selectors import applications_for, latest_harm_level
from casereview.clock.deadlines import Milestone, next_open_milestone
from casereview.reviews.models import Minutes
from casereview.reviews.selectors import request_state
from casereview.reviews.whole_case import partner_requests_prefetch


@dataclass(frozen=True)
class CaseloadRow:
    application: Application
    next: Milestone | None
    partners: list[tuple[str, str, int]]  # (label, tag colour, how many agencies)
    harm_level: str | None = None  # the latest harm assessment's level, if any

    def conclusion_due_soon(self, today: date) -> bool:
        """The home page warns from 7 days before the conclusion letter is due."""
        return (
            self.next is not None
            and self.next.name == CONCLUSION_LETTER
            and self.next.days_left(today) <= 7
        )


@dataclass(frozen=True)
class AwaitingDecision:
    """A request waiting for the Chair's threshold decision: no personal data, just dates."""

    reference: str
    received: date
    decide_by: date
    harm_level: str | None = None


@dataclass(frozen=True)
class Caseload:
    rows: list[CaseloadRow]
    open_count: int
    overdue: int
    due_this_week: int
    awaiting_decision: int
    # The requests the Chair has to decide, the most pressing first (the home page lists them).
    waiting: list[AwaitingDecision] = field(default_factory=list)


# The home page shows this many of the most urgent; the counts cover the whole caseload.
CASELOAD_ROWS = 25


def _first_letter(kind: str, value: str = "created_at") -> Subquery:
    """When the case's first letter of `kind` was written, or (`value="dispatched"`) sent or
    posted: null while it waits."""
    return Subquery(
        Letter.objects.filter(application=OuterRef("pk"), kind=kind)
        .order_by("created_at")
        .annotate(dispatched=Coalesce("sent_at", "posted_at"))
        .values(value)[:1]
    )


def _first_minutes_at() -> Subquery:
    return Subquery(
        Minutes.objects.filter(application=OuterRef("pk"))
        .order_by("recorded_at")
        .values("recorded_at")[:1]
    )


# Each letter the milestones follow, and the value saying when it was sent or posted.
_SENT = {"acknowledgement": "acknowledged_at", "conclusion": "concluded_at"}


def _day(moment: datetime | None) -> date | None:
    return timezone.localdate(moment) if moment else None


def caseload_for(membership: Membership, today: date, limit: int = CASELOAD_ROWS) -> Caseload:
    """Open applications, overdue first, then by the nearest deadline.

    Every open application is ranked from one lean query of plain values (its dates, its
    decision, and when its letters went, as subqueries); only the `limit` most urgent become
    rows with their partner agencies, so the page's cost stays flat as a caseload grows.
    """
    open_ones = (
        applications_for(membership)
        .filter(status__in=OPEN)
        .order_by()  # ranked below; a database ORDER BY would steer it off the status index
        .annotate(
            acknowledgement_written_at=_first_letter("acknowledgement"),
            acknowledged_at=_first_letter("acknowledgement", "dispatched"),
            conclusion_written_at=_first_letter("conclusion"),
            concluded_at=_first_letter("conclusion", "dispatched"),
            reviewed_at=_first_minutes_at(),
            harm_level=latest_harm_level(),
        )
        .values(
            "pk",
            "reference",
            "received",
            "status",
            "partnership_id",
            "acknowledgement_due",
            "conclusion_due",
            "decision__met",
            "decision__review_date",
            "acknowledgement_written_at",
            "acknowledged_at",
            "conclusion_written_at",
            "concluded_at",
            "reviewed_at",
            "harm_level",
        )
    )
    ranked = []
    for v in open_ones:
        milestones = case_milestones(
            CaseDates(
                v["acknowledgement_due"],
                v["conclusion_due"],
                v["decision__met"],
                v["decision__review_date"],
                status=v["status"],
                reviewed_on=_day(v["reviewed_at"]),
                waiting=frozenset(
                    kind
                    for kind, sent in _SENT.items()
                    if v[f"{kind}_written_at"] is not None and v[sent] is None
                ),
            ),
            _day(v["acknowledged_at"]),
            _day(v["concluded_at"]),
        )
        ranked.append((v, next_open_milestone(milestones)))
    ranked.sort(key=lambda r: (r[1] is None, r[1].due if r[1] else date.max))
    overdue = sum(1 for _, m in ranked if m and m.is_overdue(today))
    soon = sum(1 for _, m in ranked if m and 0 <= m.days_left(today) <= 7)
    waiting = sorted(
        (
            AwaitingDecision(
                v["reference"], v["received"], v["acknowledgement_due"], v["harm_level"]
            )
            for v, _ in ranked
            if v["status"] == Status.RECEIVED
        ),
        key=lambda w: (w.decide_by, w.reference),
    )
    shown = [
        (
            Application(
                pk=v["pk"],
                reference=v["reference"],
                status=v["status"],
                partnership_id=v["partnership_id"],
                acknowledgement_due=v["acknowledgement_due"],
                conclusion_due=v["conclusion_due"],
            ),
            milestone,
        )
        for v, milestone in ranked[:limit]
    ]
    harm_levels = {v["pk"]: v["harm_level"] for v, _ in ranked[:limit]}
    prefetch_related_objects([a for a, _ in shown], partner_requests_prefetch())

    rows = []
    for application, milestone in shown:
        states = Counter(
            (s.label, s.colour)
            for s in (request_state(r, today) for r in application.partner_requests.all())
        )
        rows.append(
            CaseloadRow(
                application,
                milestone,
                [(label, colour, n) for (label, colour), n in sorted(states.items())],
                harm_levels[application.pk],
            )
        )
    return Caseload(rows, len(ranked), overdue, soon, len(waiting), waiting[:limit])
