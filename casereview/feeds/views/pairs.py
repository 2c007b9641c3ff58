"""The coordinator's queue of pairs of reports to check, the pair page (both reports side by
side, what agreed and disagreed, Splink's match-weights chart, the verdict), the chart itself,
and the verdicts as labels for retraining."""

import logging
from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render

from casereview.accounts.requests import StaffRequest
from casereview.core.audit import note_read
from casereview.core.csv import csv_writer
from casereview.core.errors import InvalidInput
from casereview.core.permissions import role_required
from casereview.core.tenancy import partnership_id_of
from casereview.core.view_helpers import posted, put_errors
from casereview.feeds.linkage.explain import (
    ExplanationUnavailable,
    chart_svg,
    compare_records,
    explain,
)
from casereview.feeds.linkage.normalise import report_record
from casereview.feeds.models import ReportPair, Verdict
from casereview.feeds.pairs_queue import (
    Tab,
    current_model,
    linked_reports,
    model_of,
    next_to_check,
    pair_get,
    pending_count,
    queue_for,
)
from casereview.feeds.services.pairs import CHECK_PURPOSE, LABEL_COLUMNS, labels_table, pair_decide

logger = logging.getLogger(__name__)

PAGE_SIZE = 50
CHECK_RULE = "feeds.check_pairs"


class VerdictForm(forms.Form):
    verdict = forms.ChoiceField(
        label="Were these two reports made by the same person?",
        choices=[(Verdict.SAME, "Same person"), (Verdict.DIFFERENT, "Different people")],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether the two reports were made by the same person",
            "invalid_choice": "Select whether the two reports were made by the same person",
        },
        help_text="Your decision wins over the model from now on and is used to retrain it. "
        "You can change it later.",
    )


@role_required(CHECK_RULE)
def queue(request: StaffRequest) -> HttpResponse:
    membership = request.membership
    tab = Tab.DECIDED if request.GET.get("tab") == Tab.DECIDED else Tab.TO_CHECK
    page = Paginator(queue_for(membership, tab), PAGE_SIZE).get_page(request.GET.get("page"))
    pairs = list(page)
    for pair in pairs:
        note_read(
            request,
            object_type="report_pair",
            object_id=pair.pk,
            partnership_id=pair.partnership_id,
            purpose=f"{CHECK_PURPOSE}: list",
        )
    waiting = page.paginator.count if tab == Tab.TO_CHECK else pending_count(membership)
    return render(
        request,
        "feeds/pairs.html",
        {
            "title": "Pairs of reports to check",
            "tab": tab,
            "tabs": Tab,
            "page": page,
            "pairs": pairs,
            "waiting": waiting,
        },
    )


def _note_pair(request: StaffRequest, pair: ReportPair, why: str) -> None:
    note_read(
        request,
        object_type="report_pair",
        object_id=pair.pk,
        partnership_id=pair.partnership_id,
        purpose=why,
    )
    for report in (pair.first, pair.second):
        note_read(
            request,
            object_type="report",
            object_id=report.pk,
            partnership_id=pair.partnership_id,
            purpose=why,
        )


@role_required(CHECK_RULE)
def pair_page(request: StaffRequest, pk: int) -> HttpResponse:
    membership = request.membership
    pair = pair_get(membership, pk)
    form = VerdictForm(
        posted(request),
        initial={"verdict": pair.verdict} if pair.verdict != Verdict.PENDING else {},
    )
    if request.method == "POST" and form.is_valid():
        try:
            pair_decide(membership=membership, pair=pair, verdict=form.cleaned_data["verdict"])
        except InvalidInput as exc:
            put_errors(form, exc)
        else:
            said = Verdict(pair.verdict).label.lower()
            following = next_to_check(membership, pair)
            if following is None:
                messages.success(request, f"Recorded: {said}. There are no more pairs to check.")
                return redirect("feeds:pairs")
            messages.success(request, f"Recorded: {said}. This is the next pair to check.")
            return redirect("feeds:pair", pk=following.pk)
    settings, model = model_of(pair)
    explanation = None
    if pair.explanation:
        try:
            explanation = explain(settings, pair.explanation)
        except ExplanationUnavailable:
            logger.warning("Pair %s: its record does not fit %s", pair.pk, model)
    _note_pair(request, pair, CHECK_PURPOSE)
    return render(
        request,
        "feeds/pair.html",
        {
            "title": "Check a pair of reports",
            "pair": pair,
            "model": model,
            "explanation": explanation,
            "form": form,
            "fields": _SIDE_BY_SIDE,
        },
        status=400 if request.method == "POST" else 200,
    )


# What the page shows of each report, side by side: (label, attribute).
_SIDE_BY_SIDE = [
    ("Agency", "agency"),
    ("Agency reference", "agency_reference"),
    ("Reported on", "reported_on"),
    ("Behaviour on", "behaviour_on"),
    ("Name", "name"),
    ("Date of birth", "date_of_birth"),
    ("Address", "address"),
    ("Postcode", "postcode"),
    ("Phone", "phone"),
    ("Email", "email"),
]


@role_required(CHECK_RULE)
def pair_chart(request: StaffRequest, pk: int) -> HttpResponse:
    """Splink's match-weights chart for the pair, as an SVG image. It holds the comparisons'
    names and weights only (none of the reports' values), and no script; served with a
    policy that lets nothing run or load inside it."""
    pair = pair_get(request.membership, pk)
    settings, _ = model_of(pair)
    if not pair.explanation:
        return HttpResponse(status=404)
    try:
        svg = chart_svg(settings, pair.explanation)
    except ExplanationUnavailable:
        return HttpResponse(status=404)
    return _svg_answer(svg, f"pair-{pair.pk}")


def _svg_answer(svg: str, name: str) -> HttpResponse:
    response = HttpResponse(svg, content_type="image/svg+xml")
    # Nothing may run or load inside it, even if opened on its own.
    response["Content-Security-Policy"] = (
        "default-src 'none'; script-src 'none'; frame-ancestors 'none'"
    )
    response["Content-Disposition"] = f'inline; filename="{name}-match-weights.svg"'
    response["Cache-Control"] = "private, no-store"
    return response


LINKED_PURPOSE = "explaining why two partner reports were linked to one person"


def _linked_record(request: StaffRequest, first: int, second: int) -> tuple[Any, ...]:
    a, b = linked_reports(request.membership, first, second)
    settings, model = current_model(a.partnership_id)
    record = compare_records(settings, report_record(a), report_record(b))
    return a, b, settings, model, record


@role_required("feeds.radar")
def linked(request: StaffRequest, first: int, second: int) -> HttpResponse:
    """Two reports linked to one person but never in the queue: the same explanation, from
    comparing them now with the current model."""
    a, b, settings, model, record = _linked_record(request, first, second)
    try:
        explanation = explain(settings, record)
    except ExplanationUnavailable:
        explanation = None
    for report in (a, b):
        note_read(
            request,
            object_type="report",
            object_id=report.pk,
            partnership_id=report.partnership_id,
            purpose=LINKED_PURPOSE,
        )
    return render(
        request,
        "feeds/linked.html",
        {
            "title": "Why these reports were linked",
            "a": a,
            "b": b,
            "model": model,
            "record": record,
            "explanation": explanation,
            "fields": _SIDE_BY_SIDE,
        },
    )


@role_required("feeds.radar")
def linked_chart(request: StaffRequest, first: int, second: int) -> HttpResponse:
    _, _, settings, _, record = _linked_record(request, first, second)
    try:
        return _svg_answer(chart_svg(settings, record), f"reports-{first}-{second}")
    except ExplanationUnavailable:
        return HttpResponse(status=404)


@role_required(CHECK_RULE)
def labels_csv(request: StaffRequest) -> HttpResponse:
    """The decided pairs as Splink pairwise labels, for retraining the model."""
    membership = request.membership
    partnership_id = partnership_id_of(membership)
    table = labels_table(partnership_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="pair-labels.csv"'
    writer = csv_writer(response)
    writer.writerow(LABEL_COLUMNS)
    for row in table.to_pylist():
        writer.writerow([row[column] for column in LABEL_COLUMNS])
    note_read(
        request,
        object_type="report_pairs",
        object_id=partnership_id,
        partnership_id=partnership_id,
        purpose=f"{CHECK_PURPOSE}: labels exported for retraining ({table.num_rows} pairs)",
    )
    return response
