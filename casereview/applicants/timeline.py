"""The applicant's plain-English timeline: what has happened, and what happens next."""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from casereview.applications.models import Application, Letter


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
    withdrawal = getattr(application, "withdrawal", None)
    if withdrawal is not None:
        steps.append(
            Step(timezone.localdate(withdrawal.withdrawn_at), "Your request was withdrawn")
        )
    return sorted(steps, key=lambda s: (s.when is None, s.when or date.max))
