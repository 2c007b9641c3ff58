"""An application as the API answers it (API.md)."""

from datetime import date

from ninja import Field, Schema

from casereview.api.schemas.people import PersonAny
from casereview.api.schemas.review import ReviewOut
from casereview.api.schemas.threshold import ThresholdOut
from casereview.api.schemas.types import IsoDateTime
from casereview.applications.models import ApplicantType, Channel, ContactPreference, Status


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


class ApplicationList(Schema):
    count: int
    items: list[ApplicationOut]
