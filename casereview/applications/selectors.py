"""Reads of applications, scoped to what the acting membership may see.

Anything outside that scope is simply not found (404), never "forbidden".
"""

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery, prefetch_related_objects
from django.http import Http404

from casereview.accounts.models import Membership, Role
from casereview.applications.intake import normalise_postcode
from casereview.applications.models import (
    OPEN_STATUSES,
    Application,
    Complaint,
    Letter,
    Status,
    postcode_key,
    search_key,
)
from casereview.clock.deadlines import Milestone, next_open_milestone


def applications_for(membership: Membership | None) -> QuerySet[Application]:
    if membership is None:
        return Application.objects.none()
    if membership.role == Role.APPEALS:
        # The Commissioner's office sees appealed applications of the partnerships it covers.
        return Application.objects.filter(
            partnership__appeals_body_id=membership.appeals_body_id, appeal__isnull=False
        )
    if membership.partnership_id is None:
        return Application.objects.none()
    scoped = Application.objects.filter(partnership_id=membership.partnership_id)
    if membership.role in (Role.COORDINATOR, Role.CHAIR):
        return scoped
    if membership.role == Role.INTAKE:
        return scoped.filter(recorded_by_id=membership.user_id)
    if membership.role == Role.PARTNER and membership.agency_id is not None:
        # A partner sees a case only once their agency has been asked to contribute.
        return scoped.filter(partner_requests__agency_id=membership.agency_id)
    return Application.objects.none()


@dataclass(frozen=True)
class ListFilter:
    """What the application list is narrowed to: all optional."""

    status: str = ""
    overdue: bool = False
    text: str = ""


# Working on the case, so a deadline applies: the acknowledgement, then the conclusion.
_CONCLUSION_PENDING = (Status.THRESHOLD_MET, Status.IN_REVIEW, Status.REVIEWED)
_REFERENCE = re.compile(r"^[A-Z]{2,10}-\d{4}-\d{1,6}$")
_POSTCODE_START = re.compile(r"^[A-Z]{1,2}\d")


def overdue_q(today: date) -> Q:
    """Past the deadline that applies now: no decision (so no acknowledgement letter) after
    the acknowledgement was due, or no conclusion after the conclusion was due."""
    return Q(status=Status.RECEIVED, acknowledgement_due__lt=today) | Q(
        status__in=_CONCLUSION_PENDING, conclusion_due__lt=today
    )


def prefix_of(field: str, prefix: str, partnership_id: int | None) -> Q:
    """`field` starts with `prefix`, written so an index on (partnership, field) answers it.

    PostgreSQL: LIKE 'prefix%' on a varchar_pattern_ops index. SQLite's LIKE is
    case-insensitive and only uses a NOCASE index, so it gets the equivalent range instead:
    the keys hold only lower-case ASCII, digits and spaces, where byte order is exact.
    The partnership goes inside each branch so that every branch of an OR is an index range.
    """
    scope = Q(partnership_id=partnership_id) if partnership_id is not None else Q()
    if connection.vendor == "postgresql":
        return scope & Q(**{f"{field}__startswith": prefix})
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return scope & Q(**{f"{field}__gte": prefix, f"{field}__lt": upper})


def search_q(text: str, partnership_id: int | None) -> Q:
    """A reference (exactly), or the start of the victim's full name, surname or postcode."""
    scope = Q(partnership_id=partnership_id) if partnership_id is not None else Q()
    found = Q(pk__in=[])
    reference = re.sub(r"\s+", "", text).upper()
    if _REFERENCE.match(reference):
        found |= scope & Q(reference=reference)
    name = search_key(text)
    if name:
        found |= prefix_of("victim_name_key", name, partnership_id)
        if " " not in name:
            found |= prefix_of("victim_surname_key", name, partnership_id)
    postcode = postcode_key(text)
    if _POSTCODE_START.match(postcode):
        found |= prefix_of("victim_postcode_key", postcode[:10], partnership_id)
    return found


LIST_COLUMNS = (
    "reference",
    "received",
    "status",
    "victim_name",
    "conclusion_due",
    "partnership_id",
)


def applications_listed(
    membership: Membership | None, filters: ListFilter, today: date
) -> QuerySet[Application]:
    """The application list: newest first, narrowed by status, overdue and a search."""
    found = applications_for(membership)
    if filters.status in Status.values:
        found = found.filter(status=filters.status)
    if filters.overdue:
        found = found.filter(overdue_q(today))
    if filters.text.strip():
        scope = membership.partnership_id if membership is not None else None
        found = found.filter(search_q(filters.text, scope))
    return found.only(*LIST_COLUMNS).order_by("-received", "-pk")


def application_get(membership: Membership | None, reference: str) -> Application:
    application = (
        applications_for(membership)
        .select_related(
            "partnership__appeals_body",
            "decision__policy_version",
            "decision__decided_by",
            "recorded_by",
            *REVIEW_JOINS,
        )
        .prefetch_related(
            _complaints_with_agency(), _letters_without_content(), *review_prefetches()
        )
        .filter(reference=reference)
        .first()
    )
    if application is None:
        raise Http404("No such application")
    return application


def _letters_without_content() -> Prefetch:
    # The register's HTML and PDF are only read when a letter itself is opened.
    return Prefetch("letters", queryset=Letter.objects.defer("pdf", "html").order_by("pk"))


def _complaints_with_agency() -> Prefetch:
    return Prefetch("complaints", queryset=Complaint.objects.select_related("agency"))


def partner_requests_prefetch() -> Prefetch:
    """Each request with its agency and contribution joined: one query, not three."""
    from casereview.reviews.models import PartnerRequest

    return Prefetch(
        "partner_requests",
        queryset=PartnerRequest.objects.select_related("agency", "contribution"),
    )


# The review's parts, for showing whole applications without a query per part.
REVIEW_JOINS = ("meeting", "conclusion", "withdrawal", "appeal")


def review_prefetches() -> tuple[str | Prefetch, ...]:
    # Imported here: the reviews app builds on this one.
    from casereview.reviews.models import Action, Minutes, Recommendation

    return (
        partner_requests_prefetch(),
        "meeting__agencies",
        Prefetch("minutes", queryset=Minutes.objects.select_related("approved_by")),
        Prefetch(
            "minutes__recommendations", queryset=Recommendation.objects.select_related("agency")
        ),
        Prefetch("minutes__actions", queryset=Action.objects.select_related("agency")),
    )


def applications_with_details(membership: Membership | None) -> QuerySet[Application]:
    """For pages and API lists that show whole applications."""
    return (
        applications_for(membership)
        .select_related("partnership", "decision__policy_version", *REVIEW_JOINS)
        .prefetch_related(
            _complaints_with_agency(), _letters_without_content(), *review_prefetches()
        )
    )


def complaints_of(application: Application) -> list[Complaint]:
    return list(application.complaints.all())


def letters_of(application: Application) -> list[Letter]:
    return list(application.letters.all())


def letter_get(membership: Membership | None, letter_id: int) -> Letter:
    """Letters are the case team's (and intake's, for what they recorded): partner agencies
    see the case, not the correspondence with the applicant."""
    if membership is None or membership.role == Role.PARTNER:
        raise Http404("No such letter")
    letter = (
        Letter.objects.filter(application__in=applications_for(membership), pk=letter_id)
        .select_related("application__partnership")
        .first()
    )
    if letter is None:
        raise Http404("No such letter")
    return letter


def letters_to_dispatch(membership: Membership) -> QuerySet[Letter]:
    """Letters not yet emailed or posted: posting ones, and emails that failed to send."""
    return (
        Letter.objects.filter(
            application__in=applications_for(membership),
            sent_at__isnull=True,
            posted_at__isnull=True,
        )
        .filter(Q(delivery="post") | Q(send_failed_at__isnull=False))
        .select_related("application")
        .defer("pdf", "html")
        .order_by("created_at")
    )


def possible_duplicates(
    membership: Membership, name: str, postcode: str, exclude_pk: int | None = None
) -> list[Application]:
    """Open applications in the partnership for the same victim (name and postcode)."""
    if membership.partnership_id is None:
        return []
    found = Application.objects.filter(
        partnership_id=membership.partnership_id,
        status__in=OPEN_STATUSES,
        victim_name__iexact=name.strip(),
        victim_postcode=normalise_postcode(postcode) or postcode,
    )
    if exclude_pk is not None:
        found = found.exclude(pk=exclude_pk)
    return list(found.only("reference", "received", "status"))


def possible_duplicates_among(
    membership: Membership, applications: list[Application]
) -> dict[int, list[str]]:
    """`possible_duplicates` for a whole page of applications in one query."""
    if membership.partnership_id is None or not applications:
        return {}
    open_ones = Application.objects.filter(
        partnership_id=membership.partnership_id,
        status__in=OPEN_STATUSES,
        victim_postcode__in={a.victim_postcode for a in applications},
    ).only("reference", "victim_name", "victim_postcode")
    by_victim: dict[tuple[str, str], list[Application]] = {}
    for other in open_ones:
        by_victim.setdefault((other.victim_name.lower(), other.victim_postcode), []).append(other)
    return {
        a.pk: [
            o.reference
            for o in by_victim.get((a.victim_name.lower(), a.victim_postcode), [])
            if o.pk != a.pk
        ]
        for a in applications
    }


CONCLUSION_LETTER = "Conclusion letter"


def milestones_of(application: Application, letters: list[Letter]) -> list[Milestone]:
    acknowledged = next(
        (lt.created_at.date() for lt in letters if lt.kind == "acknowledgement"), None
    )
    concluded = next((lt.created_at.date() for lt in letters if lt.kind == "conclusion"), None)
    return _milestones(application, acknowledged, concluded)


def _milestones(
    application: Application, acknowledged: date | None, concluded: date | None
) -> list[Milestone]:
    milestones = [
        Milestone("Acknowledgement letter", application.acknowledgement_due, acknowledged)
    ]
    decision = getattr(application, "decision", None)
    if decision is not None and decision.review_date is not None:
        milestones.append(Milestone("Review completed", decision.review_date))
    if decision is None or decision.met:
        milestones.append(Milestone(CONCLUSION_LETTER, application.conclusion_due, concluded))
    return milestones


@dataclass(frozen=True)
class CaseloadRow:
    application: Application
    next: Milestone | None
    partners: list[tuple[str, str, int]]  # (label, tag colour, how many agencies)

    def conclusion_due_soon(self, today: date) -> bool:
        """The home page warns from 7 days before the conclusion letter is due."""
        return (
            self.next is not None
            and self.next.name == CONCLUSION_LETTER
            and self.next.days_left(today) <= 7
        )


@dataclass(frozen=True)
class Caseload:
    rows: list[CaseloadRow]
    open_count: int
    overdue: int
    due_this_week: int
    awaiting_decision: int


# The home page shows this many of the most urgent; the counts cover the whole caseload.
CASELOAD_ROWS = 25


def _first_letter_at(kind: str) -> Subquery:
    return Subquery(
        Letter.objects.filter(application=OuterRef("pk"), kind=kind)
        .order_by("created_at")
        .values("created_at")[:1]
    )


def caseload_for(membership: Membership, today: date, limit: int = CASELOAD_ROWS) -> Caseload:
    """Open applications, overdue first, then by the nearest deadline.

    Every open application is ranked from one lean query of plain values (its dates, its
    decision, and when its letters went, as subqueries); only the `limit` most urgent become
    rows with their partner agencies, so the page's cost stays flat as a caseload grows.
    """
    open_ones = (
        applications_for(membership)
        .filter(status__in=OPEN_STATUSES)
        .order_by()  # ranked below; a database ORDER BY would steer it off the status index
        .annotate(
            acknowledged_at=_first_letter_at("acknowledgement"),
            concluded_at=_first_letter_at("conclusion"),
        )
        .values(
            "pk",
            "reference",
            "status",
            "partnership_id",
            "acknowledgement_due",
            "conclusion_due",
            "decision__met",
            "decision__review_date",
            "acknowledged_at",
            "concluded_at",
        )
    )
    ranked = []
    for v in open_ones:
        milestones = [
            Milestone(
                "Acknowledgement letter",
                v["acknowledgement_due"],
                v["acknowledged_at"].date() if v["acknowledged_at"] else None,
            )
        ]
        if v["decision__review_date"] is not None:
            milestones.append(Milestone("Review completed", v["decision__review_date"]))
        if v["decision__met"] is not False:  # undecided (None) or met
            concluded = v["concluded_at"].date() if v["concluded_at"] else None
            milestones.append(Milestone(CONCLUSION_LETTER, v["conclusion_due"], concluded))
        ranked.append((v, next_open_milestone(milestones)))
    ranked.sort(key=lambda r: (r[1] is None, r[1].due if r[1] else date.max))
    overdue = sum(1 for _, m in ranked if m and m.is_overdue(today))
    soon = sum(1 for _, m in ranked if m and 0 <= m.days_left(today) <= 7)
    waiting = sum(1 for v, _ in ranked if v["status"] == Status.RECEIVED)
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
    prefetch_related_objects([a for a, _ in shown], partner_requests_prefetch())
    from casereview.reviews.selectors import request_state

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
            )
        )
    return Caseload(rows, len(ranked), overdue, soon, waiting)
