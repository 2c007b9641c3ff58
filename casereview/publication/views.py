"""The publication figures: the partnership's page (with CSV and JSON), and the public page
every partnership must publish."""

from datetime import date

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.safestring import mark_safe

from casereview.accounts.requests import StaffRequest
from casereview.applications.models import Application
from casereview.core import limits
from casereview.core.audit import note_read
from casereview.core.csv import csv_writer
from casereview.core.dates import local_today
from casereview.core.permissions import role_required
from casereview.partnerships.models import Partnership
from casereview.partnerships.procedure import procedure_of
from casereview.publication.chart import bar_chart_svg
from casereview.publication.figures import (
    FIGURES,
    LABELS,
    STATUTORY,
    Figures,
    figures_for,
    financial_year,
)
from casereview.publication.forms import PeriodForm
from casereview.publication.scope import applications_counted_for

RULE = "publication.see_figures"


def _period(request: StaffRequest) -> tuple[PeriodForm, date, date]:
    start, end = financial_year(local_today())
    form = PeriodForm(request.GET or None, initial={"start": start, "end": end})
    if request.GET and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    return form, start, end


def _figures(request: StaffRequest) -> tuple[PeriodForm, Figures]:
    form, start, end = _period(request)
    membership = request.membership
    found = figures_for(applications_counted_for(membership), start, end)
    # Aggregates hold no personal data, but who looked at which period is still worth a line.
    note_read(
        request,
        object_type="statistics",
        object_id=f"{start}..{end}",
        partnership_id=membership.partnership_id,
        purpose="publication figures",
    )
    return form, found


@role_required(RULE)
def figures_page(request: StaffRequest) -> HttpResponse:
    form, found = _figures(request)
    query = request.GET.urlencode()
    # Built from numbers, dates and a fixed title only (bar_chart_svg escapes it too).
    chart = mark_safe(bar_chart_svg(found.by_month, "Applications received by month"))  # noqa: S308  # nosec B308 B703
    return render(
        request,
        "publication/figures.html",
        {
            "title": "Publication figures",
            "form": form,
            "figures": found,
            "labels": LABELS,
            "statutory": STATUTORY,
            "others": [f for f in FIGURES if f not in STATUTORY],
            "chart": chart,
            "query": query,
        },
        status=400 if request.GET and not form.is_valid() else 200,
    )


@role_required(RULE)
def figures_json(request: StaffRequest) -> HttpResponse:
    _, found = _figures(request)
    body = {
        **found.to_json(),
        "by_month": [{"month": m.isoformat()[:7], "applications": n} for m, n in found.by_month],
    }
    response = JsonResponse(body)
    response["Content-Disposition"] = (
        f'attachment; filename="case-review-figures-{found.start}-{found.end}.json"'
    )
    return response


@role_required(RULE)
def figures_csv(request: StaffRequest) -> HttpResponse:
    _, found = _figures(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="case-review-figures-{found.start}-{found.end}.csv"'
    )
    writer = csv_writer(response)
    writer.writerow(["figure", "label", "value"])
    for name in FIGURES:
        writer.writerow([name, LABELS[name], found.counts[name]])
    writer.writerow(
        [
            "median_days_to_conclusion",
            "Median days from receipt to conclusion",
            "" if found.median_days_to_conclusion is None else found.median_days_to_conclusion,
        ]
    )
    for month, n in found.by_month:
        writer.writerow(
            [f"applications_{month:%Y_%m}", f"Applications received in {month:%B %Y}", n]
        )
    return response


def published(request: HttpRequest, slug: str) -> HttpResponse:
    """Public: the four statutory figures for each financial year. No sign-in, no personal data."""
    partnership = get_object_or_404(
        Partnership.objects.select_related("appeals_body", "case_settings"), slug=slug
    )
    found = Application.objects.filter(partnership=partnership)
    first = found.order_by("received").values_list("received", flat=True).first()
    years = []
    if first is not None:
        # Records from before the case review began (imported, or made before dates were
        # checked) are counted from its first financial year.
        start, _ = financial_year(max(first, limits.EARLIEST_STATISTICS))
        latest_start, _ = financial_year(local_today())
        while start <= latest_start:
            end = date(start.year + 1, 3, 31)
            years.append(figures_for(found, start, end))
            start = date(start.year + 1, 4, 1)
    return render(
        request,
        "publication/published.html",
        {
            "title": f"ASB case reviews: {partnership.name}",
            "partnership": partnership,
            "years": list(reversed(years)),
            "labels": LABELS,
            "statutory": STATUTORY,
            # Section 104 asks for the procedure itself to be published, with the figures.
            "procedure": procedure_of(partnership, local_today()),
        },
    )
