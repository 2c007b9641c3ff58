"""An application as the API answers it (API.md)."""

from datetime import date

from ninja import Field, Schema

from casereview.api.schemas.people import PersonAny
from casereview.api.schemas.review import ReviewOut
from casereview.api.schemas.threshold import ThresholdOut
from casereview.api.schemas.types import IsoDateTime
from casereview.applications.models import (
    ApplicantType,
    Channel,
    ContactPreference,
    HarmLevel,
    Status,
)


class DeadlinesOut(Schema):
    acknowledgement_due: date
    conclusion_due: date


class VictimOut(Schema):
    name: str
    address: str
    postcode: str
    email: str
    phone: str
    contact_preference: ContactPreference
    support_needs: list[str] = Field(description="Each need in words, e.g. large print")


class AdvocateOut(Schema):
    name: str
    organisation: str
    relationship: str
    email: str
    phone: str
    address: str
    victim_consent: bool


class ComplaintOut(Schema):
    id: str
    behaviour_date: date
    reported_date: date
    agency: str = Field(description="An agency slug of the partnership, or `other`")
    relevant_body: bool
    reference: str
    summary: str
    hate: bool
    reporter: str
    same_incident_as: str | None


class PolicyVersionOut(Schema):
    id: int
    effective_from: date


class DecisionOut(Schema):
    threshold_met: bool
    rationale: str
    review_date: date | None
    follows_recommendation: bool
    policy_version: PolicyVersionOut
    decided_at: IsoDateTime


class HarmAnswers(Schema):
    """The harm assessment's answers (docs/harm.md): how long the behaviour has gone on, the
    yes-or-no questions (left out: no), and how well agencies have responded so far."""

    persistence: str = Field(description="once, weeks, months or year")
    health: bool = False
    sleep: bool = False
    leaving_home: bool = False
    work_or_school: bool = False
    thoughts_of_moving: bool = False
    age: bool = False
    disability: bool = False
    mental_health: bool = False
    isolation: bool = False
    previous_victimisation: bool = False
    hate_motivation: bool = False
    others_affected: bool = False
    children_affected: bool = False
    response: str = Field(description="effective, partial or none")


class HarmOut(Schema):
    """The latest harm assessment (docs/harm.md), scored under the partnership's harm
    scoring policy in effect on the day it was made."""

    level: HarmLevel
    policy_version: int = Field(description="The harm scoring policy's version number")
    assessed_on: date
    answers: HarmAnswers | None = Field(
        description="The victim's answers (persistence, the yes-or-no questions, response); "
        "null for partner agencies, who see only the level"
    )


class DecisionSummaryOut(Schema):
    """The decision as a partner agency sees it: the outcome, not the Chair's reasons."""

    threshold_met: bool
    review_date: date | None


class LetterOut(Schema):
    id: int
    kind: str = Field(description="acknowledgement, conclusion, appeal_outcome, or another kind")
    created: IsoDateTime
    delivery: str
    sent: IsoDateTime | None
    posted: IsoDateTime | None
    sha256: str


class FlagsOut(Schema):
    possible_duplicate: bool = Field(
        description="Another open application exists for the same victim (name and postcode), "
        "whether or not you may open it: ask the coordinator about one not listed in "
        "`possible_duplicate_of`"
    )
    possible_duplicate_of: list[str] = Field(
        description="The open applications for the same victim that you may open"
    )
    possible_single_incidents: list[list[str]] = Field(
        description="Pairs of complaint ids that may be one incident reported twice"
    )


class ApplicationOut(Schema):
    reference: str
    partnership: str
    status: Status
    received: date
    channel: Channel
    applicant_type: ApplicantType
    deadlines: DeadlinesOut
    threshold: ThresholdOut
    victim: VictimOut
    advocate: AdvocateOut | None
    description: str
    impact: str
    complaints: list[ComplaintOut]
    decision: DecisionOut | DecisionSummaryOut | None
    letters: list[LetterOut] = Field(description="Empty for partner agencies")
    review: ReviewOut
    flags: FlagsOut
    people: list[PersonAny] = Field(
        description="The alleged perpetrators, household members and witnesses you may see: "
        "partner agencies get a witness's or household member's contact details only when the "
        "coordinator shared them with their agency"
    )
    harm: HarmOut | None = Field(description="The latest harm assessment; null when none")


class NextDeadlineOut(Schema):
    deadline: str = Field(
        description="acknowledgement (the Chair's decision and its letter) while the request "
        "is received; conclusion once the threshold is met"
    )
    due: date
    overdue: bool


class ApplicationSummaryOut(Schema):
    """An application as a list shows it; the whole application is
    `GET /api/v1/applications/{reference}`."""

    reference: str
    partnership: str
    status: Status
    received: date
    victim_name: str
    deadlines: DeadlinesOut
    next_deadline: NextDeadlineOut | None = Field(
        description="The deadline the case is working to now; null once decided not met, "
        "concluded, withdrawn or appealed"
    )
    complaints: int = Field(description="How many complaints the application lists")
    harm_level: HarmLevel | None = Field(description="The latest harm assessment's level")
    possible_duplicate: bool = Field(
        description="Another open application exists for the same victim (name and postcode); "
        "the application itself names those you may open"
    )


class ApplicationList(Schema):
    count: int
    items: list[ApplicationSummaryOut]
