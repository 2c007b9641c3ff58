"""Staff give an applicant a link and access code to follow their case (emailed, texted, or
shown here to read out or print), or revoke them."""

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from casereview.accounts.requests import StaffRequest
from casereview.applicants import documents, links
from casereview.applications.views.access import case_for
from casereview.core.errors import InvalidInput, NotAllowedNow
from casereview.core.permissions import role_required
from casereview.core.qr import qr_svg
from casereview.core.sms import shown

RULE = "applicants.manage_links"
DOCUMENTS_RULE = "applicants.documents"


@require_POST
@role_required(RULE)
def issue(request: StaffRequest, reference: str) -> HttpResponse:
    application = case_for(request, reference, RULE)
    try:
        link = links.status_link_issue(
            membership=request.membership,
            application=application,
            by_text=request.POST.get("by_text") == "yes",
        )
    except (InvalidInput, NotAllowedNow) as exc:
        messages.error(request, str(exc))
        return redirect("casework:detail", reference=reference)
    sent = [f"emailed to {link.email}"] if link.email else []
    if link.mobile:
        sent.append(f"texted to {shown(link.mobile)}")
    messages.success(
        request,
        f"A new link and access code were made{' and ' + ' and '.join(sent) if sent else ''}."
        " Any earlier link and code no longer work.",
    )
    return redirect("applicants:link_show", reference=reference)


@role_required(RULE)
@require_GET
def show(request: StaffRequest, reference: str) -> HttpResponse:
    """The working link and code, to read out on the phone or print and post."""
    application = case_for(request, reference, RULE)
    link = links.live_link(application)
    if link is None or not link.access_code:
        messages.info(request, "The applicant has no working link with a code. Make one first.")
        return redirect("casework:detail", reference=reference)
    links.link_shown_to_staff(
        membership=request.membership,
        link=link,
        purpose="showing the applicant's link and access code to pass on",
    )
    url = links.status_url(link)
    return render(
        request,
        "applicants/link_show.html",
        {
            "title": f"Link and access code for {application.reference}",
            "application": application,
            "link": link,
            "status_url": url,
            "code": links.code_shown(link.access_code),
            "follow_url": settings.SITE_URL + reverse("applicants:follow"),
            "qr_svg": qr_svg(url, box_size=5),
        },
    )


@require_POST
@role_required(RULE)
def revoke(request: StaffRequest, reference: str) -> HttpResponse:
    application = case_for(request, reference, RULE)
    links.status_link_revoke(membership=request.membership, application=application)
    messages.success(request, "The applicant's link and access code no longer work.")
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
