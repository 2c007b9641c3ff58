"""Adding to a case's contact log. The log itself is read on the case page."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from casereview.accounts.requests import StaffRequest
from casereview.applications.contacts import ContactInput, contact_add
from casereview.applications.views.access import case_for, note_view
from casereview.casework.forms import ContactForm
from casereview.core.permissions import role_required
from casereview.core.view_helpers import attempt, posted


@require_http_methods(["GET", "POST"])
@role_required("applications.list")
def contact_new(request: StaffRequest, reference: str) -> HttpResponse:
    application = case_for(request, reference, "applications.log_contact")
    form = ContactForm(posted(request))
    if form.is_valid():
        data = form.cleaned_data
        done = attempt(
            request,
            form,
            lambda: contact_add(
                membership=request.membership,
                application=application,
                data=ContactInput(
                    contacted_on=data["contacted_on"],
                    contacted_at=data["contacted_at"],
                    method=data["method"],
                    direction=data["direction"],
                    summary=data["summary"],
                ),
            ),
            "The contact has been added to the log.",
            reverse("casework:detail", args=[application.reference]) + "#contact-log",
        )
        if done is not None:
            return done
    else:
        note_view(request, application, "managing an ASB case review: logging a contact")
    return render(
        request,
        "casework/contact_new.html",
        {"title": "Log a contact", "application": application, "form": form},
        status=400 if request.method == "POST" else 200,
    )
