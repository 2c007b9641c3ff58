"""The case page (everything about one application, across its stages) and the list of
applications."""

import rules
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from casereview.accounts.requests import StaffRequest
from casereview.applicants.links import applicant_mobile
from casereview.applicants.models import StatusLink
from casereview.applications import selectors
from casereview.applications.contacts import contacts_of
from casereview.applications.evidence import evidence_offers
from casereview.applications.intake import possible_single_incidents
from casereview.applications.lifecycle import milestones_of, reopened_by
from casereview.applications.models import Application, Status
from casereview.applications.people import (
    PEOPLE_PURPOSE,
    note_people_read,
    people_filter_roles,
    people_seen,
)
from casereview.applications.services import complaint_inputs
from casereview.applications.threshold import recommendation_for
from casereview.applications.views.access import VIEW_PURPOSE, case_for, note_view
from casereview.core.audit import note_read
from casereview.core.dates import local_today
from casereview.core.permissions import role_required
from casereview.core.sms import shown
from casereview.decision.services import decidable
from casereview.letters.selectors import letters_of
from casereview.reviews.panel import review_panel
from casereview.reviews.whole_case import application_get

PAGE_SIZE = 20


def _list_filter(request: HttpRequest) -> selectors.ListFilter:
    status = request.GET.get("status", "")
    return selectors.ListFilter(
        status=status if status in Status.values else "",
        overdue=request.GET.get("overdue") == "yes",
        text=request.GET.get("q", "").strip()[:100],
    )


@role_required("applications.list")
def application_list(request: StaffRequest) -> HttpResponse:
    membership = request.membership
    filters = _list_filter(request)
    today = local_today()
    found = selectors.applications_listed(membership, filters, today)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    shown = [selectors.summary_of(row, today) for row in page.object_list]
    for summary in shown:
        note_read(
            request,
            object_type="application",
            object_id=summary.reference,
            partnership_id=summary.partnership_id,
            purpose=f"{VIEW_PURPOSE}: list",
        )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "casework/list.html",
        {
            "title": "Applications",
            "page": page,
            "rows": shown,
            "filters": filters,
            "query": query.urlencode(),
            "statuses": Status.choices,
            "today": today,
        },
    )


@role_required("applications.open")
def detail(request: StaffRequest, reference: str) -> HttpResponse:
    membership = request.membership
    if membership.role == "partner":
        # A partner agency's view of a case is its contribution page (404 unless asked).
        return redirect("reviews:contribution", reference=reference)
    if membership.role == "appeals":
        return redirect("appeals:pack", reference=reference)
    application = case_for(request, reference, "applications.view", load=application_get)
    complaints = selectors.complaints_of(application)
    letters = letters_of(application)
    recommendation = recommendation_for(application, complaints)
    note_view(request, application)
    people = people_seen(membership, application)
    note_people_read(request, people, PEOPLE_PURPOSE)
    today = local_today()
    return render(
        request,
        "casework/case.html",
        {
            "title": f"Application {application.reference}",
            "application": application,
            "complaints": complaints,
            "recommendation": recommendation,
            "lines_by_key": {line.complaint.key: line for line in recommendation.lines},
            "agency_names_map": {c.agency.slug: c.agency.name for c in complaints if c.agency},
            "letters": letters,
            "milestones": milestones_of(application, letters),
            "contacts": list(contacts_of(application)),
            # Prefetched, newest first, by `application_get`.
            "harm_assessments": list(application.harm_assessments.all()),
            "today": today,
            "duplicates": selectors.possible_duplicates(
                membership, application.victim_name, application.victim_postcode, application.pk
            ),
            "pairs": possible_single_incidents(complaint_inputs(application)),
            "can_change_complaints": not recommendation.decided
            and rules.test_rule("applications.change_complaints", membership, application),
            "evidence": evidence_offers(membership, application)
            if not recommendation.decided
            and rules.test_rule("applications.change_complaints", membership, application)
            else [],
            "review": review_panel(application, membership, today),
            "status_link": _live_status_link(application),
            "applicant_mobile": _mobile_shown(application),
            "can_decide": decidable(application)
            and rules.test_rule("decision.decide_object", membership, application),
            "reopened_by": reopened_by(application),
            "people_groups": people_filter_roles(people),
        },
    )


def _mobile_shown(application: Application) -> str:
    """The applicant's mobile number as staff read it, when they have one to text."""
    mobile = applicant_mobile(application)
    return shown(mobile) if mobile else ""


def _live_status_link(application: Application) -> StatusLink | None:
    return StatusLink.objects.filter(application=application, revoked_at__isnull=True).first()
