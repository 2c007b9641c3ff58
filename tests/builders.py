"""Builders for applications: an `ApplicationInput`, the API-shaped body, and a case driven
through the real services to any stage of the process (`case_at`)."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from casereview.accounts.models import Membership, Role
from casereview.appeals.models import Ground
from casereview.appeals.services import appeal_record
from casereview.applications.intake import (
    AdvocateInput,
    ApplicationInput,
    ComplaintInput,
    VictimInput,
)
from casereview.applications.models import Application
from casereview.applications.services import application_record
from casereview.core.dates import local_today
from casereview.decision.services import Factors, threshold_decide
from casereview.partnerships.models import Agency
from casereview.reviews.models import PartnerRequest
from casereview.reviews.services.conclusion import conclusion_issue
from casereview.reviews.services.contributions import InvolvementInput, contribution_save
from casereview.reviews.services.meeting import meeting_schedule
from casereview.reviews.services.minutes import (
    ActionInput,
    RecommendationInput,
    current_minutes,
    minutes_approve,
    minutes_record,
)
from casereview.reviews.services.partners import partner_requests_send


def days_ago(n: int) -> date:
    return local_today() - timedelta(days=n)


def four_complaints() -> list[ComplaintInput]:
    """Issue 3's scenario: one reported late, two about the same incident, so not met."""
    return [
        ComplaintInput("c1", days_ago(60), days_ago(59), "police", reference="SP-1"),
        ComplaintInput("c2", days_ago(100), days_ago(50), "council"),  # reported late
        ComplaintInput("c3", days_ago(20), days_ago(20), "police", reference="SP-2"),
        ComplaintInput("c4", days_ago(20), days_ago(19), "housing", same_incident_as="c3"),
    ]


def application_input(**overrides: Any) -> ApplicationInput:
    values: dict[str, Any] = {
        "received": local_today(),
        "channel": "phone",
        "applicant_type": "individual",
        "victim": VictimInput(
            name="Robin Victim",
            postcode="ST5 1AB",
            contact_preference="email",
            email="robin@example.org",
            address="2 Test Road\nNewcastle-under-Lyme",
        ),
        "advocate": AdvocateInput(
            name="Ada Advocate",
            victim_consent=True,
            organisation="Victim Support",
            relationship="Support worker",
            email="ada@example.org",
        ),
        "description": "Stones thrown at the windows every weekend.",
        "impact": "Frightened at home.",
        "consent_to_share": True,
        "complaints": four_complaints(),
    }
    values.update(overrides)
    return ApplicationInput(**values)


def api_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "received": local_today().isoformat(),
        "channel": "phone",
        "applicant_type": "individual",
        "victim": {
            "name": "Robin Victim",
            "postcode": "ST5 1AB",
            "contact_preference": "email",
            "email": "robin@example.org",
            "support_needs": "",
        },
        "advocate": {
            "name": "Ada Advocate",
            "organisation": "Victim Support",
            "relationship": "Support worker",
            "email": "ada@example.org",
            "victim_consent": True,
        },
        "description": "Stones thrown at the windows every weekend.",
        "consent_to_share": True,
        "complaints": [
            {
                "id": c.key,
                "behaviour_date": c.behaviour_date.isoformat(),
                "reported_date": c.reported_date.isoformat(),
                "agency": c.agency,
                "reference": c.reference,
                "same_incident_as": c.same_incident_as,
            }
            for c in four_complaints()
        ],
    }
    body.update(overrides)
    return body


# --- a case at any stage ---------------------------------------------------------------------

STAGES = (
    "received",
    "decided",
    "asked",
    "contributed",
    "met",
    "minuted",
    "concluded",
    "appealed",
)
# A request refused at the threshold can only be appealed; the review never starts.
NOT_MET_STAGES = ("received", "decided", "appealed")
# The record each stage leaves (as a lookup from the application), latest stage first: the
# newest one a case has is the stage it is at, so `case_at` can carry on from there.
_EVIDENCE = (
    ("appealed", "appeal"),
    ("concluded", "conclusion"),
    ("minuted", "minutes"),
    ("met", "meeting"),
    ("contributed", "partner_requests__contribution"),
    ("asked", "partner_requests"),
    ("decided", "decision"),
)


@dataclass(frozen=True)
class _Plan:
    """Who does each step, and how; built once from `case_at`'s options."""

    coordinator: Membership
    chair: Membership
    met: bool
    review_date: date | None
    asked: Sequence[str] | None
    contributing: Sequence[str] | None
    meeting_at: datetime | None
    recommendations: Sequence[str]
    actions: Sequence[str]
    plan_for: str
    approve_minutes: bool

    def agency(self, slug: str) -> Agency:
        return Agency.objects.get(partnership=self.coordinator.partnership, slug=slug)


def case_at(
    stage: str,
    *,
    by: str = "pso@nul.example",
    application: Application | None = None,
    met: bool = True,
    review_date: date | None = None,
    asked: Sequence[str] | None = None,
    contributing: Sequence[str] | None = None,
    meeting_at: datetime | None = None,
    recommendations: Sequence[str] = ("Install CCTV",),
    actions: Sequence[str] = ("Patrol Friday nights",),
    plan_for: str = "police",
    approve_minutes: bool = True,
    **overrides: Any,
) -> Application:
    """A case driven through the real services (so its audit entries and letters are real)
    to `stage`, each stage building on the one before:

    - "received": recorded by the coordinator `by` (its partnership is the case's), from
      `application_input(**overrides)`;
    - "decided": the partnership's Chair decides the threshold `met` (or not), with the
      review to be completed by `review_date` (default: the conclusion deadline);
    - "asked": the coordinator asks the agencies `asked` (slugs; default every active agency,
      `()` for none) for their involvement;
    - "contributed": each agency in `contributing` (default: every asked agency that has an
      officer) returns one contact, through its officer;
    - "met": the coordinator sets the meeting at `meeting_at` (default now, so it has
      started), inviting the agencies asked;
    - "minuted": the minutes are recorded with the `recommendations` and `actions` (each for
      the agency `plan_for`), and the Chair approves them unless `approve_minutes` is False;
    - "concluded": the Chair issues the conclusion and its letter;
    - "appealed": the coordinator records the applicant's appeal against the last letter
      (the conclusion, or the not-met acknowledgement when `met` is False).

    A case not met goes from "decided" straight to "appealed". Given an `application`, the
    case carries on from the stage that application has reached. Letters' PDFs and emails
    follow on commit: wrap the call in `django_capture_on_commit_callbacks` to get them.
    """
    coordinator = Membership.objects.select_related("partnership").get(user__email=by)
    if application is None:
        application = application_record(
            membership=coordinator, data=application_input(**overrides)
        )
    met = _met(application, met)
    path = STAGES if met else NOT_MET_STAGES
    if stage not in path:
        raise ValueError(f"A case {'' if met else 'not '}met never reaches {stage!r}: {path}")
    plan = _Plan(
        coordinator=coordinator,
        chair=Membership.objects.get(partnership=coordinator.partnership, role=Role.CHAIR),
        met=met,
        review_date=review_date,
        asked=asked,
        contributing=contributing,
        meeting_at=meeting_at,
        recommendations=recommendations,
        actions=actions,
        plan_for=plan_for,
        approve_minutes=approve_minutes,
    )
    for step in path[path.index(stage_of(application)) + 1 : path.index(stage) + 1]:
        _STEPS[step](application, plan)
        application.refresh_from_db()
    return application


def stage_of(application: Application) -> str:
    """The furthest stage the application has reached, by the records it has."""
    cases = Application.objects.filter(pk=application.pk)
    for stage, relation in _EVIDENCE:
        if cases.filter(**{f"{relation}__isnull": False}).exists():
            return stage
    return "received"


def _met(application: Application, wanted: bool) -> bool:
    """A decision already taken is the one the case follows."""
    decision = Application.objects.filter(pk=application.pk).values_list("decision__met", flat=True)
    taken = decision.first()
    return wanted if taken is None else taken


def _decide(application: Application, plan: _Plan) -> None:
    threshold_decide(
        membership=plan.chair,
        application=application,
        met=plan.met,
        # Given whatever the engine recommends: a departure from it needs reasons.
        rationale="Escalating harm to a vulnerable victim.",
        review_date=(plan.review_date or application.conclusion_due) if plan.met else None,
        # Met below the complaint count (s.104(5)): the reasons against each factor.
        factors=Factors(
            persistence="Weekly for a year.",
            harm="The victim cannot sleep.",
            response="Nothing has stopped it.",
        ),
    )


def _ask(application: Application, plan: _Plan) -> None:
    if plan.asked is not None and not plan.asked:
        return
    agencies = None if plan.asked is None else [plan.agency(slug) for slug in plan.asked]
    partner_requests_send(membership=plan.coordinator, application=application, agencies=agencies)


def _officer_of(request: PartnerRequest) -> Membership | None:
    return Membership.objects.filter(agency=request.agency, role=Role.PARTNER).first()


def _contributes(request: PartnerRequest, officer: Membership | None, plan: _Plan) -> bool:
    if plan.contributing is None:
        return officer is not None
    return request.agency.slug in plan.contributing


def _contribute(application: Application, plan: _Plan) -> None:
    for request in application.partner_requests.select_related("agency"):
        officer = _officer_of(request)
        if not _contributes(request, officer, plan):
            continue
        if officer is None:
            raise ValueError(f"{request.agency.slug} has no officer to contribute")
        contribution_save(
            membership=officer,
            request=request,
            nil_return=False,
            summary=f"{request.agency.name} visited the victim twice.",
            entries=[InvolvementInput(days_ago(9), "contact", "Visited the victim.")],
        )


def _meet(application: Application, plan: _Plan) -> None:
    meeting_schedule(
        membership=plan.coordinator,
        application=application,
        starts_at=plan.meeting_at or timezone.now(),
        location="Civic Centre",
    )


def _minute(application: Application, plan: _Plan) -> None:
    agency = plan.agency(plan.plan_for)
    minutes_record(
        membership=plan.coordinator,
        application=application,
        summary="The partners discussed the case with the victim's advocate.",
        decisions=["Joint visit"],
        recommendations=[RecommendationInput(text, agency) for text in plan.recommendations],
        actions=[
            ActionInput(text, agency, local_today() + timedelta(days=14)) for text in plan.actions
        ],
    )
    if plan.approve_minutes:
        minutes_approve(membership=plan.chair, application=application)


def _conclude(application: Application, plan: _Plan) -> None:
    minutes = current_minutes(application)
    if minutes is not None and not minutes.approved:
        minutes_approve(membership=plan.chair, application=application)
    conclusion_issue(membership=plan.chair, application=application, summary="A plan is agreed.")


def _appeal(application: Application, plan: _Plan) -> None:
    appeal_record(
        membership=plan.coordinator,
        application=application,
        received=local_today(),
        grounds=[Ground.FACTS_NOT_CONSIDERED if plan.met else Ground.THRESHOLD_WRONGLY_REFUSED],
        details="Relevant complaints were not considered.",
    )


_STEPS: dict[str, Callable[[Application, _Plan], None]] = {
    "decided": _decide,
    "asked": _ask,
    "contributed": _contribute,
    "met": _meet,
    "minuted": _minute,
    "concluded": _conclude,
    "appealed": _appeal,
}
