"""Reads for appeals. An appeals body sees only appealed applications of the partnerships it
covers; before an appeal exists it may find an application only to record one, and only with
the reference and what the appellant alone would give with it: the victim's surname and
postcode. A wrong detail and an unknown reference are refused alike (Http404)."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from casereview.accounts.models import Membership, Role
from casereview.appeals.models import Appeal
from casereview.applications.models import (
    Application,
    Letter,
    LetterKind,
    postcode_key,
    search_key,
)
from casereview.applications.selectors import applications_for
from casereview.clock.deadlines import Milestone
from casereview.clock.workdays import add_working_days
from casereview.partnerships.models import AgencyKind, AppealsBody
from casereview.reviews.models import Action, Minutes, Recommendation
from casereview.reviews.selectors import complaints_prefetch, requests_prefetch
from casereview.reviews.whole_case import application_get


def appealed_for(membership: Membership) -> QuerySet[Application]:
    return (
        Application.objects.filter(
            partnership__appeals_body_id=membership.appeals_body_id, appeal__isnull=False
        )
        .select_related("partnership", "appeal")
        .order_by("appeal__decided_at", "-appeal__received")
    )


DEFAULT_DECISION_WORKING_DAYS = 20


def decision_due(appeal: Appeal, body: AppealsBody | None) -> date:
    """The day the office's decision on an appeal is due: its working days (by default 20,
    England and Wales bank holidays excepted) after the appeal was received."""
    return add_working_days(appeal.received, decision_working_days(body))


def decision_working_days(body: AppealsBody | None) -> int:
    """The office's own setting, or the default where it has none."""
    if body is None or body.decision_working_days is None:
        return DEFAULT_DECISION_WORKING_DAYS
    return body.decision_working_days


@dataclass(frozen=True)
class WaitingAppeal:
    """One appeal on the office's caseload: the case, its appeal, and the decision due."""

    application: Application
    appeal: Appeal
    decision: Milestone


def appeals_waiting(membership: Membership) -> list[WaitingAppeal]:
    """The appeals the office has not yet decided, the nearest decision first (so the
    overdue ones lead), in one query."""
    body = membership.appeals_body
    rows = [
        WaitingAppeal(
            application,
            application.appeal,
            Milestone("Decision", decision_due(application.appeal, body)),
        )
        for application in appealed_for(membership).filter(appeal__upheld__isnull=True)
    ]
    return sorted(rows, key=lambda row: (row.decision.due, row.application.reference))


def landlords_involved(application: Application) -> list[str]:
    """The housing providers (the victim's landlord, as a rule) complained to or asked to
    contribute to the review, by name. When there is one, the Housing Ombudsman, not the
    Local Government and Social Care Ombudsman, is the next route for an appeal not upheld."""
    housing = AgencyKind.HOUSING
    names = [
        *application.complaints.filter(agency__kind=housing).values_list("agency__name", flat=True),
        *application.partner_requests.filter(agency__kind=housing).values_list(
            "agency__name", flat=True
        ),
    ]
    return sorted(set(names))


def applicant_details_match(application: Application, surname: str, postcode: str) -> bool:
    """The victim's surname and postcode as the appellant gave them: the postcode whatever its
    case and spacing, the surname whatever its case (and the spacing, accents and punctuation
    the product's name search ignores too). A surname of several words matches the name's last
    words; a blank detail, or an application whose personal data was erased, matches nothing."""
    wanted = search_key(surname).split()
    name = search_key(application.victim_name).split()
    code = postcode_key(postcode)
    return (
        bool(wanted)
        and len(wanted) <= len(name)
        and name[-len(wanted) :] == wanted
        and bool(code)
        and code == postcode_key(application.victim_postcode)
    )


def application_to_appeal(
    membership: Membership, reference: str, *, surname: str = "", postcode: str = ""
) -> Application:
    """The application an appeal is being recorded for: the coordinator's own partnership's
    (they see the case already), or for an appeals body, one of a partnership it covers
    whose victim's surname and postcode are the ones given. Unknown and mismatched alike:
    Http404, so the answer never tells whether the reference exists."""
    if membership.role != Role.APPEALS:
        return application_get(membership, reference)
    application = application_found(membership, reference)
    if not applicant_details_match(application, surname, postcode):
        raise Http404("No such application")
    return application


def application_found(membership: Membership, reference: str) -> Application:
    """An application of a partnership the appeals body covers, by its reference alone: only
    for one it has found by its appellant's details already (`application_to_appeal`)."""
    application = (
        Application.objects.filter(
            partnership__appeals_body_id=membership.appeals_body_id, reference=reference
        )
        .select_related("partnership__appeals_body", "partnership__case_settings", "decision")
        .first()
    )
    if application is None:
        raise Http404("No such application")
    return application


def application_for_record(membership: Membership, reference: str) -> Application:
    """For the coordinator recording an appeal from the case: their partnership's application,
    with what the recording page shows and nothing more: the partnership's settings (for the
    appeal window) and the letters. (The appeals body finds one by `application_to_appeal`.)"""
    application = (
        applications_for(membership)
        .select_related("partnership__appeals_body", "partnership__case_settings", "decision")
        .prefetch_related(
            Prefetch("letters", queryset=Letter.objects.defer("pdf", "html").order_by("pk"))
        )
        .filter(reference=reference)
        .first()
    )
    if application is None:
        raise Http404("No such application")
    return application


def letter_appealed_against(
    application: Application, letters: list[Letter] | None = None
) -> Letter | None:
    """The not-met acknowledgement or the conclusion letter: the decision being appealed.
    `letters`: the application's letters, when the caller has them already."""
    if letters is None:
        letters = list(Letter.objects.filter(application=application).defer("pdf", "html"))
    conclusion = _latest(letters, LetterKind.CONCLUSION)
    if conclusion is not None:
        return conclusion
    decision = getattr(application, "decision", None)
    if decision is not None and not decision.met:
        return _latest(letters, LetterKind.ACKNOWLEDGEMENT)
    return None


def _latest(letters: list[Letter], kind: str) -> Letter | None:
    return max(
        (lt for lt in letters if lt.kind == kind),
        key=lambda lt: (lt.created_at, lt.pk),
        default=None,
    )


def application_for_pack(membership: Membership, reference: str) -> Application:
    """The case with what the appeal pack shows, each part fetched once: the complaints,
    letters, contributions (with their involvements) and every version of the minutes."""

    application = (
        applications_for(membership)
        .select_related("partnership__appeals_body", "decision__policy_version", "appeal__against")
        .defer("appeal__against__pdf", "appeal__against__html")
        .prefetch_related(
            complaints_prefetch(),
            Prefetch("letters", queryset=Letter.objects.defer("pdf", "html").order_by("pk")),
            *requests_prefetch(),
            "partner_requests__contribution__entries",
            Prefetch("minutes", queryset=Minutes.objects.select_related("approved_by")),
            Prefetch(
                "minutes__recommendations",
                queryset=Recommendation.objects.select_related("agency"),
            ),
            Prefetch("minutes__actions", queryset=Action.objects.select_related("agency")),
        )
        .filter(reference=reference)
        .first()
    )
    if application is None:
        raise Http404("No such application")
    return application


def application_for_actions(membership: Membership, reference: str) -> Application:
    """The coordinator's own partnership's case, with its appeal, for making the appeal's
    recommendations actions (Http404 for anything out of sight)."""
    application = (
        applications_for(membership)
        .select_related("partnership", "appeal")
        .filter(reference=reference)
        .first()
    )
    if application is None:
        raise Http404("No such application")
    return application
