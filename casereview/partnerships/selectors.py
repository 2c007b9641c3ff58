"""Reads scoped to the acting membership's partnership: another partnership's rows are 404."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from casereview.accounts.models import Membership
from casereview.accounts.selectors import partnership_id_of
from casereview.partnerships.models import Agency


def agencies_of(membership: Membership) -> QuerySet[Agency]:
    return Agency.objects.filter(partnership_id=partnership_id_of(membership))


def agency_get(membership: Membership, slug: str) -> Agency:
    return get_object_or_404(agencies_of(membership), slug=slug)


def memberships_of(membership: Membership) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(partnership_id=partnership_id_of(membership))
        .select_related("user", "agency")
        .order_by("user__full_name", "role")
    )


def membership_get(membership: Membership, pk: int) -> Membership:
    return get_object_or_404(memberships_of(membership), pk=pk)
