"""Applying online: no sign-in, GOV.UK question pages, check your answers, confirmation.

Answers live in the session (never in URLs) until the applicant confirms.
"""

from collections.abc import Callable
from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from casereview.applicants import services
from casereview.applicants.forms import (
    AdvocateDetailsForm,
    HoneypotForm,
    OnlineApplicantForm,
    OnlineConsentForm,
    OnlineContactForm,
    OnlineDescriptionForm,
    OnlineVictimForm,
    PartnershipForm,
    WhoForm,
)
from casereview.applications.draft import Draft
from casereview.applications.intake import engine_complaints
from casereview.applications.views.complaints import (
    DraftStore,
    agency_names,
    complaint_edit,
    complaint_remove,
)
from casereview.core.dates import local_today
from casereview.core.errors import InvalidInput
from casereview.partnerships.models import Partnership
from casereview.partnerships.procedure import threshold_sentence

SESSION_KEY = "online_application"
DONE_KEY = "online_application_done"
CAPTION = "Ask for an ASB case review"
STEPS: list[tuple[str, type[forms.Form]]] = [
    ("partnership", PartnershipForm),
    ("who", WhoForm),
    ("applicant", OnlineApplicantForm),
    # How to contact comes before the details, so each details page asks for, and checks,
    # what the letters need (an email address, a postal address, a phone number).
    ("contact", OnlineContactForm),
    ("victim", OnlineVictimForm),
    ("advocate", AdvocateDetailsForm),
    ("description", OnlineDescriptionForm),
    ("consent", OnlineConsentForm),
]
# Pages worded for the person applying: "you" for a victim, "they" for the one they apply for.
WORDED = {
    OnlineApplicantForm,
    OnlineContactForm,
    OnlineVictimForm,
    OnlineDescriptionForm,
    OnlineConsentForm,
}
NAMES = [name for name, _ in STEPS]


def _draft(request: HttpRequest) -> Draft:
    return Draft(request.session, key=SESSION_KEY)


def _partnerships() -> list[Partnership]:
    return list(Partnership.objects.order_by("name"))


def _chosen(draft: Draft) -> Partnership | None:
    answer = draft.answers("partnership")
    return Partnership.objects.filter(slug=answer["partnership"]).first() if answer else None


def _needed(draft: Draft) -> list[str]:
    """The questions this applicant is asked: "your details" only when applying for someone."""
    who = draft.answers("who")
    return [n for n in NAMES if n != "advocate" or (who and who["has_advocate"] == "yes")]


def _next(draft: Draft, step: str, changing: bool) -> str:
    """Forward through the questions, with the complaints between the contact details and
    the description; a change made from the check page goes back there."""
    needed = _needed(draft)
    if changing and all(draft.answered(n) for n in needed):
        return reverse("applicants:check")
    later = needed[needed.index(step) + 1 :]
    if later and later[0] == "description":
        return reverse("applicants:complaints")
    return reverse("applicants:step", args=[later[0]]) if later else reverse("applicants:check")


def _threshold_sentence(partnership: Partnership) -> str:
    return threshold_sentence(partnership, local_today())


@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        _draft(request).clear()
        return redirect("applicants:step", step=NAMES[0])
    return render(
        request,
        "applicants/start.html",
        {
            "title": "Ask for an ASB case review",
            "sentences": [_threshold_sentence(p) for p in _partnerships()],
        },
    )


@require_http_methods(["GET", "POST"])
def step(request: HttpRequest, step: str) -> HttpResponse:
    form_class = dict(STEPS).get(step)
    if form_class is None:
        raise Http404("No such question")
    draft = _draft(request)
    kwargs: dict[str, Any] = {}
    who = draft.answers("who")
    for_self = not (who and who["has_advocate"] == "yes")
    if step == "advocate" and for_self:
        return redirect("applicants:complaints")  # asked only of someone applying for another
    contact = draft.answers("contact")
    if form_class is PartnershipForm:
        kwargs["partnerships"] = [(p.slug, p.name) for p in _partnerships()]
    if form_class in WORDED:
        kwargs["for_self"] = for_self
    if form_class in (OnlineVictimForm, AdvocateDetailsForm):
        kwargs["preference"] = contact["contact_preference"] if contact else None
    posted = request.POST if request.method == "POST" else None
    form = form_class(posted, initial=draft.answers(step), **kwargs)
    if request.method == "POST" and form.is_valid():
        draft.answer(step, form.cleaned_data)
        if step == "partnership":
            draft.set_complaints([])  # agencies differ between partnerships
        return redirect(_next(draft, step, changing="change" in request.GET))
    return render(
        request,
        "applications/question.html",
        {"title": form.title, "form": form, "back_url": _back(draft, step), "caption": CAPTION},  # type: ignore[attr-defined]
        status=400 if request.method == "POST" else 200,
    )


def _back(draft: Draft, step: str) -> str:
    """The page before this one among the questions this applicant is asked."""
    if step == "description":
        return reverse("applicants:complaints")
    if step == "consent":
        return reverse("applicants:step", args=["description"])
    needed = _needed(draft)
    index = needed.index(step) if step in needed else 0
    if index == 0:
        return reverse("applicants:start")
    return reverse("applicants:step", args=[needed[index - 1]])


def _before_complaints(draft: Draft) -> str:
    needed = _needed(draft)
    return needed[needed.index("description") - 1]


def _store(request: HttpRequest) -> tuple[DraftStore, Partnership] | None:
    draft = _draft(request)
    partnership = _chosen(draft)
    if partnership is None:
        return None
    store = DraftStore(draft, local_today(), list_url=reverse("applicants:complaints"), plain=True)
    return store, partnership


@require_http_methods(["GET", "POST"])
def complaints(request: HttpRequest) -> HttpResponse:
    found = _store(request)
    if found is None:
        return redirect("applicants:step", step=NAMES[0])
    store, partnership = found
    if request.method == "POST":
        missing = [n for n in _needed(store.draft) if not store.draft.answered(n)]
        if missing:
            return redirect("applicants:step", step=missing[0])
        return redirect("applicants:check")
    return render(
        request,
        "applicants/complaints.html",
        {
            "title": "When did you report the anti-social behaviour?",
            "complaints": store.complaints(),
            "agency_names": agency_names(partnership.pk),
            "back_url": reverse("applicants:step", args=[_before_complaints(store.draft)]),
        },
    )


def _on_draft(
    request: HttpRequest, page: Callable[..., HttpResponse], key: str | None
) -> HttpResponse:
    """Complaint pages need the chosen area (for its agencies): without it, start again."""
    found = _store(request)
    if found is None:
        return redirect("applicants:step", step=NAMES[0])
    store, partnership = found
    return page(request, store, partnership.pk, key)


@require_http_methods(["GET", "POST"])
def complaint_add(request: HttpRequest) -> HttpResponse:
    return _on_draft(request, complaint_edit, None)


@require_http_methods(["GET", "POST"])
def complaint_change(request: HttpRequest, key: str) -> HttpResponse:
    return _on_draft(request, complaint_edit, key)


@require_http_methods(["GET", "POST"])
def complaint_delete(request: HttpRequest, key: str) -> HttpResponse:
    return _on_draft(request, complaint_remove, key)


def _input(draft: Draft) -> Any:
    """The answers as the staff journey's input: received today, by the online channel."""
    answers = draft.data["answers"]
    answers["received"] = {"channel": "online", "received": local_today().isoformat()}
    if answers.get("who", {}).get("has_advocate") != "yes":
        answers["advocate"] = {"has_advocate": "no"}
    return draft.to_input()


@require_http_methods(["GET", "POST"])
def check(request: HttpRequest) -> HttpResponse:
    draft = _draft(request)
    partnership = _chosen(draft)
    missing = [n for n in _needed(draft) if not draft.answered(n)]
    if partnership is None or missing:
        return redirect("applicants:step", step=missing[0] if missing else NAMES[0])
    unfit = _details_unfit(draft)
    if unfit is not None:
        return redirect(reverse("applicants:step", args=[unfit]) + "?change=1")
    data = _input(draft)
    honeypot = HoneypotForm(request.POST if request.method == "POST" else None)
    errors: list[dict[str, str]] = []
    if request.method == "POST":
        if not honeypot.is_valid() or honeypot.cleaned_data["website"]:
            errors = [{"text": "Your request could not be sent. Please try again."}]
        else:
            try:
                application, link = services.application_submit_online(
                    partnership=partnership, data=data, address=request.META.get("REMOTE_ADDR", "")
                )
            except services.RateLimited:
                return render(
                    request,
                    "applicants/too_many.html",
                    {"title": "Too many requests", "partnership": partnership},
                    status=429,
                )
            except InvalidInput as exc:
                errors = [{"text": e.message, "href": _change_link(e.field)} for e in exc.errors]
            else:
                draft.clear()
                request.session[DONE_KEY] = {
                    "reference": application.reference,
                    "token": link.token,
                }
                return redirect("applicants:done")
    relevant = dict(partnership.agencies.values_list("slug", "relevant_body"))
    return render(
        request,
        "applicants/check.html",
        {
            "title": "Check your answers before sending your request",
            "data": data,
            "partnership": partnership,
            "agency_names": agency_names(partnership.pk),
            "honeypot": honeypot,
            "errors": errors,
            "complaint_count": len(engine_complaints(data.complaints, relevant)),
        },
        status=400 if errors else 200,
    )


def _details_unfit(draft: Draft) -> str | None:
    """The details page whose answers no longer give what letters need (after the way to
    contact was changed from the check page), so it is asked again there, not at the end."""
    who, contact = draft.answers("who"), draft.answers("contact")
    preference = contact["contact_preference"] if contact else None
    for_self = not (who and who["has_advocate"] == "yes")
    form: forms.Form = (
        OnlineVictimForm(data=draft.answers("victim"), preference=preference)
        if for_self
        else AdvocateDetailsForm(data=draft.answers("advocate"), preference=preference)
    )
    if form.is_valid():
        return None
    return "victim" if for_self else "advocate"


def _change_link(field: str) -> str:
    if field.startswith("complaints"):
        return reverse("applicants:complaints")
    step = {"consent_to_share": "consent", "description": "description"}.get(
        field, "advocate" if field.startswith("advocate") else "victim"
    )
    return reverse("applicants:step", args=[step]) + "?change=1"


def done(request: HttpRequest) -> HttpResponse:
    finished = request.session.get(DONE_KEY)
    if not finished:
        return redirect("applicants:start")
    return render(
        request,
        "applicants/done.html",
        {
            "title": "Request sent",
            "reference": finished["reference"],
            "status_url": reverse("applicants:status", args=[finished["token"]]),
        },
    )
