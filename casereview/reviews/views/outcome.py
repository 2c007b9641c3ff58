"""After the meeting: minutes, the victim's view of the plan, approval, the conclusion,
withdrawal, and the action plan's progress."""

import rules
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from casereview.accounts.requests import StaffRequest
from casereview.applications.models import Status
from casereview.applications.views.access import note_view
from casereview.core import limits
from casereview.core.audit import note_read
from casereview.core.dates import local_today
from casereview.core.errors import NotAllowedNow
from casereview.core.permissions import permission_denied, role_required
from casereview.core.view_helpers import attempt, posted
from casereview.partnerships.models import Agency
from casereview.reviews import selectors
from casereview.reviews.forms import (
    ActionFormSet,
    ActionUpdateForm,
    ConclusionForm,
    MinutesForm,
    RecommendationFormSet,
    VictimResponseForm,
    WithdrawForm,
    formset_refusal,
)
from casereview.reviews.services import minutes as minutes_services
from casereview.reviews.services.conclusion import conclusion_issue
from casereview.reviews.services.minutes import (
    ActionInput,
    RecommendationInput,
    minutes_approve,
    minutes_record,
    minutes_victim_response,
)
from casereview.reviews.services.withdrawal import application_withdraw
from casereview.reviews.views.common import CASE_PURPOSE, review_case


def _back(reference: str) -> HttpResponse:
    return redirect("casework:detail", reference=reference)


@role_required("reviews.minutes")
def minutes(request: StaffRequest, reference: str) -> HttpResponse:
    membership = request.membership
    application = review_case(request, reference, "reviews.minutes")
    agencies = {a.slug: a for a in Agency.objects.filter(partnership_id=application.partnership_id)}
    choices = [(slug, a.name) for slug, a in agencies.items()]
    latest = selectors.latest_minutes(application)
    initial, recs, acts = {}, [], []
    if latest is not None:
        initial = {"summary": latest.summary, "decisions": "\n".join(latest.decisions)}
        recs = [{"text": r.text, "agency": r.agency.slug} for r in latest.recommendations.all()]
        acts = [
            {"text": a.text, "agency": a.agency.slug, "due": a.due} for a in latest.actions.all()
        ]
    form = MinutesForm(posted(request), initial=initial)
    rec_set = RecommendationFormSet(
        posted(request), initial=recs, prefix="rec", form_kwargs={"agencies": choices}
    )
    act_set = ActionFormSet(
        posted(request), initial=acts, prefix="act", form_kwargs={"agencies": choices}
    )
    formset_refusal(form, rec_set, limits.RECOMMENDATIONS_MAX, "recommendations")
    formset_refusal(form, act_set, limits.ACTIONS_MAX, "actions")
    if request.method == "POST" and form.is_valid() and rec_set.is_valid() and act_set.is_valid():
        response = attempt(
            request,
            form,
            lambda: minutes_record(
                membership=membership,
                application=application,
                summary=form.cleaned_data["summary"],
                decisions=form.cleaned_data["decisions"].splitlines(),
                recommendations=[
                    RecommendationInput(r["text"], agencies[r["agency"]])
                    for r in rec_set.cleaned_data
                    if r.get("text")
                ],
                actions=[
                    ActionInput(a["text"], agencies[a["agency"]], a["due"])
                    for a in act_set.cleaned_data
                    if a.get("text")
                ],
            ),
            "The minutes have been saved. The Chair can now approve them.",
            reverse("casework:detail", args=[reference]),
        )
        if response is not None:
            return response
    note_view(request, application, f"{CASE_PURPOSE}: minutes")
    return render(
        request,
        "reviews/minutes.html",
        {
            "title": "Correct the approved minutes"
            if latest and latest.approved and application.status != Status.IN_REVIEW
            else "Record the minutes",
            "application": application,
            "form": form,
            "recs": rec_set,
            "acts": act_set,
            "latest": latest,
        },
        status=400 if request.method == "POST" else 200,
    )


def _simple(
    request: StaffRequest,
    reference: str,
    rule: str,
    form_class: type,
    template: str,
    title: str,
    act: object,
    done: str,
    *,
    shows_minutes: bool = False,
) -> HttpResponse:
    """A one-form page whose valid submission calls `act(membership, application, data)`;
    with `shows_minutes`, the page shows the latest minutes' plan."""
    membership = request.membership
    application = review_case(request, reference, rule)
    form = form_class(posted(request))
    if request.method == "POST" and form.is_valid():
        response = attempt(
            request,
            form,
            lambda: act(membership, application, form.cleaned_data),  # type: ignore[operator]
            done,
            reverse("casework:detail", args=[reference]),
        )
        if response is not None:
            return response
    note_view(request, application, CASE_PURPOSE)
    return render(
        request,
        template,
        {
            "title": title,
            "application": application,
            "form": form,
            "latest": selectors.latest_minutes(application) if shows_minutes else None,
            "today": local_today(),
        },
        status=400 if request.method == "POST" else 200,
    )


@role_required("reviews.minutes")
def victim_response(request: StaffRequest, reference: str) -> HttpResponse:
    return _simple(
        request,
        reference,
        "reviews.minutes",
        VictimResponseForm,
        "reviews/victim_response.html",
        "The victim's view of the draft plan",
        lambda m, a, d: minutes_victim_response(
            membership=m, application=a, response=d["victim_response"]
        ),
        "The victim's response has been recorded for the Chair.",
        shows_minutes=True,
    )


@role_required("reviews.approve_minutes")
def approve(request: StaffRequest, reference: str) -> HttpResponse:
    # A GET only redirects, so the case is scoped and checked but not loaded whole.
    application = review_case(request, reference, "reviews.approve_minutes")
    if request.method == "POST":
        try:
            minutes_approve(membership=request.membership, application=application)
        except NotAllowedNow as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "The minutes are approved and locked.")
    return _back(reference)


@role_required("reviews.conclude")
def conclude(request: StaffRequest, reference: str) -> HttpResponse:
    return _simple(
        request,
        reference,
        "reviews.conclude",
        ConclusionForm,
        "reviews/conclude.html",
        "Issue the conclusion letter",
        lambda m, a, d: conclusion_issue(membership=m, application=a, summary=d["summary"]),
        "The review is concluded and the conclusion letter has been created.",
    )


@role_required("reviews.withdraw")
def withdraw(request: StaffRequest, reference: str) -> HttpResponse:
    return _simple(
        request,
        reference,
        "reviews.withdraw",
        WithdrawForm,
        "reviews/withdraw.html",
        "Withdraw the application",
        lambda m, a, d: application_withdraw(membership=m, application=a, reason=d["reason"]),
        "The application has been withdrawn.",
    )


@role_required("reviews.actions")
def actions(request: StaffRequest) -> HttpResponse:
    membership = request.membership
    rows = list(selectors.actions_for(membership))
    for action in rows:
        note_read(
            request,
            object_type="action",
            object_id=action.pk,
            partnership_id=membership.partnership_id,
            purpose=f"{CASE_PURPOSE}: action plan",
        )
    return render(
        request,
        "reviews/actions.html",
        {"title": "Action plans", "actions": rows, "today": local_today()},
    )


@role_required("reviews.actions")
def action_update(request: StaffRequest, action_id: int) -> HttpResponse:
    membership = request.membership
    action = selectors.action_get(membership, action_id)
    if not _may_update(membership, action):
        raise permission_denied(request, "reviews.update_action")
    form = ActionUpdateForm(
        posted(request), initial={"status": action.status, "progress": action.progress}
    )
    if request.method == "POST" and form.is_valid():
        minutes_services.action_update(
            membership=membership,
            action=action,
            done=form.cleaned_data["status"] == "done",
            progress=form.cleaned_data["progress"],
        )
        messages.success(request, "The action has been updated.")
        return redirect("reviews:actions")
    return render(
        request,
        "reviews/action_update.html",
        {"title": "Update an action", "action": action, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def _may_update(membership: object, action: object) -> bool:
    return bool(rules.test_rule("reviews.update_action", membership, action))
