"""What every step's services share: the audit entry, the application's row lock and the
state check."""

from casereview.accounts.models import Membership
from casereview.applications.models import Application
from casereview.core.audit import Actor, audit_record
from casereview.core.errors import NotAllowedNow
from casereview.core.models import AuditAction
from casereview.reviews.models import Meeting

REVIEW_PURPOSE = "running an ASB case review"


def review_audit(
    membership: Membership,
    application: Application,
    action: AuditAction,
    purpose: str,
    recipients: list[str] | None = None,
    object_type: str = "application",
    object_id: object = None,
) -> None:
    audit_record(
        actor=Actor.for_membership(membership),
        action=action,
        object_type=object_type,
        object_id=object_id if object_id is not None else application.reference,
        partnership_id=application.partnership_id,
        purpose=purpose,
        recipients=recipients or [],
    )


def application_locked(application: Application) -> Application:
    """The application's row, locked until the caller's transaction ends: two writes of one review
    run one after the other, each seeing the state the other left."""
    return (
        Application.objects.select_for_update().select_related("partnership").get(pk=application.pk)
    )


def require_status(application: Application, allowed: tuple[str, ...], doing: str) -> None:
    if application.status not in allowed:
        raise NotAllowedNow(
            f"You cannot {doing} while the application is "
            f"{application.get_status_display().lower()}."
        )


def meeting_of(application: Application) -> Meeting | None:
    return Meeting.objects.filter(application=application).first()
