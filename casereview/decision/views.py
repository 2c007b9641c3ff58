"""The Chair's decision page."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import SafeString

from casereview.accounts.requests import StaffRequest
from casereview.applications import selectors
from casereview.applications.harm import factor_evidence, latest_assessment
from casereview.applications.lifecycle import RETAKE_DECISION, reopened_by
from casereview.applications.models import Application, LetterKind
from casereview.applications.threshold import recommendation_for
from casereview.applications.views.access import VIEW_PURPOSE, case_for, note_view
from casereview.core.permissions import role_required
from casereview.core.view_helpers import attempt
from casereview.decision.forms import DecisionForm
from casereview.decision.services import Factors, decidable, threshold_decide
from casereview.letters.preview import letter_preview_answer


@role_required("decision.decide")
def decide(request: StaffRequest, reference: str) -> HttpResponse:
    membership = request.membership
    application = case_for(request, reference, "decision.decide_object")
    if not decidable(application):
        messages.error(
            request, "The threshold has already been decided. Only an appeal can change it."
        )
        return redirect("casework:detail", reference=reference)
    complaints = selectors.complaints_of(application)
    recommendation = recommendation_for(application, complaints)
    form = DecisionForm(request.POST if request.method == "POST" else None)
    preview = request.POST.get("preview", "") if request.method == "POST" else ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def decide_now() -> object:
            return threshold_decide(
                membership=membership,
                application=application,
                met=data["threshold_met"] == "yes",
                rationale=data["rationale"],
                review_date=data["review_date"],
                factors=Factors(
                    persistence=data["reason_persistence"],
                    harm=data["reason_harm"],
                    response=data["reason_response"],
                ),
            )

        if not preview:
            response = attempt(
                request,
                form,
                decide_now,
                "Decision recorded. The acknowledgement letter has been created.",
                reverse("casework:detail", args=[reference]),
            )
            if response is not None:
                return response
        else:
            # The letter as the applicant would get it; nothing is decided or sent.
            previewed = letter_preview_answer(
                request,
                form,
                membership=membership,
                application=application,
                kind=LetterKind.ACKNOWLEDGEMENT,
                act=decide_now,
                refused_to=reverse("casework:detail", args=[reference]),
            )
            if previewed.response is not None:
                return previewed.response
            if previewed.letter is not None:
                return _page(request, application, recommendation, form, previewed.letter, 200)
    note_view(request, application, f"{VIEW_PURPOSE}: threshold decision")
    return _page(
        request, application, recommendation, form, None, 400 if request.method == "POST" else 200
    )


def _page(
    request: StaffRequest,
    application: Application,
    recommendation: object,
    form: DecisionForm,
    letter: SafeString | None,
    status: int,
) -> HttpResponse:
    # After an upheld appeal against a not-met decision, the Chair decides again.
    retaken = reopened_by(application) == RETAKE_DECISION
    return render(
        request,
        "decision/decision.html",
        {
            "title": "Decide the threshold again" if retaken else "Decide the threshold",
            "application": application,
            "retaken": retaken,
            "recommendation": recommendation,
            "form": form,
            "letter": letter,
            "evidence": factor_evidence(latest_assessment(application)),
        },
        status=status,
    )
