"""The applicant's plain-English timeline: what has happened, and what happens next."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone

from casereview.applications.models import Application, Letter, LetterKind, Status


@dataclass(frozen=True)
class Step:
    when: date | None
    what: str
    detail: str = ""


def timeline_for(application: Application, letters: list[Letter]) -> list[Step]:
    steps = [Step(application.received, "We received your request")]
    decision = getattr(application, "decision", None)
    if decision is None:
        steps.append(
            Step(
                None,
                "We will decide whether your request meets the threshold for a case review",
                f"By {application.acknowledgement_due.day} {application.acknowledgement_due:%B %Y}",
            )
        )
    else:
        why = decision.engine_output.get("explanation", "")
        if decision.rationale and decision.met != bool(decision.engine_output.get("met")):
            why = decision.rationale
        steps.append(
            Step(
                timezone.localdate(decision.decided_at),
                "Your request meets the threshold for a case review"
                if decision.met
                else "Your request does not meet the threshold for a case review",
                why,
            )
        )
        if decision.met and decision.review_date:
            steps.append(Step(decision.review_date, "The review is to be completed by this date"))
    meeting = getattr(application, "meeting", None)
    if meeting is not None:
        steps.append(
            Step(timezone.localdate(meeting.starts_at), "The agencies meet to review your case")
        )
    for letter in letters:
        steps.append(
            Step(
                timezone.localdate(letter.created_at),
                f"We sent you a letter: {letter.get_kind_display().lower()}",
            )
        )
    appeal = getattr(application, "appeal", None)
    if appeal is not None:
        steps.append(
            Step(
                appeal.received,
                f"Your appeal was received by {application.partnership.appeals_body.name}",
            )
        )
        if appeal.decided:
            steps.append(
                Step(
                    timezone.localdate(appeal.decided_at),
                    "Your appeal was upheld" if appeal.upheld else "Your appeal was not upheld",
                )
            )
        if appeal.upheld:
            steps.append(_reopened(application, appeal, letters))
    withdrawal = getattr(application, "withdrawal", None)
    if withdrawal is not None:
        steps.append(
            Step(timezone.localdate(withdrawal.withdrawn_at), "Your request was withdrawn")
        )
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
