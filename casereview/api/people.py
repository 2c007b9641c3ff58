"""The people named on a case over the API: the coordinator records alleged perpetrators,
household members and witnesses; the application resource's `people` shows each caller
exactly what they may see."""

from datetime import date
from typing import Literal

from ninja import Field, Router, Schema, Status

from casereview.accounts.requests import StaffRequest
from casereview.api.auth import require
from casereview.api.errors import problems
from casereview.api.idempotency import idempotent
from casereview.api.present.people import person_out
from casereview.api.schemas.people import PersonForCaseTeamOut
from casereview.applications.people import (
    ALIASES,
    PEOPLE_PURPOSE,
    PERSON_DESCRIPTION,
    PersonInput,
    note_people_read,
    people_seen,
    person_add,
)
from casereview.core import limits
from casereview.core.dates import local_today
from casereview.reviews import whole_case

router = Router(tags=["applications"])


class PersonIn(Schema):
    role: Literal["alleged_perpetrator", "household", "witness"]
    name: str = Field(min_length=1, max_length=limits.NAME)
    aliases: str = Field("", max_length=ALIASES)
    date_of_birth: date | None = None
    address: str = Field("", max_length=limits.ADDRESS, description="An address, or the area")
    postcode: str = Field("", max_length=limits.POSTCODE)
    phone: str = Field("", max_length=limits.PHONE)
    email: str = Field("", max_length=limits.EMAIL)
    description: str = Field("", max_length=PERSON_DESCRIPTION)


@router.post(
    "/{reference}/people",
    response={201: PersonForCaseTeamOut, **problems(403, 404, 409, 422)},
    summary="Name an alleged perpetrator, household member or witness on the case",
)
@idempotent
def person_create(request: StaffRequest, reference: str, body: PersonIn) -> Status:
    membership = request.membership
    application = whole_case.application_get(membership, reference)
    require(request, "applications.manage_people", application)
    person = person_add(
        membership=membership,
        application=application,
        data=PersonInput(**body.dict()),
        today=local_today(),
    )
    seen = people_seen(membership, application, [person])
    note_people_read(request, seen, f"{PEOPLE_PURPOSE} (API)")
    return Status(201, person_out(seen[0]))
