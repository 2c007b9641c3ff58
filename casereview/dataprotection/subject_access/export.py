"""The export: a ZIP of the items the officer kept (a JSON document, the letters' PDFs and the
files the applicant added), audited as a disclosure to the requester, with each item left out
and its reason."""

import io
import json
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from casereview.accounts.models import Membership
from casereview.applications.models import Application, CasePerson, Complaint
from casereview.core.audit import Actor, AuditFact, audit_record, audit_record_many
from casereview.core.errors import FieldError, InvalidInput, NotAllowedNow
from casereview.core.models import AuditAction
from casereview.dataprotection.models import SubjectAccessRequest
from casereview.dataprotection.subject_access.items import Item, found_items
from casereview.dataprotection.subject_access.matching import searchable
from casereview.dataprotection.subject_access.record import PURPOSE
from casereview.dataprotection.subject_access.search import Found, person_search

# An exclusion's reason is written into the audit entry's purpose (200 characters).
REASON_MAX = 150
EXEMPTIONS_NOTE_MAX = 2000

# The grounds on which the right of access may be restricted (Data Protection Act 2018,
# s.45(4)), as the officer records which were applied: the code is stored, the words exported.
EXEMPTIONS = {
    "inquiry": "To avoid obstructing an official or legal inquiry, investigation or procedure "
    "(s.45(4)(a))",
    "crime": "To avoid prejudicing the prevention, detection, investigation or prosecution "
    "of criminal offences or the execution of criminal penalties (s.45(4)(b))",
    "public_security": "To protect public security (s.45(4)(c))",
    "national_security": "To protect national security (s.45(4)(d))",
    "others": "To protect the rights and freedoms of others (s.45(4)(e))",
}
_LEFT_OUT = "left out of a subject access export: "


def _file_path(pk: int, uploaded_as: str) -> str:
    """Where an applicant's file goes in the ZIP: its number and the name it was uploaded
    with, reduced to plain characters (no folders, so it cannot land outside the export)."""
    name = re.split(r"[/\\]", uploaded_as)[-1]
    name = re.sub(r"[^A-Za-z0-9._ -]+", "_", name).strip(" .") or "file"
    return f"files/{pk}-{name[:100]}"


def _sharing_json(a: Application) -> dict[str, Any]:
    """The victim's wishes about sharing, and the Chair's decision when they did not agree."""
    return {
        "victim_agreed_to_sharing": a.consent_to_share,
        "lawful_basis": a.get_sharing_basis_display() or None,
        "chairs_decision": {
            "decision": a.get_sharing_decision_display(),
            "reason": a.sharing_reason,
            "decided_by": a.sharing_decided_by.full_name if a.sharing_decided_by else None,
            "decided": a.sharing_decided_at.isoformat() if a.sharing_decided_at else None,
        }
        if a.sharing_decision
        else None,
    }


def _application_json(a: Application, kept: set[str]) -> dict[str, Any]:
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
        "sharing": _sharing_json(a),
        "complaints": [
            _complaint_json(c) for c in a.complaints.all() if f"complaint-{c.pk}" in kept
        ],
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
            for r in a.partner_requests.all()
            if (c := getattr(r, "contribution", None)) is not None
            and f"contribution-{c.pk}" in kept
        ],
        "contact_log": [
            {
                "date": c.contacted_on.isoformat(),
                "time": c.contacted_at.strftime("%H:%M") if c.contacted_at else None,
                "how": c.get_method_display(),
                "who": c.get_direction_display(),
                "what_was_said": c.summary,
                "logged_by": c.recorded_by.full_name,
            }
            for c in a.contacts.all()
            if f"contact-{c.pk}" in kept
        ],
        "harm_assessments": [
            {
                "date": h.assessed_on.isoformat(),
                "how": h.get_method_display(),
                "level": h.level,
                "scoring_policy_version": h.policy_version.version,
                "answers": h.answers,
                "notes": h.notes,
                "assessed_by": h.recorded_by.full_name,
            }
            for h in a.harm_assessments.all()
            if f"harm-{h.pk}" in kept
        ],
        "letters": [
            {
                "kind": lt.kind,
                "created": lt.created_at.isoformat(),
                "file": f"letters/{lt.filename}",
            }
            for lt in a.letters.all()
            if f"letter-{lt.pk}" in kept
        ],
        "files_added": [
            {
                "name": d.name,
                "description": d.description,
                "added": d.uploaded_at.isoformat(),
                "file": _file_path(d.pk, d.name),
            }
            for d in a.applicant_documents.all()
            if f"document-{d.pk}" in kept
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


def _choices_checked(
    items: list[Item], shown: Iterable[str], left_out: Mapping[str, str]
) -> tuple[set[str], dict[str, str]]:
    """The keys kept, and each left-out key's reason; refuses a stale list or a missing
    reason."""
    keys = {item.key for item in items}
    if set(shown) != keys:
        raise NotAllowedNow(
            "What is held about this person has changed since the list was shown. "
            "Check the list again before exporting."
        )
    errors = []
    reasons: dict[str, str] = {}
    for item in items:
        if item.key not in left_out:
            continue
        reason = " ".join(left_out[item.key].split())
        if not reason:
            errors.append(
                FieldError(f"reason-{item.key}", f"Enter why this is left out: {item.label}")
            )
        elif len(reason) > REASON_MAX:
            errors.append(
                FieldError(
                    f"reason-{item.key}",
                    f"The reason must be {REASON_MAX} characters or fewer",
                )
            )
        reasons[item.key] = reason
    if errors:
        raise InvalidInput(errors)
    # A part of an application that is left out goes with it.
    out = set(reasons) | {item.key for item in items if item.within in reasons}
    return keys - out, reasons


def _person_json(p: CasePerson, found: Found) -> dict[str, Any]:
    return {
        "application": p.application.reference,
        "role": p.get_role_display(),
        "name": p.name,
        "other_names": p.aliases,
        "date_of_birth": p.date_of_birth.isoformat() if p.date_of_birth else None,
        "address": p.address,
        "postcode": p.postcode,
        "phone": p.phone,
        "email": p.email,
        "description": p.description,
        "recommendations_naming_them": [
            {"agency": r.agency.name, "recommendation": r.text}
            for r in found.recommendations.get(p.pk, [])
        ],
        "actions_naming_them": [
            {"agency": a.agency.name, "action": a.text, "due": a.due.isoformat()}
            for a in found.actions.get(p.pk, [])
        ],
    }


def _exemptions_checked(exemptions: Sequence[str], note: str) -> list[str]:
    chosen = list(dict.fromkeys(exemptions))
    errors = []
    if any(code not in EXEMPTIONS for code in chosen):
        errors.append(FieldError("exemptions", "Select exemptions from the list"))
    elif chosen and not note.strip():
        errors.append(
            FieldError("exemptions_note", "Enter how the exemptions were applied, and to what")
        )
    if len(note) > EXEMPTIONS_NOTE_MAX:
        errors.append(
            FieldError(
                "exemptions_note",
                f"How the exemptions were applied must be {EXEMPTIONS_NOTE_MAX} characters "
                "or fewer",
            )
        )
    if errors:
        raise InvalidInput(errors)
    return chosen


def sar_export(
    *,
    membership: Membership,
    request: SubjectAccessRequest,
    shown: Iterable[str],
    left_out: Mapping[str, str],
    exemptions: Sequence[str] = (),
    exemptions_note: str = "",
) -> bytes:
    """The ZIP for the requester, holding only the items the officer kept. `shown` is every
    item key the officer was shown; `left_out` maps the keys left out to their reasons.
    Audited as a disclosure to the requester, and each exclusion with its reason.
    `exemptions` (codes of EXEMPTIONS) are the grounds the officer restricted the answer on,
    with `exemptions_note` saying how: kept on the request, in the audit entry and in the
    export, so the requester is told a restriction was applied and on which grounds."""
    if not searchable(request):
        raise NotAllowedNow(
            "This request does not give the person's full name with their email address or "
            "postcode. Record it again with both before exporting."
        )
    found = person_search(request)
    items = found_items(found)
    kept, reasons = _choices_checked(items, shown, left_out)
    applied = _exemptions_checked(exemptions, exemptions_note)
    applications = [a for a in found.applications if f"application-{a.pk}" in kept]
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
        "applications": [_application_json(a, kept) for a in applications],
        "complaints_you_reported": [
            _complaint_json(c) for c in found.complaints if f"complaint-{c.pk}" in kept
        ],
        "mentions_in_contributions": [
            {
                "application": e.contribution.request.application.reference,
                "agency": e.contribution.request.agency.name,
                "date": e.date.isoformat(),
                "details": e.details,
            }
            for e in found.involvement
            if f"involvement-{e.pk}" in kept
        ]
        + [
            {
                "application": c.request.application.reference,
                "agency": c.request.agency.name,
                "summary": c.summary,
            }
            for c in found.contributions
            if f"summary-{c.pk}" in kept
        ],
        "named_in_cases": [
            _person_json(p, found) for p in found.people if f"person-{p.pk}" in kept
        ],
        "exemptions_applied": [EXEMPTIONS[code] for code in applied],
        "how_the_exemptions_were_applied": exemptions_note.strip(),
    }
    letters = [
        letter for a in applications for letter in a.letters.all() if f"letter-{letter.pk}" in kept
    ]
    files = [
        d for a in applications for d in a.applicant_documents.all() if f"document-{d.pk}" in kept
    ]
    waiting = [letter for letter in letters if not letter.pdf_ready]
    if waiting:
        # A letter made moments ago waits for its task (the scheduled job finishes any whose
        # task was lost): no request renders a PDF, so the officer exports once it is ready.
        raise NotAllowedNow(
            f"{len(waiting)} letter{'' if len(waiting) == 1 else 's'} in this export "
            f"{'is' if len(waiting) == 1 else 'are'} still being prepared as a PDF. "
            "Export again in a minute."
        )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(document, indent=2, ensure_ascii=False))
        for letter in letters:
            archive.writestr(f"letters/{letter.filename}", bytes(letter.pdf))
        for added in files:
            with added.file.open("rb") as held:
                archive.writestr(_file_path(added.pk, added.name), held.read())
    actor = Actor.for_membership(membership)
    with transaction.atomic():
        SubjectAccessRequest.objects.filter(pk=request.pk).update(
            exported_at=timezone.now(),
            exemptions={"grounds": applied, "note": exemptions_note.strip()},
        )
        audit_record_many(
            actor=actor,
            facts=[
                AuditFact(
                    action=str(AuditAction.ALTER),
                    purpose=f"{_LEFT_OUT}{reason}",
                    object_type="subject_access_item",
                    object_id=f"{request.pk}:{key}",
                    partnership_id=request.partnership_id,
                    recipients="",
                )
                for key, reason in reasons.items()
            ],
        )
        audit_record(
            actor=actor,
            action=AuditAction.DISCLOSE,
            object_type="subject_access_request",
            object_id=request.pk,
            partnership_id=request.partnership_id,
            purpose=f"{PURPOSE}: export of {len(kept)} of {len(items)} items found"
            + (f"; exemptions applied (DPA 2018 s.45(4)): {', '.join(applied)}" if applied else ""),
            recipients=[f"requester (subject access request {request.pk})"],
        )
    return buffer.getvalue()
