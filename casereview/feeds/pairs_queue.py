"""Reads for the coordinator's queue of pairs to check, scoped by the acting membership (only
the coordinator sees pairs; another partnership's pair is a 404), and for explaining why two
reports were linked to one person."""

from enum import StrEnum
from typing import Any

from django.db.models import F, QuerySet
from django.db.models.functions import Abs
from django.http import Http404

from casereview.accounts.models import Membership
from casereview.feeds.linkage.model import default_model, latest_model, model_label
from casereview.feeds.models import Report, ReportPair, Verdict
from casereview.feeds.selectors import pairs_for, reports_for


class Tab(StrEnum):
    TO_CHECK = "to-check"
    DECIDED = "decided"


def queue_for(membership: Membership, tab: Tab) -> QuerySet[ReportPair]:
    """Pairs still to check, the most uncertain first (the match weight nearest 0, where the
    model was closest to a coin toss, so each decision teaches it most); or decided pairs,
    the latest decision first."""
    pairs = pairs_for(membership)
    if tab == Tab.TO_CHECK:
        return (
            pairs.filter(verdict=Verdict.PENDING)
            .annotate(doubt=Abs(F("match_weight")))
            .order_by("doubt", "pk")
        )
    return (
        pairs.exclude(verdict=Verdict.PENDING)
        .select_related("decided_by")
        .order_by(F("decided_at").desc(nulls_last=True), "-pk")
    )


def pending_count(membership: Membership) -> int:
    """How many pairs wait for the coordinator (0 for every other role): one query."""
    return pairs_for(membership).filter(verdict=Verdict.PENDING).count()


def pair_get(membership: Membership, pk: int) -> ReportPair:
    pair = pairs_for(membership).select_related("model", "decided_by").filter(pk=pk).first()
    if pair is None:
        raise Http404("No such pair")
    return pair


def next_to_check(membership: Membership, after: ReportPair) -> ReportPair | None:
    """The next pair in the queue's order, for moving on once one is decided."""
    return queue_for(membership, Tab.TO_CHECK).exclude(pk=after.pk).first()


def model_of(pair: ReportPair) -> tuple[dict[str, Any], str]:
    """The model that scored the pair, and how it is named: a partnership's own trained
    model, or (when the pair names none) the shipped default model linkage used."""
    if pair.model is not None:
        return pair.model.settings, model_label(pair.model)
    return default_model(), model_label(None)


def linked_reports(membership: Membership, first: int, second: int) -> tuple[Report, Report]:
    """Two reports of the partnership that linkage put with one person (lower id first);
    anything else (another partnership's, not linked together, the same report) is a 404."""
    if first == second:
        raise Http404("No such pair of reports")
    found = {
        r.pk: r
        for r in reports_for(membership).filter(pk__in=(first, second), person__isnull=False)
    }
    if len(found) != 2 or found[first].person_id != found[second].person_id:
        raise Http404("No such pair of reports")
    low, high = sorted((first, second))
    return found[low], found[high]


def current_model(partnership_id: int) -> tuple[dict[str, Any], str]:
    """The model linkage uses now for the partnership, and how it is named."""
    model = latest_model(partnership_id)
    if model is None:
        return default_model(), model_label(None)
    return model.settings, model_label(model)
