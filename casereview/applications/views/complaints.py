"""Adding, changing and removing complaints: the same pages for a request being recorded
(kept in the session) and for a saved application before the Chair decides."""

from dataclasses import dataclass, replace
from datetime import date
from typing import Protocol

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from casereview.accounts.requests import StaffRequest
from casereview.applications import services
from casereview.applications.draft import Draft
from casereview.applications.forms import ComplaintForm
from casereview.applications.intake import ComplaintInput, complaints_count_error
from casereview.applications.models import Application
from casereview.core.errors import InvalidInput
from casereview.partnerships.models import Agency


class ComplaintStore(Protocol):
    received: date
    list_url: str

    def complaints(self) -> list[ComplaintInput]: ...

    def save(self, complaints: list[ComplaintInput]) -> None: ...

    def next_key(self) -> str: ...


@dataclass
class DraftStore:
    draft: Draft
    received: date
    list_url: str = ""
    # The public's own words (the online form) rather than the staff's.
    plain: bool = False

    def __post_init__(self) -> None:
        self.list_url = self.list_url or reverse("applications:new_complaints")

    def complaints(self) -> list[ComplaintInput]:
        return self.draft.complaints()

    def save(self, complaints: list[ComplaintInput]) -> None:
        too_many = complaints_count_error(complaints)
        if too_many is not None:
            raise InvalidInput([too_many])
        self.draft.set_complaints(complaints)

    def next_key(self) -> str:
        return self.draft.next_key()


@dataclass
class SavedStore:
    request: StaffRequest
    application: Application
    received: date = date.min
    list_url: str = ""

    def __post_init__(self) -> None:
        self.received = self.application.received
        self.list_url = (
            reverse("casework:detail", args=[self.application.reference]) + "#complaints"
        )

    def complaints(self) -> list[ComplaintInput]:
        return services.complaint_inputs(self.application)

    def save(self, complaints: list[ComplaintInput]) -> None:
        services.complaints_replace(
            membership=self.request.membership,
            application=self.application,
            complaints=complaints,
        )

    def next_key(self) -> str:
        return f"c{self.application.next_complaint_number}"


def complaint_label(c: ComplaintInput, agency_names: dict[str, str]) -> str:
    where = agency_names.get(c.agency, "another organisation")
    return f"{c.behaviour_date.day} {c.behaviour_date:%B %Y}, {where}"


def agency_names(partnership_id: int) -> dict[str, str]:
    return dict(Agency.objects.filter(partnership_id=partnership_id).values_list("slug", "name"))


def _form(
    request: HttpRequest, store: ComplaintStore, names: dict[str, str], key: str | None
) -> ComplaintForm:
    complaints = store.complaints()
    current = next((c for c in complaints if c.key == key), None)
    others = [(c.key, complaint_label(c, names)) for c in complaints if c.key != key]
    form = ComplaintForm(
        request.POST if request.method == "POST" else None,
        initial=ComplaintForm.initial_from(current) if current else None,
        agencies=list(names.items()),
        others=others,
        received=store.received,
    )
    if getattr(store, "plain", False):
        form.in_plain_words()
    return form


def _engine_errors_onto(form: ComplaintForm, exc: InvalidInput, index: int) -> None:
    for error in exc.errors:
        field = error.field.rsplit(".", 1)[-1]
        if error.field.startswith(f"complaints[{index}].") and field in form.fields:
            form.add_error(field, error.message)
        else:
            form.add_error(None, error.message)


def complaint_edit(
    request: HttpRequest, store: ComplaintStore, partnership_id: int, key: str | None
) -> HttpResponse:
    names = agency_names(partnership_id)
    complaints = store.complaints()
    if key is not None and not any(c.key == key for c in complaints):
        return redirect(store.list_url)
    form = _form(request, store, names, key)
    if request.method == "POST" and form.is_valid():
        new_key = key or store.next_key()
        changed = form.to_input(new_key)
        updated = [changed if c.key == key else c for c in complaints]
        if key is None:
            updated.append(changed)
        try:
            store.save(updated)
        except InvalidInput as exc:
            _engine_errors_onto(form, exc, [c.key for c in updated].index(new_key))
        except services.NotAllowedNow as exc:
            messages.error(request, str(exc))
            return redirect(store.list_url)
        else:
            noun = "report" if getattr(store, "plain", False) else "complaint"
            messages.success(request, f"The {noun} has been " + ("changed." if key else "added."))
            return redirect(store.list_url)
    title = "Change a complaint" if key else "Add a complaint"
    if getattr(store, "plain", False):
        title = "Change a report" if key else "Add a report"
    return render(
        request,
        "applications/complaint_form.html",
        {"title": title, "form": form, "back_url": store.list_url},
        status=400 if request.method == "POST" else 200,
    )


def complaint_remove(
    request: HttpRequest, store: ComplaintStore, partnership_id: int, key: str
) -> HttpResponse:
    complaints = store.complaints()
    target = next((c for c in complaints if c.key == key), None)
    if target is None:
        return redirect(store.list_url)
    error = None
    if request.method == "POST":
        # Links to the removed complaint go with it, rather than blocking the removal.
        remaining = [
            replace(c, same_incident_as=None) if c.same_incident_as == key else c
            for c in complaints
            if c.key != key
        ]
        try:
            store.save(remaining)
        except (InvalidInput, services.NotAllowedNow) as exc:
            error = str(exc)
        else:
            messages.success(request, "The complaint has been removed.")
            return redirect(store.list_url)
    return render(
        request,
        "applications/complaint_remove.html",
        {
            "title": "Remove this complaint?",
            "label": complaint_label(target, agency_names(partnership_id)),
            "complaint": target,
            "back_url": store.list_url,
            "error": error,
        },
    )
