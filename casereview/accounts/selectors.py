"""Reads about staff accounts."""

from django.db.models import QuerySet
from django.http import Http404

from casereview.accounts.models import ApiToken, Membership, User


def partnership_id_of(membership: Membership) -> int:
    """The partnership a membership acts in; roles without one (appeals) see no
    partnership-owned rows through partnership selectors."""
    if membership.partnership_id is None:
        raise Http404("Not a partnership role")
    return membership.partnership_id


def memberships_for(user: User) -> list[Membership]:
    return list(
        Membership.objects.filter(user=user, active=True).select_related(
            "user", "partnership", "agency", "appeals_body"
        )
    )


def api_tokens_for(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).select_related("membership__partnership")
