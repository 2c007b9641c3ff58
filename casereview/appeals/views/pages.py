"""The appeals pages: the Commissioner's list, recording an appeal, the pack, the outcome."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from casereview.accounts.models import Role
from casereview.accounts.requests import StaffRequest
from casereview.appeals import selectors, services
from casereview.appeals.forms import (
    AppealForm,
    FindForm,
    OfficeForm,
    OutcomeForm,
    RecommendationActionsForm,
)
from casereview.appeals.recommendations import (
    RecommendationPlan,
    actions_minutes,
    actions_refusal,
    appeal_recommendations_to_actions,
)
from casereview.applications.lifecycle import may_appeal
from casereview.applications.models import Application, LetterKind
from casereview.applications.threshold import recommendation_for
from casereview.applications.views.access import note_view
from casereview.core.dates import local_today
from casereview.core.errors import InvalidInput, NotAllowedNow
from casereview.core.permissions import role_required
from casereview.core.view_helpers import attempt, posted, put_errors
from casereview.letters.preview import letter_preview_answer
from casereview.partnerships.models import Agency, AppealsBody
from casereview.partnerships.services import appeals_body_save
from casereview.reviews.selectors import states_of
from casereview.reviews.whole_case import application_get

PACK_PURPOSE = "reviewing an appeal about an ASB case review"


# The references this session's appeals officer has found by their appellant's details:
# the one page that may follow (recording the appeal) asks for them.
FOUND_KEY = "appeals_found"


@role_required("appeals.decide")
def appeal_list(request: StaffRequest) -> HttpResponse:
    membership = request.membership
    rows = list(selectors.appealed_for(membership))
    find = FindForm(posted(request))
    if request.method == "POST" and find.is_valid():
        data = find.cleaned_data
        reference = data["reference"].strip().upper()
        try:
            selectors.application_to_appeal(
                membership,
                reference,
                surname=data["victim_surname"],
                postcode=data["victim_postcode"],
            )
        except Http404:
            # Unknown, or not these details: the same page and words either way.
            find.add_error("reference", FindForm.NOT_FOUND)
        else:
            found = request.session.get(FOUND_KEY, [])
            request.session[FOUND_KEY] = [*[r for r in found if r != reference], reference][-20:]
            return redirect("appeals:record", reference=reference)
    for application in rows:
        note_view(request, application, f"{PACK_PURPOSE}: list")
    return render(
        request,
        "appeals/list.html",
        {
            "title": "Appeals",
            "rows": rows,
            "find": find,
            "decision_due": {
                a.pk: selectors.decision_due(a.appeal, membership.appeals_body) for a in rows
            },
            "today": local_today(),
        },
        status=400 if request.method == "POST" else 200,
    )


@role_required("appeals.record")
def record(request: StaffRequest, reference: str) -> HttpResponse:
    membership = request.membership
    if membership.role == Role.APPEALS:
        return _record_found(request, reference)
    application = selectors.application_for_record(membership, reference)
    letter = selectors.letter_appealed_against(application, list(application.letters.all()))
    form = AppealForm(posted(request), initial={"received": local_today()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        response = attempt(
            request,
            form,
            lambda: services.appeal_record(
                membership=membership,
                application=application,
                received=data["received"],
                grounds=data["grounds"],
                details=data["details"],
                late_reason=data["late_reason"],
            ),
            "The appeal has been recorded.",
            reverse("casework:detail", args=[reference]),
        )
        if response is not None:
            return response
    return render(
        request,
        "appeals/record.html",
        {
            "title": "Record an appeal",
            "application": application,
            "letter": letter,
            "due_by": services.appeal_window_end(application, letter) if letter else None,
            "appealable": may_appeal(application) and letter is not None,
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


def _record_found(request: StaffRequest, reference: str) -> HttpResponse:
    """The appeals body records an appeal for an application it found by the appellant's
    details (`appeal_list`). The page shows nothing of the case but the reference it was
    given: what the case holds is for after the appeal is recorded."""
    membership = request.membership
    if selectors.appealed_for(membership).filter(reference=reference).exists():
        return redirect("appeals:pack", reference=reference)
    if reference not in request.session.get(FOUND_KEY, []):
        raise Http404("No such application")
    application = selectors.application_found(membership, reference)
    form = AppealForm(posted(request), initial={"received": local_today()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.appeal_record(
                membership=membership,
                application=application,
                received=data["received"],
                grounds=data["grounds"],
                details=data["details"],
                late_reason=data["late_reason"],
            )
        except InvalidInput as exc:
            put_errors(form, exc)
        except NotAllowedNow as exc:
            messages.error(request, str(exc))
            return redirect("appeals:list")
        else:
            request.session[FOUND_KEY] = [
                r for r in request.session.get(FOUND_KEY, []) if r != reference
            ]
            messages.success(request, "The appeal has been recorded.")
            return redirect("appeals:pack", reference=reference)
    return render(
        request,
        "appeals/record.html",
        {"title": "Record an appeal", "reference": reference, "found": True, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def _pack(request: HttpRequest, application: Application) -> dict[str, object]:
    complaints = list(application.complaints.all())
    note_view(request, application, f"{PACK_PURPOSE}: appeal pack")
    letters = list(application.letters.all())
    chronology = sorted(
        [(application.received, "Request received")]
        + [(c.reported_date, f"Complaint {c.key} reported") for c in complaints]
        + [(lt.created_at.date(), f"{lt.get_kind_display()} letter") for lt in letters]
        + (
            [(application.appeal.received, "Appeal received")]
            if hasattr(application, "appeal")
            else []
        ),
        key=lambda row: row[0],
    )
    return {
        "application": application,
        "complaints": complaints,
        "recommendation": recommendation_for(application, complaints),
        # What the pack's case was fetched with (`selectors.application_for_pack`).
        "states": states_of(list(application.partner_requests.all()), local_today()),
        "minutes": list(application.minutes.all()),
        "letters": letters,
        "chronology": chronology,
    }


@role_required("appeals.see")
def pack(request: StaffRequest, reference: str) -> HttpResponse:
    membership = request.membership
    application = selectors.application_for_pack(membership, reference)
    appeal = getattr(application, "appeal", None)
    if appeal is None:
        return redirect("casework:detail", reference=reference)
    return render(
        request,
        "appeals/pack.html",
        {
            "title": f"Appeal pack for {reference}",
            "appeal": appeal,
            "decision_due": selectors.decision_due(appeal, application.partnership.appeals_body),
            **_pack(request, application),
        },
    )


@role_required("appeals.decide")
def outcome(request: StaffRequest, reference: str) -> HttpResponse:
    """The office records its decision on the appeal; before it does, it may see the outcome
    letter that would be sent (the decision is tried and undone: nothing is recorded or
    sent, and the preview is audited as a read of the case)."""
    membership = request.membership
    application = application_get(membership, reference)
    form = OutcomeForm(posted(request))
    preview = request.POST.get("preview", "") if request.method == "POST" else ""
    letter = None

    def decide() -> object:
        data = form.cleaned_data
        return services.appeal_decide(
            membership=membership,
            application=application,
            upheld=data["upheld"] == "yes",
            findings=data["findings"],
            recommendations=data["recommendations"].splitlines(),
        )

    if preview and form.is_valid():
        previewed = letter_preview_answer(
            request,
            form,
            membership=membership,
            application=application,
            kind=LetterKind.APPEAL_OUTCOME,
            act=decide,
            refused_to=reverse("appeals:pack", args=[reference]),
        )
        if previewed.response is not None:
            return previewed.response
        letter = previewed.letter
    elif request.method == "POST" and form.is_valid():
        response = attempt(
            request,
            form,
            decide,
            "The outcome is recorded and the letter has been created.",
            reverse("appeals:pack", args=[reference]),
        )
        if response is not None:
            return response
    return render(
        request,
        "appeals/outcome.html",
        {"title": "Record the outcome", "application": application, "form": form, "letter": letter},
        status=400 if request.method == "POST" and letter is None else 200,
    )


@role_required("appeals.office")
def office(request: StaffRequest) -> HttpResponse:
    """The office's own contact details, as its letters give them, and its time to decide."""
    membership = request.membership
    if membership.appeals_body_id is None:
        raise Http404("No office")
    body = AppealsBody.objects.get(pk=membership.appeals_body_id)
    body.decision_working_days = selectors.decision_working_days(body)
    form = OfficeForm(posted(request), instance=body)
    if request.method == "POST" and form.is_valid():
        try:
            appeals_body_save(officer=membership, body=form.save(commit=False))
        except InvalidInput as exc:
            for error in exc.errors:
                form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(
                request,
                "Your office's details have been saved. Letters created from now on show them.",
            )
            return redirect("appeals:office")
    return render(
        request,
        "appeals/office.html",
        {"title": "Your office's contact details", "form": form},
        status=400 if request.method == "POST" else 200,
    )


@role_required("appeals.make_actions")
def actions(request: StaffRequest, reference: str) -> HttpResponse:
    """The coordinator turns an upheld appeal's recommendations into actions owned by
    agencies, once; until the reopened review has approved minutes, the page says so."""
    membership = request.membership
    application = selectors.application_for_actions(membership, reference)
    appeal = getattr(application, "appeal", None)
    minutes = actions_minutes(application)
    refusal = actions_refusal(application, appeal, minutes)
    agencies = {
        a.slug: a
        for a in Agency.objects.filter(partnership_id=application.partnership_id, active=True)
    }
    recommendations = list(appeal.recommendations) if appeal is not None else []
    form = RecommendationActionsForm(
        posted(request),
        recommendations=recommendations,
        agencies=[(slug, a.name) for slug, a in agencies.items()],
    )
    if request.method == "POST" and (refusal is not None or form.is_valid()):
        data = form.cleaned_data if refusal is None else {}
        plans = [
            RecommendationPlan(
                [agencies[slug] for slug in data.get(f"agencies_{i}", [])],
                data.get(f"due_{i}"),
            )
            for i in range(len(recommendations))
        ]
        response = attempt(
            request,
            form,
            lambda: appeal_recommendations_to_actions(
                membership=membership, application=application, plans=plans
            ),
            "The recommendations are now actions. The agencies see them in their action plans.",
            reverse("casework:detail", args=[reference]) + "#appeal",
        )
        if response is not None:
            return response
    note_view(request, application, f"{PACK_PURPOSE}: recommendations to actions")
    return render(
        request,
        "appeals/actions.html",
        {
            "title": "Make the recommendations actions",
            "application": application,
            "appeal": appeal,
            "minutes": minutes,
            "refusal": refusal,
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )
