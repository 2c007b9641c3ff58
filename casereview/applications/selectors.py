"""Reads of applications, scoped to what the acting membership may see.

Anything outside that scope is simply not found (404), never "forbidden".
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from casereview.accounts.models import Membership, Role
from casereview.applications.intake import normalise_postcode
from casereview.applications.lifecycle import CONCLUSION_PENDING, OPEN
from casereview.applications.models import (
    Application,
    Complaint,
    HarmAssessment,
    Status,
    postcode_key,
    search_key,
)
from casereview.partnerships.models import Partnership


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


_REFERENCE = re.compile(r"^[A-Z]{2,10}-\d{4}-\d{1,6}$")
_POSTCODE_START = re.compile(r"^[A-Z]{1,2}\d")


def overdue_q(today: date) -> Q:
    """Past the deadline that applies now: no decision (so no acknowledgement letter) after
    the acknowledgement was due, or no conclusion after the conclusion was due."""
    return Q(status=Status.RECEIVED, acknowledgement_due__lt=today) | Q(
        status__in=CONCLUSION_PENDING, conclusion_due__lt=today
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


def latest_harm_level() -> Subquery:
    """The level of an application's latest harm assessment (null when none), for
    annotating a list of applications in the same query."""
    return Subquery(
        HarmAssessment.objects.filter(application=OuterRef("pk"))
        .order_by("-assessed_on", "-recorded_at", "-pk")
        .values("level")[:1]
    )


def applications_listed(
    membership: Membership | None, filters: ListFilter, today: date
) -> QuerySet[Application, dict[str, Any]]:
    """The application list: newest first, narrowed by status, overdue and a search."""
    found = applications_for(membership)
    if filters.status in Status.values:
        found = found.filter(status=filters.status)
    if filters.overdue:
        found = found.filter(overdue_q(today))
    if filters.text.strip():
        scope = membership.partnership_id if membership is not None else None
        found = found.filter(search_q(filters.text, scope))
    # What the list shows, as plain values (`summary_of`): the latest harm level and the
    # complaints counted in the same query, no model instances, no complaints loaded.
    return application_summaries(found)


@dataclass(frozen=True)
class NextDeadline:
    """The statutory deadline an open case is working to now (the same rule as the list's
    overdue filter, `overdue_q`): the decision and acknowledgement while it is received,
    the conclusion once the threshold is met."""

    deadline: str  # "acknowledgement" or "conclusion"
    due: date
    overdue: bool


@dataclass(frozen=True)
class ApplicationSummary:
    """What a list shows of an application: no complaints, letters or review parts."""

    pk: int
    reference: str
    partnership_id: int
    partnership: str  # the partnership's slug
    status: str
    received: date
    victim_name: str
    acknowledgement_due: date
    conclusion_due: date
    complaints: int
    harm_level: str | None
    next_deadline: NextDeadline | None
    victim_postcode: str  # not shown; for finding possible duplicates

    @property
    def status_label(self) -> str:
        return str(Status(self.status).label)


SUMMARY_VALUES = (
    "pk",
    "reference",
    "partnership_id",
    "partnership_slug",
    "status",
    "received",
    "victim_name",
    "victim_postcode",
    "acknowledgement_due",
    "conclusion_due",
    "complaint_count",
    "harm_level",
)


def _complaint_count() -> Coalesce:
    counted = (
        Complaint.objects.filter(application=OuterRef("pk"))
        .order_by()
        .values("application")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def application_summaries(
    found: QuerySet[Application],
) -> QuerySet[Application, dict[str, Any]]:
    """The projection a list pages through: one query of plain values per page, the
    complaints counted and the latest harm level looked up by index probes per row shown
    (`summary_of` turns each row into an `ApplicationSummary`)."""
    # The partnership's slug as a subquery, not a join: with a join SQLite sorts every
    # matching row (and runs the subqueries for each) before taking the page.
    slug = Subquery(Partnership.objects.filter(pk=OuterRef("partnership_id")).values("slug")[:1])
    return (
        found.annotate(
            complaint_count=_complaint_count(),
            harm_level=latest_harm_level(),
            partnership_slug=slug,
        )
        .values(*SUMMARY_VALUES)
        .order_by("-received", "-pk")
    )


def next_deadline_of(
    status: str, ack_due: date, conclusion_due: date, today: date
) -> NextDeadline | None:
    if status == Status.RECEIVED:
        return NextDeadline("acknowledgement", ack_due, ack_due < today)
    if status in CONCLUSION_PENDING:
        return NextDeadline("conclusion", conclusion_due, conclusion_due < today)
    return None


def summary_of(row: dict[str, Any], today: date) -> ApplicationSummary:
    return ApplicationSummary(
        pk=row["pk"],
        reference=row["reference"],
        partnership_id=row["partnership_id"],
        partnership=row["partnership_slug"],
        status=row["status"],
        received=row["received"],
        victim_name=row["victim_name"],
        victim_postcode=row["victim_postcode"],
        acknowledgement_due=row["acknowledgement_due"],
        conclusion_due=row["conclusion_due"],
        complaints=row["complaint_count"],
        harm_level=row["harm_level"],
        next_deadline=next_deadline_of(
            row["status"], row["acknowledgement_due"], row["conclusion_due"], today
        ),
    )


def complaints_of(application: Application) -> list[Complaint]:
    return list(application.complaints.all())


@dataclass(frozen=True)
class Duplicates:
    """Open applications for the same victim. Only those the user may open are named (the
    same scope as the case page, `applications_for`); `hidden` says there are others, which
    the coordinator can look at."""

    visible: list[Application]
    hidden: bool = False

    def __bool__(self) -> bool:
        return bool(self.visible) or self.hidden

    @property
    def references(self) -> list[str]:
        return [a.reference for a in self.visible]


def _sees_whole_partnership(membership: Membership) -> bool:
    return membership.role in (Role.COORDINATOR, Role.CHAIR)


def _split_visible(membership: Membership, found: list[Application]) -> set[int]:
    """The pks among `found` that the membership may open."""
    if not found or _sees_whole_partnership(membership):
        return {a.pk for a in found}
    return set(
        applications_for(membership)
        .filter(pk__in=[a.pk for a in found])
        .values_list("pk", flat=True)
    )


def possible_duplicates(
    membership: Membership, name: str, postcode: str, exclude_pk: int | None = None
) -> Duplicates:
    """Open applications in the partnership for the same victim (name and postcode)."""
    if membership.partnership_id is None:
        return Duplicates([])
    postcode = normalise_postcode(postcode) or postcode
    found = Application.objects.filter(
        partnership_id=membership.partnership_id,
        status__in=OPEN,
        victim_name__iexact=name.strip(),
        victim_postcode=postcode,
        # Implied by the postcode, but indexed with the partnership: an index range, not a
        # walk of the partnership's applications (which the default ordering steered to).
        victim_postcode_key=postcode_key(postcode)[:10],
    )
    if exclude_pk is not None:
        found = found.exclude(pk=exclude_pk)
    candidates = sorted(
        found.order_by().only("reference", "received", "status"),
        key=lambda a: (a.received, a.pk),
        reverse=True,
    )
    visible = _split_visible(membership, candidates)
    return Duplicates(
        [a for a in candidates if a.pk in visible], hidden=len(visible) < len(candidates)
    )


def possible_duplicates_among(
    membership: Membership, applications: Sequence[Application | ApplicationSummary]
) -> dict[int, Duplicates]:
    """`possible_duplicates` for a whole page of applications in one query."""
    if membership.partnership_id is None or not applications:
        return {}
    open_ones = sorted(
        Application.objects.filter(
            partnership_id=membership.partnership_id,
            status__in=OPEN,
            victim_postcode__in={a.victim_postcode for a in applications},
            victim_postcode_key__in={postcode_key(a.victim_postcode)[:10] for a in applications},
        )
        .order_by()
        .only("reference", "received", "victim_name", "victim_postcode"),
        key=lambda a: (a.received, a.pk),
        reverse=True,
    )
    by_victim: dict[tuple[str, str], list[Application]] = {}
    for other in open_ones:
        by_victim.setdefault((other.victim_name.lower(), other.victim_postcode), []).append(other)
    found = {
        a.pk: [
            o for o in by_victim.get((a.victim_name.lower(), a.victim_postcode), []) if o.pk != a.pk
        ]
        for a in applications
    }
    visible = _split_visible(membership, [o for others in found.values() for o in others])
    return {
        pk: Duplicates(
            [o for o in others if o.pk in visible],
            hidden=any(o.pk not in visible for o in others),
        )
        for pk, others in found.items()
    }


# What intake and the decision show of one application.
APPLICATION_JOINS = (
    "partnership__appeals_body",
    "decision__policy_version",
    "decision__decided_by",
    "decision__harm_assessment",
    "decision__harm_policy_version",
    "recorded_by",
)


def complaints_with_agency() -> Prefetch:
    return Prefetch("complaints", queryset=Complaint.objects.select_related("agency"))


def one_application(found: QuerySet[Application], reference: str) -> Application:
    """The application with this reference among those found, or 404."""
    application = found.filter(reference=reference).first()
    if application is None:
        raise Http404("No such application")
    return application


def application_find(membership: Membership | None, reference: str) -> Application:
    """One application with what intake and the decision need (complaints, the decision);
    the whole case, review parts and letters too, is `reviews.whole_case.application_get`."""
    found = (
        applications_for(membership)
        .select_related(*APPLICATION_JOINS)
        .prefetch_related(complaints_with_agency())
    )
    return one_application(found, reference)
