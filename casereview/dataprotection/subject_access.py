"""Finding everything held about a person, and exporting it as a ZIP (JSON and letter PDFs).

A person is matched as the victim or advocate of an application (the whole application is
about them), as the named reporter of a complaint, or as someone named in a partner's
contribution; only the matching records go in the export, so it holds their data and
nobody else's beyond what those records themselves contain.
"""

import io
import json
import zipfile
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from casereview.accounts.models import Membership
from casereview.applications.intake import normalise_postcode
from casereview.applications.models import Application, Complaint, Letter
from casereview.core.audit import Actor, audit_record
from casereview.core.errors import FieldError, InvalidInput
from casereview.core.models import AuditAction
from casereview.core.tenancy import partnership_id_of
from casereview.dataprotection.models import SubjectAccessRequest
from casereview.letters.render import letter_render
from casereview.reviews.models import Contribution, Involvement
from casereview.threshold.engine import add_months

PURPOSE = "answering a subject access request"


def sar_create(
    *,
    membership: Membership,
    requester: str,
    reply_to: str,
    received: date,
    name: str,
    email: str,
    postcode: str,
) -> SubjectAccessRequest:
    errors = []
    if not requester.strip():
        errors.append(FieldError("requester", "Enter who made the request"))
    if not reply_to.strip():
        errors.append(FieldError("reply_to", "Enter where the answer goes"))
    if not (name.strip() or email.strip() or postcode.strip()):
        errors.append(
            FieldError("name", "Enter a name, an email address or a postcode to search for")
        )
    if postcode.strip() and normalise_postcode(postcode) is None:
        errors.append(FieldError("postcode", "Enter a real postcode, like ST5 1AB"))
    if received > timezone.localdate():
        errors.append(FieldError("received", "The date received must be today or in the past"))
    if errors:
        raise InvalidInput(errors)
    with transaction.atomic():
        request = SubjectAccessRequest.objects.create(
            partnership_id=partnership_id_of(membership),
            requester=requester.strip(),
            reply_to=reply_to.strip(),
            received=received,
            due=add_months(received, 1),
            name=name.strip(),
            email=email.strip(),
            postcode=normalise_postcode(postcode) or "" if postcode.strip() else "",
            created_by=membership.user,
        )
        audit_record(
            actor=Actor.for_membership(membership),
            action=AuditAction.COLLECT,
            object_type="subject_access_request",
            object_id=request.pk,
            partnership_id=membership.partnership_id,
            purpose=PURPOSE,
        )
    return request


@dataclass
class Found:
    """What is held about the person: whole applications, and single records elsewhere."""

    applications: list[Application] = field(default_factory=list)
    complaints: list[Complaint] = field(default_factory=list)
    involvement: list[Involvement] = field(default_factory=list)
    contributions: list[Contribution] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.applications or self.complaints or self.involvement or self.contributions)


def _person(request: SubjectAccessRequest) -> Q:
    q = Q(pk__in=[])
    if request.name:
        q |= Q(victim_name__iexact=request.name) | Q(advocate_name__iexact=request.name)
    if request.email:
        q |= Q(victim_email__iexact=request.email) | Q(advocate_email__iexact=request.email)
    if request.postcode:
        q |= Q(victim_postcode=request.postcode)
    return q


def person_search(request: SubjectAccessRequest) -> Found:
    scope = Application.objects.filter(
        partnership_id=request.partnership_id, erased_at__isnull=True
    )
    found = Found(applications=list(scope.filter(_person(request)).order_by("received")))
    theirs = {a.pk for a in found.applications}
    if request.name:
        found.complaints = list(
            Complaint.objects.filter(application__in=scope, reporter__iexact=request.name)
            .exclude(application_id__in=theirs)
            .select_related("application", "agency")
        )
        found.involvement = list(
            Involvement.objects.filter(
                contribution__request__application__in=scope, details__icontains=request.name
            )
            .exclude(contribution__request__application_id__in=theirs)
            .select_related("contribution__request__agency", "contribution__request__application")
        )
        found.contributions = list(
            Contribution.objects.filter(
                request__application__in=scope, summary__icontains=request.name
            )
            .exclude(request__application_id__in=theirs)
            .select_related("request__agency", "request__application")
        )
    return found


def _application_json(a: Application) -> dict[str, Any]:
    return {
        "reference": a.reference,
        "received": a.received.isoformat(),
        "status": a.get_status_display(),
        "how": a.get_channel_display(),
        "victim": {
            "name": a.victim_name,
            "address": a.victim_address,
            "postcode": a.victim_postcode,
            "email": a.victim_email,
            "phone": a.victim_phone,
            "contact_preference": a.contact_preference,
            "support_needs": a.support_needs,
        },
        "advocate": {
            "name": a.advocate_name,
            "organisation": a.advocate_organisation,
            "relationship": a.advocate_relationship,
            "email": a.advocate_email,
            "phone": a.advocate_phone,
            "address": a.advocate_address,
        }
        if a.has_advocate
        else None,
        "description": a.description,
        "impact": a.impact,
        "complaints": [_complaint_json(c) for c in a.complaints.select_related("agency")],
        "contributions": [
            {
                "agency": c.request.agency.name,
                "nil_return": c.nil_return,
                "summary": c.summary,
                "involvement": [
                    {"date": e.date.isoformat(), "kind": e.kind, "details": e.details}
                    for e in c.entries.all()
                ],
            }
            for c in Contribution.objects.filter(request__application=a).select_related(
                "request__agency"
            )
        ],
        "letters": [
            {
                "kind": lt.kind,
                "created": lt.created_at.isoformat(),
                "file": f"letters/{lt.filename}",
            }
            for lt in a.letters.defer("pdf", "html")
        ],
    }


def _complaint_json(c: Complaint) -> dict[str, Any]:
    return {
        "application": c.application.reference,
        "behaviour_date": c.behaviour_date.isoformat(),
        "reported_date": c.reported_date.isoformat(),
        "reported_to": c.agency.name if c.agency else "Another organisation",
        "reference": c.reference,
        "summary": c.summary,
        "reporter": c.reporter,
    }


def sar_export(*, membership: Membership, request: SubjectAccessRequest) -> bytes:
    """The ZIP for the requester. Audited as a disclosure to them."""
    found = person_search(request)
    document = {
        "request": {
            "requester": request.requester,
            "received": request.received.isoformat(),
            "searched_for": {
                "name": request.name,
                "email": request.email,
                "postcode": request.postcode,
            },
        },
        "applications": [_application_json(a) for a in found.applications],
        "complaints_you_reported": [_complaint_json(c) for c in found.complaints],
        "mentions_in_contributions": [
            {
                "application": e.contribution.request.application.reference,
                "agency": e.contribution.request.agency.name,
                "date": e.date.isoformat(),
                "details": e.details,
            }
            for e in found.involvement
        ]
        + [
            {
                "application": c.request.application.reference,
                "agency": c.request.agency.name,
                "summary": c.summary,
            }
            for c in found.contributions
        ],
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(document, indent=2, ensure_ascii=False))
        for letter in Letter.objects.filter(application__in=found.applications).select_related(
            "application"
        ):
            # A letter made moments ago may still wait for its task: render it here.
            pdf = letter.pdf if letter.pdf_ready else letter_render(letter.pk).pdf
            archive.writestr(f"letters/{letter.filename}", bytes(pdf))
    with transaction.atomic():
        SubjectAccessRequest.objects.filter(pk=request.pk).update(exported_at=timezone.now())
        audit_record(
            actor=Actor.for_membership(membership),
            action=AuditAction.DISCLOSE,
            object_type="subject_access_request",
            object_id=request.pk,
            partnership_id=request.partnership_id,
            purpose=f"{PURPOSE}: export of {len(found.applications)} applications",
            recipients=[f"requester (subject access request {request.pk})"],
        )
    return buffer.getvalue()
