"""The multi-agency review: partner requests and contributions, the meeting, the minutes
with their recommendations and actions, and the notices sent along the way. One module per
part of the review; every model is imported here, where Django and callers find it."""

from casereview.reviews.models.meeting import Meeting, MeetingPack
from casereview.reviews.models.minutes import (
    Action,
    ActionPart,
    ActionStatus,
    Attendee,
    Minutes,
    MinutesDraft,
    Recommendation,
    RecommendationAnswer,
    RecommendationResponse,
)
from casereview.reviews.models.outcome import Conclusion, Withdrawal
from casereview.reviews.models.partners import (
    Attachment,
    Contribution,
    Involvement,
    InvolvementKind,
    Notice,
    NoticeKind,
    PartnerRequest,
)

__all__ = [
    "Action",
    "ActionPart",
    "ActionStatus",
    "Attachment",
    "Attendee",
    "Conclusion",
    "Contribution",
    "Involvement",
    "InvolvementKind",
    "Meeting",
    "MeetingPack",
    "Minutes",
    "MinutesDraft",
    "Notice",
    "NoticeKind",
    "PartnerRequest",
    "Recommendation",
    "RecommendationAnswer",
    "RecommendationResponse",
    "Withdrawal",
]
