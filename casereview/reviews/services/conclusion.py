"""The Chair's conclusion of the review, and the conclusion letter to the applicant."""

from django.db import transaction

from casereview.accounts.models import Membership
from casereview.applications.lifecycle import appeal_by, status_move
from casereview.applications.models import Application, LetterKind, Status
from casereview.core import limits
from casereview.core.dates import local_today
from casereview.core.errors import FieldError, InvalidInput, NotAllowedNow
from casereview.core.models import AuditAction
from casereview.letters.register import letter_create
from casereview.letters.render import letter_html, recipient_of
from casereview.reviews.models import Conclusion, Minutes
from casereview.reviews.services.common import (
    REVIEW_PURPOSE,
    application_locked,
    require_status,
    review_audit,
)
from casereview.reviews.services.minutes import current_minutes

CONCLUDABLE = (Status.REVIEWED,)


def conclusion_issue(
    *, membership: Membership, application: Application, summary: str
) -> Conclusion:
    """The Chair concludes the review and the conclusion letter is created. After the
    deadline it is still possible, but the letter and the application say it is late."""
    require_status(application, CONCLUDABLE, "issue the conclusion")
    minutes = current_minutes(application)
    if minutes is None or not minutes.approved:
        raise NotAllowedNow("The conclusion needs approved minutes.")
    if not summary.strip():
        raise InvalidInput([FieldError("summary", "Enter the outcome of the review")])
    too_long = limits.too_long("summary", summary, limits.CONCLUSION)
    if too_long is not None:
        raise InvalidInput([too_long])
    # A review reconvened after an upheld appeal is held to no statutory deadline of its own.
    reopened = Conclusion.objects.filter(superseded_from=application).exists()
    late = local_today() > application.conclusion_due and not reopened
    with transaction.atomic():
        locked = application_locked(application)
        require_status(locked, CONCLUDABLE, "issue the conclusion")
        conclusion = Conclusion.objects.create(
            application=locked,
            summary=summary.strip(),
            minutes=minutes,
            late=late,
            issued_by=membership.user,
        )
        status_move(locked, Status.CONCLUDED)
        review_audit(membership, locked, AuditAction.ALTER, f"{REVIEW_PURPOSE}: concluded")
        _letter_create(membership, locked, conclusion, minutes, reopened=reopened)
    application.refresh_from_db()
    return conclusion


def _letter_create(
    membership: Membership,
    application: Application,
    conclusion: Conclusion,
    minutes: Minutes,
    *,
    reopened: bool = False,
) -> None:
    """The letter carries the plan as approved, and the last day to appeal."""
    html = letter_html(
        application,
        LetterKind.CONCLUSION,
        recipient_of(application),
        conclusion=conclusion,
        minutes=minutes,
        recommendations=list(minutes.recommendations.select_related("agency")),
        actions=list(minutes.actions.select_related("agency")),
        appeal_by=appeal_by(application.partnership, local_today()),
        reopened=reopened,
    )
    letter_create(
        membership=membership, application=application, kind=LetterKind.CONCLUSION, html=html
    )
