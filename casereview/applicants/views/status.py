"""Following a case by its status link: the least the applicant needs, every use audited.

A wrong, revoked or expired link shows the same "not found" page as any unknown address.
"""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from casereview.appeals.selectors import letter_appealed_against
from casereview.appeals.services import appeal_create, appeal_window_end
from casereview.applicants import documents, links, services
from casereview.applicants.forms import AppealRequestForm, DocumentForm
from casereview.applicants.models import StatusLink
from casereview.applicants.timeline import timeline_for
from casereview.applications.lifecycle import may_appeal
from casereview.applications.models import Letter
from casereview.core.dates import local_today
from casereview.core.errors import InvalidInput, NotAllowedNow
from casereview.core.view_helpers import put_errors


def _link(token: str) -> StatusLink:
    link = links.link_for(token)
    if link is None:
        raise Http404("No such link")
    return link


def _appeal_open(link: StatusLink, letters: list[Letter] | None = None) -> tuple[bool, object]:
    application = link.application
    letter = letter_appealed_against(application, letters)
    if not may_appeal(application) or letter is None:
        return False, None
    due = appeal_window_end(application, letter)
    return local_today() <= due, due


def status(request: HttpRequest, token: str) -> HttpResponse:
    link = _link(token)
    application = link.application
    links.link_used(link, "status page")
    letters = list(Letter.objects.filter(application=application).defer("pdf", "html"))
    can_appeal, appeal_due = _appeal_open(link, letters)
    return render(
        request,
        "applicants/status.html",
        {
            "title": f"Your ASB case review: {application.reference}",
            "application": application,
            "timeline": timeline_for(application, letters),
            "letters": letters,
            "token": token,
            "can_appeal": can_appeal,
            "appeal_due": appeal_due,
            "contact": application.named_contact or application.partnership.contact_name,
            "documents": list(application.applicant_documents.all()),
            "can_add_documents": application.erased_at is None,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def document_add(request: HttpRequest, token: str) -> HttpResponse:
    """Adding a diary sheet, photo or letter to the case, from the status link."""
    link = _link(token)
    form = DocumentForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            added = documents.document_add(
                link=link,
                upload=form.cleaned_data["file"],
                description=form.cleaned_data["description"],
            )
        except InvalidInput as exc:
            put_errors(form, exc)
        except NotAllowedNow as exc:
            messages.error(request, str(exc))
            return redirect("applicants:status", token=token)
        else:
            messages.success(
                request, f"{added.name} has been added to your case. The case team can see it."
            )
            return redirect("applicants:status", token=token)
    links.link_used(link, "adding a document")
    return render(
        request,
        "applicants/document_add.html",
        {
            "title": "Add a diary sheet or other document",
            "application": link.application,
            "form": form,
            "token": token,
        },
        status=400 if request.method == "POST" else 200,
    )


def letter(request: HttpRequest, token: str, letter_id: int) -> HttpResponse:
    link = _link(token)
    # Through the case's manager, so the letter knows its case without another query.
    found = link.application.letters.filter(pk=letter_id).first()
    if found is None:
        raise Http404("No such letter")
    if not found.pdf_ready:
        return redirect("applicants:status", token=token)
    links.link_used(link, f"{found.kind} letter downloaded")
    response = HttpResponse(bytes(found.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{found.filename}"'
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def appeal(request: HttpRequest, token: str) -> HttpResponse:
    link = _link(token)
    can_appeal, due = _appeal_open(link)
    if not can_appeal:
        return redirect("applicants:status", token=token)
    form = AppealRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            appeal_create(
                application=link.application,
                received=local_today(),
                grounds=form.cleaned_data["grounds"],
                details=form.cleaned_data["details"],
                late_reason="",
                recorded_by=services.online_account(),
                actor=links.link_actor(link),
            )
        except InvalidInput as exc:
            put_errors(form, exc)
        except NotAllowedNow:
            return redirect("applicants:status", token=token)
        else:
            services.appeal_requested(link.application.pk)
            messages.success(
                request, "Your appeal has been sent. We will write to you with the outcome."
            )
            return redirect(reverse("applicants:status", args=[token]))
    links.link_used(link, "appeal form")
    return render(
        request,
        "applicants/appeal.html",
        {
            "title": "Ask for your case to be looked at again",
            "application": link.application,
            "appeals_body": link.application.partnership.appeals_body,
            "due": due,
            "form": form,
            "token": token,
        },
        status=400 if request.method == "POST" else 200,
    )
