"""Reads for appeals. An appeals body sees only appealed applications of the partnerships it
covers; before an appeal exists it may find an application only to record one."""

from django.db.models import QuerySet
from django.http import Http404

from casereview.accounts.models import Membership, Role
from casereview.applications.models import Application, Letter, LetterKind, Status
from casereview.applications.selectors import application_get

APPEALABLE = (Status.THRESHOLD_NOT_MET, Status.CONCLUDED)


def appealed_for(membership: Membership) -> QuerySet[Application]:
    return (
        Application.objects.filter(
            partnership__appeals_body_id=membership.appeals_body_id, appeal__isnull=False
        )
        .select_related("partnership", "appeal")
        .order_by("appeal__decided_at", "-appeal__received")
    )


def application_to_appeal(membership: Membership, reference: str) -> Application:
    """The application an appeal is being recorded for: the coordinator's own partnership's,
    or for an appeals body, any partnership it covers."""
    if membership.role != Role.APPEALS:
        return application_get(membership, reference)
    application = (
        Application.objects.filter(
            partnership__appeals_body_id=membership.appeals_body_id, reference=reference
        )
        .select_related("partnership__appeals_body", "decision")
        .first()
    )
    if application is None:
        raise Http404("No such application")
    return application


def letter_appealed_against(application: Application) -> Letter | None:
    """The not-met acknowledgement or the conclusion letter: the decision being appealed."""
    letters = Letter.objects.filter(application=application).defer("pdf", "html")
    conclusion = letters.filter(kind=LetterKind.CONCLUSION).order_by("-created_at").first()
    if conclusion is not None:
        return conclusion
    decision = getattr(application, "decision", None)
    if decision is not None and not decision.met:
        return letters.filter(kind=LetterKind.ACKNOWLEDGEMENT).order_by("-created_at").first()
    return None
