"""The home page: a signed-in person's caseload, or an agency's requests to contribute."""

from typing import Any

import rules
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from casereview.appeals.selectors import appeals_waiting, decision_working_days
from casereview.applicants.views.follow import start_page
from casereview.casework.caseload import caseload_for
from casereview.core.audit import note_read
from casereview.core.dates import local_today
from casereview.feeds.pairs_queue import pending_count
from casereview.reviews.selectors import request_state, requests_for_agency


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        # The public start page: asking for a review, following a case, and staff sign-in.
        return start_page(request)
    membership = getattr(request, "membership", None)
    context: dict[str, Any] = {"title": "Home"}
    if membership is not None and rules.test_rule("applications.list", membership):
        today = local_today()
        caseload = caseload_for(membership, today)
        context.update(caseload=caseload, today=today)
        for row in caseload.rows:
            note_read(
                request,
                object_type="application",
                object_id=row.application.reference,
                partnership_id=row.application.partnership_id,
                purpose="managing ASB case reviews: caseload",
            )
    if membership is not None and rules.test_rule("feeds.check_pairs", membership):
        # Pairs of partner reports linkage was unsure about: one count, no personal data.
        context["pairs_waiting"] = pending_count(membership)
    if membership is not None and rules.test_rule("appeals.decide", membership):
        context.update(
            appeals_waiting=appeals_waiting(membership),
            decision_days=decision_working_days(membership.appeals_body),
            today=local_today(),
        )
        for row in context["appeals_waiting"]:
            note_read(
                request,
                object_type="application",
                object_id=row.application.reference,
                partnership_id=row.application.partnership_id,
                purpose="reviewing appeals about ASB case reviews: caseload",
            )
    if membership is not None and membership.role == "partner":
        today = local_today()
        context["partner_requests"] = [
            request_state(r, today) for r in requests_for_agency(membership)
        ]
    return render(request, "casework/home.html", context)
