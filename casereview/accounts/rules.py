"""Role predicates. Every predicate takes the acting Membership first (never the bare user):
permission follows the role a person is acting in, not everything they could act as."""

from typing import Any

import rules

from casereview.accounts.models import Membership, Role


def _role_is(*roles: str) -> Any:
    names = "_or_".join(roles)

    @rules.predicate(name=f"is_{names}")
    def predicate(membership: Membership | None) -> bool:
        return membership is not None and membership.role in roles

    return predicate


is_intake = _role_is(Role.INTAKE)
is_coordinator = _role_is(Role.COORDINATOR)
is_chair = _role_is(Role.CHAIR)
is_partner = _role_is(Role.PARTNER)
is_appeals = _role_is(Role.APPEALS)
is_auditor = _role_is(Role.AUDITOR)
is_admin = _role_is(Role.ADMIN)


@rules.predicate
def in_same_partnership(membership: Membership | None, obj: Any) -> bool:
    """The object belongs to the partnership the membership acts in."""
    if membership is None or membership.partnership_id is None:
        return False
    partnership_id = obj.pk if obj._meta.model_name == "partnership" else obj.partnership_id
    return bool(partnership_id == membership.partnership_id)
