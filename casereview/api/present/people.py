"""The people named on a case as one caller may see them (need to know: applications.people)."""

from typing import Any

from casereview.api.schemas.people import (
    NamedInOut,
    PersonAny,
    PersonForCaseTeamOut,
    PersonOut,
    PersonWithContactOut,
)
from casereview.applications.models import PersonRole
from casereview.applications.people import PersonSeen


def person_out(seen: PersonSeen) -> PersonAny:
    p = seen.person
    base: dict[str, Any] = {
        "id": p.pk,
        "role": PersonRole(p.role),
        "name": p.name,
        "aliases": p.aliases,
        "date_of_birth": p.date_of_birth,
        "description": p.description,
        "child": p.child,
    }
    if not seen.contact:
        return PersonOut(**base)
    contact: dict[str, Any] = {
        "address": p.address,
        "postcode": p.postcode,
        "phone": p.phone,
        "email": p.email,
    }
    if seen.also_named_in is None or seen.shared_with is None:
        return PersonWithContactOut(**base, **contact)
    return PersonForCaseTeamOut(
        **base,
        **contact,
        also_named_in=[NamedInOut(reference=n.reference, why=n.why) for n in seen.also_named_in],
        contact_shared_with=[a.slug for a in seen.shared_with],
    )
