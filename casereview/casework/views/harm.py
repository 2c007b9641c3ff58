"""Recording a harm assessment with the victim. The assessments are read on the case page."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from casereview.accounts.requests import StaffRequest
from casereview.applications.harm import HARM_PURPOSE, HarmInput, harm_assess, latest_assessment
from casereview.applications.views.access import case_for, note_view
from casereview.casework.forms import HarmAssessmentForm
from casereview.core.permissions import role_required
from casereview.core.view_helpers import attempt, posted


@require_http_methods(["GET", "POST"])
@role_required("applications.list")
def harm_new(request: StaffRequest, reference: str) -> HttpResponse:
    application = case_for(request, reference, "applications.assess_harm")
    form = HarmAssessmentForm(posted(request))
    if form.is_valid():
        data = form.cleaned_data
        done = attempt(
            request,
            form,
            lambda: harm_assess(
                membership=request.membership,
                application=application,
                data=HarmInput(
                    assessed_on=data["assessed_on"],
                    method=data["method"],
                    answers=form.answers(),
                    notes=data["notes"],
                ),
            ),
            "The harm assessment has been recorded.",
            reverse("casework:detail", args=[application.reference]) + "#harm",
        )
        if done is not None:
            return done
    else:
        note_view(request, application, f"{HARM_PURPOSE}: the assessment form")
    previous = latest_assessment(application)
    return render(
        request,
        "casework/harm_new.html",
        {
            "title": "Assess the harm" if previous is None else "Assess the harm again",
            "application": application,
            "previous": previous,
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )
