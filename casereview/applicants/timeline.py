"""The applicant's plain-English timeline: what has happened, and what happens next.

Each line must be true in the case's present state: a promise ("We will decide … by …") only
while it is still owed, the past tense only for what has happened. Each stage's lines come
from one small function in `STEPS`; a new stage adds its function there.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone

from casereview.applications.lifecycle import BEFORE_MINUTES, dispatched_on
from casereview.applications.models import Application, Delivery, Letter, LetterKind, Status


@dataclass(frozen=True)
class Step:
    when: date | None
    what: str
    detail: str = ""


def _govuk(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _received(application: Application, letters: list[Letter]) -> list[Step]:
    return [Step(application.received, "We received your request")]


def _decision(application: Application, letters: list[Letter]) -> list[Step]:
    decision = getattr(application, "decision", None)
    if decision is None:
        if application.status != Status.RECEIVED:  # withdrawn before the decision
            return []
        return [
            Step(
                None,
                "We will decide whether your request meets the threshold for a case review",
                f"By {_govuk(application.acknowledgement_due)}",
            )
        ]
    why = decision.engine_output.get("explanation", "")
    if decision.rationale and decision.met != bool(decision.engine_output.get("met")):
        why = decision.rationale
    steps = [
        Step(
            timezone.localdate(decision.decided_at),
            "Your request meets the threshold for a case review"
            if decision.met
            else "Your request does not meet the threshold for a case review",
            why,
        )
    ]
    # The completion date is a promise only while the review is still being prepared.
    if decision.met and decision.review_date and application.status in BEFORE_MINUTES:
        steps.append(Step(decision.review_date, "The review is to be completed by this date"))
    return steps


def _meeting(application: Application, letters: list[Letter]) -> list[Step]:
    meeting = getattr(application, "meeting", None)
    if meeting is None:
        return []
    if meeting.starts_at <= timezone.now():
        return [Step(timezone.localdate(meeting.starts_at), "The agencies met to review your case")]
    if application.status != Status.WITHDRAWN:
        return [
            Step(timezone.localdate(meeting.starts_at), "The agencies meet to review your case")
        ]
    return []


def _letters(application: Application, letters: list[Letter]) -> list[Step]:
    steps = []
    for letter in letters:
        kind = letter.get_kind_display().lower()
        sent = dispatched_on(letter)
        if sent is not None:
            steps.append(Step(sent, f"We sent you a letter: {kind}"))
        else:
            how = "posted" if letter.delivery == Delivery.POST else "sent"
            steps.append(
                Step(
                    timezone.localdate(letter.created_at),
                    f"We have written you a letter: {kind}",
                    f"It will be {how} to you shortly.",
                )
            )
    return steps


def _appeal(application: Application, letters: list[Letter]) -> list[Step]:
    appeal = getattr(application, "appeal", None)
    if appeal is None:
        return []
    steps = [
        Step(
            appeal.received,
            f"Your appeal was received by {application.partnership.appeals_body.name}",
        )
    ]
    if appeal.decided:
        steps.append(
            Step(
                timezone.localdate(appeal.decided_at),
                "Your appeal was upheld" if appeal.upheld else "Your appeal was not upheld",
            )
        )
        if appeal.upheld:
            steps.append(_reopened(application, appeal, letters))
    return steps


def _withdrawal(application: Application, letters: list[Letter]) -> list[Step]:
    withdrawal = getattr(application, "withdrawal", None)
    if withdrawal is None:
        return []
    return [Step(timezone.localdate(withdrawal.withdrawn_at), "Your request was withdrawn")]


StepSource = Callable[[Application, list[Letter]], list[Step]]
STEPS: list[StepSource] = [_received, _decision, _meeting, _letters, _appeal, _withdrawal]


def timeline_for(application: Application, letters: list[Letter]) -> list[Step]:
    steps = [step for source in STEPS for step in source(application, letters)]
    return sorted(steps, key=lambda s: (s.when is None, s.when or date.max))


def _reopened(application: Application, appeal: Any, letters: list[Letter]) -> Step:
    """An upheld appeal reopens the case: what the partnership does, and whether it has."""
    against = next((lt for lt in letters if lt.pk == appeal.against_id), None)
    decision_again = against is not None and against.kind == LetterKind.ACKNOWLEDGEMENT
    waiting = application.status == Status.APPEAL_UPHELD
    if decision_again:
        what = "Your case was reopened: we are deciding again whether it meets the threshold"
        detail = (
            "We will write to you with our new decision."
            if waiting
            else "Our new decision is on this page and in our letter."
        )
    else:
        what = "Your case was reopened: the agencies are meeting again to review it"
        detail = (
            "We will tell you when the new meeting is set, and write to you with the outcome."
            if waiting
            else "We will write to you with the outcome of the new review."
        )
    return Step(timezone.localdate(appeal.decided_at), what, detail)
