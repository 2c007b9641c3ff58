"""Reads of the review, scoped like applications: what the membership may not see is 404."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from casereview.accounts.models import Membership, Role
from casereview.applications.models import Application, Complaint
from casereview.applications.selectors import applications_for
from casereview.reviews.models import (
    Action,
    ActionPart,
    Attachment,
    Attendee,
    Minutes,
    PartnerRequest,
    Recommendation,
)


def case_get(
    membership: Membership,
    reference: str,
    *,
    joins: tuple[str, ...] = (),
    prefetches: tuple[str | Prefetch, ...] = (),
) -> Application:
    """One case for a review page, scoped like `application_get` (404 if out of sight), with
    the meeting joined and only the parts the page shows: the whole-case loader fetches
    eight tables, which would put every review page over its query budget."""
    application = (
        applications_for(membership)
        .select_related("meeting", *joins)
        .prefetch_related(*prefetches)
        .filter(reference=reference)
        .first()
    )
    if application is None:
        raise Http404("No such application")
    return application


def complaints_prefetch() -> Prefetch:
    return Prefetch("complaints", queryset=Complaint.objects.select_related("agency"))


def requests_prefetch(*, entries: bool = False) -> tuple[Prefetch | str, ...]:
    """Each request with its agency and contribution joined; with `entries`, the
    contributions' involvements and files too (one query each, whatever the count)."""
    found: tuple[Prefetch | str, ...] = (
        Prefetch(
            "partner_requests",
            queryset=PartnerRequest.objects.select_related("agency", "contribution"),
        ),
    )
    if entries:
        found += (
            "partner_requests__contribution__entries",
            "partner_requests__contribution__attachments",
        )
    return found


def partner_request_get(membership: Membership, reference: str) -> PartnerRequest:
    """The partner's own agency's request on a case it may see, with the case (and its
    meeting) and the contribution joined, in one query: an agency not asked sees nothing."""
    if membership.role != Role.PARTNER or membership.agency_id is None:
        raise Http404("Not asked")
    request = (
        PartnerRequest.objects.filter(
            application__in=applications_for(membership),
            application__reference=reference,
            agency_id=membership.agency_id,
        )
        .select_related("agency", "contribution", "application__meeting", "application__decision")
        .first()
    )
    if request is None:
        raise Http404("Not asked")
    return request


def request_for_partner(membership: Membership, application: Application) -> PartnerRequest:
    """The request to the partner's own agency, or 404: an agency not asked sees nothing."""
    if membership.role != Role.PARTNER or membership.agency_id is None:
        raise Http404("Not asked")
    request = (
        PartnerRequest.objects.filter(application=application, agency_id=membership.agency_id)
        .select_related("agency")
        .first()
    )
    if request is None:
        raise Http404("Not asked")
    return request


def request_to(application: Application, agency_slug: str) -> PartnerRequest | None:
    return (
        PartnerRequest.objects.filter(application=application, agency__slug=agency_slug)
        .select_related("agency")
        .first()
    )


@dataclass(frozen=True)
class RequestState:
    """One agency at a glance: the words and the red/amber/green the coordinator sees."""

    request: PartnerRequest
    label: str
    colour: str  # a GOV.UK tag modifier: green, yellow, red, grey


def request_state(request: PartnerRequest, today: date) -> RequestState:
    contribution = getattr(request, "contribution", None)
    if contribution is not None:
        label = "Nil return" if contribution.nil_return else "Contributed"
        return RequestState(request, label, "green")
    if request.due < today:
        return RequestState(request, "Overdue", "red")
    if request.first_viewed_at is not None:
        return RequestState(request, "Viewed", "yellow")
    return RequestState(request, "Requested", "grey")


def states_of(requests: list[PartnerRequest], today: date) -> list[RequestState]:
    """Each request's state, for requests fetched with `requests_prefetch`."""
    return [request_state(r, today) for r in requests]


def latest_minutes(application: Application, *, whole: bool = False) -> Minutes | None:
    """The newest version with its recommendations and actions and their agencies; `whole`
    adds the actions' parts for each agency and who attended."""
    more = (
        (
            Prefetch("actions__parts", queryset=ActionPart.objects.select_related("agency")),
            Prefetch("attendees", queryset=Attendee.objects.select_related("agency")),
        )
        if whole
        else ()
    )
    return (
        Minutes.objects.filter(application=application)
        .prefetch_related(
            Prefetch(
                "recommendations",
                queryset=Recommendation.objects.select_related("agency", "answer", "person"),
            ),
            Prefetch("actions", queryset=Action.objects.select_related("agency", "person")),
            *more,
        )
        .order_by("-version")
        .first()
    )


def attachment_get(membership: Membership, attachment_id: int) -> Attachment:
    """Coordinator and Chair see every attachment of their partnership's cases; a partner
    only their own agency's."""
    found = Attachment.objects.filter(
        pk=attachment_id,
        contribution__request__application__in=applications_for(membership),
    ).select_related("contribution__request__application__meeting")
    if membership.role == Role.PARTNER:
        found = found.filter(contribution__request__agency_id=membership.agency_id or 0)
    attachment = found.first()
    if attachment is None:
        raise Http404("No such attachment")
    return attachment


def attachments_openable(
    membership: Membership, requests: Iterable[PartnerRequest]
) -> dict[int, list[Attachment]]:
    """The files of each request's contribution (keyed by request id) that this reader may
    open, by the rule `attachment_get` applies: the case team every file, a partner only
    their own agency's. Needs the contributions' attachments prefetched
    (`requests_prefetch(entries=True)`)."""
    openable: dict[int, list[Attachment]] = {}
    for request in requests:
        contribution = getattr(request, "contribution", None)
        if contribution is None:
            continue
        if membership.role == Role.PARTNER and request.agency_id != membership.agency_id:
            continue
        openable[request.pk] = list(contribution.attachments.all())
    return openable


def _in_latest_approved(prefix: str = "minutes") -> Q:
    """Rows of each case's latest approved minutes version only: a correction or a reconvened
    review copies the earlier version's plan, and the earlier copy is superseded. One
    subquery, however many cases."""
    later = Minutes.objects.filter(
        application_id=OuterRef(f"{prefix}__application_id"),
        approved_at__isnull=False,
        version__gt=OuterRef(f"{prefix}__version"),
    )
    return Q(Q(**{f"{prefix}__approved_at__isnull": False}), ~Exists(later))


def actions_for(membership: Membership) -> QuerySet[Action]:
    """The action plan of each case's latest approved minutes: the actions a partner's agency
    owns or shares, or every action of the partnership for the coordinator and the Chair."""
    found = (
        Action.objects.filter(
            _in_latest_approved(),
            minutes__application__in=applications_for(membership),
        )
        .select_related("agency", "minutes__application", "person")
        .prefetch_related(Prefetch("parts", queryset=ActionPart.objects.select_related("agency")))
    )
    if membership.role == Role.PARTNER:
        agency_id = membership.agency_id or 0
        shared = ActionPart.objects.filter(agency_id=agency_id).values("action_id")
        found = found.filter(Q(agency_id=agency_id) | Q(pk__in=shared))
    return found.order_by("status", "due", "pk")


def action_get(membership: Membership, action_id: int) -> Action:
    action = actions_for(membership).filter(pk=action_id).first()
    if action is None:
        raise Http404("No such action")
    return action


def recommendations_for(membership: Membership) -> QuerySet[Recommendation]:
    """The recommendations of each case's latest approved minutes: those aimed at a
    partner's agency, or every one of the partnership for the coordinator and the Chair;
    those awaiting a response first."""
    found = Recommendation.objects.filter(
        _in_latest_approved(),
        minutes__application__in=applications_for(membership),
    ).select_related("agency", "answer", "minutes__application", "person")
    if membership.role == Role.PARTNER:
        found = found.filter(agency_id=membership.agency_id or 0)
    return found.order_by(F("answer__answered_at").asc(nulls_first=True), "pk")


def recommendation_get(membership: Membership, recommendation_id: int) -> Recommendation:
    found = recommendations_for(membership).filter(pk=recommendation_id).first()
    if found is None:
        raise Http404("No such recommendation")
    return found


def requests_for_agency(membership: Membership) -> list[PartnerRequest]:
    """A partner's home page: what their agency has been asked, soonest due first."""
    if (
        membership.role != Role.PARTNER
        or membership.agency_id is None
        or membership.partnership_id is None
    ):
        return []
    return list(
        PartnerRequest.objects.filter(
            agency_id=membership.agency_id, partnership_id=membership.partnership_id
        )
        .select_related("application", "contribution")
        .order_by("due")
    )
