"""Asking partner agencies, and what a partner sees and contributes."""

from datetime import date

import rules
from django.contrib import messages
from django.db.models import prefetch_related_objects
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from casereview.accounts.requests import StaffRequest
from casereview.applications.lifecycle import BEFORE_MINUTES, CLOSED
from casereview.applications.models import Application
from casereview.applications.people import (
    note_people_read,
    people_filter_roles,
    people_seen,
)
from casereview.applications.views.access import note_view
from casereview.core import limits
from casereview.core.audit import Actor, audit_record
from casereview.core.dates import local_today
from casereview.core.errors import NotAllowedNow
from casereview.core.models import AuditAction
from casereview.core.permissions import permission_denied, role_required
from casereview.core.view_helpers import attempt, posted
from casereview.core.wording import counted
from casereview.partnerships.models import Agency
from casereview.reviews import selectors
from casereview.reviews.attachments import attachment_add
from casereview.reviews.attachments import attachment_remove as attachment_delete
from casereview.reviews.forms import (
    AttachmentForm,
    ContributionForm,
    InvolvementFormSet,
    PartnerRequestForm,
    formset_refusal,
)
from casereview.reviews.models import Meeting, PartnerRequest
from casereview.reviews.services.contributions import (
    CONTRIBUTION_PURPOSE,
    InvolvementInput,
    contribution_save,
)
from casereview.reviews.services.partners import (
    default_due,
    partner_request_withdraw,
    partner_requests_send,
    request_viewed,
)
from casereview.reviews.steps import due_after_meeting_warning, due_too_late, has_started
from casereview.reviews.views.common import CASE_PURPOSE, review_case


@role_required("reviews.request_partners")
def partners(request: StaffRequest, reference: str) -> HttpResponse:
    membership = request.membership
    application = review_case(
        request,
        reference,
        "reviews.request_partners",
        joins=("partnership__case_settings", "decision"),
        prefetches=selectors.requests_prefetch(),
    )
    requests = list(application.partner_requests.all())
    asked = {r.agency_id for r in requests}
    choices = [
        (slug, name)
        for pk, slug, name in Agency.objects.filter(
            partnership_id=application.partnership_id, active=True
        ).values_list("pk", "slug", "name")
        if pk not in asked
    ]
    initial: dict[str, object] = {"agencies": [slug for slug, _ in choices]}
    if application.status in BEFORE_MINUTES:
        initial["due"] = default_due(application)
    form = PartnerRequestForm(posted(request), initial=initial, agencies=choices)
    meeting = getattr(application, "meeting", None)
    if request.method == "POST" and form.is_valid():
        chosen = list(
            Agency.objects.filter(
                partnership_id=application.partnership_id, slug__in=form.cleaned_data["agencies"]
            )
        )
        response = attempt(
            request,
            form,
            lambda: partner_requests_send(
                membership=membership,
                application=application,
                agencies=chosen,
                due=form.cleaned_data["due"],
            ),
            _asked_message(len(chosen), form.cleaned_data["due"], meeting),
            reverse("casework:detail", args=[reference]),
        )
        if response is not None:
            return response
    note_view(request, application, CASE_PURPOSE)
    return render(
        request,
        "reviews/partners.html",
        {
            "title": "Ask partner agencies",
            "application": application,
            "form": form,
            "states": selectors.states_of(requests, local_today()),
            "late_warning": due_after_meeting_warning(requests, meeting),
            # Stopping is open while asking is (the service holds the same rule).
            "can_stop": application.status in BEFORE_MINUTES,
        },
        status=400 if request.method == "POST" else 200,
    )


@role_required("reviews.request_partners")
def partner_stop(request: StaffRequest, reference: str, agency: str) -> HttpResponse:
    # Only the POST needs the requests; a GET is scoped and checked, then sent back.
    application = review_case(request, reference, "reviews.request_partners")
    if request.method == "POST":
        asked = selectors.request_to(application, agency)
        if asked is not None:
            try:
                partner_request_withdraw(membership=request.membership, request=asked)
            except NotAllowedNow as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, f"{asked.agency} is no longer asked to contribute.")
    return redirect("reviews:partners", reference=reference)


def _asked_message(count: int, due: date, meeting: Meeting | None) -> str:
    have = "has" if count == 1 else "have"
    asked = f"{counted(count, 'agency', 'agencies')} {have} been asked and emailed."
    if due_too_late(due, meeting):
        return (
            f"{asked} Their contributions are due on or after the day of the meeting, but "
            "contributions lock when it starts: ask them to contribute sooner, or move the "
            "meeting."
        )
    return asked


def _asked(request: StaffRequest, reference: str) -> tuple[PartnerRequest, Application]:
    """The partner's own request and its case, in one query: 404 unless the case is in
    sight and the agency was asked, 403 if the rule refuses."""
    asked = selectors.partner_request_get(request.membership, reference)
    if not rules.test_rule("reviews.contribute", request.membership, asked.application):
        raise permission_denied(request, "reviews.contribute")
    return asked, asked.application


@role_required("reviews.contribute")
def contribution(request: StaffRequest, reference: str) -> HttpResponse:
    """The partner's page: what the review needs to know, and their agency's contribution."""
    membership = request.membership
    asked, application = _asked(request, reference)
    current = getattr(asked, "contribution", None)
    if current is not None:
        prefetch_related_objects([current], "entries", "attachments")
    locked = has_started(getattr(application, "meeting", None)) or application.status in CLOSED
    initial = {}
    entries_initial: list[dict[str, object]] = []
    if current is not None:
        initial = {"nil_return": "yes" if current.nil_return else "no", "summary": current.summary}
        entries_initial = [
            {"date": e.date, "kind": e.kind, "details": e.details} for e in current.entries.all()
        ]
    form = ContributionForm(posted(request), initial=initial)
    entries = InvolvementFormSet(posted(request), initial=entries_initial, prefix="entry")
    formset_refusal(form, entries, limits.INVOLVEMENT_MAX, "involvement entries")
    if request.method == "POST" and not locked and form.is_valid() and entries.is_valid():
        rows = [
            InvolvementInput(e["date"], e["kind"], e["details"])
            for e in entries.cleaned_data
            if e and e.get("date")
        ]
        response = attempt(
            request,
            form,
            lambda: contribution_save(
                membership=membership,
                request=asked,
                nil_return=form.cleaned_data["nil_return"] == "yes",
                summary=form.cleaned_data["summary"],
                entries=rows,
            ),
            "Your agency's contribution has been saved.",
            reverse("reviews:contribution", args=[reference]),
        )
        if response is not None:
            return response
    request_viewed(asked)
    note_view(request, application, CONTRIBUTION_PURPOSE)
    people = people_seen(membership, application)
    note_people_read(request, people, CONTRIBUTION_PURPOSE)
    return render(
        request,
        "reviews/contribution.html",
        {
            "title": f"Contribute to {reference}",
            "application": application,
            "asked": asked,
            "current": current,
            "locked": locked,
            "form": form,
            "entries": entries,
            "attachment_form": AttachmentForm(),
            "complaints": list(application.complaints.select_related("agency")),
            "people_groups": people_filter_roles(people),
        },
        status=400 if request.method == "POST" else 200,
    )


@role_required("reviews.contribute")
def attachment_upload(request: StaffRequest, reference: str) -> HttpResponse:
    membership = request.membership
    asked, application = _asked(request, reference)  # 404 unless asked, even for a GET
    if request.method != "POST":
        return redirect("reviews:contribution", reference=reference)
    current = getattr(asked, "contribution", None)
    form = AttachmentForm(request.POST, request.FILES)
    if current is None:
        form.add_error("file", "Save your contribution first, then add files to it")
    elif form.is_valid():
        response = attempt(
            request,
            form,
            lambda: attachment_add(
                membership=membership, contribution=current, upload=form.cleaned_data["file"]
            ),
            "The file has been added.",
            reverse("reviews:contribution", args=[reference]),
        )
        if response is not None:
            return response
    return render(
        request,
        "reviews/attachment_error.html",
        {"title": "Add a file", "application": application, "form": form},
        status=400,
    )


@role_required("reviews.see_pack")
def attachment_download(request: StaffRequest, attachment_id: int) -> HttpResponse:
    membership = request.membership
    attachment = selectors.attachment_get(membership, attachment_id)
    audit_record(
        actor=Actor.for_membership(membership),
        action=AuditAction.DISCLOSE,
        object_type="attachment",
        object_id=attachment.pk,
        partnership_id=attachment.contribution.request.partnership_id,
        purpose=f"{CASE_PURPOSE}: attachment downloaded",
        recipients=[f"staff member (membership {membership.pk})"],
    )
    # FileResponse streams, and is a kind of HttpResponse as far as callers care.
    return FileResponse(  # type: ignore[return-value]
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.name,
        content_type=attachment.content_type,
    )


@role_required("reviews.see_pack")
def attachment_remove(request: StaffRequest, attachment_id: int) -> HttpResponse:
    """Asks first (GET), removes on the answer (POST): the uploader or the coordinator,
    before the meeting."""
    membership = request.membership
    attachment = selectors.attachment_get(membership, attachment_id)
    if not rules.test_rule("reviews.remove_attachment", membership, attachment):
        raise permission_denied(request, "reviews.remove_attachment")
    application = attachment.contribution.request.application
    back = (
        reverse("reviews:contribution", args=[application.reference])
        if membership.role == "partner"
        else reverse("reviews:pack", args=[application.reference])
    )
    if request.method != "POST" and (
        application.status in CLOSED or has_started(getattr(application, "meeting", None))
    ):
        messages.error(request, "The meeting has started, so files can no longer be removed.")
        return redirect(back)
    if request.method == "POST":
        try:
            attachment_delete(membership=membership, attachment=attachment)
        except NotAllowedNow as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"{attachment.name} has been removed.")
        return redirect(back)
    return render(
        request,
        "reviews/attachment_remove.html",
        {
            "title": f"Remove {attachment.name}?",
            "application": application,
            "attachment": attachment,
            "back": back,
        },
    )
