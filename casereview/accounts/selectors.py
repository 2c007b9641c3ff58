"""Reads about staff accounts."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from casereview.accounts.models import ApiToken, Membership, StaffInvitation, User
from casereview.core.tenancy import partnership_id_of


def memberships_for(user: User) -> list[Membership]:
    return list(
        Membership.objects.filter(user=user, active=True).select_related(
            "user", "partnership", "agency", "appeals_body"
        )
    )


def api_tokens_for(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).select_related("membership__partnership")


def memberships_of(membership: Membership) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(partnership_id=partnership_id_of(membership))
        .select_related("user", "agency")
        .order_by("user__full_name", "role")
    )


def membership_get(membership: Membership, pk: int) -> Membership:
    return get_object_or_404(memberships_of(membership), pk=pk)


def invitations_open_of(membership: Membership) -> QuerySet[StaffInvitation]:
    """Invitations to the partnership not yet answered or expired, for its admin's list."""
    return (
        StaffInvitation.objects.open()
        .filter(partnership_id=partnership_id_of(membership))
        .select_related("user", "agency")
        .order_by("user__email", "role")
    )


def invitation_get_for(user: User, pk: int) -> StaffInvitation:
    """One of the person's own invitations (answered or not); anyone else's is not found."""
    return get_object_or_404(
        StaffInvitation.objects.filter(user=user).select_related(
            "partnership", "agency", "invited_by"
        ),
        pk=pk,
    )
