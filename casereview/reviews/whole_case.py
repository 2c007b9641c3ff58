"""Whole applications with their review's parts joined, for pages and API lists that show
everything about a case without a query per part."""

from django.db.models import Prefetch, QuerySet

from casereview.accounts.models import Membership
from casereview.applications.models import Application, CasePerson, HarmAssessment, PersonShare
from casereview.applications.selectors import (
    APPLICATION_JOINS,
    applications_for,
    complaints_with_agency,
    one_application,
)
from casereview.letters.selectors import letters_without_content
from casereview.reviews.models import (
    Action,
    ActionPart,
    Attendee,
    Minutes,
    PartnerRequest,
    Recommendation,
)


def partner_requests_prefetch() -> Prefetch:
    """Each request with its agency and contribution joined: one query, not three."""
    return Prefetch(
        "partner_requests",
        queryset=PartnerRequest.objects.select_related("agency", "contribution"),
    )


# The review's parts, for showing whole applications without a query per part.
REVIEW_JOINS = ("meeting", "conclusion", "withdrawal", "appeal")


def people_prefetch() -> Prefetch:
    """The people named on the case, each with the agencies their contact details are
    shared with: one query, and one more only when someone is named."""
    return Prefetch(
        "people",
        queryset=CasePerson.objects.prefetch_related(
            Prefetch("shares", queryset=PersonShare.objects.select_related("agency"))
        ),
    )


def review_prefetches() -> tuple[str | Prefetch, ...]:
    return (
        partner_requests_prefetch(),
        "meeting__agencies",
        Prefetch("minutes", queryset=Minutes.objects.select_related("approved_by")),
        Prefetch(
            "minutes__recommendations",
            queryset=Recommendation.objects.select_related("agency", "answer", "person"),
        ),
        Prefetch("minutes__actions", queryset=Action.objects.select_related("agency", "person")),
        Prefetch("minutes__actions__parts", queryset=ActionPart.objects.select_related("agency")),
        Prefetch("minutes__attendees", queryset=Attendee.objects.select_related("agency")),
    )


def applications_with_details(membership: Membership | None) -> QuerySet[Application]:
    """For pages and API lists that show whole applications."""
    return (
        applications_for(membership)
        .select_related("partnership", "decision__policy_version", *REVIEW_JOINS)
        .prefetch_related(
            complaints_with_agency(),
            letters_without_content(),
            *review_prefetches(),
            people_prefetch(),
            harm_prefetch(),
        )
    )


def harm_prefetch() -> Prefetch:
    """The harm assessments, newest first, with their scoring policy and who recorded each
    (the API's `harm`, the case page's history)."""
    return Prefetch(
        "harm_assessments",
        queryset=HarmAssessment.objects.select_related("policy_version", "recorded_by"),
    )


def application_get(membership: Membership | None, reference: str) -> Application:
    """One whole application: what intake shows, its review's parts and its letters."""
    found = (
        applications_for(membership)
        .select_related(*APPLICATION_JOINS, *REVIEW_JOINS)
        .prefetch_related(
            complaints_with_agency(),
            letters_without_content(),
            *review_prefetches(),
            harm_prefetch(),
        )
    )
    return one_application(found, reference)
