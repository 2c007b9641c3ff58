"""The life of an application, in one place: its statuses in groups, the moves allowed between
them, the one function that moves a status, when it closed, and the milestones it is held to
(the statutory letters and the review date). Every stage asks this module; none keeps its own
copy of a rule."""

from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone

from casereview.applications.models import Application, Letter, Status
from casereview.clock.deadlines import Milestone
from casereview.clock.workdays import add_working_days
from casereview.core.errors import NotAllowedNow
from casereview.partnerships.models import Partnership
from casereview.partnerships.selectors import case_settings_of

# Still being worked on: a duplicate request for the same victim should be noticed.
OPEN = (
    Status.RECEIVED,
    Status.THRESHOLD_MET,
    Status.IN_REVIEW,
    Status.REVIEWED,
    Status.APPEALED,
    # Upheld: the partnership takes the decision again or reconvenes the review.
    Status.APPEAL_UPHELD,
)
# Finished: nothing more happens unless an appeal is made; the retention clock runs.
CLOSED = (
    Status.THRESHOLD_NOT_MET,
    Status.CONCLUDED,
    Status.WITHDRAWN,
    Status.APPEAL_NOT_UPHELD,
)
# The review is being prepared: partners can be asked and the meeting arranged.
BEFORE_MINUTES = (Status.THRESHOLD_MET, Status.IN_REVIEW)
# Working on the case, so the conclusion deadline applies.
CONCLUSION_PENDING = (Status.THRESHOLD_MET, Status.IN_REVIEW, Status.REVIEWED)
WITHDRAWABLE = (Status.RECEIVED, *CONCLUSION_PENDING)
# A letter the applicant can appeal against has been sent: a not-met decision or a conclusion.
APPEALABLE = (Status.THRESHOLD_NOT_MET, Status.CONCLUDED)

TRANSITIONS: dict[str, frozenset[str]] = {
    Status.RECEIVED: frozenset({Status.THRESHOLD_MET, Status.THRESHOLD_NOT_MET}),
    Status.THRESHOLD_MET: frozenset({Status.IN_REVIEW, Status.REVIEWED}),
    Status.IN_REVIEW: frozenset({Status.REVIEWED}),
    Status.REVIEWED: frozenset({Status.CONCLUDED}),
    Status.THRESHOLD_NOT_MET: frozenset({Status.APPEALED}),
    Status.CONCLUDED: frozenset({Status.APPEALED}),
    Status.APPEALED: frozenset({Status.APPEAL_UPHELD, Status.APPEAL_NOT_UPHELD}),
    # An upheld appeal reopens the case: after a not-met decision the Chair decides again;
    # after a conclusion the coordinator reconvenes the review (see `reopened_by`).
    Status.APPEAL_UPHELD: frozenset(
        {Status.THRESHOLD_MET, Status.THRESHOLD_NOT_MET, Status.IN_REVIEW}
    ),
}
# The partnership's next step after an upheld appeal, by what was appealed against.
RETAKE_DECISION = "retake_decision"
RECONVENE_REVIEW = "reconvene_review"


def can_move(current: str, to: str) -> bool:
    if to == Status.WITHDRAWN:
        return current in WITHDRAWABLE
    return to in TRANSITIONS.get(current, frozenset())


def status_move(application: Application, to: str) -> None:
    """Move a locked application (select_for_update, inside the caller's transaction) to `to`
    and save it; refuse a move the process does not allow."""
    if not can_move(application.status, to):
        raise NotAllowedNow(
            f"An application that is {application.get_status_display().lower()} cannot become "
            f"{Status(to).label.lower()}."
        )
    application.status = to
    application.save(update_fields=["status"])


def reopened_by(application: Application) -> str | None:
    """What an upheld appeal asks of the partnership now, or None when nothing is waiting:
    `RETAKE_DECISION` when the appeal was against a not-met decision (the Chair decides
    again), `RECONVENE_REVIEW` when it was against the conclusion (a new meeting, minutes and
    conclusion). Read from the stages' records: a current conclusion means the review had
    concluded; otherwise the appealed letter was the not-met decision."""
    if application.status != Status.APPEAL_UPHELD:
        return None
    if getattr(application, "conclusion", None) is not None:
        return RECONVENE_REVIEW
    return RETAKE_DECISION


def may_appeal(application: Application) -> bool:
    """A not-met decision or a conclusion has been sent and no appeal has been heard yet: a
    case has one appeal, so the decision or conclusion made again after an upheld appeal is
    not appealed to the office a second time (its letter names the Ombudsman instead)."""
    return application.status in APPEALABLE and getattr(application, "appeal", None) is None


def closed_on(application: Application) -> date | None:
    """When the case closed: the latest of its decision (if not met), conclusion,
    withdrawal and appeal outcome (read from the stages' records joined to it)."""
    moments: list[datetime] = []
    decision = getattr(application, "decision", None)
    if decision is not None and not decision.met:
        moments.append(decision.decided_at)
    for name, field in (
        ("conclusion", "issued_at"),
        ("withdrawal", "withdrawn_at"),
        ("appeal", "decided_at"),
    ):
        related = getattr(application, name, None)
        if related is not None and getattr(related, field) is not None:
            moments.append(getattr(related, field))
    return timezone.localdate(max(moments)) if moments else None


def appeal_by(partnership: Partnership, sent_on: date) -> date:
    """The last day to appeal a letter sent on `sent_on`: the partnership's appeal window,
    in working days."""
    days = case_settings_of(partnership).appeal_working_days
    return add_working_days(sent_on, days)


CONCLUSION_LETTER = "Conclusion letter"
ACKNOWLEDGEMENT_LETTER = "Acknowledgement letter"
REVIEW_COMPLETED = "Review completed"
LETTER_WAITING = "Written, not yet sent"
WITHDRAWN_NOT_NEEDED = "Not needed: the request was withdrawn"
NO_REVIEW_NOT_NEEDED = "Not needed: the review did not take place"


def dispatched_on(letter: Letter) -> date | None:
    """When a letter reached the applicant's hands or inbox: emailed or posted, not written."""
    moment = letter.sent_at or letter.posted_at
    return timezone.localdate(moment) if moment else None


def milestones_of(application: Application, letters: list[Letter]) -> list[Milestone]:
    def first(kind: str) -> Letter | None:
        return next((lt for lt in letters if lt.kind == kind), None)

    acknowledgement, conclusion = first("acknowledgement"), first("conclusion")
    decision = getattr(application, "decision", None)
    minutes = list(application.minutes.all())
    return case_milestones(
        CaseDates(
            acknowledgement_due=application.acknowledgement_due,
            conclusion_due=application.conclusion_due,
            decision_met=None if decision is None else decision.met,
            review_date=None if decision is None else decision.review_date,
            status=application.status,
            reviewed_on=min((timezone.localdate(m.recorded_at) for m in minutes), default=None),
            waiting=frozenset(
                lt.kind for lt in (acknowledgement, conclusion) if lt and lt.awaiting_dispatch
            ),
        ),
        dispatched_on(acknowledgement) if acknowledgement else None,
        dispatched_on(conclusion) if conclusion else None,
    )


@dataclass(frozen=True)
class CaseDates:
    acknowledgement_due: date
    conclusion_due: date
    decision_met: bool | None  # None: not decided yet
    review_date: date | None
    status: str = Status.RECEIVED
    reviewed_on: date | None = None  # the first minutes were recorded
    waiting: frozenset[str] = frozenset()  # letter kinds written but not yet sent or posted


def case_milestones(
    dates: CaseDates, acknowledged: date | None, concluded: date | None
) -> list[Milestone]:
    """The milestones a case is held to, each saying what is true now: the acknowledgement
    letter; the review date the Chair set; and the conclusion letter unless the threshold was
    found not met. A letter is done when it was sent or posted (`acknowledged`, `concluded`),
    not when it was written; a withdrawn request owes nothing more."""
    withdrawn = dates.status == Status.WITHDRAWN

    def milestone(name: str, due: date, done_on: date | None, kind: str = "") -> Milestone:
        if done_on is not None:
            return Milestone(name, due, done_on)
        if withdrawn:
            return Milestone(name, due, not_needed=WITHDRAWN_NOT_NEEDED)
        return Milestone(name, due, waiting=LETTER_WAITING if kind in dates.waiting else "")

    milestones = [
        milestone(
            ACKNOWLEDGEMENT_LETTER, dates.acknowledgement_due, acknowledged, "acknowledgement"
        )
    ]
    if dates.review_date is not None:
        review = milestone(REVIEW_COMPLETED, dates.review_date, dates.reviewed_on)
        if review.is_open and dates.status not in BEFORE_MINUTES:
            # Appealed or closed without minutes: the review date is no longer a deadline.
            review = Milestone(REVIEW_COMPLETED, dates.review_date, not_needed=NO_REVIEW_NOT_NEEDED)
        milestones.append(review)
    if dates.decision_met is not False:  # undecided or met
        milestones.append(
            milestone(CONCLUSION_LETTER, dates.conclusion_due, concluded, "conclusion")
        )
    return milestones
