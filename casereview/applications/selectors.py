"""Reads of applications, scoped to what the acting membership may see.

Anything outside that scope is simply not found (404), never "forbidden".
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from casereview.accounts.models import Membership, Role
from casereview.applications.intake import normalise_postcode
from casereview.applications.models import OPEN_STATUSES, Application, Complaint, Letter, Status
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


def application_get(membership: Membership | None, reference: str) -> Application:
    application = (
        applications_for(membership)
        .select_related(
            "partnership__appeals_body", "decision__policy_version", "recorded_by", *REVIEW_JOINS
        )
        .prefetch_related("complaints__agency", _letters_without_content(), *REVIEW_PREFETCHES)
        .filter(reference=reference)
        .first()
    )
    if application is None:
        raise Http404("No such application")
    return application


def _letters_without_content() -> Prefetch:
    # The register's HTML and PDF are only read when a letter itself is opened.
    return Prefetch("letters", queryset=Letter.objects.defer("pdf", "html").order_by("pk"))


# The review's parts, for showing whole applications without a query per part.
REVIEW_JOINS = ("meeting", "conclusion", "withdrawal", "appeal")
REVIEW_PREFETCHES = (
    "partner_requests__agency",
    "partner_requests__contribution",
    "meeting__agencies",
    "minutes__recommendations__agency",
    "minutes__actions__agency",
)


def applications_with_details(membership: Membership | None) -> QuerySet[Application]:
    """For pages and API lists that show whole applications."""
    return (
        applications_for(membership)
        .select_related("partnership", "decision__policy_version", *REVIEW_JOINS)
        .prefetch_related("complaints__agency", _letters_without_content(), *REVIEW_PREFETCHES)
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


def caseload_for(membership: Membership, today: date) -> Caseload:
    """Open applications, overdue first, then by the nearest deadline."""
    apps = list(
        applications_for(membership)
        .filter(status__in=OPEN_STATUSES)
        .select_related("decision")
        .prefetch_related(
            _letters_without_content(), "partner_requests__agency", "partner_requests__contribution"
        )
        .defer(
            "victim_address",
            "description",
            "impact",
            "other_support_needs",
        )
    )
    from casereview.reviews.selectors import request_state

    rows = []
    for application in apps:
        letters = list(application.letters.all())
        states = Counter(
            (s.label, s.colour)
            for s in (request_state(r, today) for r in application.partner_requests.all())
        )
        rows.append(
            CaseloadRow(
                application,
                next_open_milestone(milestones_of(application, letters)),
                [(label, colour, n) for (label, colour), n in sorted(states.items())],
            )
        )
    rows.sort(key=lambda r: (r.next is None, r.next.due if r.next else date.max))
    overdue = sum(1 for r in rows if r.next and r.next.is_overdue(today))
    soon = sum(1 for r in rows if r.next and 0 <= r.next.days_left(today) <= 7)
    waiting = sum(1 for r in rows if r.application.status == Status.RECEIVED)
    return Caseload(rows, len(rows), overdue, soon, waiting)
