"""An invitation to a role in another partnership: the invited person, signed in as
themselves, accepts or declines it. Anyone else's invitation is not found."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render

from casereview.accounts import selectors, staff
from casereview.accounts.forms import InvitationAnswerForm
from casereview.accounts.requests import StaffRequest
from casereview.core.errors import NotAllowedNow
from casereview.core.view_helpers import posted


@login_required
def invitation(request: StaffRequest, invitation_id: int) -> HttpResponse:
    offer = selectors.invitation_get_for(request.user, invitation_id)
    form = InvitationAnswerForm(posted(request) if offer.is_open else None)
    if request.method == "POST" and offer.is_open and form.is_valid():
        accept = form.cleaned_data["accept"] == "yes"
        try:
            staff.invitation_answer(user=request.user, invitation=offer, accept=accept)
        except NotAllowedNow as exc:
            messages.error(request, str(exc))
            return redirect("accounts:invitation", invitation_id=offer.pk)
        if accept:
            messages.success(
                request,
                f"You are now {offer.get_role_display().lower()} in {offer.organisation_name}. "
                "Choose it here to act in it.",
            )
            return redirect("accounts:switch_membership")
        messages.success(request, f"You have declined the role in {offer.partnership}.")
        return redirect("casework:home")
    return render(
        request,
        "accounts/invitation.html",
        {"title": "Invitation to a role", "offer": offer, "form": form},
        status=400 if request.method == "POST" and offer.is_open else 200,
    )
