"""Finding everything held about one person, letting the officer leave items out, and
exporting the rest as a ZIP (JSON and letter PDFs).

A record is theirs only when it names them (their full name, the same once case and spacing
are set aside: never a part of a name) **and** something else in it is theirs too: their
email address or their postcode. No record here holds a date of birth. So:

- an application is theirs as its victim (the victim's name, and the victim's email or
  postcode) or as its advocate (the advocate's name, and the advocate's email or the postcode
  in the advocate's address); the whole application, its complaints, contributions and
  letters, is about them;
- a complaint in another case is theirs when they are its named reporter and the case's
  address has their postcode (a complaint holds no address of its own);
- a partner's note in another case mentions them when it names them in full and holds their
  email or postcode, or the case's address has their postcode.

The officer sees every item found, and may leave any out with a reason; the export holds
only the items kept, and the export and every exclusion are audited.
"""

import io
import json
import re
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from casereview.accounts.models import Membership
from casereview.applications.intake import normalise_postcode
from casereview.applications.models import (
    Application,
    Complaint,
    ContactEntry,
    Letter,
    search_key,
)
from casereview.core import limits
from casereview.core.audit import Actor, AuditFact, audit_record, audit_record_many
from casereview.core.errors import FieldError, InvalidInput, NotAllowedNow
from casereview.core.models import AuditAction
from casereview.core.tenancy import partnership_id_of
from casereview.dataprotection.models import SubjectAccessRequest
from casereview.letters.render import letter_render
from casereview.reviews.models import Contribution, Involvement, PartnerRequest
from casereview.threshold.engine import add_months

PURPOSE = "answering a subject access request"
# An exclusion's reason is written into the audit entry's purpose (200 characters).
REASON_MAX = 150
_LEFT_OUT = "left out of a subject access export: "


def name_key(name: str) -> str:
    """A name as it is compared: case, and surrounding and repeated spaces, set aside."""
    return " ".join(name.split()).lower()


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
    if not name.strip():
        errors.append(FieldError("name", "Enter the full name of the person the request is about"))
    if not (email.strip() or postcode.strip()):
        errors.append(
            FieldError(
                "email",
                "Enter their email address or their postcode as well as their name, "
                "so only their records are found",
            )
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
            name=" ".join(name.split()),
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


# --- Who is who -------------------------------------------------------------------------


def searchable(request: SubjectAccessRequest) -> bool:
    """A request can be answered only with a name and something to confirm it by."""
    return bool(name_key(request.name)) and bool(request.email or request.postcode)


def _same_name(held: str, request: SubjectAccessRequest) -> bool:
    return bool(held.strip()) and name_key(held) == name_key(request.name)


def _same_email(held: str, request: SubjectAccessRequest) -> bool:
    return bool(request.email and held) and held.strip().lower() == request.email.strip().lower()


def _same_postcode(held: str, request: SubjectAccessRequest) -> bool:
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
    if _same_name(application.victim_name, request) and (
        _same_email(application.victim_email, request)
        or _same_postcode(application.victim_postcode, request)
    ):
        return "victim"
    if _same_name(application.advocate_name, request) and (
        _same_email(application.advocate_email, request)
        or _postcode_in(application.advocate_address, request)
    ):
        return "advocate"
    return None


def _mentioned(text: str, application: Application, request: SubjectAccessRequest) -> bool:
    return _names_them(text, request) and (
        _text_confirms(text, request) or _same_postcode(application.victim_postcode, request)
    )


# --- What is found ----------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One thing found, as the officer sees it: `key` names it in the form and the audit."""

    key: str
    label: str
    excerpt: str = ""
    # The application an item belongs to, when it goes with that application.
    within: str = ""


@dataclass
class Found:
    """What is held about the person: whole applications (with their complaints,
    contributions and letters), and single records in other people's cases."""

    applications: list[Application] = field(default_factory=list)
    roles: dict[int, str] = field(default_factory=dict)
    complaints: list[Complaint] = field(default_factory=list)
    involvement: list[Involvement] = field(default_factory=list)
    contributions: list[Contribution] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.applications or self.complaints or self.involvement or self.contributions)

    def consulted(self) -> list[Application]:
        """Every application whose records the preview shows."""
        seen = {a.pk: a for a in self.applications}
        for c in self.complaints:
            seen.setdefault(c.application_id, c.application)
        for e in self.involvement:
            seen.setdefault(
                e.contribution.request.application_id, e.contribution.request.application
            )
        for k in self.contributions:
            seen.setdefault(k.request.application_id, k.request.application)
        return list(seen.values())

    def groups(self) -> list[tuple[str, list[Item]]]:
        """The items, grouped as the preview shows them: each application with its parts,
        then the records in other people's cases."""
        found: list[tuple[str, list[Item]]] = []
        for a in self.applications:
            app_key = f"application-{a.pk}"
            items = [
                Item(
                    app_key,
                    f"The application itself: the {self.roles[a.pk]}'s details, "
                    "the description of the behaviour and its impact",
                    " ".join(p for p in (a.victim_name, a.victim_postcode, a.victim_email) if p)
                    + (f"; advocate {a.advocate_name}" if a.has_advocate else ""),
                )
            ]
            items += [
                Item(
                    f"complaint-{c.pk}",
                    f"Complaint reported to {_agency(c)} on {limits.long_date(c.reported_date)}",
                    _excerpt(c.summary),
                    app_key,
                )
                for c in a.complaints.all()
            ]
            items += [
                Item(
                    f"contribution-{k.pk}",
                    f"{k.request.agency.name}'s contribution"
                    + (" (nil return)" if k.nil_return else ""),
                    _excerpt(k.summary),
                    app_key,
                )
                for r in a.partner_requests.all()
                if (k := getattr(r, "contribution", None)) is not None
            ]
            items += [
                Item(
                    f"contact-{c.pk}",
                    f"Contact log: {c.get_method_display().lower()} of "
                    f"{limits.long_date(c.contacted_on)} ({c.get_direction_display().lower()})",
                    _excerpt(c.summary),
                    app_key,
                )
                for c in a.contacts.all()
            ]
            items += [
                Item(
                    f"letter-{lt.pk}",
                    f"{lt.get_kind_display()} letter of {limits.long_date(lt.created_at)} (PDF)",
                    "",
                    app_key,
                )
                for lt in a.letters.all()
            ]
            found.append(
                (
                    f"Application {a.reference}, received {limits.long_date(a.received)} "
                    f"(as the {self.roles[a.pk]})",
                    items,
                )
            )
        others = (
            [
                Item(
                    f"complaint-{c.pk}",
                    f"A complaint they reported, in {c.application.reference}",
                    _excerpt(c.summary),
                )
                for c in self.complaints
            ]
            + [
                Item(
                    f"involvement-{e.pk}",
                    f"A mention in {e.contribution.request.agency.name}'s contribution to "
                    f"{e.contribution.request.application.reference} ({limits.long_date(e.date)})",
                    _excerpt(e.details),
                )
                for e in self.involvement
            ]
            + [
                Item(
                    f"summary-{k.pk}",
                    f"A mention in {k.request.agency.name}'s summary for "
                    f"{k.request.application.reference}",
                    _excerpt(k.summary),
                )
                for k in self.contributions
            ]
        )
        if others:
            found.append(("Records in other people's cases", others))
        return found

    def items(self) -> list[Item]:
        return [item for _, items in self.groups() for item in items]


def _agency(c: Complaint) -> str:
    return c.agency.name if c.agency else "another organisation"


def _excerpt(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _longest_word(request: SubjectAccessRequest) -> str:
    return max(name_key(request.name).split(), key=len, default="")


def person_search(request: SubjectAccessRequest) -> Found:
    if not searchable(request):
        return Found()
    scope: QuerySet[Application] = Application.objects.filter(
        partnership_id=request.partnership_id, erased_at__isnull=True
    )
    word = _longest_word(request)
    # The database narrows by one word of the name; the rules above decide.
    candidates = (
        scope.filter(Q(victim_name_key=search_key(request.name)) | Q(advocate_name__icontains=word))
        .order_by("received", "pk")
        .prefetch_related(
            Prefetch("complaints", queryset=Complaint.objects.select_related("agency")),
            Prefetch(
                "partner_requests",
                queryset=PartnerRequest.objects.select_related("agency", "contribution"),
            ),
            Prefetch("contacts", queryset=ContactEntry.objects.select_related("recorded_by")),
            # The PDFs are read only for the letters exported.
            Prefetch("letters", queryset=Letter.objects.defer("pdf", "html")),
        )
    )
    found = Found()
    for application in candidates:
        role = role_in(application, request)
        if role is not None:
            found.applications.append(application)
            found.roles[application.pk] = role
    theirs = [a.pk for a in found.applications]
    others = scope.exclude(pk__in=theirs)
    found.complaints = [
        c
        for c in Complaint.objects.filter(application__in=others, reporter__icontains=word)
        .select_related("application", "agency")
        .order_by("application__received", "pk")
        if _same_name(c.reporter, request)
        and _same_postcode(c.application.victim_postcode, request)
    ]
    found.involvement = [
        e
        for e in Involvement.objects.filter(
            contribution__request__application__in=others, details__icontains=word
        )
        .select_related("contribution__request__agency", "contribution__request__application")
        .order_by("contribution__request__application__received", "date", "pk")
        if _mentioned(e.details, e.contribution.request.application, request)
    ]
    found.contributions = [
        k
        for k in Contribution.objects.filter(
            request__application__in=others, summary__icontains=word
        )
        .select_related("request__agency", "request__application")
        .order_by("request__application__received", "pk")
        if _mentioned(k.summary, k.request.application, request)
    ]
    return found


# --- The export -------------------------------------------------------------------------


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
        "letters": [
            {
                "kind": lt.kind,
                "created": lt.created_at.isoformat(),
                "file": f"letters/{lt.filename}",
            }
            for lt in a.letters.all()
            if f"letter-{lt.pk}" in kept
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


def sar_export(
    *,
    membership: Membership,
    request: SubjectAccessRequest,
    shown: Iterable[str],
    left_out: Mapping[str, str],
) -> bytes:
    """The ZIP for the requester, holding only the items the officer kept. `shown` is every
    item key the officer was shown; `left_out` maps the keys left out to their reasons.
    Audited as a disclosure to the requester, and each exclusion with its reason."""
    if not searchable(request):
        raise NotAllowedNow(
            "This request does not give the person's full name with their email address or "
            "postcode. Record it again with both before exporting."
        )
    found = person_search(request)
    items = found.items()
    kept, reasons = _choices_checked(items, shown, left_out)
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
    }
    letters = [
        letter for a in applications for letter in a.letters.all() if f"letter-{letter.pk}" in kept
    ]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(document, indent=2, ensure_ascii=False))
        for letter in letters:
            # A letter made moments ago may still wait for its task: render it here.
            pdf = letter.pdf if letter.pdf_ready else letter_render(letter.pk).pdf
            archive.writestr(f"letters/{letter.filename}", bytes(pdf))
    actor = Actor.for_membership(membership)
    with transaction.atomic():
        SubjectAccessRequest.objects.filter(pk=request.pk).update(exported_at=timezone.now())
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
            purpose=f"{PURPOSE}: export of {len(kept)} of {len(items)} items found",
            recipients=[f"requester (subject access request {request.pk})"],
        )
    return buffer.getvalue()
