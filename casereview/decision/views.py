"""The Chair's decision page."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render

from casereview.accounts.requests import StaffRequest
from casereview.applications import selectors
from casereview.applications.lifecycle import RETAKE_DECISION, reopened_by
from casereview.applications.threshold import recommendation_for
from casereview.applications.views.access import VIEW_PURPOSE, case_for, note_view
from casereview.core.errors import InvalidInput, NotAllowedNow
from casereview.core.permissions import role_required
from casereview.core.view_helpers import put_errors
from casereview.decision.forms import DecisionForm
from casereview.decision.services import decidable, threshold_decide


@role_required("decision.decide")
def decide(request: StaffRequest, reference: str) -> HttpResponse:
    membership = request.membership
    application = case_for(request, reference, "decision.decide_object")
    if not decidable(application):
        messages.error(
            request, "The threshold has already been decided. Only an appeal can change it."
        )
        return redirect("casework:detail", reference=reference)
    retaken = reopened_by(application) == RETAKE_DECISION
    complaints = selectors.complaints_of(application)
    recommendation = recommendation_for(application, complaints)
    form = DecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            threshold_decide(
                membership=membership,
                application=application,
                met=data["threshold_met"] == "yes",
                rationale=data["rationale"],
                review_date=data["review_date"],
            )
        except InvalidInput as exc:
            put_errors(form, exc)
        except NotAllowedNow as exc:
            messages.error(request, str(exc))
            return redirect("casework:detail", reference=reference)
        else:
            messages.success(
                request, "Decision recorded. The acknowledgement letter has been created."
            )
            return redirect("casework:detail", reference=reference)
    note_view(request, application, f"{VIEW_PURPOSE}: threshold decision")
    return render(
        request,
        "decision/decision.html",
        {
            "title": "Decide the threshold again" if retaken else "Decide the threshold",
            "application": application,
            "retaken": retaken,
            "recommendation": recommendation,
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )
