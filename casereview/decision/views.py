"""The Chair's decision page."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import SafeString

from casereview.accounts.requests import StaffRequest
from casereview.applications import selectors
from casereview.applications.lifecycle import RETAKE_DECISION, reopened_by
from casereview.applications.models import Application, LetterKind
from casereview.applications.threshold import recommendation_for
from casereview.applications.views.access import VIEW_PURPOSE, case_for, note_view
from casereview.core.errors import InvalidInput, NotAllowedNow
from casereview.core.permissions import role_required
from casereview.core.view_helpers import put_errors
from casereview.decision.forms import DecisionForm
from casereview.decision.services import decidable, threshold_decide
from casereview.letters.preview import letter_body, letter_preview, preview_pdf_response


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
    letter = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def decide_now() -> object:
            return threshold_decide(
                membership=membership,
                application=application,
                met=data["threshold_met"] == "yes",
                rationale=data["rationale"],
                review_date=data["review_date"],
            )

        try:
            if preview:
                # The letter as the applicant would get it; nothing is decided or sent.
                html = letter_preview(
                    membership=membership,
                    application=application,
                    kind=LetterKind.ACKNOWLEDGEMENT,
                    act=decide_now,
                )
                if preview == "pdf":
                    return preview_pdf_response(html, f"{reference}-acknowledgement.pdf")
                letter = letter_body(html)
            else:
                decide_now()
        except InvalidInput as exc:
            put_errors(form, exc)
        except NotAllowedNow as exc:
            messages.error(request, str(exc))
            return redirect("casework:detail", reference=reference)
        else:
            if letter is not None:
                return _page(request, application, recommendation, form, letter, 200)
            messages.success(
                request, "Decision recorded. The acknowledgement letter has been created."
            )
            return redirect("casework:detail", reference=reference)
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
        },
        status=status,
    )
