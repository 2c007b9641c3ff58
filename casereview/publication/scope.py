"""Whose applications a person's figures count: their partnership's, or for an appeals body
every partnership it covers."""

from django.db.models import QuerySet

from casereview.accounts.models import Membership, Role
from casereview.applications.models import Application


def applications_counted_for(membership: Membership) -> QuerySet[Application]:
    if membership.role == Role.APPEALS:
        return Application.objects.filter(partnership__appeals_body_id=membership.appeals_body_id)
    if membership.partnership_id is None:
        return Application.objects.none()
    return Application.objects.filter(partnership_id=membership.partnership_id)
