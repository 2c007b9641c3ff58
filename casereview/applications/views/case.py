"""An application's page, its caseload list, complaint changes and the Chair's decision."""

import rules
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from casereview.applications import selectors, services
from casereview.applications.forms import DecisionForm
from casereview.applications.intake import possible_single_incidents
from casereview.applications.models import Application, Status
from casereview.applications.threshold import recommendation_for
from casereview.applications.views.complaints import SavedStore, complaint_edit, complaint_remove
from casereview.core.audit import note_read
from casereview.core.errors import InvalidInput
from casereview.core.permissions import permission_denied, role_required
from casereview.reviews.panel import review_panel

VIEW_PURPOSE = "managing an ASB case review"


def case_for(request: HttpRequest, reference: str, rule: str) -> Application:
    """The application if the acting role may see it (else 404) and passes `rule` (else 403)."""
    membership = request.membership  # type: ignore[attr-defined]
    application = selectors.application_get(membership, reference)
    if not rules.test_rule(rule, membership, application):
        raise permission_denied(request, rule)
    return application


def _note_view(request: HttpRequest, application: Application, why: str = VIEW_PURPOSE) -> None:
    note_read(
        request,
        object_type="application",
        object_id=application.reference,
        partnership_id=application.partnership_id,
        purpose=why,
    )


PAGE_SIZE = 20


def _list_filter(request: HttpRequest) -> selectors.ListFilter:
    status = request.GET.get("status", "")
    return selectors.ListFilter(
        status=status if status in Status.values else "",
        overdue=request.GET.get("overdue") == "yes",
        text=request.GET.get("q", "").strip()[:100],
    )


@role_required("applications.list")
def application_list(request: HttpRequest) -> HttpResponse:
    membership = request.membership  # type: ignore[attr-defined]
    filters = _list_filter(request)
    found = selectors.applications_listed(membership, filters, services.local_today())
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    for application in page:
        _note_view(request, application, f"{VIEW_PURPOSE}: list")
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "applications/list.html",
        {
            "title": "Applications",
            "page": page,
            "filters": filters,
            "query": query.urlencode(),
            "statuses": Status.choices,
        },
    )


@role_required("applications.open")
def detail(request: HttpRequest, reference: str) -> HttpResponse:
    membership = request.membership  # type: ignore[attr-defined]
    if membership.role == "partner":
        # A partner agency's view of a case is its contribution page (404 unless asked).
        return redirect("reviews:contribution", reference=reference)
    if membership.role == "appeals":
        return redirect("appeals:pack", reference=reference)
    application = case_for(request, reference, "applications.view")
    complaints = selectors.complaints_of(application)
    letters = list(selectors.letters_of(application))
    recommendation = recommendation_for(application, complaints)
    _note_view(request, application)
    today = services.local_today()
    return render(
        request,
        "applications/detail.html",
        {
            "title": f"Application {application.reference}",
            "application": application,
            "complaints": complaints,
            "recommendation": recommendation,
            "lines_by_key": {line.complaint.key: line for line in recommendation.lines},
            "agency_names_map": {c.agency.slug: c.agency.name for c in complaints if c.agency},
            "letters": letters,
            "milestones": selectors.milestones_of(application, letters),
            "today": today,
            "duplicates": selectors.possible_duplicates(
                membership, application.victim_name, application.victim_postcode, application.pk
            ),
            "pairs": possible_single_incidents(services.complaint_inputs(application)),
            "can_change_complaints": not recommendation.decided
            and rules.test_rule("applications.change_complaints", membership, application),
            "review": review_panel(application, membership, today),
            "status_link": _live_status_link(application),
            "can_decide": application.status == Status.RECEIVED
            and rules.test_rule("applications.decide_object", membership, application),
        },
    )


def _live_status_link(application: Application) -> object:
    # Imported here: the applicants app builds on this one.
    from casereview.applicants.models import StatusLink

    return StatusLink.objects.filter(application=application, revoked_at__isnull=True).first()


@role_required("applications.list")
def complaint_add(request: HttpRequest, reference: str) -> HttpResponse:
    application = case_for(request, reference, "applications.change_complaints")
    return complaint_edit(
        request, SavedStore(request, application), application.partnership_id, None
    )


@role_required("applications.list")
def complaint_change(request: HttpRequest, reference: str, key: str) -> HttpResponse:
    application = case_for(request, reference, "applications.change_complaints")
    return complaint_edit(
        request, SavedStore(request, application), application.partnership_id, key
    )


@role_required("applications.list")
def complaint_delete(request: HttpRequest, reference: str, key: str) -> HttpResponse:
    application = case_for(request, reference, "applications.change_complaints")
    return complaint_remove(
        request, SavedStore(request, application), application.partnership_id, key
    )


@role_required("applications.decide")
def decide(request: HttpRequest, reference: str) -> HttpResponse:
    membership = request.membership  # type: ignore[attr-defined]
    application = case_for(request, reference, "applications.decide_object")
    if application.status != Status.RECEIVED:
        messages.error(
            request, "The threshold has already been decided. Only an appeal can change it."
        )
        return redirect("applications:detail", reference=reference)
    complaints = selectors.complaints_of(application)
    recommendation = recommendation_for(application, complaints)
    form = DecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.threshold_decide(
                membership=membership,
                application=application,
                met=data["threshold_met"] == "yes",
                rationale=data["rationale"],
                review_date=data["review_date"],
            )
        except InvalidInput as exc:
            for error in exc.errors:
                form.add_error(error.field if error.field in form.fields else None, error.message)
        except services.NotAllowedNow as exc:
            messages.error(request, str(exc))
            return redirect("applications:detail", reference=reference)
        else:
            messages.success(
                request, "Decision recorded. The acknowledgement letter has been created."
            )
            return redirect("applications:detail", reference=reference)
    _note_view(request, application, f"{VIEW_PURPOSE}: threshold decision")
    return render(
        request,
        "applications/decision.html",
        {
            "title": "Decide the threshold",
            "application": application,
            "recommendation": recommendation,
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )
