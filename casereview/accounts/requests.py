"""The request type of staff pages: `CurrentMembershipMiddleware` puts on it the membership
(the role in one partnership or appeals body) the person is acting under."""

from django.http import HttpRequest

from casereview.accounts.models import Membership, User


class StaffRequest(HttpRequest):
    """Views behind `role_required` get a signed-in user acting under a membership."""

    user: User
    membership: Membership
    memberships: list[Membership]  # every role the person may switch to
