"""Partnerships are tenants: what every stage needs to know of the role someone acts in.

These are structural types (Protocols), so the base layer can speak of a membership without
importing the accounts app that defines it and stands above it.
"""

from typing import Any, Protocol

from django.http import Http404


class _User(Protocol):
    email: str


class ActingMembership(Protocol):
    """A person acting in one role (accounts' Membership)."""

    pk: Any
    user_id: Any
    role: str
    partnership_id: int | None
    appeals_body_id: int | None

    @property
    def user(self) -> _User: ...


class InPartnership(Protocol):
    partnership_id: int | None


def partnership_id_of(membership: InPartnership) -> int:
    """The partnership a membership acts in; roles without one (appeals) see no
    partnership-owned rows through partnership selectors."""
    if membership.partnership_id is None:
        raise Http404("Not a partnership role")
    return membership.partnership_id
