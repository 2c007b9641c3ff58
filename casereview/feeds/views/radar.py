"""The radar pages: who is at a second report or the threshold, one person's reports and
contacts, telling them about the case review, starting a request from their reports, the
agencies' reports offered on a request, and what the radar does (for the privacy notice)."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from casereview.accounts.requests import StaffRequest
from casereview.applications.draft import Draft
from casereview.applications.models import Letter, LetterKind
from casereview.applications.views.access import case_for, note_view
from casereview.core.audit import note_read
from casereview.core.dates import local_today
from casereview.core.errors import InvalidInput, NotAllowedNow
from casereview.core.limits import long_date
from casereview.core.permissions import role_required
from casereview.core.tenancy import partnership_id_of
from casereview.core.view_helpers import attempt, posted, put_errors
from casereview.feeds import selectors
from casereview.feeds.models import Person, RadarStage
from casereview.feeds.radar.counting import ReportLine, why_not
from casereview.feeds.radar.forms import BringInForm, ContactForm, RadarFilterForm
from casereview.feeds.radar.listing import RadarFilter, person_row
from casereview.feeds.radar.matching import matching_reports
from casereview.feeds.radar.projection import radar_list
from casereview.feeds.services import radar as services
from casereview.partnerships.models import Agency

PAGE_SIZE = 50
VIEW_PURPOSE = f"{services.RADAR_PURPOSE}: the radar"
PERSON_PURPOSE = f"{services.RADAR_PURPOSE}: a person's reports"


def note_person(request: StaffRequest, person: Person, purpose: str) -> None:
    note_read(
        request,
        object_type="radar_person",
        object_id=person.public_id,
        partnership_id=person.partnership_id,
        purpose=purpose,
    )


@role_required("feeds.radar")
def radar(request: StaffRequest) -> HttpResponse:
    membership = request.membership
    partnership_id = partnership_id_of(membership)
    agencies = {a.pk: a for a in Agency.objects.filter(partnership_id=partnership_id)}
    choices = sorted(((a.slug, a.name) for a in agencies.values()), key=lambda c: c[1])
    form = RadarFilterForm(request.GET or None, agencies=choices)
    chosen = RadarFilter()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        chosen = RadarFilter(data["stage"], data["agency"], data["not_contacted"])
    listed = radar_list(membership, local_today(), chosen, agencies)
    page = listed.paginator(PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = listed.rows(page.object_list)  # type: ignore[assignment]
    for row in page:
        note_person(request, row.person, VIEW_PURPOSE)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "feeds/radar/radar.html",
        {
            "title": "Radar: people to tell about the case review",
            "form": form,
            "page": page,
            "counts": listed.counts,
            "query": query.urlencode(),
        },
    )


def _person(request: StaffRequest, public_id: str) -> Person:
    return selectors.person_get(request.membership, public_id)


@role_required("feeds.radar")
def person(request: StaffRequest, public_id: str) -> HttpResponse:
    found = _person(request, public_id)
    today = local_today()
    counted, policy, stage, contacts = person_row(found, today)
    note_person(request, found, PERSON_PURPOSE)
    lines = [(line, why_not(line, policy, today)) for line in counted.lines]
    letters = found_letters(found)
    return render(
        request,
        "feeds/radar/person.html",
        {
            "title": f"Person {found.public_id}",
            "person": found,
            "counted": counted,
            "lines": lines,
            "stage": stage,
            "stage_name": RadarStage(stage).label if stage else "Not on the radar",
            "contacts": contacts,
            "letters": letters,
            "name": _name(counted.lines),
        },
    )


def _name(lines: list[ReportLine]) -> str:
    if not lines:
        return ""
    latest = max((line.report for line in lines), key=lambda r: (r.reported_on, r.pk))
    return f"{latest.first_name} {latest.surname}"


def found_letters(person: Person) -> list[Letter]:
    return list(
        Letter.objects.filter(
            partnership_id=person.partnership_id,
            application__isnull=True,
            kind=LetterKind.RADAR_EXPLANATION,
            subject=person.public_id,
        ).defer("pdf", "html")
    )


@role_required("feeds.contact")
def contact(request: StaffRequest, public_id: str) -> HttpResponse:
    found = _person(request, public_id)
    form = ContactForm(posted(request))
    back = reverse("feeds:radar_person", args=[found.public_id])
    if form.is_valid():
        data = form.cleaned_data
        done = attempt(
            request,
            form,
            lambda: services.contact_record(
                membership=request.membership,
                person=found,
                data=services.ContactInput(
                    method=data["method"],
                    contacted_on=data["contacted_on"],
                    send_letter=data["send_letter"],
                    large_print=data["large_print"],
                ),
            ),
            "Recorded that they were told about the case review.",
            back,
        )
        if done is not None:
            return done
    else:
        note_person(request, found, f"{services.RADAR_PURPOSE}: recording a contact")
    counted, _, _, _ = person_row(found, local_today())
    return render(
        request,
        "feeds/radar/contact.html",
        {
            "title": "Record that they were told about the case review",
            "person": found,
            "name": _name(counted.lines),
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


@role_required("feeds.draft_application")
def draft(request: StaffRequest, public_id: str) -> HttpResponse:
    found = _person(request, public_id)
    back = reverse("feeds:radar_person", args=[found.public_id])
    if request.method != "POST":
        return redirect(back)
    try:
        services.draft_start(
            membership=request.membership, person=found, draft=Draft(request.session)
        )
    except NotAllowedNow as exc:
        messages.error(request, str(exc))
        return redirect(back)
    messages.success(
        request,
        "A request has been started from their reports. Check each answer with the person "
        "before you record it.",
    )
    return redirect("applications:new_step", step="received")


@role_required("feeds.draft_application")
def application_reports(request: StaffRequest, reference: str) -> HttpResponse:
    application = case_for(request, reference, "applications.change_complaints")
    found = matching_reports(application)
    choices = [
        (
            str(r.pk),
            f"{r.agency.name}, ref {r.agency_reference}: behaviour {long_date(r.behaviour_on)}, "
            f"reported {long_date(r.reported_on)}{' (hate incident)' if r.hate_related else ''}",
        )
        for r in found
    ]
    form = BringInForm(posted(request), choices=choices)
    back = reverse("casework:detail", args=[application.reference]) + "#complaints"
    if form.is_valid():
        chosen = [r for r in found if str(r.pk) in form.cleaned_data["reports"]]
        try:
            services.reports_bring_in(
                membership=request.membership, application=application, reports=chosen
            )
        except InvalidInput as exc:
            put_errors(form, exc)
        except NotAllowedNow as exc:
            messages.error(request, str(exc))
            return redirect(back)
        else:
            messages.success(request, f"{len(chosen)} agency reports added as complaints.")
            return redirect(back)
    note_view(request, application, f"{services.RADAR_PURPOSE}: agencies' reports for a request")
    for report in found:
        note_read(
            request,
            object_type="report",
            object_id=report.pk,
            partnership_id=report.partnership_id,
            purpose=f"{services.RADAR_PURPOSE}: matching a request's victim",
        )
    return render(
        request,
        "feeds/radar/application_reports.html",
        {
            "title": "Reports the agencies hold that match the victim",
            "application": application,
            "reports": found,
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


@role_required("feeds.radar_about")
def about(request: StaffRequest) -> HttpResponse:
    return render(
        request, "feeds/radar/about.html", {"title": "What the radar does with personal data"}
    )
