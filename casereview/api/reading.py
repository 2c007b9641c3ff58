"""Answering with applications: every one shown is noted in the audit log as read."""

from casereview.accounts.models import Membership, Role
from casereview.accounts.requests import StaffRequest
from casereview.api.present.application import application_out
from casereview.api.schemas.application import (
    ApplicationList,
    ApplicationOut,
    ApplicationSummaryOut,
    DeadlinesOut,
    NextDeadlineOut,
)
from casereview.applications import selectors
from casereview.applications.models import Application, HarmLevel, Status
from casereview.applications.people import PEOPLE_PURPOSE, note_people_read, people_seen
from casereview.applications.selectors import ApplicationSummary
from casereview.core.audit import note_read
from casereview.reviews import whole_case

CONTRIBUTION_PURPOSE = "contribution to case review"
VIEW_PURPOSE = "managing an ASB case review (API)"


def _note(
    request: StaffRequest, membership: Membership, application: Application | ApplicationSummary
) -> None:
    # Why a read happens, for the audit log: partners read to contribute.
    purpose = CONTRIBUTION_PURPOSE if membership.role == Role.PARTNER else VIEW_PURPOSE
    note_read(
        request,
        object_type="application",
        object_id=application.reference,
        partnership_id=application.partnership_id,
        purpose=purpose,
    )


def application_answer(
    request: StaffRequest, application: Application, *, fetched: bool = False
) -> ApplicationOut:
    """The application, read again after a write (`fetched`: it was just read)."""
    membership = request.membership
    fresh = (
        application if fetched else whole_case.application_get(membership, application.reference)
    )
    _note(request, membership, fresh)
    people = people_seen(membership, fresh)
    note_people_read(request, people, f"{PEOPLE_PURPOSE} (API)")
    return application_out(fresh, membership, people=people)


def applications_answer(
    request: StaffRequest, items: list[ApplicationSummary], count: int
) -> ApplicationList:
    """One page of the list: each application as a list shows it, noted as read (the
    victim's name is personal data)."""
    membership = request.membership
    for summary in items:
        _note(request, membership, summary)
    duplicates = selectors.possible_duplicates_among(membership, items)
    return ApplicationList(
        count=count,
        items=[_summary_out(s, bool(duplicates.get(s.pk))) for s in items],
    )


def _summary_out(s: ApplicationSummary, possible_duplicate: bool) -> ApplicationSummaryOut:
    upcoming = s.next_deadline
    return ApplicationSummaryOut(
        reference=s.reference,
        partnership=s.partnership,
        status=Status(s.status),
        received=s.received,
        victim_name=s.victim_name,
        deadlines=DeadlinesOut(
            acknowledgement_due=s.acknowledgement_due, conclusion_due=s.conclusion_due
        ),
        next_deadline=NextDeadlineOut(
            deadline=upcoming.deadline, due=upcoming.due, overdue=upcoming.overdue
        )
        if upcoming
        else None,
        complaints=s.complaints,
        harm_level=HarmLevel(s.harm_level) if s.harm_level else None,
        possible_duplicate=possible_duplicate,
    )
