"""The Chair's decision on sharing when the victim did not agree to it."""

from django import forms
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from casereview.accounts.requests import StaffRequest
from casereview.applications.models import SharingBasis, SharingDecision
from casereview.applications.sharing import sharing_decide
from casereview.applications.views.access import case_for, note_view
from casereview.core import limits
from casereview.core.permissions import role_required
from casereview.core.view_helpers import attempt, posted

RULE = "applications.decide_sharing"


class SharingForm(forms.Form):
    decision = forms.ChoiceField(
        label="Should the partnership share the victim's information with the agencies?",
        choices=SharingDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether to share the information"},
    )
    basis = forms.ChoiceField(
        label="Lawful basis, if you decide to share",
        choices=SharingBasis.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    reason = forms.CharField(
        label="Your reason",
        help_text="For example, the risk to the victim or others, and why the review cannot "
        "be done without it. The victim may ask to see this.",
        widget=forms.Textarea,
        max_length=limits.RATIONALE,
        error_messages={"required": "Enter the reason for your decision"},
    )


@require_http_methods(["GET", "POST"])
@role_required(RULE)
def decide(request: StaffRequest, reference: str) -> HttpResponse:
    application = case_for(request, reference, RULE)
    case_url = reverse("casework:detail", args=[reference])
    if application.consent_to_share:
        return redirect(case_url)
    form = SharingForm(posted(request), initial={"basis": SharingBasis.PUBLIC_TASK})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = attempt(
            request,
            form,
            lambda: sharing_decide(
                membership=request.membership,
                application=application,
                decision=data["decision"],
                basis=data["basis"],
                reason=data["reason"],
            ),
            "Your decision on sharing has been recorded.",
            case_url,
        )
        if done is not None:
            return done
    note_view(request, application)
    return render(
        request,
        "applications/sharing.html",
        {
            "title": "Decide whether to share without the victim's agreement",
            "application": application,
            "form": form,
            "back_url": case_url,
        },
        status=400 if request.method == "POST" else 200,
    )
