"""The minutes page: recording (or correcting) the minutes, with who attended, the
recommendations and the action plan, and keeping what was typed as a draft."""

from django import forms
from django.contrib import messages
from django.forms import BaseFormSet
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render

from casereview.accounts.requests import StaffRequest
from casereview.applications.models import Status
from casereview.applications.views.access import note_view
from casereview.core import limits
from casereview.core.errors import InvalidInput, NotAllowedNow
from casereview.core.permissions import role_required
from casereview.core.view_helpers import posted, put_errors
from casereview.partnerships.models import Agency
from casereview.reviews import selectors
from casereview.reviews.forms import (
    ActionFormSet,
    ApologyFormSet,
    AttendeeForm,
    AttendeeFormSet,
    MinutesForm,
    RecommendationForm,
    RecommendationFormSet,
    SharedActionForm,
    formset_refusal,
)
from casereview.reviews.models import Minutes
from casereview.reviews.services import minutes as minutes_services
from casereview.reviews.services.minutes import (
    ActionInput,
    AttendeeInput,
    RecommendationInput,
    minutes_record,
)
from casereview.reviews.steps import minutes_refusal
from casereview.reviews.views.common import CASE_PURPOSE, review_case


def _draft_rows(
    data: QueryDict, prefix: str, names: tuple[str, ...], form: type[forms.Form]
) -> list[dict]:
    """The rows of a formset as typed into a kept draft, for its `initial`: each field's
    value read by its own widget (a date's three boxes, a list of checkboxes)."""
    try:
        count = min(int(data.get(f"{prefix}-TOTAL_FORMS", "0")), 200)
    except ValueError:
        count = 0
    fields = form.base_fields
    rows = []
    for i in range(count):
        row = {
            n: fields[n].widget.value_from_datadict(data, {}, f"{prefix}-{i}-{n}") for n in names
        }
        if any(v if not isinstance(v, list) else any(v) for v in row.values()):
            rows.append(row)
    return rows


def _initial_from_draft(data: dict[str, list[str]]) -> tuple[dict, list, list, list, list]:
    typed = QueryDict(mutable=True)
    for key, values in data.items():
        typed.setlist(key, values)
    return (
        {"summary": typed.get("summary", ""), "decisions": typed.get("decisions", "")},
        _draft_rows(typed, "rec", ("text", "agency"), RecommendationForm),
        _draft_rows(typed, "act", ("text", "agency", "due", "also"), SharedActionForm),
        _draft_rows(typed, "att", ("name", "agency"), AttendeeForm),
        _draft_rows(typed, "apo", ("name", "agency"), AttendeeForm),
    )


def _initial_from_minutes(latest: Minutes) -> tuple[dict, list, list, list, list]:
    return (
        {"summary": latest.summary, "decisions": "\n".join(latest.decisions)},
        [{"text": r.text, "agency": r.agency.slug} for r in latest.recommendations.all()],
        [
            {
                "text": a.text,
                "agency": a.agency.slug,
                "due": a.due,
                "also": [p.agency.slug for p in a.parts.all() if p.agency_id != a.agency_id],
            }
            for a in latest.actions.all()
        ],
        [
            {"name": p.name, "agency": p.agency.slug if p.agency else ""}
            for p in latest.attendees.all()
            if p.attended
        ],
        [
            {"name": p.name, "agency": p.agency.slug if p.agency else ""}
            for p in latest.attendees.all()
            if not p.attended
        ],
    )


def _typed(request: StaffRequest) -> dict[str, list[str]]:
    """The minutes page's fields as posted, without the CSRF token or the buttons."""
    return {
        key: request.POST.getlist(key)
        for key in request.POST
        if key not in ("csrfmiddlewaretoken", "record", "draft")
    }


@role_required("reviews.minutes")
def minutes(request: StaffRequest, reference: str) -> HttpResponse:
    """The minutes, offered only when the service will take them (`minutes_refusal`); what
    is typed is kept as a draft on the server whenever the page is posted, so a refusal or
    a lost connection loses nothing."""
    membership = request.membership
    application = review_case(request, reference, "reviews.minutes", joins=("minutes_draft",))
    refusal = minutes_refusal(application.status, getattr(application, "meeting", None))
    draft = getattr(application, "minutes_draft", None)
    if refusal is not None:
        if request.method == "POST":
            try:
                minutes_services.minutes_draft_save(
                    membership=membership, application=application, data=_typed(request)
                )
            except (InvalidInput, NotAllowedNow):
                messages.error(request, refusal)
            else:
                messages.error(request, f"{refusal} What you typed is kept as a draft.")
            return redirect("reviews:minutes", reference=reference)
        note_view(request, application, f"{CASE_PURPOSE}: minutes")
        return render(
            request,
            "reviews/minutes_not_yet.html",
            {
                "title": "Record the minutes",
                "application": application,
                "refusal": refusal,
                "draft": draft,
            },
        )
    agencies = {a.slug: a for a in Agency.objects.filter(partnership_id=application.partnership_id)}
    choices = [(slug, a.name) for slug, a in agencies.items()]
    latest = selectors.latest_minutes(application, whole=True)
    initial: dict = {}
    recs: list = []
    acts: list = []
    atts: list = []
    apos: list = []
    # Only a page shown fresh starts from the draft or the minutes: a posted page is what
    # was posted (and a formset row equal to its initial would count as left empty).
    if request.method == "POST":
        pass
    elif draft is not None:
        initial, recs, acts, atts, apos = _initial_from_draft(draft.data)
    elif latest is not None:
        initial, recs, acts, atts, apos = _initial_from_minutes(latest)
    data = posted(request)
    form = MinutesForm(data, initial=initial)
    kw: dict[str, object] = {"agencies": choices}
    rec_set = RecommendationFormSet(data, initial=recs, prefix="rec", form_kwargs=kw)
    act_set = ActionFormSet(data, initial=acts, prefix="act", form_kwargs=kw)
    att_set = AttendeeFormSet(data, initial=atts, prefix="att", form_kwargs=kw)
    apo_set = ApologyFormSet(data, initial=apos, prefix="apo", form_kwargs=kw)
    formset_refusal(form, rec_set, limits.RECOMMENDATIONS_MAX, "recommendations")
    formset_refusal(form, act_set, limits.ACTIONS_MAX, "actions")
    formset_refusal(form, att_set, 100, "people attending")
    formset_refusal(form, apo_set, 100, "people sending apologies")
    if request.method == "POST":
        kept = True
        try:
            minutes_services.minutes_draft_save(
                membership=membership, application=application, data=_typed(request)
            )
        except InvalidInput as exc:
            kept = False
            put_errors(form, exc)
        if "draft" in request.POST and kept:
            messages.success(request, "Your draft of the minutes has been saved.")
            return redirect("reviews:minutes", reference=reference)
    sets = (rec_set, act_set, att_set, apo_set)
    if request.method == "POST" and form.is_valid() and all(x.is_valid() for x in sets):

        def people(formset: BaseFormSet, attended: bool) -> list[AttendeeInput]:
            return [
                AttendeeInput(p["name"], agencies.get(p["agency"]), attended)
                for p in formset.cleaned_data
                if p.get("name", "").strip()
            ]

        try:
            minutes_record(
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
                    ActionInput(
                        a["text"],
                        agencies[a["agency"]],
                        a["due"],
                        tuple(agencies[s] for s in a.get("also", []) if s in agencies),
                    )
                    for a in act_set.cleaned_data
                    if a.get("text")
                ],
                attendees=people(att_set, True) + people(apo_set, False),
            )
        except InvalidInput as exc:
            put_errors(form, exc)
        except NotAllowedNow as exc:
            messages.error(request, f"{exc} What you typed is kept as a draft.")
            return redirect("reviews:minutes", reference=reference)
        else:
            messages.success(
                request, "The minutes have been saved. The Chair can now approve them."
            )
            return redirect("casework:detail", reference=reference)
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
            "atts": att_set,
            "apos": apo_set,
            "latest": latest,
            "draft": draft if request.method == "GET" else None,
        },
        status=400 if request.method == "POST" else 200,
    )
