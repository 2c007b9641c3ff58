"""Writes to applications: recording a request, its complaints, the Chair's decision.

Each service validates first (raising `InvalidInput` or `NotAllowedNow` before anything is
written), runs in one transaction and writes its own audit entry.
"""

from django.db import transaction
from django.db.models import F

from casereview.accounts.models import Membership, User
from casereview.applications.evidence import complaints_stored
from casereview.applications.intake import (
    OTHER_AGENCY,
    ApplicationInput,
    ComplaintInput,
    application_errors,
    complaint_errors,
    normalise_postcode,
)
from casereview.applications.models import (
    Application,
    Complaint,
    ReferenceCounter,
    SharingBasis,
    ThresholdDecision,
)
from casereview.applications.notify import chair_notice_send
from casereview.clock.deadlines import ClockSettings, case_deadlines
from casereview.core.audit import Actor, audit_record
from casereview.core.dates import local_today
from casereview.core.errors import InvalidInput, NotAllowedNow
from casereview.core.models import AuditAction
from casereview.partnerships.models import Agency, Partnership
from casereview.partnerships.selectors import case_settings_of

RECORD_PURPOSE = "recording a request for an ASB case review"
CASE_PURPOSE = "managing an ASB case review"


def _agencies(partnership_id: int) -> dict[str, Agency | None]:
    agencies: dict[str, Agency | None] = {
        a.slug: a for a in Agency.objects.filter(partnership_id=partnership_id)
    }
    agencies[OTHER_AGENCY] = None
    return agencies


def _relevant(agencies: dict[str, Agency | None]) -> dict[str, bool]:
    return {slug: bool(a and a.relevant_body) for slug, a in agencies.items()}


def application_audit(
    membership: Membership, application: Application, action: AuditAction, purpose: str
) -> None:
    audit_record(
        actor=Actor.for_membership(membership),
        action=action,
        object_type="application",
        object_id=application.reference,
        partnership_id=application.partnership_id,
        purpose=purpose,
    )


def _allocate_reference(partnership: Partnership, year: int) -> str:
    """The next PREFIX-YEAR-NNNN. The counter row is locked for the rest of the transaction,
    so concurrent requests queue here instead of taking the same number."""
    counter, _ = ReferenceCounter.objects.select_for_update().get_or_create(
        partnership=partnership, year=year
    )
    ReferenceCounter.objects.filter(pk=counter.pk).update(last_number=F("last_number") + 1)
    counter.refresh_from_db(fields=["last_number"])
    return f"{partnership.reference_prefix}-{year}-{counter.last_number:04d}"


def _complaint(
    application: Application, c: ComplaintInput, agencies: dict[str, Agency | None]
) -> Complaint:
    agency = agencies[c.agency]
    return Complaint(
        application=application,
        key=c.key,
        behaviour_date=c.behaviour_date,
        reported_date=c.reported_date,
        agency=agency,
        relevant_body=bool(agency and agency.relevant_body),
        reference=c.reference,
        summary=c.summary,
        hate=c.hate,
        reporter=c.reporter or "applicant",
        same_incident_as=c.same_incident_as or "",
        from_agency_records=c.from_agency_records,
    )


def _next_key_number(complaints: list[ComplaintInput]) -> int:
    numbers = [int(c.key[1:]) for c in complaints if c.key[:1] == "c" and c.key[1:].isdigit()]
    return max(numbers, default=0) + 1


def application_record(*, membership: Membership, data: ApplicationInput) -> Application:
    """A request recorded by staff, acting in their role."""
    partnership = membership.partnership
    assert partnership is not None  # the rules only let partnership roles record
    application = application_create(
        partnership=partnership,
        data=data,
        recorded_by=membership.user,
        actor=Actor.for_membership(membership),
    )
    application_id = application.pk
    # The Chair decides the threshold: tell them once the request is committed (after the
    # caller's transaction too, as in the API's idempotent requests).
    transaction.on_commit(lambda: chair_notice_send.enqueue(application_id=application_id))
    return application


def application_create(
    *, partnership: Partnership, data: ApplicationInput, recorded_by: User, actor: Actor
) -> Application:
    """Validate and store a request: the one path for staff and for online applications."""
    agencies = _agencies(partnership.pk)
    errors = application_errors(data, _relevant(agencies), local_today())
    if errors:
        raise InvalidInput(errors)
    settings = case_settings_of(partnership)
    deadlines = case_deadlines(
        data.received,
        ClockSettings(settings.acknowledgement_working_days, settings.conclusion_calendar_days),
    )
    victim, advocate = data.victim, data.advocate
    with transaction.atomic():
        application = Application.objects.create(
            partnership=partnership,
            reference=_allocate_reference(partnership, data.received.year),
            received=data.received,
            channel=data.channel,
            applicant_type=data.applicant_type,
            victim_name=victim.name.strip(),
            victim_address=victim.address.strip(),
            victim_postcode=normalise_postcode(victim.postcode) or victim.postcode,
            victim_email=victim.email,
            victim_phone=victim.phone.strip(),
            contact_preference=victim.contact_preference,
            large_print=victim.large_print,
            interpreter_language=victim.interpreter_language.strip(),
            named_contact=victim.named_contact.strip(),
            other_support_needs=victim.other_support_needs.strip(),
            advocate_name=advocate.name.strip() if advocate else "",
            advocate_organisation=advocate.organisation.strip() if advocate else "",
            advocate_relationship=advocate.relationship.strip() if advocate else "",
            advocate_email=advocate.email if advocate else "",
            advocate_phone=advocate.phone.strip() if advocate else "",
            advocate_address=advocate.address.strip() if advocate else "",
            advocate_victim_consent=bool(advocate and advocate.victim_consent),
            description=data.description.strip(),
            impact=data.impact.strip(),
            consent_to_share=data.consent_to_share,
            # With the victim's agreement, shared on the partnership's public task; without
            # it, the Chair decides (`sharing.sharing_decide`).
            sharing_basis=SharingBasis.PUBLIC_TASK if data.consent_to_share else "",
            acknowledgement_due=deadlines.acknowledgement_due,
            conclusion_due=deadlines.conclusion_due,
            next_complaint_number=_next_key_number(data.complaints),
            recorded_by=recorded_by,
        )
        Complaint.objects.bulk_create(
            [_complaint(application, c, agencies) for c in data.complaints]
        )
        complaints_stored(application)
        audit_record(
            actor=actor,
            action=AuditAction.COLLECT,
            object_type="application",
            object_id=application.reference,
            partnership_id=partnership.pk,
            purpose=f"{RECORD_PURPOSE} ({data.channel})",
        )
    return application


def _require_undecided(application: Application) -> None:
    if ThresholdDecision.objects.filter(application=application).exists():
        raise NotAllowedNow(
            "The threshold has been decided, so the complaints can no longer change."
        )


def complaint_inputs(application: Application) -> list[ComplaintInput]:
    return [
        ComplaintInput(
            key=c.key,
            behaviour_date=c.behaviour_date,
            reported_date=c.reported_date,
            agency=c.agency_slug,
            reference=c.reference,
            summary=c.summary,
            hate=c.hate,
            reporter=c.reporter,
            same_incident_as=c.same_incident_as or None,
            from_agency_records=c.from_agency_records,
        )
        for c in application.complaints.all()
    ]


def complaints_replace(
    *, membership: Membership, application: Application, complaints: list[ComplaintInput]
) -> Application:
    """Store a changed complaint history (one added, changed or removed) before the decision.

    The whole list is checked as the engine would check it, so a removal that leaves another
    complaint linked to nothing is refused rather than half-applied.
    """
    _require_undecided(application)
    agencies = _agencies(application.partnership_id)
    errors = complaint_errors(application.received, complaints, _relevant(agencies))
    if errors:
        raise InvalidInput(errors)
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        _require_undecided(locked)
        locked.complaints.all().delete()
        Complaint.objects.bulk_create([_complaint(locked, c, agencies) for c in complaints])
        complaints_stored(locked)
        Application.objects.filter(pk=locked.pk).update(
            next_complaint_number=max(locked.next_complaint_number, _next_key_number(complaints))
        )
        application_audit(
            membership, locked, AuditAction.ALTER, f"{CASE_PURPOSE}: complaint history changed"
        )
    application.refresh_from_db()
    return application
