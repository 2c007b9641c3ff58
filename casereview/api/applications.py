"""Applications over the API: record a request, list and read them, decide the threshold,
record a harm assessment."""

from datetime import date
from typing import Literal

from ninja import Field, Query, Router, Schema, Status

from casereview.accounts.requests import StaffRequest
from casereview.api.auth import require
from casereview.api.errors import problems
from casereview.api.idempotency import idempotent
from casereview.api.reading import application_answer, applications_answer
from casereview.api.schemas.application import ApplicationList, ApplicationOut, HarmAnswers
from casereview.applications import selectors, services
from casereview.applications.harm import HarmInput, harm_assess
from casereview.applications.intake import (
    AdvocateInput,
    ApplicationInput,
    ComplaintInput,
    VictimInput,
)
from casereview.core import limits
from casereview.core.dates import local_today
from casereview.core.errors import FieldError, InvalidInput
from casereview.decision.services import threshold_decide
from casereview.reviews import whole_case

router = Router(tags=["applications"])

PAGE_SIZE = 50
PAST_DATE = (
    f"From {limits.long_date(limits.EARLIEST_EVENT)} (when the case review came into force) "
    "to today."
)


class VictimIn(Schema):
    name: str = Field(min_length=1, max_length=limits.NAME)
    postcode: str = Field(max_length=limits.POSTCODE)
    contact_preference: Literal["email", "post", "phone"]
    address: str = Field("", max_length=limits.ADDRESS)
    email: str = Field("", max_length=limits.EMAIL)
    phone: str = Field("", max_length=limits.PHONE)
    support_needs: str = Field(
        "",
        max_length=limits.SUPPORT_NEEDS,
        description="Free text, e.g. large print, an interpreter",
    )
    large_print: bool = False
    interpreter_language: str = Field("", max_length=limits.INTERPRETER_LANGUAGE)
    named_contact: str = Field("", max_length=limits.NAMED_CONTACT)


class AdvocateIn(Schema):
    name: str = Field(min_length=1, max_length=limits.NAME)
    victim_consent: bool
    organisation: str = Field("", max_length=limits.ORGANISATION)
    relationship: str = Field("", max_length=limits.RELATIONSHIP)
    email: str = Field("", max_length=limits.EMAIL)
    phone: str = Field("", max_length=limits.PHONE)
    address: str = Field("", max_length=limits.ADDRESS)


class ComplaintIn(Schema):
    id: str = Field(min_length=1, max_length=limits.COMPLAINT_ID)
    behaviour_date: date = Field(description=PAST_DATE)
    reported_date: date = Field(description=PAST_DATE)
    agency: str = Field(
        max_length=limits.AGENCY_SLUG,
        description="An agency slug of the partnership, or `other`",
    )
    reference: str = Field("", max_length=limits.COMPLAINT_REFERENCE)
    summary: str = Field("", max_length=limits.COMPLAINT_SUMMARY)
    hate: bool = False
    reporter: str = Field("applicant", max_length=limits.NAME)
    same_incident_as: str | None = Field(None, max_length=limits.COMPLAINT_ID)


class ApplicationIn(Schema):
    received: date | None = Field(None, description=f"Defaults to today. {PAST_DATE}")
    channel: Literal["phone", "in_person", "advocate", "online", "email", "letter"]
    applicant_type: Literal["individual", "business", "community_group"]
    victim: VictimIn
    advocate: AdvocateIn | None = None
    description: str = Field(min_length=1, max_length=limits.DESCRIPTION)
    impact: str = Field("", max_length=limits.IMPACT)
    consent_to_share: bool
    complaints: list[ComplaintIn] = Field([], max_length=limits.COMPLAINTS_MAX)


class DecisionIn(Schema):
    threshold_met: bool
    rationale: str = Field("", max_length=limits.RATIONALE)
    review_date: date | None = None


class HarmAssessmentIn(Schema):
    assessed_on: date = Field(description=f"The day of the assessment. {PAST_DATE}")
    method: Literal["phone", "in_person"]
    answers: HarmAnswers
    notes: str = Field("", max_length=limits.HARM_NOTES)


def _victim(v: VictimIn) -> VictimInput:
    # A free-text "large print" need gets the large-print letter without a second field.
    large_print = v.large_print or "large print" in v.support_needs.lower()
    return VictimInput(
        name=v.name,
        postcode=v.postcode,
        contact_preference=v.contact_preference,
        address=v.address,
        email=v.email,
        phone=v.phone,
        large_print=large_print,
        interpreter_language=v.interpreter_language,
        named_contact=v.named_contact,
        other_support_needs=v.support_needs,
    )


def _input(body: ApplicationIn) -> ApplicationInput:
    return ApplicationInput(
        received=body.received or local_today(),
        channel=body.channel,
        applicant_type=body.applicant_type,
        victim=_victim(body.victim),
        advocate=AdvocateInput(**body.advocate.dict()) if body.advocate else None,
        description=body.description,
        impact=body.impact,
        consent_to_share=body.consent_to_share,
        complaints=[
            ComplaintInput(
                key=c.id,
                behaviour_date=c.behaviour_date,
                reported_date=c.reported_date,
                agency=c.agency,
                reference=c.reference,
                summary=c.summary,
                hate=c.hate,
                reporter=c.reporter,
                same_incident_as=c.same_incident_as,
            )
            for c in body.complaints
        ],
    )


@router.post(
    "",
    response={201: ApplicationOut, **problems(403, 422)},
    summary="Record a request for a case review",
)
@idempotent
def application_create(request: StaffRequest, body: ApplicationIn) -> Status:
    require(request, "applications.record")
    application = services.application_record(
        membership=request.membership,
        data=_input(body),
    )
    return Status(201, application_answer(request, application))


@router.get(
    "",
    response={200: ApplicationList, **problems(403)},
    summary="The applications you may see, newest first",
)
def application_list(
    request: StaffRequest,
    status: str | None = Query(None),
    page: int = Query(1, ge=1),
) -> ApplicationList:
    require(request, "applications.open")
    membership = request.membership
    found = selectors.applications_for(membership)
    if status:
        found = found.filter(status=status)
    # What a list shows, from one query of plain values (not every complaint of every row);
    # counted without the projection's join and subqueries.
    count = found.count()
    start = (page - 1) * PAGE_SIZE
    rows = (
        selectors.application_summaries(found)[start : start + PAGE_SIZE] if start < count else []
    )
    today = local_today()
    items = [selectors.summary_of(row, today) for row in rows]
    return applications_answer(request, items, count)


@router.get(
    "/{reference}", response={200: ApplicationOut, **problems(404)}, summary="One application"
)
def application_detail(request: StaffRequest, reference: str) -> ApplicationOut:
    membership = request.membership
    application = whole_case.application_get(membership, reference)
    return application_answer(request, application, fetched=True)


@router.post(
    "/{reference}/decision",
    response={200: ApplicationOut, **problems(403, 404, 409, 422)},
    summary="The Chair's threshold decision; creates the acknowledgement letter",
)
@idempotent
def application_decide(request: StaffRequest, reference: str, body: DecisionIn) -> ApplicationOut:
    membership = request.membership
    application = whole_case.application_get(membership, reference)
    require(request, "decision.decide_object", application)
    threshold_decide(
        membership=membership,
        application=application,
        met=body.threshold_met,
        rationale=body.rationale,
        review_date=body.review_date,
    )
    return application_answer(request, application)


@router.post(
    "/{reference}/harm-assessment",
    response={201: ApplicationOut, **problems(403, 404, 409, 422)},
    summary="Record a harm assessment made with the victim (the coordinator)",
)
@idempotent
def application_harm_assess(
    request: StaffRequest, reference: str, body: HarmAssessmentIn
) -> Status:
    membership = request.membership
    application = whole_case.application_get(membership, reference)
    require(request, "applications.assess_harm", application)
    try:
        harm_assess(
            membership=membership,
            application=application,
            data=HarmInput(
                assessed_on=body.assessed_on,
                method=body.method,
                answers=body.answers.model_dump(),
                notes=body.notes,
            ),
        )
    except InvalidInput as refused:
        # The answers' fields are named inside `answers`, as the request body has them.
        raise InvalidInput(
            [
                FieldError(f"answers.{e.field}", e.message) if e.field not in _HARM_TOP else e
                for e in refused.errors
            ]
        ) from refused
    application = whole_case.application_get(membership, reference)
    return Status(201, application_answer(request, application))


_HARM_TOP = frozenset({"assessed_on", "method", "notes", "answers"})
