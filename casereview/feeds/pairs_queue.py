"""Reads for the coordinator's queue of pairs to check, scoped by the acting membership (only
the coordinator sees pairs; another partnership's pair is a 404)."""

from enum import StrEnum

from django.db.models import F, QuerySet
from django.db.models.functions import Abs
from django.http import Http404

from casereview.accounts.models import Membership
from casereview.feeds.models import LinkageModel, ReportPair, Verdict
from casereview.feeds.selectors import pairs_for


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


def model_of(pair: ReportPair) -> LinkageModel | None:
    """The model that scored the pair; if it has gone, the partnership's latest."""
    if pair.model is not None:
        return pair.model
    return LinkageModel.objects.filter(partnership_id=pair.partnership_id).first()
