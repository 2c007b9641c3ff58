"""Who is who: whether a record is about the person a subject access request names."""

import re

from casereview.applications.intake import normalise_postcode
from casereview.applications.models import Application, CasePerson
from casereview.dataprotection.models import SubjectAccessRequest


def name_key(name: str) -> str:
    """A name as it is compared: case, and surrounding and repeated spaces, set aside."""
    return " ".join(name.split()).lower()


def searchable(request: SubjectAccessRequest) -> bool:
    """A request can be answered only with a name and something to confirm it by."""
    return bool(name_key(request.name)) and bool(request.email or request.postcode)


def same_name(held: str, request: SubjectAccessRequest) -> bool:
    return bool(held.strip()) and name_key(held) == name_key(request.name)


def _same_email(held: str, request: SubjectAccessRequest) -> bool:
    return bool(request.email and held) and held.strip().lower() == request.email.strip().lower()


def same_postcode(held: str, request: SubjectAccessRequest) -> bool:
    return bool(request.postcode and held) and normalise_postcode(held) == request.postcode


def _postcode_in(text: str, request: SubjectAccessRequest) -> bool:
    if not request.postcode:
        return False
    outward, _, inward = request.postcode.partition(" ")
    pattern = rf"(?<![0-9A-Za-z]){re.escape(outward)}\s*{re.escape(inward)}(?![0-9A-Za-z])"
    return re.search(pattern, text, re.IGNORECASE) is not None


def _names_them(text: str, request: SubjectAccessRequest) -> bool:
    """The text names them in full, as whole words (any case and spacing)."""
    words = name_key(request.name).split()
    pattern = r"(?<!\w)" + r"\s+".join(re.escape(w) for w in words) + r"(?!\w)"
    return bool(words) and re.search(pattern, text, re.IGNORECASE) is not None


def _text_confirms(text: str, request: SubjectAccessRequest) -> bool:
    email = request.email.strip().lower()
    return bool(email and email in text.lower()) or _postcode_in(text, request)


def role_in(application: Application, request: SubjectAccessRequest) -> str | None:
    """'victim' or 'advocate' when the application is about this person, else None."""
    if same_name(application.victim_name, request) and (
        _same_email(application.victim_email, request)
        or same_postcode(application.victim_postcode, request)
    ):
        return "victim"
    if same_name(application.advocate_name, request) and (
        _same_email(application.advocate_email, request)
        or _postcode_in(application.advocate_address, request)
    ):
        return "advocate"
    return None


def mentioned(text: str, application: Application, request: SubjectAccessRequest) -> bool:
    return _names_them(text, request) and (
        _text_confirms(text, request) or same_postcode(application.victim_postcode, request)
    )


def is_named_person(person: CasePerson, request: SubjectAccessRequest) -> bool:
    """A person named on a case is theirs when the name (or one of the aliases, separated by
    commas) is theirs in full, and the email or postcode held for the person is theirs too."""
    names = [person.name, *person.aliases.split(",")]
    return any(same_name(n, request) for n in names) and (
        _same_email(person.email, request) or same_postcode(person.postcode, request)
    )
