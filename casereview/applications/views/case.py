"""Changing the complaints of a recorded application, before the Chair decides."""

from django.http import HttpResponse

from casereview.accounts.requests import StaffRequest
from casereview.applications.views.access import case_for
from casereview.applications.views.complaints import SavedStore, complaint_edit, complaint_remove
from casereview.core.permissions import role_required


@role_required("applications.list")
def complaint_add(request: StaffRequest, reference: str) -> HttpResponse:
    application = case_for(request, reference, "applications.change_complaints")
    return complaint_edit(
        request, SavedStore(request, application), application.partnership_id, None
    )


@role_required("applications.list")
def complaint_change(request: StaffRequest, reference: str, key: str) -> HttpResponse:
    application = case_for(request, reference, "applications.change_complaints")
    return complaint_edit(
        request, SavedStore(request, application), application.partnership_id, key
    )


@role_required("applications.list")
def complaint_delete(request: StaffRequest, reference: str, key: str) -> HttpResponse:
    application = case_for(request, reference, "applications.change_complaints")
    return complaint_remove(
        request, SavedStore(request, application), application.partnership_id, key
    )
