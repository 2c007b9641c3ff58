"""The review over the API: partner requests, contributions, meeting, minutes, approval,
conclusion and withdrawal. Each answers 200 with the updated application, or 409 when the
application's state does not allow it (nothing changes)."""

from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated, Any, Literal

from django.utils import timezone
from ninja import Field, Router, Schema

from casereview.accounts.requests import StaffRequest
from casereview.api.auth import require
from casereview.api.errors import problems
from casereview.api.idempotency import idempotent
from casereview.api.reading import application_answer
from casereview.api.schemas.application import ApplicationOut
from casereview.applications.models import Application, CasePerson
from casereview.core import limits
from casereview.core.errors import FieldError, InvalidInput
from casereview.partnerships.models import Agency
from casereview.reviews import whole_case
from casereview.reviews.selectors import request_for_partner
from casereview.reviews.services import minutes as minutes_services
from casereview.reviews.services.conclusion import conclusion_issue
from casereview.reviews.services.contributions import InvolvementInput, contribution_save
from casereview.reviews.services.meeting import meeting_schedule
from casereview.reviews.services.minutes import ActionInput, RecommendationInput, minutes_record
from casereview.reviews.services.partners import partner_requests_send
from casereview.reviews.services.withdrawal import application_withdraw

router = Router(tags=["reviews"])
UPDATED = {200: ApplicationOut, **problems(403, 404, 409, 422)}


Slug = Annotated[str, Field(max_length=limits.AGENCY_SLUG)]


class PartnerRequestsIn(Schema):
    agencies: list[Slug] | None = Field(
        None, max_length=limits.AGENCIES_MAX, description="Agency slugs; default every agency"
    )
    due: date | None = Field(
        None,
        description="Default: the configured days before the meeting. From the date received "
        f"to {limits.REQUEST_DUE_MAX_AHEAD.days} days from today.",
    )


PastDate = Annotated[
    date,
    Field(
        description=f"From {limits.long_date(limits.EARLIEST_EVENT)} (when the case review "
        "came into force) to today."
    ),
]


class InvolvementIn(Schema):
    date: PastDate
    kind: Literal["contact", "incident", "action", "other"]
    details: str = Field(max_length=limits.INVOLVEMENT_DETAILS)


class ContributionIn(Schema):
    nil_return: bool = False
    summary: str = Field("", max_length=limits.CONTRIBUTION_SUMMARY)
    involvement: list[InvolvementIn] = Field([], max_length=limits.INVOLVEMENT_MAX)


class MeetingIn(Schema):
    starts_at: datetime = Field(
        description=f"From {limits.long_date(limits.EARLIEST_EVENT)} (a meeting already held "
        f"may be recorded) to {limits.MEETING_MAX_AHEAD.days} days from today."
    )
    location: str = Field(max_length=limits.MEETING_LOCATION)
    agencies: list[Slug] | None = Field(
        None, max_length=limits.AGENCIES_MAX, description="Default: the agencies asked"
    )
    victim_invited: bool = False
    victim_views: str = Field("", max_length=limits.VICTIM_VIEWS)


PERSON = "The id of the person on the case it concerns (from the application's `people`)"


class RecommendationIn(Schema):
    text: str = Field(max_length=limits.RECOMMENDATION)
    agency: Slug
    person: int | None = Field(None, description=PERSON)


class ActionIn(Schema):
    text: str = Field(max_length=limits.ACTION)
    agency: Slug
    due: date = Field(
        description=f"From {limits.long_date(limits.EARLIEST_EVENT)} to "
        f"{limits.ACTION_DUE_MAX_AHEAD.days} days from today."
    )
    person: int | None = Field(None, description=PERSON)


class MinutesIn(Schema):
    summary: str = Field(max_length=limits.MINUTES_SUMMARY)
    decisions: list[Annotated[str, Field(max_length=limits.DECISION)]] = Field(
        [], max_length=limits.DECISIONS_MAX
    )
    recommendations: list[RecommendationIn] = Field([], max_length=limits.RECOMMENDATIONS_MAX)
    actions: list[ActionIn] = Field([], max_length=limits.ACTIONS_MAX)


class ConclusionIn(Schema):
    summary: str = Field(max_length=limits.CONCLUSION)


class WithdrawIn(Schema):
    reason: str = Field(max_length=limits.WITHDRAWAL_REASON)


def _agencies(application: Application, slugs: list[str], field: str) -> list[Agency]:
    """Slugs to agencies of the application's partnership; unknown slugs are 422."""
    known = {a.slug: a for a in Agency.objects.filter(partnership_id=application.partnership_id)}
    unknown = [
        FieldError(f"{field}[{i}]", f"{slug!r} is not an agency of this partnership")
        for i, slug in enumerate(slugs)
        if slug not in known
    ]
    if unknown:
        raise InvalidInput(unknown)
    return [known[slug] for slug in slugs]


def _people(application: Application, ids: list[int | None], field: str) -> list[CasePerson | None]:
    """Ids to the people named on the application; an id not on it is 422."""
    known = {p.pk: p for p in CasePerson.objects.filter(application=application)}
    unknown = [
        FieldError(f"{field}[{i}].person", f"{pk} is not a person named on this case")
        for i, pk in enumerate(ids)
        if pk is not None and pk not in known
    ]
    if unknown:
        raise InvalidInput(unknown)
    return [known[pk] if pk is not None else None for pk in ids]


def _act(
    request: StaffRequest, reference: str, rule: str, work: Callable[[Any, Application], object]
) -> ApplicationOut:
    """Find the application (404), check the role (403), do the work (422, 409), answer."""
    membership = request.membership
    application = whole_case.application_get(membership, reference)
    require(request, rule)
    work(membership, application)
    return application_answer(request, application)


@router.post("/{reference}/partner-requests", response=UPDATED, summary="Ask partner agencies")
@idempotent
def partner_requests(
    request: StaffRequest, reference: str, body: PartnerRequestsIn
) -> ApplicationOut:
    def work(membership: Any, application: Application) -> object:
        agencies = (
            _agencies(application, body.agencies, "agencies") if body.agencies is not None else None
        )
        return partner_requests_send(
            membership=membership, application=application, agencies=agencies, due=body.due
        )

    return _act(request, reference, "reviews.request_partners", work)


@router.post("/{reference}/contributions", response=UPDATED, summary="An agency's contribution")
@idempotent
def contribution(request: StaffRequest, reference: str, body: ContributionIn) -> ApplicationOut:
    def work(membership: Any, application: Application) -> object:
        asked = request_for_partner(membership, application)
        return contribution_save(
            membership=membership,
            request=asked,
            nil_return=body.nil_return,
            summary=body.summary,
            entries=[InvolvementInput(e.date, e.kind, e.details) for e in body.involvement],
        )

    return _act(request, reference, "reviews.contribute", work)


@router.post("/{reference}/meeting", response=UPDATED, summary="Schedule the review meeting")
@idempotent
def meeting(request: StaffRequest, reference: str, body: MeetingIn) -> ApplicationOut:
    def work(membership: Any, application: Application) -> object:
        agencies = (
            _agencies(application, body.agencies, "agencies") if body.agencies is not None else None
        )
        starts_at = body.starts_at
        if timezone.is_naive(starts_at):
            starts_at = timezone.make_aware(starts_at)
        return meeting_schedule(
            membership=membership,
            application=application,
            starts_at=starts_at,
            location=body.location,
            agencies=agencies,
            victim_invited=body.victim_invited,
            victim_views=body.victim_views,
        )

    return _act(request, reference, "reviews.schedule", work)


@router.post("/{reference}/minutes", response=UPDATED, summary="Record the minutes")
@idempotent
def minutes(request: StaffRequest, reference: str, body: MinutesIn) -> ApplicationOut:
    def work(membership: Any, application: Application) -> object:
        rec_agencies = _agencies(
            application, [r.agency for r in body.recommendations], "recommendations"
        )
        act_agencies = _agencies(application, [a.agency for a in body.actions], "actions")
        rec_people = _people(
            application, [r.person for r in body.recommendations], "recommendations"
        )
        act_people = _people(application, [a.person for a in body.actions], "actions")
        return minutes_record(
            membership=membership,
            application=application,
            summary=body.summary,
            decisions=body.decisions,
            recommendations=[
                RecommendationInput(r.text, agency, person)
                for r, agency, person in zip(
                    body.recommendations, rec_agencies, rec_people, strict=True
                )
            ],
            actions=[
                ActionInput(a.text, agency, a.due, person=person)
                for a, agency, person in zip(body.actions, act_agencies, act_people, strict=True)
            ],
        )

    return _act(request, reference, "reviews.minutes", work)


@router.post("/{reference}/minutes/approve", response=UPDATED, summary="Approve the minutes")
@idempotent
def minutes_approve(request: StaffRequest, reference: str) -> ApplicationOut:
    def work(membership: Any, application: Application) -> object:
        return minutes_services.minutes_approve(membership=membership, application=application)

    return _act(request, reference, "reviews.approve_minutes", work)


@router.post("/{reference}/conclusion", response=UPDATED, summary="Conclude; creates the letter")
@idempotent
def conclusion(request: StaffRequest, reference: str, body: ConclusionIn) -> ApplicationOut:
    def work(membership: Any, application: Application) -> object:
        return conclusion_issue(
            membership=membership, application=application, summary=body.summary
        )

    return _act(request, reference, "reviews.conclude", work)


@router.post("/{reference}/withdraw", response=UPDATED, summary="Withdraw the application")
@idempotent
def withdraw(request: StaffRequest, reference: str, body: WithdrawIn) -> ApplicationOut:
    def work(membership: Any, application: Application) -> object:
        return application_withdraw(
            membership=membership, application=application, reason=body.reason
        )

    return _act(request, reference, "reviews.withdraw", work)
