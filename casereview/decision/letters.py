"""The acknowledgement letter that tells the applicant the Chair's decision."""

from casereview.accounts.models import Membership
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
