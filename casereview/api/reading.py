"""Answering with applications: every one shown is noted in the audit log as read."""

from casereview.accounts.models import Membership, Role
from casereview.accounts.requests import StaffRequest
from casereview.api.present.application import application_out
from casereview.api.schemas.application import ApplicationList, ApplicationOut
from casereview.applications import selectors
from casereview.applications.models import Application
from casereview.applications.people import PEOPLE_PURPOSE, note_people_read, people_seen
from casereview.core.audit import note_read
from casereview.partnerships.selectors import policy_versions_of
from casereview.reviews import whole_case

CONTRIBUTION_PURPOSE = "contribution to case review"
VIEW_PURPOSE = "managing an ASB case review (API)"


def _note(request: StaffRequest, membership: Membership, application: Application) -> None:
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
    request: StaffRequest, items: list[Application], count: int
) -> ApplicationList:
    """One page of applications, loaded by `applications_with_details`."""
    membership = request.membership
    for application in items:
        _note(request, membership, application)
    # The appeals body spans partnerships: each item then finds its own policy.
    versions = list(policy_versions_of(membership)) if items and membership.partnership_id else None
    duplicates = selectors.possible_duplicates_among(membership, items)
    seen = {a.pk: people_seen(membership, a, list(a.people.all())) for a in items}
    for people in seen.values():
        note_people_read(request, people, f"{PEOPLE_PURPOSE} (API)")
    return ApplicationList(
        count=count,
        items=[
            application_out(a, membership, versions, duplicates.get(a.pk), seen[a.pk])
            for a in items
        ],
    )
