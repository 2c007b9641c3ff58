"""The people named on a case besides the victim and advocate: alleged perpetrators, household
members and witnesses; who may see what of them (need to know), and "also named in".

Need to know, as the case review shares it:

- the coordinator and the Chair of the case's partnership see everyone, every detail, and the
  partnership's other cases naming the same person;
- a partner agency asked for a contribution sees every person's name, role, aliases, date of
  birth and description, and an alleged perpetrator's contact details too (so it can check
  its own records for the right person); a witness's or household member's address, postcode,
  phone and email only once the coordinator shares them with that agency;
- everyone else (intake staff, the Commissioner's office, the auditor, the applicant) sees no
  one here: the applicant's status page shows only their own details.

Every person shown is noted in the audit log as read, with whether their contact details were.

"Also named in" is the same person on another case of the same partnership, never another
partnership's: the same normalised name (case, accents and punctuation set aside) **and** the
same date of birth, or, where either date of birth is unknown, the same postcode. A name alone
is not enough (two people of one name are common; a parent and child often share a name and an
address, which is why a known date of birth wins over the postcode). It is a pointer for the
coordinator to check, shown only to the case team, and never changes what anyone else sees.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import rules
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.http import HttpRequest

from casereview.accounts.models import Membership, Role
from casereview.applications.intake import normalise_postcode
from casereview.applications.models import (
    Application,
    CasePerson,
    PersonRole,
    PersonShare,
    postcode_key,
    search_key,
)
from casereview.applications.services import CASE_PURPOSE
from casereview.core import limits
from casereview.core.audit import Actor, audit_record, note_read
from casereview.core.emails import ONE_EMAIL_MESSAGE, is_one_email
from casereview.core.errors import FieldError, InvalidInput, NotAllowedNow
from casereview.core.models import AuditAction
from casereview.partnerships.models import Agency

PEOPLE_PURPOSE = f"{CASE_PURPOSE}: people named on the case"
ALIASES = 500
PERSON_DESCRIPTION = 5000
EARLIEST_BIRTH = date(1900, 1, 1)
ADULT_AGE = 18

ROLE_HEADINGS = {
    PersonRole.ALLEGED_PERPETRATOR: "Alleged perpetrators",
    PersonRole.HOUSEHOLD: "Household members",
    PersonRole.WITNESS: "Witnesses",
}


@dataclass(frozen=True)
class PersonInput:
    role: str
    name: str
    aliases: str = ""
    date_of_birth: date | None = None
    address: str = ""
    postcode: str = ""
    phone: str = ""
    email: str = ""
    description: str = ""
    child: bool = False


@dataclass(frozen=True)
class NamedIn:
    reference: str
    why: str


@dataclass
class PersonSeen:
    """A person as one reader may see them: `contact` says whether the contact details are
    theirs to see; `also_named_in` and `shared_with` are for the case team only (else None)."""

    person: CasePerson
    contact: bool
    also_named_in: list[NamedIn] | None = None
    shared_with: list[Agency] | None = field(default=None)

    @property
    def address(self) -> str:
        return self.person.address if self.contact else ""

    @property
    def postcode(self) -> str:
        return self.person.postcode if self.contact else ""

    @property
    def phone(self) -> str:
        return self.person.phone if self.contact else ""

    @property
    def email(self) -> str:
        return self.person.email if self.contact else ""

    @property
    def withheld(self) -> bool:
        """Contact details are held but not shown to this reader."""
        return not self.contact and self.person.has_contact_details


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def person_errors(data: PersonInput, today: date) -> list[FieldError]:
    errors = limits.texts_too_long(
        [
            ("name", data.name, limits.NAME),
            ("aliases", data.aliases, ALIASES),
            ("address", data.address, limits.ADDRESS),
            ("postcode", data.postcode, limits.POSTCODE),
            ("phone", data.phone, limits.PHONE),
            ("email", data.email, limits.EMAIL),
            ("description", data.description, PERSON_DESCRIPTION),
        ]
    )
    if data.role not in PersonRole.values:
        errors.append(
            FieldError(
                "role",
                "Select whether they are an alleged perpetrator, in the household or a witness",
            )
        )
    if not data.name.strip():
        errors.append(FieldError("name", "Enter their name, or what they are known as"))
    if data.date_of_birth is not None:
        if data.date_of_birth > today:
            errors.append(FieldError("date_of_birth", "The date of birth must be in the past"))
        elif data.date_of_birth < EARLIEST_BIRTH:
            errors.append(FieldError("date_of_birth", "The date of birth must be after 1900"))
    if data.postcode.strip() and normalise_postcode(data.postcode) is None:
        errors.append(FieldError("postcode", "Enter a real postcode, like ST5 1AB"))
    if data.email.strip() and not is_one_email(data.email.strip()):
        errors.append(FieldError("email", ONE_EMAIL_MESSAGE))
    return errors


def _fields(data: PersonInput, today: date) -> dict[str, object]:
    postcode = normalise_postcode(data.postcode) or "" if data.postcode.strip() else ""
    under_age = data.date_of_birth is not None and age_on(data.date_of_birth, today) < ADULT_AGE
    return {
        "role": data.role,
        "name": " ".join(data.name.split()),
        "name_key": search_key(data.name),
        "aliases": " ".join(data.aliases.split()),
        "date_of_birth": data.date_of_birth,
        "address": data.address.strip(),
        "postcode": postcode,
        "postcode_key": postcode_key(postcode),
        "phone": data.phone.strip(),
        "email": data.email.strip(),
        "description": data.description.strip(),
        "child": data.child or under_age,
    }


def _audit(membership: Membership, person: CasePerson, action: AuditAction, what: str) -> None:
    audit_record(
        actor=Actor.for_membership(membership),
        action=action,
        object_type="case_person",
        object_id=person.pk,
        partnership_id=person.partnership_id,
        purpose=f"{PEOPLE_PURPOSE}: {what} on {person.application.reference}",
    )


def _may_change(membership: Membership, application: Application) -> None:
    if not rules.test_rule("applications.manage_people", membership, application):
        raise NotAllowedNow("You cannot change the people on this case.")
    if application.erased_at is not None:
        raise NotAllowedNow("This case has been erased: nothing more can be added to it.")


def person_add(
    *, membership: Membership, application: Application, data: PersonInput, today: date
) -> CasePerson:
    """Name a person on the case, with their role on it."""
    _may_change(membership, application)
    errors = person_errors(data, today)
    if errors:
        raise InvalidInput(errors)
    with transaction.atomic():
        person = CasePerson.objects.create(
            partnership_id=application.partnership_id,
            application=application,
            created_by=membership.user,
            **_fields(data, today),
        )
        _audit(membership, person, AuditAction.COLLECT, f"{person.get_role_display()} recorded")
    return person


def person_change(
    *, membership: Membership, person: CasePerson, data: PersonInput, today: date
) -> CasePerson:
    _may_change(membership, person.application)
    errors = person_errors(data, today)
    if errors:
        raise InvalidInput(errors)
    with transaction.atomic():
        for name, value in _fields(data, today).items():
            setattr(person, name, value)
        person.save()
        _audit(membership, person, AuditAction.ALTER, f"{person.get_role_display()} changed")
    return person


def person_remove(*, membership: Membership, person: CasePerson) -> None:
    """Take a person off the case (named in error, say): their record goes, with any sharing
    of it; recommendations and actions that named them stay, naming no one."""
    _may_change(membership, person.application)
    with transaction.atomic():
        _audit(membership, person, AuditAction.ERASE, f"{person.get_role_display()} removed")
        person.delete()


def person_shares_set(
    *, membership: Membership, person: CasePerson, agencies: Iterable[Agency], reason: str
) -> list[Agency]:
    """The agencies that see this witness's or household member's contact details: exactly
    `agencies` after this (each newly shared with audited as a disclosure, each stopped as a
    change). An alleged perpetrator's details go to every agency asked, so need no sharing."""
    _may_change(membership, person.application)
    if person.role == PersonRole.ALLEGED_PERPETRATOR:
        raise NotAllowedNow(
            "An alleged perpetrator's details are already seen by every agency asked to contribute."
        )
    chosen = {a.pk: a for a in agencies}
    if any(a.partnership_id != person.partnership_id for a in chosen.values()):
        raise InvalidInput([FieldError("agencies", "Select agencies of this partnership")])
    current = {s.agency_id: s for s in person.shares.all()}
    added = [a for pk, a in chosen.items() if pk not in current]
    stopped = [s for pk, s in current.items() if pk not in chosen]
    if added and not reason.strip():
        raise InvalidInput(
            [FieldError("reason", "Enter why these agencies need the contact details")]
        )
    errors = limits.texts_too_long([("reason", reason, limits.RATIONALE)])
    if errors:
        raise InvalidInput(errors)
    with transaction.atomic():
        for agency in added:
            PersonShare.objects.create(
                partnership_id=person.partnership_id,
                person=person,
                agency=agency,
                reason=reason.strip(),
                shared_by=membership.user,
            )
            audit_record(
                actor=Actor.for_membership(membership),
                action=AuditAction.DISCLOSE,
                object_type="case_person",
                object_id=person.pk,
                partnership_id=person.partnership_id,
                purpose=f"{PEOPLE_PURPOSE}: contact details shared on "
                f"{person.application.reference}",
                recipients=[f"partner agency {agency.slug}"],
            )
        for share in stopped:
            share.delete()
            _audit(
                membership,
                person,
                AuditAction.ALTER,
                f"contact details no longer shared with {share.agency.slug}",
            )
    return sorted(chosen.values(), key=lambda a: a.name)


# --- Reading -------------------------------------------------------------------------------


def sees_everyone(membership: Membership | None, application: Application) -> bool:
    return rules.test_rule("applications.see_people", membership, application)


def people_of(application: Application) -> list[CasePerson]:
    """The people on the case, with who their contact details are shared with (two queries)."""
    return list(
        CasePerson.objects.filter(application=application)
        .select_related("application")
        .prefetch_related("shares__agency")
    )


def also_named_in(people: list[CasePerson]) -> dict[int, list[NamedIn]]:
    """For each person, the partnership's other cases naming the same person (one query)."""
    keyed = [p for p in people if p.name_key]
    if not keyed:
        return {}
    application_id = keyed[0].application_id
    partnership_id = keyed[0].partnership_id
    others = (
        CasePerson.objects.filter(
            partnership_id=partnership_id,
            name_key__in={p.name_key for p in keyed},
            application__erased_at__isnull=True,
        )
        .exclude(application_id=application_id)
        .values_list("name_key", "date_of_birth", "postcode_key", "application__reference")
        .order_by("application__reference")
    )
    found: dict[int, list[NamedIn]] = defaultdict(list)
    for name_key, born, postcode, reference in others:
        for p in keyed:
            if p.name_key != name_key:
                continue
            why = _same_person(p, born, postcode)
            if why and reference not in {n.reference for n in found[p.pk]}:
                found[p.pk].append(NamedIn(reference, why))
    return dict(found)


def _same_person(person: CasePerson, born: date | None, postcode: str) -> str:
    if person.date_of_birth is not None and born is not None:
        return "same name and date of birth" if person.date_of_birth == born else ""
    if person.postcode_key and postcode and person.postcode_key == postcode:
        return "same name and postcode"
    return ""


def people_seen(
    membership: Membership | None, application: Application, people: list[CasePerson] | None = None
) -> list[PersonSeen]:
    """Exactly the people this reader may see on the case, and how much of each."""
    if membership is None:
        return []
    if sees_everyone(membership, application):
        people = people_of(application) if people is None else people
        named = also_named_in(people)
        return [
            PersonSeen(
                p,
                contact=True,
                also_named_in=named.get(p.pk, []),
                shared_with=[s.agency for s in p.shares.all()],
            )
            for p in people
        ]
    if (
        membership.role == Role.PARTNER
        and membership.agency_id is not None
        and membership.partnership_id == application.partnership_id
    ):
        if people is None:
            # One query: whether each is shared with this agency, not every agency shared with.
            shared = PersonShare.objects.filter(person=OuterRef("pk"), agency=membership.agency_id)
            found = CasePerson.objects.filter(application=application).annotate(
                shared_with_me=Exists(shared)
            )
            return [
                PersonSeen(p, contact=p.role == PersonRole.ALLEGED_PERPETRATOR or p.shared_with_me)
                for p in found
            ]
        return [
            PersonSeen(
                p,
                contact=p.role == PersonRole.ALLEGED_PERPETRATOR
                or any(s.agency_id == membership.agency_id for s in p.shares.all()),
            )
            for p in people
        ]
    return []


def note_people_read(request: HttpRequest, seen: list[PersonSeen], purpose: str) -> None:
    """Each person shown is a read in the audit log, saying whether their contact details
    were shown."""
    for s in seen:
        detail = "with contact details" if s.contact else "without contact details"
        note_read(
            request,
            object_type="case_person",
            object_id=s.person.pk,
            partnership_id=s.person.partnership_id,
            purpose=f"{purpose}: {s.person.get_role_display().lower()} {detail}",
        )


def person_on(application: Application, person_id: int) -> CasePerson | None:
    return (
        CasePerson.objects.filter(application=application, pk=person_id)
        .select_related("application")
        .prefetch_related("shares__agency")
        .first()
    )


def people_filter_roles(seen: list[PersonSeen]) -> list[tuple[str, list[PersonSeen]]]:
    """The people grouped by role, in the order the pages show them (empty roles left out)."""
    groups = []
    for value, heading in ROLE_HEADINGS.items():
        members = [s for s in seen if s.person.role == value]
        if members:
            groups.append((heading, members))
    return groups
