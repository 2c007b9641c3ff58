"""Appeals over the API: recording one, and its outcome."""

from datetime import date
from typing import Annotated, Literal, get_args

from ninja import Field, Router, Schema

from casereview.accounts.requests import StaffRequest
from casereview.api.auth import require
from casereview.api.errors import problems
from casereview.api.idempotency import idempotent
from casereview.api.reading import application_answer
from casereview.api.schemas.application import ApplicationOut
from casereview.appeals import selectors, services
from casereview.core import limits
from casereview.reviews.whole_case import application_get

router = Router(tags=["appeals"])
UPDATED = {200: ApplicationOut, **problems(403, 404, 409, 422)}
GroundName = Literal["threshold_wrongly_refused", "policy_not_considered", "facts_not_considered"]


class AppealIn(Schema):
    received: date = Field(
        description=f"From {limits.long_date(limits.EARLIEST_EVENT)} (when the case review "
        "came into force) to today."
    )
    grounds: list[GroundName] = Field(max_length=len(get_args(GroundName)))
    details: str = Field(max_length=limits.APPEAL_DETAILS)
    late_reason: str = Field("", max_length=limits.LATE_REASON)


class OutcomeIn(Schema):
    upheld: bool
    findings: str = Field(max_length=limits.FINDINGS)
    recommendations: list[Annotated[str, Field(max_length=limits.RECOMMENDATION)]] = Field(
        [], max_length=limits.APPEAL_RECOMMENDATIONS_MAX
    )


@router.post("/{reference}/appeal", response=UPDATED, summary="Record an appeal")
@idempotent
def appeal(request: StaffRequest, reference: str, body: AppealIn) -> ApplicationOut:
    membership = request.membership
    require(request, "appeals.record")
    application = selectors.application_to_appeal(membership, reference)
    services.appeal_record(
        membership=membership,
        application=application,
        received=body.received,
        grounds=list(body.grounds),
        details=body.details,
        late_reason=body.late_reason,
    )
    return application_answer(request, application)


@router.post(
    "/{reference}/appeal/outcome",
    response=UPDATED,
    summary="The appeal's outcome; creates the outcome letter",
)
@idempotent
def appeal_outcome(request: StaffRequest, reference: str, body: OutcomeIn) -> ApplicationOut:
    membership = request.membership
    application = application_get(membership, reference)
    require(request, "appeals.decide")
    services.appeal_decide(
        membership=membership,
        application=application,
        upheld=body.upheld,
        findings=body.findings,
        recommendations=body.recommendations,
    )
    return application_answer(request, application)
