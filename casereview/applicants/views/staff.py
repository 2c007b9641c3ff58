"""Staff give an applicant a link to follow their case, or revoke it."""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from casereview.accounts.requests import StaffRequest
from casereview.applicants import documents, services
from casereview.applications.views.access import case_for
from casereview.core.permissions import role_required

RULE = "applicants.manage_links"
DOCUMENTS_RULE = "applicants.documents"


@require_POST
@role_required(RULE)
def issue(request: StaffRequest, reference: str) -> HttpResponse:
    application = case_for(request, reference, RULE)
    link = services.status_link_issue(membership=request.membership, application=application)
    if link.email:
        messages.success(
            request,
            f"A new link has been emailed to {link.email}. Any earlier link no longer works.",
        )
    else:
        messages.success(
            request, "A new link was made, but there is no email address to send it to."
        )
    return redirect("casework:detail", reference=reference)


@require_POST
@role_required(RULE)
def revoke(request: StaffRequest, reference: str) -> HttpResponse:
    application = case_for(request, reference, RULE)
    services.status_link_revoke(membership=request.membership, application=application)
    messages.success(request, "The applicant's link no longer works.")
    return redirect("casework:detail", reference=reference)


@role_required(DOCUMENTS_RULE)
def document(request: StaffRequest, reference: str, document_id: int) -> HttpResponse:
    """A file the applicant added from their status page, for the case's staff."""
    application = case_for(request, reference, DOCUMENTS_RULE)
    found = documents.document_of(application, document_id)
    if found is None:
        raise Http404("No such document")
    documents.document_opened(request.membership, found)
    # FileResponse streams, and is a kind of HttpResponse as far as callers care.
    return FileResponse(  # type: ignore[return-value]
        found.file.open("rb"),
        as_attachment=True,
        filename=found.name,
        content_type=found.content_type,
    )
