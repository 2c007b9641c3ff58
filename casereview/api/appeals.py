"""Appeals over the API: recording one, and its outcome."""

from datetime import date
from typing import Annotated, Literal, get_args

from ninja import Field, Router, Schema

from casereview.accounts.models import Role
from casereview.accounts.requests import StaffRequest
from casereview.api.auth import require
from casereview.api.errors import problems
from casereview.api.idempotency import idempotent
from casereview.api.reading import application_answer
from casereview.api.schemas.application import ApplicationOut
from casereview.appeals import selectors, services
from casereview.core import limits
from casereview.core.errors import FieldError, InvalidInput
from casereview.reviews.whole_case import application_get

router = Router(tags=["appeals"])
UPDATED = {200: ApplicationOut, **problems(403, 404, 409, 422)}
GroundName = Literal["threshold_wrongly_refused", "policy_not_considered", "facts_not_considered"]


FOR_APPEALS = (
    "Required for the appeals role (a coordinator, who sees the case already, leaves it out). "
)


class AppealIn(Schema):
    received: date = Field(
        description=f"From {limits.long_date(limits.EARLIEST_EVENT)} (when the case review "
        "came into force) to today."
    )
    grounds: list[GroundName] = Field(max_length=len(get_args(GroundName)))
    details: str = Field(max_length=limits.APPEAL_DETAILS)
    late_reason: str = Field("", max_length=limits.LATE_REASON)
    victim_surname: str = Field(
        "",
        max_length=200,
        description=FOR_APPEALS + "The victim's surname as the appellant gives it; case, "
        "spacing and punctuation are ignored. With the postcode it must match the application, "
        "or the answer is the 404 of an unknown reference.",
    )
    victim_postcode: str = Field(
        "",
        max_length=10,
        description=FOR_APPEALS + "The victim's postcode as the appellant gives it; case and "
        "spacing are ignored.",
    )


class OutcomeIn(Schema):
    upheld: bool
    findings: str = Field(max_length=limits.FINDINGS)
    recommendations: list[Annotated[str, Field(max_length=limits.RECOMMENDATION)]] = Field(
        [], max_length=limits.APPEAL_RECOMMENDATIONS_MAX
    )


@router.post(
    "/{reference}/appeal",
    response=UPDATED,
    summary="Record an appeal",
    description="The appeals role must give the victim's surname and postcode with the "
    "reference (a missing one is 422); an application they do not match answers 404, "
    "exactly as an unknown reference does. The partnership is told at once.",
)
@idempotent
def appeal(request: StaffRequest, reference: str, body: AppealIn) -> ApplicationOut:
    membership = request.membership
    require(request, "appeals.record")
    if membership.role == Role.APPEALS:
        missing = [
            FieldError(field, message)
            for field, message in (
                ("victim_surname", "Give the victim's surname, as the appellant gives it"),
                ("victim_postcode", "Give the victim's postcode, as the appellant gives it"),
            )
            if not getattr(body, field).strip()
        ]
        if missing:
            raise InvalidInput(missing)
    application = selectors.application_to_appeal(
        membership, reference, surname=body.victim_surname, postcode=body.victim_postcode
    )
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
