"""Applications over the API: record a request, list and read them, decide the threshold."""

from datetime import date, datetime
from typing import Any, Literal

import rules
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja import Field, Query, Router, Schema

from casereview.api.errors import problem, problems
from casereview.api.idempotency import idempotent
from casereview.applications import selectors, services
from casereview.applications.intake import AdvocateInput, ApplicationInput, ComplaintInput
from casereview.applications.models import Application
from casereview.applications.present import application_json
from casereview.core.audit import note_read
from casereview.core.errors import InvalidInput, NotAllowedNow
from casereview.decision.services import threshold_decide
from casereview.partnerships.selectors import policy_versions_of
from casereview.reviews import whole_case

router = Router(tags=["applications"])

PAGE_SIZE = 50
CONTRIBUTION_PURPOSE = "contribution to case review"
VIEW_PURPOSE = "managing an ASB case review (API)"


class VictimIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    postcode: str = Field(max_length=10)
    contact_preference: Literal["email", "post", "phone"]
    address: str = ""
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=40)
    support_needs: str = Field("", description="Free text, e.g. large print, an interpreter")
    large_print: bool = False
    interpreter_language: str = ""
    named_contact: str = ""


class AdvocateIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    victim_consent: bool
    organisation: str = ""
    relationship: str = ""
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=40)
    address: str = ""


class ComplaintIn(Schema):
    id: str = Field(min_length=1, max_length=20)
    behaviour_date: date
    reported_date: date
    agency: str = Field(description="An agency slug of the partnership, or `other`")
    reference: str = Field("", max_length=100)
    summary: str = ""
    hate: bool = False
    reporter: str = Field("applicant", max_length=200)
    same_incident_as: str | None = None


class ApplicationIn(Schema):
    received: date | None = Field(None, description="Defaults to today; never in the future")
    channel: Literal["phone", "in_person", "advocate", "online", "email", "letter"]
    applicant_type: Literal["individual", "business", "community_group"]
    victim: VictimIn
    advocate: AdvocateIn | None = None
    description: str = Field(min_length=1)
    impact: str = ""
    consent_to_share: bool
    complaints: list[ComplaintIn] = []


class DecisionIn(Schema):
    threshold_met: bool
    rationale: str = ""
    review_date: date | None = None


class LetterOut(Schema):
    id: int
    kind: str
    created: datetime
    delivery: str
    sent: datetime | None
    posted: datetime | None
    sha256: str


class ApplicationOut(Schema):
    reference: str
    partnership: str
    status: str
    received: date
    deadlines: dict[str, date]
    threshold: dict[str, Any]
    decision: dict[str, Any] | None
    letters: list[LetterOut]
    flags: dict[str, Any]


class ApplicationList(Schema):
    count: int
    items: list[ApplicationOut]


def _victim(v: VictimIn) -> Any:
    from casereview.applications.intake import VictimInput

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
        received=body.received or services.local_today(),
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


def invalid(exc: InvalidInput) -> HttpResponse:
    errors = [{"field": e.field, "message": e.message} for e in exc.errors]
    return problem(422, str(exc), errors=errors)


def require(request: HttpRequest, rule: str, obj: object | None = None) -> None:
    membership = request.membership  # type: ignore[attr-defined]
    allowed = rules.test_rule(rule, membership, obj) if obj else rules.test_rule(rule, membership)
    if not allowed:
        raise PermissionDenied("Your role may not do this.")


def _purpose(membership: Any) -> str:
    """Why a read happens, for the audit log: partners read to contribute."""
    return CONTRIBUTION_PURPOSE if membership.role == "partner" else VIEW_PURPOSE


def answer(
    request: HttpRequest, application: Application, status: int = 200, *, fetched: bool = False
) -> HttpResponse:
    """The application as JSON, read again after a write (`fetched`: it was just read)."""
    membership = request.membership  # type: ignore[attr-defined]
    fresh = (
        application if fetched else whole_case.application_get(membership, application.reference)
    )
    note_read(
        request,
        object_type="application",
        object_id=fresh.reference,
        partnership_id=fresh.partnership_id,
        purpose=_purpose(membership),
    )
    return JsonResponse(application_json(fresh, membership), status=status)


@router.post(
    "",
    response={201: ApplicationOut, **problems(403, 422)},
    summary="Record a request for a case review",
)
@idempotent
def application_create(request: HttpRequest, body: ApplicationIn) -> HttpResponse:
    require(request, "applications.record")
    try:
        application = services.application_record(
            membership=request.membership,  # type: ignore[attr-defined]
            data=_input(body),
        )
    except InvalidInput as exc:
        return invalid(exc)
    return answer(request, application, status=201)


@router.get(
    "",
    response={200: ApplicationList, **problems(403)},
    summary="The applications you may see, newest first",
)
def application_list(
    request: HttpRequest,
    status: str | None = Query(None),
    page: int = Query(1, ge=1),
) -> HttpResponse:
    require(request, "applications.open")
    membership = request.membership  # type: ignore[attr-defined]
    found = whole_case.applications_with_details(membership)
    if status:
        found = found.filter(status=status)
    paginator = Paginator(found.order_by("-received", "-pk"), PAGE_SIZE)
    items = list(paginator.page(page).object_list) if page <= paginator.num_pages else []
    for application in items:
        note_read(
            request,
            object_type="application",
            object_id=application.reference,
            partnership_id=application.partnership_id,
            purpose=_purpose(membership),
        )
    # The appeals body spans partnerships: each item then finds its own policy.
    versions = list(policy_versions_of(membership)) if items and membership.partnership_id else None
    duplicates = selectors.possible_duplicates_among(membership, items)
    return JsonResponse(
        {
            "count": paginator.count,
            "items": [
                application_json(a, membership, versions, duplicates.get(a.pk, [])) for a in items
            ],
        }
    )


@router.get(
    "/{reference}", response={200: ApplicationOut, **problems(404)}, summary="One application"
)
def application_detail(request: HttpRequest, reference: str) -> HttpResponse:
    membership = request.membership  # type: ignore[attr-defined]
    application = whole_case.application_get(membership, reference)
    return answer(request, application, fetched=True)


@router.post(
    "/{reference}/decision",
    response={200: ApplicationOut, **problems(403, 404, 409, 422)},
    summary="The Chair's threshold decision; creates the acknowledgement letter",
)
@idempotent
def application_decide(request: HttpRequest, reference: str, body: DecisionIn) -> HttpResponse:
    membership = request.membership  # type: ignore[attr-defined]
    application = whole_case.application_get(membership, reference)
    require(request, "decision.decide_object", application)
    try:
        threshold_decide(
            membership=membership,
            application=application,
            met=body.threshold_met,
            rationale=body.rationale,
            review_date=body.review_date,
        )
    except InvalidInput as exc:
        return invalid(exc)
    except NotAllowedNow as exc:
        return problem(409, str(exc))
    return answer(request, application)
