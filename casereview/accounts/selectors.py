"""Reads about staff accounts."""

from django.db.models import QuerySet

from casereview.accounts.models import ApiToken, Membership, User


def memberships_for(user: User) -> list[Membership]:
    return list(
        Membership.objects.filter(user=user, active=True).select_related(
            "user", "partnership", "agency", "appeals_body"
        )
    )


def api_tokens_for(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).select_related("membership__partnership")
