"""The review part of an application: partner requests, meeting, minutes, conclusion."""

from datetime import date

from ninja import Field, Schema

from casereview.api.schemas.types import IsoDateTime


class PartnerRequestOut(Schema):
    agency: str
    due: date
    state: str = Field(description="requested, viewed, overdue, contributed or nil_return")


class MeetingOut(Schema):
    starts_at: IsoDateTime
    location: str
    agencies: list[str]
    victim_invited: bool


class RecommendationOut(Schema):
    text: str
    agency: str
    response: str = Field(
        "awaiting", description="The agency's answer: awaiting, accepted or not_accepted"
    )
    person: int | None = Field(None, description="The id of the person on the case it concerns")


class ActionPartOut(Schema):
    agency: str
    status: str = Field(description="open or done: this agency's part")


class ActionOut(Schema):
    id: int
    text: str
    agency: str
    due: date
    status: str = Field(description="open or done: done once every owning agency's part is")
    agencies: list[str] = Field(
        default_factory=list, description="Every agency owning the action, the lead first"
    )
    parts: list[ActionPartOut] = Field(
        default_factory=list, description="Each owning agency's part"
    )
    person: int | None = Field(None, description="The id of the person on the case it concerns")


class MinutesOut(Schema):
    version: int
    summary: str
    decisions: list[str]
    approved: bool
    recommendations: list[RecommendationOut]
    actions: list[ActionOut]
    victim_response: str


class ConclusionOut(Schema):
    summary: str
    late: bool
    issued_at: IsoDateTime


class WithdrawalOut(Schema):
    reason: str
    at: IsoDateTime


class ReviewOut(Schema):
    partner_requests: list[PartnerRequestOut] = Field(
        description="A partner sees only its own agency's request"
    )
    meeting: MeetingOut | None
    minutes: MinutesOut | None = Field(description="The latest version")
    conclusion: ConclusionOut | None
    withdrawal: WithdrawalOut | None
