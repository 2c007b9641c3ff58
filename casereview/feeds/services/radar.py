"""What the coordinator does from the radar: record that a person was told about the case
review (with the explanation letter), start a request from their reports, and bring matching
reports into a request as complaints. Each validates first, runs in one transaction and writes
its own audit entry."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from casereview.accounts.models import Membership
from casereview.applications import services as application_services
from casereview.applications.draft import Draft
from casereview.applications.intake import ComplaintInput
from casereview.applications.models import (
    Application,
    Complaint,
    Delivery,
    Letter,
    LetterKind,
)
from casereview.core.audit import Actor, audit_record
from casereview.core.dates import local_today
from casereview.core.errors import FieldError, InvalidInput, NotAllowedNow
from casereview.core.models import AuditAction
from casereview.feeds.models import Person, RadarContact, Report, ReportStatus, ToldBy
from casereview.feeds.radar.counting import count_reports, policy_today
from casereview.feeds.radar.listing import person_reports
from casereview.letters.register import letter_to_person_create
from casereview.letters.render import Recipient, person_letter_html

RADAR_PURPOSE = "finding victims of repeated ASB to explain or offer a case review"
LETTER_PURPOSE = "explaining the ASB case review to a person found on the radar"


@dataclass(frozen=True)
class ContactInput:
    method: str
    contacted_on: date
    # A letter (posted, or emailed when told by email) from the partnership's wording.
    send_letter: bool = False
    large_print: bool = False


def _latest(reports: list[Report]) -> Report:
    return max(reports, key=lambda r: (r.reported_on, r.pk))


def _contact_errors(data: ContactInput, today: date) -> list[FieldError]:
    errors = []
    if data.method not in ToldBy.values:
        errors.append(FieldError("method", "Select how the person was told"))
    if data.contacted_on > today:
        errors.append(
            FieldError("contacted_on", "The date they were told must be today or in the past")
        )
    return errors


def _recipient(person: Person, reports: list[Report], by_email: bool) -> Recipient:
    latest = _latest(reports)
    name = f"{latest.first_name} {latest.surname}"
    if by_email:
        email = next(
            (
                r.email
                for r in sorted(reports, key=lambda r: r.reported_on, reverse=True)
                if r.email
            ),
            "",
        )
        if not email:
            raise InvalidInput(
                [
                    FieldError(
                        "send_letter",
                        "No agency recorded an email address for them: post the letter instead",
                    )
                ]
            )
        return Recipient(name, email, "", Delivery.EMAIL)
    with_address = next(
        (
            r
            for r in sorted(reports, key=lambda r: r.reported_on, reverse=True)
            if r.address or r.postcode
        ),
        None,
    )
    if with_address is None:
        raise InvalidInput(
            [
                FieldError(
                    "send_letter",
                    "No agency recorded an address for this person: tell them another way",
                )
            ]
        )
    address = f"{with_address.address}\n{with_address.postcode}".strip()
    return Recipient(name, "", address, Delivery.POST)


def explanation_letter_html(
    *, membership: Membership, person: Person, recipient: Recipient, stage: str, large_print: bool
) -> str:
    partnership = membership.partnership
    assert partnership is not None
    policy = policy_today(partnership.pk, local_today())
    return person_letter_html(
        partnership=partnership,
        kind=LetterKind.RADAR_EXPLANATION,
        recipient=recipient,
        reference=person.public_id,
        large_print=large_print,
        title="The ASB case review: what it is and how to ask for one",
        stage=stage,
        policy=policy,
    )


def contact_record(
    *, membership: Membership, person: Person, data: ContactInput
) -> tuple[RadarContact, Letter | None]:
    """The person was told about the case review, at the stage they are at today."""
    today = local_today()
    errors = _contact_errors(data, today)
    if errors:
        raise InvalidInput(errors)
    reports = person_reports(person)
    counted = count_reports(reports, policy_today(person.partnership_id, today), today)
    stage = counted.stage
    if stage is None:
        raise NotAllowedNow(
            "This person is no longer on the radar: fewer than two of their reports count today."
        )
    recipient = (
        _recipient(person, reports, by_email=data.method == ToldBy.EMAIL)
        if data.send_letter
        else None
    )
    with transaction.atomic():
        contact = RadarContact.objects.create(
            partnership_id=person.partnership_id,
            person=person,
            method=data.method,
            contacted_on=data.contacted_on,
            stage=stage,
            by=membership.user,
        )
        letter = None
        if recipient is not None:
            letter = letter_to_person_create(
                membership=membership,
                kind=LetterKind.RADAR_EXPLANATION,
                subject=person.public_id,
                recipient=recipient,
                large_print=data.large_print,
                html=explanation_letter_html(
                    membership=membership,
                    person=person,
                    recipient=recipient,
                    stage=stage,
                    large_print=data.large_print,
                ),
                purpose=LETTER_PURPOSE,
            )
        audit_record(
            actor=Actor.for_membership(membership),
            action=AuditAction.COLLECT,
            object_type="radar_contact",
            object_id=person.public_id,
            partnership_id=person.partnership_id,
            purpose=f"{RADAR_PURPOSE}: told about the case review ({data.method}, {stage})",
        )
    return contact, letter


def complaint_from_report(report: Report, key: str) -> ComplaintInput:
    return ComplaintInput(
        key=key,
        behaviour_date=report.behaviour_on,
        reported_date=report.reported_on,
        agency=report.agency.slug,
        reference=report.agency_reference,
        hate=report.hate_related,
        from_agency_records=True,
    )


def draft_start(*, membership: Membership, person: Person, draft: Draft) -> Draft:
    """A request for this person, kept as the staff journey's own draft (nothing is recorded
    until the coordinator checks it with the person and confirms "check your answers"):
    the victim's details from their latest report, and their reports, not withdrawn and not
    dated after today, as complaints marked "from the agency's records"."""
    today = local_today()
    reports = [
        r
        for r in person_reports(person)
        if r.status != ReportStatus.WITHDRAWN and r.reported_on <= today
    ]
    if not reports:
        raise NotAllowedNow("This person has no reports left to start a request from.")
    latest = _latest(reports)
    draft.clear()
    fresh = Draft(draft.session, draft.key)
    fresh.answer(
        "victim",
        {
            "victim_name": f"{latest.first_name} {latest.surname}",
            "victim_address": next((r.address for r in reversed(reports) if r.address), ""),
            "victim_postcode": next((r.postcode for r in reversed(reports) if r.postcode), ""),
            "victim_email": next((r.email for r in reversed(reports) if r.email), ""),
            "victim_phone": next((r.phone for r in reversed(reports) if r.phone), ""),
        },
    )
    ordered = sorted(reports, key=lambda r: (r.reported_on, r.pk))
    fresh.set_complaints([complaint_from_report(r, f"c{i}") for i, r in enumerate(ordered, 1)])
    fresh.data["next_number"] = len(ordered) + 1
    fresh.data["from_radar"] = person.public_id
    fresh._save()
    audit_record(
        actor=Actor.for_membership(membership),
        action=AuditAction.COMBINE,
        object_type="radar_person",
        object_id=person.public_id,
        partnership_id=person.partnership_id,
        purpose=f"{RADAR_PURPOSE}: starting a request from {len(ordered)} agency reports",
    )
    return fresh


def reports_bring_in(
    *, membership: Membership, application: Application, reports: list[Report]
) -> Application:
    """Add matching reports to a request's complaints, marked "from the agency's records".
    The complaint history is checked as a whole, as any change to it is."""
    if not reports:
        raise InvalidInput([FieldError("reports", "Select at least one report to add")])
    if any(r.partnership_id != application.partnership_id for r in reports):
        raise InvalidInput([FieldError("reports", "Select reports of this partnership")])
    existing = application_services.complaint_inputs(application)
    number = max(application.next_complaint_number, len(existing) + 1)
    added = []
    for report in sorted(reports, key=lambda r: (r.reported_on, r.pk)):
        added.append(complaint_from_report(report, f"c{number}"))
        number += 1
    with transaction.atomic():
        application = application_services.complaints_replace(
            membership=membership, application=application, complaints=existing + added
        )
        audit_record(
            actor=Actor.for_membership(membership),
            action=AuditAction.COMBINE,
            object_type="application",
            object_id=application.reference,
            partnership_id=application.partnership_id,
            purpose=f"{RADAR_PURPOSE}: {len(added)} agency reports added as complaints",
        )
    return application


def reports_link_to_application(application: Application) -> None:
    """The complaints hook: each complaint taken from an agency's records names its report
    by agency and reference, so the report is kept with the case (`Report.applications`)."""
    taken = list(
        Complaint.objects.filter(
            application=application, from_agency_records=True, agency__isnull=False
        ).values_list("agency_id", "reference")
    )
    if not taken:
        return
    wanted = {(agency_id, reference) for agency_id, reference in taken}
    references = {reference for _, reference in taken}
    reports = Report.objects.filter(
        partnership_id=application.partnership_id, agency_reference__in=references
    ).only("pk", "agency_id", "agency_reference")
    through = Report.applications.through
    through.objects.bulk_create(
        [
            through(report_id=r.pk, application_id=application.pk)
            for r in reports
            if (r.agency_id, r.agency_reference) in wanted
        ],
        ignore_conflicts=True,
    )
