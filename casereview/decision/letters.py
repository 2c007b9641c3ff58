"""The acknowledgement letter that tells the applicant the Chair's decision."""

from django.utils import timezone

from casereview.accounts.models import Membership
from casereview.applications.lifecycle import appeal_by
from casereview.applications.models import (
    Application,
    Letter,
    LetterKind,
    ThresholdDecision,
)
from casereview.letters.register import letter_create
from casereview.letters.render import Recipient, letter_html, recipient_of


def acknowledgement_html(
    application: Application,
    decision: ThresholdDecision,
    recipient: Recipient,
    *,
    reopened: bool = False,
) -> str:
    return letter_html(
        application,
        LetterKind.ACKNOWLEDGEMENT,
        recipient,
        decision=decision,
        explanation=decision.engine_output.get("explanation", ""),
        # The last day to appeal a decision not met, counted as the appeals office counts it:
        # from the day the letter is dated (the day of the decision).
        appeal_by=appeal_by(application.partnership, timezone.localdate(decision.decided_at)),
        reopened=reopened,
    )


def acknowledgement_create(
    *,
    membership: Membership,
    application: Application,
    decision: ThresholdDecision,
    reopened: bool = False,
) -> Letter:
    """The letter telling the decision; `reopened` when the Chair decided again after an
    upheld appeal (it replaces the earlier decision, and a second appeal is not offered)."""
    html = acknowledgement_html(application, decision, recipient_of(application), reopened=reopened)
    return letter_create(
        membership=membership, application=application, kind=LetterKind.ACKNOWLEDGEMENT, html=html
    )
