"""The action plans and recommendations across a partnership's reviews: the list, an agency's
progress on an action, and an agency's answer to a recommendation."""

import rules
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from casereview.accounts.requests import StaffRequest
from casereview.core.audit import note_read
from casereview.core.dates import local_today
from casereview.core.permissions import permission_denied, role_required
from casereview.core.view_helpers import attempt, posted
from casereview.partnerships.models import Agency
from casereview.reviews import selectors
from casereview.reviews.forms import ActionUpdateForm, RecommendationResponseForm
from casereview.reviews.services import actions as action_services
from casereview.reviews.views.common import CASE_PURPOSE


@role_required("reviews.actions")
def actions(request: StaffRequest) -> HttpResponse:
    membership = request.membership
    rows = list(selectors.actions_for(membership))
    recommendations = list(selectors.recommendations_for(membership))
    for object_type, found in (("action", rows), ("recommendation", recommendations)):
        for item in found:
            note_read(
                request,
                object_type=object_type,
                object_id=item.pk,
                partnership_id=membership.partnership_id,
                purpose=f"{CASE_PURPOSE}: action plan",
            )
    return render(
        request,
        "reviews/actions.html",
        {
            "title": "Action plans and recommendations",
            "actions": rows,
            "recommendations": recommendations,
            "today": local_today(),
        },
    )


@role_required("reviews.actions")
def action_update(request: StaffRequest, action_id: int) -> HttpResponse:
    """A partner updates their own agency's part; the coordinator chooses whose part, when
    several agencies share the action."""
    membership = request.membership
    action = selectors.action_get(membership, action_id)
    if not _may_update(membership, action):
        raise permission_denied(request, "reviews.update_action")
    names = {
        action.agency_id: action.agency.name,
        **{p.agency_id: p.agency.name for p in action.parts.all()},
    }
    own = membership.agency_id if membership.agency_id in names else None
    owners = (
        [(str(pk), name) for pk, name in sorted(names.items(), key=lambda kv: kv[1])]
        if own is None and len(names) > 1
        else None
    )
    current = action.part_of(own or action.agency_id)
    initial = (
        {"status": current.status, "progress": current.progress}
        if current is not None
        else {"status": action.status, "progress": action.progress}
    )
    form = ActionUpdateForm(posted(request), initial=initial, owners=owners)
    if request.method == "POST" and form.is_valid():
        chosen = int(form.cleaned_data["agency"]) if owners else (own or action.agency_id)
        response = attempt(
            request,
            form,
            lambda: action_services.action_update(
                membership=membership,
                action=action,
                done=form.cleaned_data["status"] == "done",
                progress=form.cleaned_data["progress"],
                agency=Agency.objects.filter(
                    partnership_id=action.minutes.application.partnership_id
                ).get(pk=chosen),
            ),
            f"The action has been updated for {names[chosen]}.",
            reverse("reviews:actions"),
        )
        if response is not None:
            return response
    return render(
        request,
        "reviews/action_update.html",
        {
            "title": "Update an action",
            "action": action,
            "form": form,
            "own": names.get(own) if own else None,
        },
        status=400 if request.method == "POST" else 200,
    )


def _may_update(membership: object, action: object) -> bool:
    return bool(rules.test_rule("reviews.update_action", membership, action))


@role_required("reviews.actions")
def recommendation_respond(request: StaffRequest, recommendation_id: int) -> HttpResponse:
    """The agency a recommendation is aimed at says whether it accepts it."""
    membership = request.membership
    recommendation = selectors.recommendation_get(membership, recommendation_id)
    if not rules.test_rule("reviews.respond_recommendation", membership, recommendation):
        raise permission_denied(request, "reviews.respond_recommendation")
    answer = recommendation.answer_or_none
    initial = (
        {"accepted": "yes" if answer.response == "accepted" else "no", "notes": answer.notes}
        if answer is not None
        else {}
    )
    form = RecommendationResponseForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        response = attempt(
            request,
            form,
            lambda: action_services.recommendation_respond(
                membership=membership,
                recommendation=recommendation,
                accepted=form.cleaned_data["accepted"] == "yes",
                notes=form.cleaned_data["notes"],
            ),
            "Your agency's response to the recommendation has been recorded.",
            reverse("reviews:actions"),
        )
        if response is not None:
            return response
    note_read(
        request,
        object_type="recommendation",
        object_id=recommendation.pk,
        partnership_id=membership.partnership_id,
        purpose=f"{CASE_PURPOSE}: recommendation",
    )
    return render(
        request,
        "reviews/recommendation_respond.html",
        {"title": "Respond to a recommendation", "recommendation": recommendation, "form": form},
        status=400 if request.method == "POST" else 200,
    )
