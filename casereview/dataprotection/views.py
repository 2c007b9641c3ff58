"""The data protection officer's pages: subject access requests, and legal holds."""

from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from casereview.accounts.requests import StaffRequest
from casereview.applications.views.access import note_view
from casereview.core.dates import local_today
from casereview.core.errors import InvalidInput, NotAllowedNow
from casereview.core.permissions import role_required
from casereview.core.tenancy import partnership_id_of
from casereview.core.view_helpers import attempt, posted, put_errors
from casereview.dataprotection import services
from casereview.dataprotection.forms import (
    LegalHoldForm,
    SubjectAccessExportForm,
    SubjectAccessForm,
)
from casereview.dataprotection.models import SubjectAccessRequest
from casereview.dataprotection.subject_access import export
from casereview.dataprotection.subject_access.items import found_groups, found_items
from casereview.dataprotection.subject_access.matching import searchable
from casereview.dataprotection.subject_access.record import PURPOSE, sar_create
from casereview.dataprotection.subject_access.search import Found, person_search
from casereview.reviews.views.common import review_case

SAR = "dataprotection.subject_access"


def _requests(request: StaffRequest) -> QuerySet[SubjectAccessRequest]:
    partnership_id = partnership_id_of(request.membership)
    return SubjectAccessRequest.objects.filter(partnership_id=partnership_id)


@role_required(SAR)
def sar_list(request: StaffRequest) -> HttpResponse:
    membership = request.membership
    form = SubjectAccessForm(posted(request), initial={"received": local_today()})
    if request.method == "POST" and form.is_valid():
        try:
            sar = sar_create(membership=membership, **form.cleaned_data)
        except InvalidInput as exc:
            put_errors(form, exc)
        else:
            messages.success(request, "The request is recorded. Check what was found below.")
            return redirect("dataprotection:sar_detail", pk=sar.pk)
    return render(
        request,
        "dataprotection/sar_list.html",
        {
            "title": "Subject access requests",
            "requests": list(_requests(request)),
            "form": form,
            "today": local_today(),
        },
        status=400 if request.method == "POST" else 200,
    )


def _sar(request: StaffRequest, pk: int) -> SubjectAccessRequest:
    found = _requests(request).filter(pk=pk).first()
    if found is None:
        raise Http404("No such request")
    return found


def _preview(
    request: StaffRequest,
    sar: SubjectAccessRequest,
    found: Found,
    form: SubjectAccessExportForm,
    *,
    status: int = 200,
) -> HttpResponse:
    for application in found.consulted():
        note_view(request, application, PURPOSE)
    return render(
        request,
        "dataprotection/sar_detail.html",
        {
            "title": f"Subject access request from {sar.requester}",
            "sar": sar,
            "searchable": searchable(sar),
            "found": found,
            "groups": found_groups(found),
            "form": form,
            "chosen": form.left_out() if form.is_bound else {},
            "today": local_today(),
        },
        status=status,
    )


@role_required(SAR)
def sar_detail(request: StaffRequest, pk: int) -> HttpResponse:
    sar = _sar(request, pk)
    found = person_search(sar)
    return _preview(request, sar, found, SubjectAccessExportForm(items=found_items(found)))


@role_required(SAR)
def sar_export(request: StaffRequest, pk: int) -> HttpResponse:
    sar = _sar(request, pk)
    if request.method != "POST":
        return redirect("dataprotection:sar_detail", pk=pk)
    found = person_search(sar)
    form = SubjectAccessExportForm(request.POST, items=found_items(found))
    try:
        content = export.sar_export(
            membership=request.membership,
            request=sar,
            shown=request.POST.getlist("shown"),
            left_out=form.left_out(),
            exemptions=request.POST.getlist("exemptions"),
            exemptions_note=request.POST.get("exemptions_note", ""),
        )
    except InvalidInput as exc:
        put_errors(form, exc)
        return _preview(request, sar, found, form, status=400)
    except NotAllowedNow as exc:
        messages.error(request, str(exc))
        return redirect("dataprotection:sar_detail", pk=pk)
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="subject-access-{sar.pk}.zip"'
    return response


@role_required("dataprotection.legal_hold")
def legal_hold(request: StaffRequest, reference: str) -> HttpResponse:
    # The page shows the hold alone, so the case is not loaded whole.
    application = review_case(request, reference, "dataprotection.legal_hold")
    form = LegalHoldForm(
        posted(request),
        initial={
            "hold": "yes" if application.legal_hold else "no",
            "reason": application.legal_hold_reason,
        },
    )
    if request.method == "POST" and form.is_valid():
        response = attempt(
            request,
            form,
            lambda: services.legal_hold_set(
                membership=request.membership,
                application=application,
                hold=form.cleaned_data["hold"] == "yes",
                reason=form.cleaned_data["reason"],
            ),
            "The legal hold has been saved.",
            reverse("casework:detail", args=[reference]),
        )
        if response is not None:
            return response
    return render(
        request,
        "dataprotection/legal_hold.html",
        {"title": "Legal hold", "application": application, "form": form},
        status=400 if request.method == "POST" else 200,
    )
