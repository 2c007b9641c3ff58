"""The meeting: scheduling it, and the pack everyone reads before it."""

from datetime import datetime

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from casereview.accounts.requests import StaffRequest
from casereview.applications.harm import latest_assessment
from casereview.applications.lifecycle import RECONVENE_REVIEW, reopened_by
from casereview.applications.models import Application
from casereview.applications.views.access import note_view
from casereview.core import limits
from casereview.core.dates import local_today
from casereview.core.permissions import role_required
from casereview.core.view_helpers import attempt, posted
from casereview.partnerships.models import Agency
from casereview.reviews import selectors
from casereview.reviews.forms import MeetingForm
from casereview.reviews.models import Meeting
from casereview.reviews.pack import pack_find, pack_pdf_for
from casereview.reviews.services.meeting import meeting_schedule
from casereview.reviews.steps import due_after_meeting_warning, has_started
from casereview.reviews.views.common import CASE_PURPOSE, review_case


@role_required("reviews.schedule")
def meeting(request: StaffRequest, reference: str) -> HttpResponse:
    membership = request.membership
    application = review_case(
        request, reference, "reviews.schedule", prefetches=("meeting__agencies",)
    )
    choices = list(
        Agency.objects.filter(partnership_id=application.partnership_id).values_list("slug", "name")
    )
    current = getattr(application, "meeting", None)
    reconvening = reopened_by(application) == RECONVENE_REVIEW
    if current is not None and reconvening:
        # A new meeting: the same place and agencies to start from, a new date.
        initial = {
            "location": current.location,
            "agencies": [a.slug for a in current.agencies.all()],
        }
    elif current is not None:
        local = timezone.localtime(current.starts_at)
        initial = {
            "day": local.date(),
            "start": local.strftime("%H:%M"),
            "location": current.location,
            "agencies": [a.slug for a in current.agencies.all()],
            "victim_invited": current.victim_invited,
            "victim_views": current.victim_views,
        }
    else:
        initial = {
            "agencies": list(application.partner_requests.values_list("agency__slug", flat=True))
        }
    form = MeetingForm(posted(request), initial=initial, agencies=choices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        response = attempt(
            request,
            form,
            lambda: meeting_schedule(
                membership=membership,
                application=application,
                starts_at=form.starts_at(),
                location=data["location"],
                agencies=list(
                    Agency.objects.filter(
                        partnership_id=application.partnership_id, slug__in=data["agencies"]
                    )
                ),
                victim_invited=data["victim_invited"],
                victim_views=data["victim_views"],
            ),
            " ".join(
                m
                for m in (
                    _scheduled_message(form.starts_at(), data["victim_invited"], data["agencies"]),
                    _late_after(application, form.starts_at()),
                )
                if m
            ),
            reverse("casework:detail", args=[reference]),
        )
        if response is not None:
            return response
    return render(
        request,
        "reviews/meeting.html",
        {
            "title": "Reconvene the review" if reconvening else "Schedule the meeting",
            "application": application,
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


def _scheduled_message(starts_at: datetime, victim_invited: bool, agencies: list[str]) -> str:
    """What is true once the meeting is saved: the service invites nobody to a meeting that
    has already started."""
    if starts_at <= timezone.now():
        return (
            "The meeting is recorded as held. It has already started, so no invitations were "
            "sent. You can now record the minutes."
        )
    if not agencies and not victim_invited:
        return "The meeting is set. Nobody was invited: no agencies were chosen."
    return "The meeting is set and the invitations have been sent."


def _late_after(application: Application, starts_at: datetime) -> str:
    """The warning for contributions due too late for the meeting as now set."""
    return due_after_meeting_warning(
        list(application.partner_requests.select_related("agency", "contribution")),
        Meeting(starts_at=starts_at),
    )


def _pack_context(request: StaffRequest, reference: str) -> tuple[Application, dict[str, object]]:
    membership = request.membership
    application = review_case(
        request,
        reference,
        "reviews.see_pack",
        joins=("decision",),
        prefetches=(*selectors.requests_prefetch(entries=True), selectors.complaints_prefetch()),
    )
    requests = list(application.partner_requests.all())
    if membership.role == "partner" and not any(
        r.agency_id == membership.agency_id for r in requests
    ):
        raise Http404("Not asked")
    states = selectors.states_of(requests, local_today())
    contributions = [s for s in states if getattr(s.request, "contribution", None) is not None]
    chronology = sorted(
        [
            (e.date, s.request.agency.name, e.get_kind_display(), e.details)
            for s in contributions
            for e in s.request.contribution.entries.all()
        ]
        + [
            (
                c.reported_date,
                c.agency.name if c.agency else "Another organisation",
                "Complaint",
                c.summary or f"Behaviour on {limits.long_date(c.behaviour_date)}",
            )
            for c in application.complaints.all()
        ],
        key=lambda row: row[0],
    )
    note_view(request, application, f"{CASE_PURPOSE}: meeting pack")
    return application, {
        "title": f"Meeting pack for {reference}",
        "application": application,
        "states": states,
        "missing": [s for s in states if getattr(s.request, "contribution", None) is None],
        "chronology": chronology,
        "complaints": list(application.complaints.all()),
        # The level only: the victim's answers stay with the case team.
        "harm": latest_assessment(application),
        # Each reader sees, and is offered a link to, only the files they may open.
        "attachments": selectors.attachments_openable(membership, requests),
    }


def _pack_document(context: dict[str, object]) -> str:
    return render_to_string("reviews/pack_document.html", {**context, "today": local_today()})


@role_required("reviews.see_pack")
def pack(request: StaffRequest, reference: str) -> HttpResponse:
    application, context = _pack_context(request, reference)
    # The PDF of exactly this document: being prepared once asked for, until the worker
    # has rendered it.
    stored = pack_find(application, _pack_document(context))
    preparing = stored is not None and not stored.pdf_ready
    started = has_started(getattr(application, "meeting", None))
    return render(
        request,
        "reviews/pack.html",
        {**context, "pdf_preparing": preparing, "started": started},
    )


@role_required("reviews.see_pack")
def pack_pdf(request: StaffRequest, reference: str) -> HttpResponse:
    """The PDF when the worker has rendered it; until then back to the pack page, which
    says it is being prepared."""
    application, context = _pack_context(request, reference)
    stored = pack_pdf_for(application, _pack_document(context))
    if not stored.pdf_ready:
        messages.info(
            request, "The PDF of the meeting pack is being prepared. Try again in a minute."
        )
        return redirect("reviews:pack", reference=application.reference)
    response = HttpResponse(bytes(stored.pdf), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{application.reference}-meeting-pack.pdf"'
    )
    return response
