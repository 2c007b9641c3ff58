"""The minutes page: recording (or correcting) the minutes, with who attended, the
recommendations and the action plan, and keeping what was typed as a draft."""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.forms import BaseFormSet
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render

from casereview.accounts.requests import StaffRequest
from casereview.applications.models import Application, CasePerson, Status
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
from casereview.reviews.models import Action, Minutes, MinutesDraft
from casereview.reviews.services.minutes import (
    ActionInput,
    AttendeeInput,
    RecommendationInput,
    minutes_draft_save,
    minutes_record,
)
from casereview.reviews.steps import minutes_refusal
from casereview.reviews.views.common import CASE_PURPOSE, review_case

_Initial = tuple[dict, list, list, list, list]  # the form's, then each formset's rows


@dataclass(frozen=True)
class _MinutesForms:
    """The page's form and its four formsets: recommendations, actions, the people who
    attended and those who sent apologies."""

    form: MinutesForm
    recs: BaseFormSet
    acts: BaseFormSet
    atts: BaseFormSet
    apos: BaseFormSet
    people: dict[str, CasePerson]

    def is_valid(self) -> bool:
        sets = (self.recs, self.acts, self.atts, self.apos)
        return self.form.is_valid() and all(x.is_valid() for x in sets)


@role_required("reviews.minutes")
def minutes(request: StaffRequest, reference: str) -> HttpResponse:
    """The minutes, offered only when the service will take them (`minutes_refusal`); what
    is typed is kept as a draft on the server whenever the page is posted, so a refusal or
    a lost connection loses nothing."""
    application = review_case(request, reference, "reviews.minutes", joins=("minutes_draft",))
    refusal = minutes_refusal(application.status, getattr(application, "meeting", None))
    draft = getattr(application, "minutes_draft", None)
    if refusal is not None:
        return _minutes_refused(request, application, refusal, draft)
    agencies = _agencies(application)
    latest = selectors.latest_minutes(application, whole=True)
    people = _people(application)
    filled = _minutes_forms(request, agencies, _initial(request, draft, latest), people)
    if request.method == "POST":
        response = _minutes_posted(request, application, filled, agencies)
        if response is not None:
            return response
    return _minutes_page(request, application, filled, latest, draft)


def _minutes_refused(
    request: StaffRequest, application: Application, refusal: str, draft: MinutesDraft | None
) -> HttpResponse:
    """The page when the minutes cannot be recorded yet: says why, and still keeps what a
    post carried as the draft."""
    if request.method == "POST":
        try:
            minutes_draft_save(
                membership=request.membership, application=application, data=_typed(request)
            )
        except (InvalidInput, NotAllowedNow):
            messages.error(request, refusal)
        else:
            messages.error(request, f"{refusal} What you typed is kept as a draft.")
        return redirect("reviews:minutes", reference=application.reference)
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


def _agencies(application: Application) -> dict[str, Agency]:
    """The partnership's agencies by slug, the value the formsets' choices post."""
    return {a.slug: a for a in Agency.objects.filter(partnership_id=application.partnership_id)}


def _initial(request: StaffRequest, draft: MinutesDraft | None, latest: Minutes | None) -> _Initial:
    """Only a page shown fresh starts from the draft or the minutes: a posted page is what
    was posted (and a formset row equal to its initial would count as left empty)."""
    if request.method == "POST":
        return ({}, [], [], [], [])
    if draft is not None:
        return _initial_from_draft(draft.data)
    if latest is not None:
        return _initial_from_minutes(latest)
    return ({}, [], [], [], [])


def _initial_from_draft(data: dict[str, list[str]]) -> _Initial:
    typed = QueryDict(mutable=True)
    for key, values in data.items():
        typed.setlist(key, values)
    return (
        {"summary": typed.get("summary", ""), "decisions": typed.get("decisions", "")},
        _draft_rows(typed, "rec", ("text", "agency", "person"), RecommendationForm),
        _draft_rows(typed, "act", ("text", "agency", "due", "also", "person"), SharedActionForm),
        _draft_rows(typed, "att", ("name", "agency"), AttendeeForm),
        _draft_rows(typed, "apo", ("name", "agency"), AttendeeForm),
    )


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
            # A field added per case (the person it concerns) is read as the plain value.
            n: fields[n].widget.value_from_datadict(data, {}, f"{prefix}-{i}-{n}")
            if n in fields
            else data.get(f"{prefix}-{i}-{n}", "")
            for n in names
        }
        if any(v if not isinstance(v, list) else any(v) for v in row.values()):
            rows.append(row)
    return rows


def _initial_from_minutes(latest: Minutes) -> _Initial:
    return (
        {"summary": latest.summary, "decisions": "\n".join(latest.decisions)},
        [
            {"text": r.text, "agency": r.agency.slug, "person": str(r.person_id or "")}
            for r in latest.recommendations.all()
        ],
        [_action_row(a) for a in latest.actions.all()],
        _attendee_rows(latest, attended=True),
        _attendee_rows(latest, attended=False),
    )


def _action_row(action: Action) -> dict:
    """The lead agency in `agency`; the agencies sharing the action in `also`."""
    return {
        "text": action.text,
        "agency": action.agency.slug,
        "due": action.due,
        "person": str(action.person_id or ""),
        "also": [p.agency.slug for p in action.parts.all() if p.agency_id != action.agency_id],
    }


def _attendee_rows(latest: Minutes, *, attended: bool) -> list[dict]:
    return [
        {"name": p.name, "agency": p.agency.slug if p.agency else ""}
        for p in latest.attendees.all()
        if p.attended == attended
    ]


def _people(application: Application) -> dict[str, CasePerson]:
    """The people named on the case by id, the value the formsets' person choices post."""
    return {str(p.pk): p for p in CasePerson.objects.filter(application=application)}


def _minutes_forms(
    request: StaffRequest,
    agencies: dict[str, Agency],
    initial: _Initial,
    people: dict[str, CasePerson] | None = None,
) -> _MinutesForms:
    """The form and formsets, bound to a post; too many rows in a formset is said on the
    form, so that it shows in the page's error summary."""
    data = posted(request)
    fields, recs, acts, atts, apos = initial
    kw: dict[str, object] = {"agencies": [(slug, a.name) for slug, a in agencies.items()]}
    named = {
        **kw,
        "people": [
            (pk, f"{p.name} ({p.get_role_display().lower()})") for pk, p in (people or {}).items()
        ],
    }
    filled = _MinutesForms(
        form=MinutesForm(data, initial=fields),
        recs=RecommendationFormSet(data, initial=recs, prefix="rec", form_kwargs=named),
        acts=ActionFormSet(data, initial=acts, prefix="act", form_kwargs=named),
        atts=AttendeeFormSet(data, initial=atts, prefix="att", form_kwargs=kw),
        apos=ApologyFormSet(data, initial=apos, prefix="apo", form_kwargs=kw),
        people=people or {},
    )
    formset_refusal(filled.form, filled.recs, limits.RECOMMENDATIONS_MAX, "recommendations")
    formset_refusal(filled.form, filled.acts, limits.ACTIONS_MAX, "actions")
    formset_refusal(filled.form, filled.atts, 100, "people attending")
    formset_refusal(filled.form, filled.apos, 100, "people sending apologies")
    return filled


def _minutes_posted(
    request: StaffRequest,
    application: Application,
    filled: _MinutesForms,
    agencies: dict[str, Agency],
) -> HttpResponse | None:
    """Keep what was posted as the draft; then, unless only the draft was asked for, record
    the minutes. None shows the page again with its errors."""
    kept = _draft_keep(request, application, filled.form)
    if "draft" in request.POST and kept:
        messages.success(request, "Your draft of the minutes has been saved.")
        return redirect("reviews:minutes", reference=application.reference)
    if filled.is_valid():
        return _minutes_save(request, application, filled, agencies)
    return None


def _draft_keep(request: StaffRequest, application: Application, form: MinutesForm) -> bool:
    """Whether the draft was kept; if not (too long, say), why is put on the form."""
    try:
        minutes_draft_save(
            membership=request.membership, application=application, data=_typed(request)
        )
    except InvalidInput as exc:
        put_errors(form, exc)
        return False
    return True


def _typed(request: StaffRequest) -> dict[str, list[str]]:
    """The minutes page's fields as posted, without the CSRF token or the buttons."""
    return {
        key: request.POST.getlist(key)
        for key in request.POST
        if key not in ("csrfmiddlewaretoken", "record", "draft")
    }


def _minutes_save(
    request: StaffRequest,
    application: Application,
    filled: _MinutesForms,
    agencies: dict[str, Agency],
) -> HttpResponse | None:
    """Record the valid forms as the minutes. A refusal the service finds (the meeting
    moved since the page was shown, say) sends the coordinator back to the kept draft."""
    try:
        minutes_record(
            membership=request.membership,
            application=application,
            summary=filled.form.cleaned_data["summary"],
            decisions=filled.form.cleaned_data["decisions"].splitlines(),
            recommendations=_recommendation_inputs(filled.recs, agencies, filled.people),
            actions=_action_inputs(filled.acts, agencies, filled.people),
            attendees=_attendee_inputs(filled.atts, agencies, attended=True)
            + _attendee_inputs(filled.apos, agencies, attended=False),
        )
    except InvalidInput as exc:
        put_errors(filled.form, exc)
        return None
    except NotAllowedNow as exc:
        messages.error(request, f"{exc} What you typed is kept as a draft.")
        return redirect("reviews:minutes", reference=application.reference)
    messages.success(request, "The minutes have been saved. The Chair can now approve them.")
    return redirect("casework:detail", reference=application.reference)


def _recommendation_inputs(
    formset: BaseFormSet, agencies: dict[str, Agency], people: dict[str, CasePerson]
) -> list[RecommendationInput]:
    return [
        RecommendationInput(r["text"], agencies[r["agency"]], people.get(r.get("person") or ""))
        for r in formset.cleaned_data
        if r.get("text")
    ]


def _action_inputs(
    formset: BaseFormSet, agencies: dict[str, Agency], people: dict[str, CasePerson]
) -> list[ActionInput]:
    return [
        ActionInput(
            a["text"],
            agencies[a["agency"]],
            a["due"],
            tuple(agencies[s] for s in a.get("also", []) if s in agencies),
            people.get(a.get("person") or ""),
        )
        for a in formset.cleaned_data
        if a.get("text")
    ]


def _attendee_inputs(
    formset: BaseFormSet, agencies: dict[str, Agency], *, attended: bool
) -> list[AttendeeInput]:
    return [
        AttendeeInput(p["name"], agencies.get(p["agency"]), attended)
        for p in formset.cleaned_data
        if p.get("name", "").strip()
    ]


def _minutes_page(
    request: StaffRequest,
    application: Application,
    filled: _MinutesForms,
    latest: Minutes | None,
    draft: MinutesDraft | None,
) -> HttpResponse:
    note_view(request, application, f"{CASE_PURPOSE}: minutes")
    return render(
        request,
        "reviews/minutes.html",
        {
            "title": _minutes_title(application, latest),
            "application": application,
            "form": filled.form,
            "recs": filled.recs,
            "acts": filled.acts,
            "atts": filled.atts,
            "apos": filled.apos,
            "latest": latest,
            "draft": draft if request.method == "GET" else None,
        },
        status=400 if request.method == "POST" else 200,
    )


def _minutes_title(application: Application, latest: Minutes | None) -> str:
    if latest and latest.approved and application.status != Status.IN_REVIEW:
        return "Correct the approved minutes"
    return "Record the minutes"
