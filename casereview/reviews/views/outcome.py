"""The one-form steps around the minutes: the victim's view of the draft plan, the Chair's
approval, the conclusion letter and withdrawal."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from casereview.accounts.requests import StaffRequest
from casereview.applications.models import LetterKind
from casereview.applications.views.access import note_view
from casereview.core.dates import local_today
from casereview.core.errors import NotAllowedNow
from casereview.core.permissions import role_required
from casereview.core.view_helpers import attempt, posted
from casereview.letters.preview import letter_preview_answer
from casereview.reviews import selectors
from casereview.reviews.forms import ConclusionForm, VictimResponseForm, WithdrawForm
from casereview.reviews.services.conclusion import conclusion_issue
from casereview.reviews.services.minutes import minutes_approve, minutes_victim_response
from casereview.reviews.services.withdrawal import application_withdraw
from casereview.reviews.views.common import CASE_PURPOSE, review_case


def _back(reference: str) -> HttpResponse:
    return redirect("casework:detail", reference=reference)


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
    letter_kind: str = "",
) -> HttpResponse:
    """A one-form page whose valid submission calls `act(membership, application, data)`;
    with `shows_minutes`, the page shows the latest minutes' plan; with `letter_kind`, the
    letter the act issues can be previewed first (the act is run and rolled back)."""
    membership = request.membership
    application = review_case(request, reference, rule)
    form = form_class(posted(request))
    preview = request.POST.get("preview", "") if letter_kind and request.method == "POST" else ""
    letter = None
    if preview and form.is_valid():
        previewed = letter_preview_answer(
            request,
            form,
            membership=membership,
            application=application,
            kind=letter_kind,
            act=lambda: act(membership, application, form.cleaned_data),  # type: ignore[operator]
            refused_to=reverse("casework:detail", args=[reference]),
        )
        if previewed.response is not None:
            return previewed.response
        letter = previewed.letter
    elif request.method == "POST" and form.is_valid():
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
            "letter": letter,
        },
        status=400 if request.method == "POST" and letter is None else 200,
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
        letter_kind=LetterKind.CONCLUSION,
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
