"""The people named on a case, as the API answers them: exactly what the caller may see."""

from datetime import date

from ninja import Field, Schema

from casereview.applications.models import PersonRole


class PersonOut(Schema):
    """A person without their contact details: a witness or household member, to an agency
    the coordinator has not shared them with."""

    id: int
    role: PersonRole
    name: str
    aliases: str
    date_of_birth: date | None
    description: str
    child: bool


class PersonWithContactOut(PersonOut):
    """A person with their contact details: an alleged perpetrator, to any agency asked to
    contribute; anyone, to an agency the coordinator shared them with."""

    address: str
    postcode: str
    phone: str
    email: str


class NamedInOut(Schema):
    reference: str
    why: str = Field(description="same name and date of birth, or same name and postcode")


class PersonForCaseTeamOut(PersonWithContactOut):
    """A person as the coordinator and the Chair see them."""

    also_named_in: list[NamedInOut] = Field(
        description="The partnership's other cases naming the same person"
    )
    contact_shared_with: list[str] = Field(
        description="Agency slugs that see this witness's or household member's contact details"
    )


PersonAny = PersonForCaseTeamOut | PersonWithContactOut | PersonOut
