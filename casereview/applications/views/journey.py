"""Recording a request: question pages, the complaint history, then check your answers."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from casereview.accounts.requests import StaffRequest
from casereview.applications import selectors, services
from casereview.applications.draft import Draft
from casereview.applications.forms import STEPS
from casereview.applications.intake import engine_complaints, possible_single_incidents
from casereview.applications.views.complaints import (
    DraftStore,
    agency_names,
    complaint_edit,
    complaint_remove,
)
from casereview.core.errors import InvalidInput
from casereview.core.permissions import role_required
from casereview.core.tenancy import partnership_id_of
from casereview.partnerships.models import Agency
from casereview.partnerships.selectors import policy_version_in_effect
from casereview.threshold.engine import Policy, evaluate_parsed

RECORD = "applications.record"
STEP_NAMES = [name for name, _ in STEPS]
# Where an error from the final check is put right.
FIELD_STEP = {
    "received": "received",
    "consent_to_share": "consent",
    "description": "description",
    "victim.email": "victim",
    "victim.address": "victim",
    "victim.phone": "victim",
    "victim.name": "victim",
    "victim.postcode": "victim",
    "impact": "description",
    "victim.interpreter_language": "contact",
    "victim.named_contact": "contact",
    "victim.support_needs": "contact",
}


def _next_url(draft: Draft, step: str, changing: bool) -> str:
    """Forward through the questions, then the complaints; a change made from the check
    page goes back there once every question has an answer."""
    if changing and all(draft.answered(s) for s in STEP_NAMES):
        return reverse("applications:new_check")
    index = STEP_NAMES.index(step)
    if index + 1 < len(STEP_NAMES):
        return reverse("applications:new_step", args=[STEP_NAMES[index + 1]])
    return reverse("applications:new_complaints")


def _back_url(step: str) -> str:
    index = STEP_NAMES.index(step)
    if index == 0:
        return reverse("applications:new")
    return reverse("applications:new_step", args=[STEP_NAMES[index - 1]])


@role_required(RECORD)
def start(request: StaffRequest) -> HttpResponse:
    if request.method == "POST":
        Draft(request.session).clear()
        return redirect("applications:new_step", step=STEP_NAMES[0])
    return render(
        request, "applications/start.html", {"title": "Record a request for a case review"}
    )


@role_required(RECORD)
def step(request: StaffRequest, step: str) -> HttpResponse:
    form_class = dict(STEPS).get(step)
    if form_class is None:
        raise Http404("No such question")
    draft = Draft(request.session)
    initial = draft.answers(step)
    if initial is None and step == "received":
        initial = {"received": services.local_today()}
    form = form_class(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        draft.answer(step, form.cleaned_data)
        if step == "received" and draft.complaints():
            # Complaints are checked against the received date: look at them again.
            return redirect("applications:new_complaints")
        return redirect(_next_url(draft, step, changing="change" in request.GET))
    return render(
        request,
        "applications/question.html",
        {"title": form_class.title, "form": form, "back_url": _back_url(step)},  # type: ignore[attr-defined]
        status=400 if request.method == "POST" else 200,
    )


def _draft_store(request: StaffRequest) -> DraftStore | None:
    draft = Draft(request.session)
    received = draft.received
    return DraftStore(draft, received) if received else None


@role_required(RECORD)
def complaints(request: StaffRequest) -> HttpResponse:
    store = _draft_store(request)
    if store is None:
        return redirect("applications:new_step", step=STEP_NAMES[0])
    membership = request.membership
    rows = store.complaints()
    if request.method == "POST":
        return redirect(_after_complaints(store.draft))
    return render(
        request,
        "applications/complaints.html",
        {
            "title": "Complaints about the behaviour",
            "complaints": rows,
            "agency_names": agency_names(partnership_id_of(membership)),
            "pairs": possible_single_incidents(rows),
            "back_url": reverse("applications:new_step", args=[STEP_NAMES[-1]]),
        },
    )


def _after_complaints(draft: Draft) -> str:
    missing = [s for s in STEP_NAMES if not draft.answered(s)]
    if missing:
        return reverse("applications:new_step", args=[missing[0]])
    return reverse("applications:new_check")


def _on_draft(
    request: StaffRequest, page: Callable[..., HttpResponse], key: str | None
) -> HttpResponse:
    """Complaint pages need the received date: without it, start from the first question."""
    store = _draft_store(request)
    if store is None:
        return redirect("applications:new_step", step=STEP_NAMES[0])
    return page(request, store, partnership_id_of(request.membership), key)


@role_required(RECORD)
def complaint_add(request: StaffRequest) -> HttpResponse:
    return _on_draft(request, complaint_edit, None)


@role_required(RECORD)
def complaint_change(request: StaffRequest, key: str) -> HttpResponse:
    return _on_draft(request, complaint_edit, key)


@role_required(RECORD)
def complaint_delete(request: StaffRequest, key: str) -> HttpResponse:
    return _on_draft(request, complaint_remove, key)


def _preview(partnership_id: int, draft: Draft) -> dict[str, Any]:
    """The engine's recommendation on the answers so far, shown before saving."""
    data = draft.to_input()
    version = policy_version_in_effect(partnership_id, data.received)
    relevant = dict(
        Agency.objects.filter(partnership_id=partnership_id).values_list("slug", "relevant_body")
    )
    try:
        return evaluate_parsed(
            data.received,
            version.to_policy() if version else Policy(),
            engine_complaints(data.complaints, relevant),
        ).to_json()
    except ValueError:
        return {}


@role_required(RECORD)
def check(request: StaffRequest) -> HttpResponse:
    draft = Draft(request.session)
    missing = [s for s in STEP_NAMES if not draft.answered(s)]
    if missing:
        return redirect("applications:new_step", step=missing[0])
    membership = request.membership
    data = draft.to_input()
    errors = []
    if request.method == "POST":
        try:
            application = services.application_record(membership=membership, data=data)
        except InvalidInput as exc:
            errors = [
                {
                    "text": e.message,
                    "href": reverse(
                        "applications:new_step", args=[FIELD_STEP.get(e.field, "advocate")]
                    )
                    if not e.field.startswith("complaints")
                    else reverse("applications:new_complaints"),
                }
                for e in exc.errors
            ]
        else:
            draft.clear()
            messages.success(
                request, f"Request recorded. The reference is {application.reference}."
            )
            return redirect("casework:detail", reference=application.reference)
    duplicates = selectors.possible_duplicates(membership, data.victim.name, data.victim.postcode)
    return render(
        request,
        "applications/check.html",
        {
            "title": "Check your answers before recording the request",
            "data": data,
            "answers": draft.data["answers"],
            "agency_names": agency_names(partnership_id_of(membership)),
            "duplicates": duplicates,
            "pairs": possible_single_incidents(data.complaints),
            "preview": _preview(partnership_id_of(membership), draft),
            "errors": errors,
        },
        status=400 if errors else 200,
    )
