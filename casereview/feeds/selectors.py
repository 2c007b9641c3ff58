"""Reads for feeds, scoped by the acting membership: the coordinator and the Chair see their
partnership's reports; a partner officer only their own agency's. Another partnership's
report, person or pair is a 404."""

from django.db.models import QuerySet
from django.http import Http404

from casereview.accounts.models import Membership, Role
from casereview.core.tenancy import partnership_id_of
from casereview.feeds.models import FeedImport, Person, Report, ReportPair


def reports_for(membership: Membership) -> QuerySet[Report]:
    reports = Report.objects.filter(partnership_id=partnership_id_of(membership))
    if membership.role == Role.PARTNER:
        reports = reports.filter(agency_id=membership.agency_id or -1)
    return reports.select_related("agency")


def imports_for(membership: Membership) -> QuerySet[FeedImport]:
    imports = FeedImport.objects.filter(partnership_id=partnership_id_of(membership))
    if membership.role == Role.PARTNER:
        imports = imports.filter(agency_id=membership.agency_id or -1)
    return imports.select_related("agency", "by")


def person_get(membership: Membership, public_id: str) -> Person:
    """A person on the radar. Partner officers never see people (they are joined across
    agencies), so for them every person is a 404."""
    if membership.role not in (Role.COORDINATOR, Role.CHAIR):
        raise Http404("No such person")
    person = (
        Person.objects.filter(partnership_id=partnership_id_of(membership))
        .filter(public_id=public_id)
        .first()
    )
    if person is None:
        raise Http404("No such person")
    return person


def pairs_for(membership: Membership) -> QuerySet[ReportPair]:
    if membership.role != Role.COORDINATOR:
        return ReportPair.objects.none()
    return ReportPair.objects.filter(partnership_id=partnership_id_of(membership)).select_related(
        "first__agency", "second__agency"
    )
