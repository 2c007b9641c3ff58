"""Reads of applications, scoped to what the acting membership may see.

Anything outside that scope is simply not found (404), never "forbidden".
"""

import re
from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery
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


LIST_COLUMNS = (
    "reference",
    "received",
    "status",
    "victim_name",
    "conclusion_due",
    "partnership_id",
)


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
    # The latest harm level, so the list flags high harm without a query per row.
    return (
        found.only(*LIST_COLUMNS)
        .annotate(harm_level=latest_harm_level())
        .order_by("-received", "-pk")
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
    found = Application.objects.filter(
        partnership_id=membership.partnership_id,
        status__in=OPEN,
        victim_name__iexact=name.strip(),
        victim_postcode=normalise_postcode(postcode) or postcode,
    )
    if exclude_pk is not None:
        found = found.exclude(pk=exclude_pk)
    candidates = list(found.only("reference", "received", "status"))
    visible = _split_visible(membership, candidates)
    return Duplicates(
        [a for a in candidates if a.pk in visible], hidden=len(visible) < len(candidates)
    )


def possible_duplicates_among(
    membership: Membership, applications: list[Application]
) -> dict[int, Duplicates]:
    """`possible_duplicates` for a whole page of applications in one query."""
    if membership.partnership_id is None or not applications:
        return {}
    open_ones = Application.objects.filter(
        partnership_id=membership.partnership_id,
        status__in=OPEN,
        victim_postcode__in={a.victim_postcode for a in applications},
    ).only("reference", "victim_name", "victim_postcode")
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
