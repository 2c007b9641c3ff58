"""Sending reports on a page: the upload (with its progress), the result of an import with
its refused rows, recent imports, and the agency's reports."""

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode

from casereview.accounts.models import Role
from casereview.accounts.requests import StaffRequest
from casereview.core.audit import Actor, note_read
from casereview.core.errors import InvalidInput
from casereview.core.permissions import role_required
from casereview.core.tenancy import partnership_id_of
from casereview.core.view_helpers import posted, put_errors
from casereview.feeds import selectors
from casereview.feeds.csvfeed import FeedUnreadable, feed_parse
from casereview.feeds.forms import FeedUploadForm
from casereview.feeds.models import ImportSource
from casereview.feeds.services.imports import feed_import, feed_import_start, feed_unreadable
from casereview.partnerships.models import Agency
from casereview.partnerships.selectors import agencies_of, partnership_of

PAGE_SIZE = 25
RECENT_IMPORTS = 10
READ_PURPOSE = "partner feed reports: list"


def _agencies(request: StaffRequest) -> list[Agency]:
    membership = request.membership
    agencies = agencies_of(membership).filter(active=True).order_by("name")
    if membership.role == Role.PARTNER:
        agencies = agencies.filter(pk=membership.agency_id or -1)
    return list(agencies)


@role_required("feeds.send")
def send(request: StaffRequest) -> HttpResponse:
    membership = request.membership
    agencies = _agencies(request)
    if not agencies:
        raise Http404("No agency to send reports for")
    form = FeedUploadForm(
        posted(request),
        request.FILES or None,
        agencies=[(agency.slug, agency.name) for agency in agencies],
    )
    if form.is_bound and form.is_valid():
        chosen = form.cleaned_data.get("agency") or agencies[0].slug
        agency = next(agency for agency in agencies if agency.slug == chosen)
        upload = form.cleaned_data["file"]
        actor = Actor.for_membership(membership)
        try:
            record = feed_import_start(
                membership=membership,
                partnership=partnership_of(membership),
                agency=agency,
                source=ImportSource.UPLOAD,
                file_name=upload.name or "",
                by_id=membership.user_id,
            )
            try:
                feed = feed_parse(upload.read())
            except FeedUnreadable as exc:
                feed_unreadable(record=record, actor=actor, reason=str(exc))
                form.add_error("file", f"The selected file could not be read as a feed. {exc}")
            else:
                feed_import(
                    membership=membership,
                    actor=actor,
                    partnership=partnership_of(membership),
                    agency=agency,
                    feed=feed,
                    source=ImportSource.UPLOAD,
                    record=record,
                )
                return redirect("feeds:import_result", pk=record.pk)
        except InvalidInput as exc:
            put_errors(form, exc)
    imports = list(selectors.imports_for(membership)[:RECENT_IMPORTS])
    return render(
        request,
        "feeds/send.html",
        {
            "title": "Send reports",
            "form": form,
            "agency": agencies[0] if len(agencies) == 1 else None,
            "imports": imports,
        },
        status=400 if form.is_bound else 200,
    )


@role_required("feeds.send")
def import_result(request: StaffRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(selectors.imports_for(request.membership), pk=pk)
    return render(
        request,
        "feeds/import_result.html",
        {"title": f"Import of {record.agency.name} reports", "record": record},
    )


@role_required("feeds.reports")
def reports(request: StaffRequest) -> HttpResponse:
    membership = request.membership
    text = request.GET.get("q", "").strip()[:100]
    found = selectors.reports_for(membership).order_by("-reported_on", "-pk")
    if text:
        words = text.split()
        query = Q(agency_reference__iexact=text)
        name = Q()
        for word in words:
            name &= Q(first_name__icontains=word) | Q(surname__icontains=word)
        found = found.filter(query | name)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    partnership_id = partnership_id_of(membership)
    for report in page:
        note_read(
            request,
            object_type="report",
            object_id=report.pk,
            purpose=READ_PURPOSE,
            partnership_id=partnership_id,
        )
    return render(
        request,
        "feeds/reports.html",
        {
            "title": "Agencies' reports" if membership.role != Role.PARTNER else "Your reports",
            "page": page,
            "text": text,
            "query": urlencode({"q": text}) if text else "",
        },
    )
