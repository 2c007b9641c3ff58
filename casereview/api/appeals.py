"""Appeals over the API: recording one, and its outcome."""

from datetime import date
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema

from casereview.api.applications import ApplicationOut, answer, invalid, require
from casereview.api.errors import problem, problems
from casereview.api.idempotency import idempotent
from casereview.appeals import selectors, services
from casereview.core.errors import InvalidInput, NotAllowedNow
from casereview.reviews.whole_case import application_get

router = Router(tags=["appeals"])
UPDATED = {200: ApplicationOut, **problems(403, 404, 409, 422)}
GroundName = Literal["threshold_wrongly_refused", "policy_not_considered", "facts_not_considered"]


class AppealIn(Schema):
    received: date
    grounds: list[GroundName]
    details: str
    late_reason: str = ""


class OutcomeIn(Schema):
    upheld: bool
    findings: str
    recommendations: list[str] = []


def _run(request: HttpRequest, application: Any, work: Any) -> HttpResponse:
    try:
        work()
    except InvalidInput as exc:
        return invalid(exc)
    except NotAllowedNow as exc:
        return problem(409, str(exc))
    return answer(request, application)


@router.post("/{reference}/appeal", response=UPDATED, summary="Record an appeal")
@idempotent
def appeal(request: HttpRequest, reference: str, body: AppealIn) -> HttpResponse:
    membership = request.membership  # type: ignore[attr-defined]
    require(request, "appeals.record")
    application = selectors.application_to_appeal(membership, reference)
    return _run(
        request,
        application,
        lambda: services.appeal_record(
            membership=membership,
            application=application,
            received=body.received,
            grounds=list(body.grounds),
            details=body.details,
            late_reason=body.late_reason,
        ),
    )


@router.post(
    "/{reference}/appeal/outcome",
    response=UPDATED,
    summary="The appeal's outcome; creates the outcome letter",
)
@idempotent
def appeal_outcome(request: HttpRequest, reference: str, body: OutcomeIn) -> HttpResponse:
    membership = request.membership  # type: ignore[attr-defined]
    application = application_get(membership, reference)
    require(request, "appeals.decide")
    return _run(
        request,
        application,
        lambda: services.appeal_decide(
            membership=membership,
            application=application,
            upheld=body.upheld,
            findings=body.findings,
            recommendations=body.recommendations,
        ),
    )
