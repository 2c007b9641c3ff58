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
    application: Application, decision: ThresholdDecision, recipient: Recipient
) -> str:
    return letter_html(
        application,
        LetterKind.ACKNOWLEDGEMENT,
        recipient,
        decision=decision,
        explanation=decision.engine_output.get("explanation", ""),
    )


def acknowledgement_create(
    *, membership: Membership, application: Application, decision: ThresholdDecision
) -> Letter:
    html = acknowledgement_html(application, decision, recipient_of(application))
    return letter_create(
        membership=membership, application=application, kind=LetterKind.ACKNOWLEDGEMENT, html=html
    )
