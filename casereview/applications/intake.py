"""What a recorded request is made of, and the rules it must meet before anything is saved.

The staff journey and the API both build an `ApplicationInput` and hand it to
`application_record`, so a request is checked by exactly one set of rules.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from casereview.core import limits
from casereview.core.emails import ONE_EMAIL_MESSAGE, is_one_email
from casereview.core.errors import FieldError
from casereview.threshold.engine import Complaint as EngineComplaint
from casereview.threshold.engine import Policy, ThresholdInputError, evaluate_parsed

OTHER_AGENCY = "other"
_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$")


@dataclass
class VictimInput:
    name: str
    postcode: str
    contact_preference: str
    address: str = ""
    email: str = ""
    phone: str = ""
    large_print: bool = False
    interpreter_language: str = ""
    named_contact: str = ""
    other_support_needs: str = ""


@dataclass
class AdvocateInput:
    name: str
    victim_consent: bool
    organisation: str = ""
    relationship: str = ""
    email: str = ""
    phone: str = ""
    address: str = ""


@dataclass
class ComplaintInput:
    key: str
    behaviour_date: date
    reported_date: date
    agency: str
    reference: str = ""
    summary: str = ""
    hate: bool = False
    reporter: str = "applicant"
    same_incident_as: str | None = None
    # Taken from a partner agency's report (the radar), not from the victim's memory.
    from_agency_records: bool = False


@dataclass
class ApplicationInput:
    received: date
    channel: str
    applicant_type: str
    victim: VictimInput
    description: str
    consent_to_share: bool
    advocate: AdvocateInput | None = None
    impact: str = ""
    complaints: list[ComplaintInput] = field(default_factory=list)


def normalise_postcode(raw: str) -> str | None:
    """'st5 1ab' -> 'ST5 1AB'; None when it is not a UK postcode."""
    match = _POSTCODE.match(re.sub(r"\s+", "", raw.upper()).strip())
    return f"{match[1]} {match[2]}" if match else None


def _victim_errors(victim: VictimInput, has_advocate: bool) -> list[FieldError]:
    errors = limits.texts_too_long(
        [
            ("victim.name", victim.name, limits.NAME),
            ("victim.postcode", victim.postcode, limits.POSTCODE),
            ("victim.address", victim.address, limits.ADDRESS),
            ("victim.email", victim.email, limits.EMAIL),
            ("victim.phone", victim.phone, limits.PHONE),
            (
                "victim.interpreter_language",
                victim.interpreter_language,
                limits.INTERPRETER_LANGUAGE,
            ),
            ("victim.named_contact", victim.named_contact, limits.NAMED_CONTACT),
            ("victim.support_needs", victim.other_support_needs, limits.SUPPORT_NEEDS),
        ]
    )
    if not victim.name.strip():
        errors.append(FieldError("victim.name", "Enter the victim's name"))
    if normalise_postcode(victim.postcode) is None:
        errors.append(FieldError("victim.postcode", "Enter a real postcode, like ST5 1AB"))
    # Letters go to the advocate when there is one, so the victim's own details may be absent.
    if not has_advocate:
        if victim.contact_preference == "email" and not victim.email:
            errors.append(FieldError("victim.email", "Enter an email address to send letters to"))
        # Someone who asked for phone calls still gets their letters by post.
        if victim.contact_preference in ("post", "phone") and not victim.address.strip():
            errors.append(FieldError("victim.address", "Enter an address to post letters to"))
        if victim.contact_preference == "phone" and not victim.phone.strip():
            errors.append(FieldError("victim.phone", "Enter a phone number to call"))
    # Letters and notices are emailed to this address: one address, or the mail server
    # refuses the message (or sends it to someone else too).
    if victim.email and not is_one_email(victim.email):
        errors.append(FieldError("victim.email", ONE_EMAIL_MESSAGE))
    return errors


def _advocate_errors(advocate: AdvocateInput, preference: str) -> list[FieldError]:
    errors = limits.texts_too_long(
        [
            ("advocate.name", advocate.name, limits.NAME),
            ("advocate.organisation", advocate.organisation, limits.ORGANISATION),
            ("advocate.relationship", advocate.relationship, limits.RELATIONSHIP),
            ("advocate.email", advocate.email, limits.EMAIL),
            ("advocate.phone", advocate.phone, limits.PHONE),
            ("advocate.address", advocate.address, limits.ADDRESS),
        ]
    )
    if not advocate.name.strip():
        errors.append(FieldError("advocate.name", "Enter the advocate's name"))
    if not advocate.victim_consent:
        errors.append(
            FieldError(
                "advocate.victim_consent",
                "The victim must consent to the advocate acting for them",
            )
        )
    if preference == "email" and not advocate.email:
        errors.append(FieldError("advocate.email", "Enter the advocate's email address"))
    if preference in ("post", "phone") and not advocate.address.strip():
        errors.append(FieldError("advocate.address", "Enter the advocate's postal address"))
    if preference == "phone" and not advocate.phone.strip():
        errors.append(FieldError("advocate.phone", "Enter the advocate's phone number"))
    if advocate.email and not is_one_email(advocate.email):
        errors.append(FieldError("advocate.email", ONE_EMAIL_MESSAGE))
    return errors


def engine_complaints(
    complaints: list[ComplaintInput], relevant_bodies: dict[str, bool]
) -> list[EngineComplaint]:
    return [
        EngineComplaint(
            id=c.key,
            behaviour_date=c.behaviour_date,
            reported_date=c.reported_date,
            agency=c.agency,
            relevant_body=relevant_bodies.get(c.agency, False),
            reporter=c.reporter or "applicant",
            same_incident_as=c.same_incident_as or None,
            hate=c.hate,
        )
        for c in complaints
    ]


def complaint_errors(
    received: date, complaints: list[ComplaintInput], relevant_bodies: dict[str, bool]
) -> list[FieldError]:
    """The engine's own checks (dates, ids, links), plus agencies this partnership knows,
    how many there may be, how long their texts and how early their dates."""
    too_many = complaints_count_error(complaints)
    if too_many is not None:
        return [too_many]
    errors = [
        FieldError(f"complaints[{i}].agency", f"{c.agency!r} is not an agency of this partnership")
        for i, c in enumerate(complaints)
        if c.agency not in relevant_bodies
    ]
    for i, c in enumerate(complaints):
        errors += limits.texts_too_long(
            [
                (f"complaints[{i}].id", c.key, limits.COMPLAINT_ID),
                (f"complaints[{i}].reference", c.reference, limits.COMPLAINT_REFERENCE),
                (f"complaints[{i}].summary", c.summary, limits.COMPLAINT_SUMMARY),
                (f"complaints[{i}].reporter", c.reporter, limits.NAME),
                (
                    f"complaints[{i}].same_incident_as",
                    c.same_incident_as or "",
                    limits.COMPLAINT_ID,
                ),
            ]
        )
        for name, value in (
            ("behaviour_date", c.behaviour_date),
            ("reported_date", c.reported_date),
        ):
            if value < limits.EARLIEST_EVENT:
                errors.append(
                    FieldError(
                        f"complaints[{i}].{name}",
                        f"The date must be on or after {limits.long_date(limits.EARLIEST_EVENT)}, "
                        "when the case review came into force",
                    )
                )
    if errors:
        return errors
    try:
        evaluate_parsed(received, Policy(), engine_complaints(complaints, relevant_bodies))
    except ThresholdInputError as exc:
        return [FieldError(exc.field or "complaints", exc.message)]
    return []


def complaints_count_error(complaints: list[ComplaintInput]) -> FieldError | None:
    return limits.too_many("complaints", len(complaints), limits.COMPLAINTS_MAX, "complaints")


def application_errors(
    data: ApplicationInput, relevant_bodies: dict[str, bool], today: date
) -> list[FieldError]:
    """Every rule a request must meet. `relevant_bodies` maps agency slug (and "other")."""
    errors = []
    received = limits.past_date_error("received", data.received, today, "The date received")
    if received is not None:
        errors.append(received)
    # The victim's wishes about sharing are recorded either way: a request is never refused
    # for want of consent (the partnership relies on its public task, not on consent).
    if not data.description.strip():
        errors.append(FieldError("description", "Describe the anti-social behaviour"))
    errors += limits.texts_too_long(
        [
            ("description", data.description, limits.DESCRIPTION),
            ("impact", data.impact, limits.IMPACT),
        ]
    )
    errors += _victim_errors(data.victim, data.advocate is not None)
    if data.advocate is not None:
        errors += _advocate_errors(data.advocate, data.victim.contact_preference)
    # The complaint checks compare dates with `received`, so they need a sound one.
    if not any(e.field == "received" for e in errors):
        errors += complaint_errors(data.received, data.complaints, relevant_bodies)
    return errors


def possible_single_incidents(complaints: list[ComplaintInput]) -> list[tuple[str, str]]:
    """Pairs reported to different agencies about the same day's behaviour, not yet linked:
    probably one incident reported twice, which should count once."""
    linked = {frozenset(group) for group in _incident_groups(complaints) if len(group) > 1}

    def same_group(a: str, b: str) -> bool:
        return any(a in g and b in g for g in linked)

    pairs = []
    for i, a in enumerate(complaints):
        for b in complaints[i + 1 :]:
            if (
                a.behaviour_date == b.behaviour_date
                and a.agency != b.agency
                and not same_group(a.key, b.key)
            ):
                pairs.append((a.key, b.key))
    return pairs


def _incident_groups(complaints: list[ComplaintInput]) -> list[set[str]]:
    groups: dict[str, set[str]] = {c.key: {c.key} for c in complaints}
    for c in complaints:
        other = c.same_incident_as
        if other and other in groups and groups[other] is not groups[c.key]:
            merged = groups[c.key] | groups[other]
            for key in merged:
                groups[key] = merged
    return list({id(g): g for g in groups.values()}.values())
