"""Linking one partnership's reports to people: predict, apply the coordinator's verdicts,
cluster, keep person ids stable, and queue the pairs the model is unsure about.

Thresholds (docs/linkage.md explains the choice):
- two reports are linked when Splink's match probability is at least `LINK_THRESHOLD`;
- a pair with probability in [`REVIEW_LOW`, `LINK_THRESHOLD`) is "unsure" and goes to the
  coordinator's queue as a `ReportPair`.
Pairs in the band whose reports are already joined through other links are not queued:
either verdict would leave them with one person.
A verdict wins over the model: "same" links the two reports whatever the model says;
"different" removes the direct link between them. Clusters are the connected components of
the links, so two reports judged "different" still end up with one person if a chain of
other links joins them (A-B and B-C linked, A-C judged different). Such a chain's unsure
links are in the queue too; deciding one of them "different" breaks the chain.

Reports never cross partnerships: the table is read for one partnership only.

Two paths give the same people: `mode="full"` compares every blocked pair of the partnership;
`mode="incremental"` (`link_new_reports`, what the worker runs after an import) compares only
new and changed reports, and the people they touch, against their candidate blocks
(`incremental.py` explains how, and when it falls back to a full run)."""

import logging
import math
import secrets
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

import pyarrow as pa
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from casereview.core.audit import Actor, audit_record
from casereview.core.models import AuditAction, AuditEntry
from casereview.feeds.linkage import engine, incremental
from casereview.feeds.linkage.model import (
    MIN_TRAINING_REPORTS,
    default_model,
    latest_model,
    model_label,
    train_model,
)
from casereview.feeds.linkage.normalise import SCHEMA
from casereview.feeds.models import LinkageModel, Person, Report, ReportPair, Verdict
from casereview.partnerships.models import Partnership

LINK_THRESHOLD = 0.95
REVIEW_LOW = 0.5

ACTOR = Actor.system("feeds_link")

logger = logging.getLogger(__name__)

Progress = Callable[[str], None]


@dataclass(frozen=True)
class LinkResult:
    reports: int
    people: int
    new_people: int
    reports_moved: int
    pairs_to_check: int
    model: str
    seconds: float
    mode: str = "full"
    compared: int = 0  # reports compared: all of them in a full run, the dirty ones otherwise
    # The people whose reports may have changed (to recount on the radar); None: anyone.
    people_touched: list[int] | None = None


def new_public_id() -> str:
    """An opaque person id: "P-" and 16 random base-32 characters (80 bits)."""
    alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
    return "P-" + "".join(secrets.choice(alphabet) for _ in range(16))


class _Clusters:
    """Union-find over report ids."""

    def __init__(self, ids: Iterable[int]) -> None:
        self.parent = {i: i for i in ids}

    def find(self, x: int) -> int:
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def groups(self) -> list[list[int]]:
        out: dict[int, list[int]] = defaultdict(list)
        for i in self.parent:
            out[self.find(i)].append(i)
        return sorted((sorted(g) for g in out.values()), key=lambda g: g[0])


def assign_people(
    clusters: list[list[int]], current: dict[int, int | None]
) -> tuple[list[int | None], int]:
    """For each cluster, the person id it keeps (None: a new person), FEEDS.md §2.

    A cluster keeps the person most of its reports already had, the oldest person (lowest
    id) on a tie; one person goes to one cluster only, so in a split the larger part keeps
    the id and the rest get new ones. Returns (person per cluster, how many are new)."""
    candidates: list[tuple[int, int, int]] = []  # (-reports, person, cluster index)
    for index, cluster in enumerate(clusters):
        counts = Counter(p for p in (current.get(r) for r in cluster) if p is not None)
        candidates.extend((-n, person, index) for person, n in counts.items())
    chosen: list[int | None] = [None] * len(clusters)
    taken: set[int] = set()
    for _, person, index in sorted(candidates):
        if chosen[index] is None and person not in taken:
            chosen[index] = person
            taken.add(person)
    return chosen, sum(1 for c in chosen if c is None)


def _json_safe(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, list):
        return [_json_safe(v) for v in value]
    return value


def _choose_model(
    partnership_id: int, table: pa.Table, retrain: bool, progress: Progress
) -> tuple[LinkageModel | None, dict[str, Any]]:
    model = latest_model(partnership_id)
    enough = table.num_rows >= MIN_TRAINING_REPORTS
    if enough and (retrain or model is None):
        progress(f"Training a model on {table.num_rows} reports")
        model = train_model(partnership_id=partnership_id, table=table, actor=ACTOR)
    elif retrain:
        progress(
            f"Too few reports to train ({table.num_rows}, fewer than {MIN_TRAINING_REPORTS}): "
            f"keeping {model_label(model)}"
        )
    if model is None:
        return None, default_model()
    return model, dict(model.settings)


def link_partnership(
    partnership_id: int,
    *,
    retrain: bool = False,
    progress: Progress | None = None,
    mode: Literal["full", "incremental"] = "full",
) -> LinkResult:
    """Link every report of the partnership to a person (see the module's docstring):
    `mode="full"` compares every blocked pair; `"incremental"` only what changed."""
    if mode == "incremental" and not retrain:
        return link_new_reports(partnership_id, progress=progress)
    say = progress or (lambda message: None)
    started = time.monotonic()
    say("Reading reports")
    # Every report read and normalised afresh, trusting nothing kept: the full run is what
    # the incremental ones are measured against, and what catches anything they could miss.
    reading = incremental.read_reports(partnership_id, None)
    table = reading.table.select(SCHEMA.names)
    model, settings = _choose_model(partnership_id, table, retrain, say)
    say(f"Comparing reports with {model_label(model)}")
    ids = table.column("unique_id").to_pylist()
    if table.num_rows >= 2:
        predictions = [engine.predict(table, settings, threshold=REVIEW_LOW)]
    else:
        predictions = []
    sure, unsure = incremental.split_predictions(predictions, LINK_THRESHOLD)
    del predictions
    say("Grouping reports into people")
    with transaction.atomic():
        # One run at a time per partnership; reports imported meanwhile wait for the next.
        Partnership.objects.select_for_update().filter(pk=partnership_id).first()
        current: dict[int, int | None] = dict(
            Report.objects.filter(partnership_id=partnership_id, pk__in=ids).values_list(
                "pk", "person_id"
            )
            if len(ids) <= 900
            else Report.objects.filter(partnership_id=partnership_id).values_list("pk", "person_id")
        )
        ids = [i for i in ids if i in current]
        verdicts = {
            (first, second): verdict
            for first, second, verdict in ReportPair.objects.filter(partnership_id=partnership_id)
            .exclude(verdict=Verdict.PENDING)
            .values_list("first_id", "second_id", "verdict")
        }
        clusters = _Clusters(ids)
        in_band: dict[tuple[int, int], dict[str, Any]] = {}
        for pair in sure:
            if pair[0] in current and pair[1] in current and pair not in verdicts:
                clusters.union(*pair)
        for record in unsure:
            pair = (record["unique_id_l"], record["unique_id_r"])
            if pair[0] in current and pair[1] in current and pair not in verdicts:
                in_band[pair] = record
        for (first, second), verdict in verdicts.items():
            if verdict == Verdict.SAME and first in current and second in current:
                clusters.union(first, second)
        # A pair already joined through other links is not asked about: either verdict would
        # leave its reports with one person.
        in_band = {
            pair: record
            for pair, record in in_band.items()
            if clusters.find(pair[0]) != clusters.find(pair[1])
        }
        groups = clusters.groups()
        people, new_people = assign_people(groups, current)
        final: dict[int, int] = {}
        moved = _write_people(partnership_id, groups, people, current, final)
        pairs = _write_pairs(partnership_id, model, in_band)
        result = LinkResult(
            reports=len(ids),
            people=len(groups),
            new_people=new_people,
            reports_moved=moved,
            pairs_to_check=pairs,
            model=model_label(model),
            seconds=round(time.monotonic() - started, 2),
            mode="full",
            compared=len(ids),
        )
        entry = _audit(partnership_id, result)
        snapshot = {
            "table": incremental.with_people(reading.table, final),
            "model": incremental.model_key(model),
            "verdicts": {pair: str(v) for pair, v in verdicts.items()},
            "audit": entry.entry_hash,
            "full_at": incremental.now_iso(),
        }
    # Kept after the run's transaction: should an outer one roll back, the snapshot names an
    # audit entry that never was, and the next run does not trust it.
    _keep_snapshot(partnership_id, snapshot)
    return result


def link_new_reports(partnership_id: int, *, progress: Progress | None = None) -> LinkResult:
    """Link the partnership's new and changed reports (and the people they touch) against
    their candidate blocks, keeping everyone else's person as it is. Falls back to a full run
    when there is no trustworthy snapshot of the last run or the model changed. If another
    run finishes while this one compares, it starts again from that run's snapshot (twice at
    most; then a full run, which waits for the lock instead)."""
    for _ in range(2):
        try:
            return _link_incremental(partnership_id, progress)
        except _Restart:
            continue
    return link_partnership(partnership_id, progress=progress, mode="full")


def _link_incremental(partnership_id: int, progress: Progress | None) -> LinkResult:
    say = progress or (lambda message: None)
    started = time.monotonic()
    snapshot = incremental.read_snapshot(partnership_id)
    model = latest_model(partnership_id)
    if snapshot is None or snapshot.model != incremental.model_key(model):
        say("No snapshot of the last run with this model: linking every report")
        return link_partnership(partnership_id, progress=progress, mode="full")
    say("Reading reports")
    reading = incremental.read_reports(partnership_id, snapshot)
    if model is None and reading.table.num_rows >= MIN_TRAINING_REPORTS:
        say("Enough reports to train the partnership's own model: linking every report")
        return link_partnership(partnership_id, progress=progress, mode="full")
    verdicts = incremental.decided_pairs(partnership_id)
    dirty = incremental.dirty_reports(reading, snapshot, verdicts)
    settings = dict(model.settings) if model is not None else default_model()
    say(f"Comparing {len(dirty)} new or changed reports with {model_label(model)}")
    sure, unsure = incremental.split_predictions(
        incremental.predict_dirty(reading.table, dirty, settings, REVIEW_LOW), LINK_THRESHOLD
    )
    say("Grouping reports into people")
    table = reading.table
    ids = table.column("unique_id").to_pylist()
    person_of = dict(zip(ids, table.column("person_id").to_pylist(), strict=True))
    with transaction.atomic():
        Partnership.objects.select_for_update().filter(pk=partnership_id).first()
        if incremental.last_run_audit(partnership_id) != snapshot.audit:
            # Another run finished while this one compared: its people are newer than what
            # was read. Start again from its snapshot.
            raise _Restart

        def node(report: int) -> int:
            return report if report in dirty else -(person_of[report] or 0)

        clusters = incremental.NodeClusters()
        for report in dirty:
            clusters.find(report)
        in_band: dict[tuple[int, int], dict[str, Any]] = {}
        for pair in sure:
            if pair not in verdicts:
                clusters.union(node(pair[0]), node(pair[1]))
        for record in unsure:
            pair = (record["unique_id_l"], record["unique_id_r"])
            if pair not in verdicts:
                in_band[pair] = record
        for (first, second), verdict in verdicts.items():
            if (
                verdict == Verdict.SAME
                and (first in dirty or second in dirty)
                and first in person_of
                and second in person_of
            ):
                clusters.union(node(first), node(second))
        in_band = {
            pair: record
            for pair, record in in_band.items()
            if clusters.find(node(pair[0])) != clusters.find(node(pair[1]))
        }
        # A report erased while this run compared takes its pairs with it.
        ends = sorted({r for pair in in_band for r in pair})
        present: set[int] = set()
        for start in range(0, len(ends), 900):
            present.update(
                Report.objects.filter(pk__in=ends[start : start + 900]).values_list("pk", flat=True)
            )
        in_band = {
            pair: r for pair, r in in_band.items() if pair[0] in present and pair[1] in present
        }
        groups, current = incremental.expand_groups(clusters, dirty, table)
        people, new_people = assign_people(groups, current)
        final: dict[int, int] = {}
        moved = _write_people(partnership_id, groups, people, current, final)
        _write_pairs(partnership_id, model, in_band, dirty=dirty)
        joined = incremental.pending_pairs_joined(partnership_id, dirty)
        for start in range(0, len(joined), 900):
            ReportPair.objects.filter(pk__in=joined[start : start + 900]).delete()
        everyone = {final.get(r, p) for r, p in person_of.items()}
        result = LinkResult(
            reports=len(ids),
            people=len(everyone),
            new_people=new_people,
            reports_moved=moved,
            pairs_to_check=ReportPair.objects.filter(
                partnership_id=partnership_id, verdict=Verdict.PENDING
            ).count(),
            model=model_label(model),
            seconds=round(time.monotonic() - started, 2),
            mode="incremental",
            compared=len(dirty),
            people_touched=sorted(
                ({p for p in current.values() if p is not None} | set(final.values()))
                | reading.erased_people
            ),
        )
        entry = _audit(partnership_id, result)
        kept = {
            "table": incremental.with_people(table, final),
            "model": snapshot.model,
            "verdicts": verdicts,
            "audit": entry.entry_hash,
            "full_at": snapshot.full_at,
            # Nothing new, changed or erased: the data is the snapshot's as it was.
            "unchanged": (
                snapshot.data if not dirty and table.num_rows == snapshot.table.num_rows else ""
            ),
        }
    _keep_snapshot(partnership_id, kept)
    return result


class _Restart(Exception):
    """Another linkage run of the partnership finished while this one was comparing."""


def _audit(partnership_id: int, result: LinkResult) -> AuditEntry:
    how = "" if result.mode == "full" else f", comparing {result.compared} new or changed"
    return audit_record(
        actor=ACTOR,
        action=AuditAction.COMBINE,
        purpose=(
            f"Linked {result.reports} reports to {result.people} people "
            f"({result.new_people} new, {result.reports_moved} reports moved{how}) with "
            f"{result.model}; {result.pairs_to_check} pairs to check"
        ),
        object_type="partnership",
        object_id=partnership_id,
        partnership_id=partnership_id,
    )


def _keep_snapshot(partnership_id: int, snapshot: dict[str, Any]) -> None:
    """After the run commits: keep its table for the next incremental run. A failure here
    only costs the next run its shortcut (it links everything)."""
    try:
        incremental.write_snapshot(partnership_id, **snapshot)
    except OSError:
        logger.exception("Could not keep the linkage snapshot of partnership %s", partnership_id)
        incremental.drop_snapshot(partnership_id)


def _write_people(
    partnership_id: int,
    groups: list[list[int]],
    people: list[int | None],
    current: dict[int, int | None],
    final: dict[int, int],
) -> int:
    """Create the new people and point each report whose person changed at its new one;
    `final` receives every grouped report's person. Returns how many reports changed."""
    fresh = [
        Person(partnership_id=partnership_id, public_id=new_public_id())
        for person in people
        if person is None
    ]
    Person.objects.bulk_create(fresh, batch_size=1000)
    if fresh and fresh[0].pk is None:  # a database that does not return ids from bulk_create
        by_public = dict(
            Person.objects.filter(public_id__in=[p.public_id for p in fresh]).values_list(
                "public_id", "pk"
            )
        )
        for p in fresh:
            p.pk = by_public[p.public_id]
    new_ids = iter(p.pk for p in fresh)
    changed: list[Report] = []
    for group, person in zip(groups, people, strict=True):
        target = person if person is not None else next(new_ids)
        final.update((r, target) for r in group)
        changed.extend(Report(pk=r, person_id=target) for r in group if current.get(r) != target)
    # One UPDATE … CASE per batch, not one per person.
    Report.objects.bulk_update(changed, ["person"], batch_size=500)
    return len(changed)


def _write_pairs(
    partnership_id: int,
    model: LinkageModel | None,
    in_band: dict[tuple[int, int], dict[str, Any]],
    dirty: set[int] | None = None,
) -> int:
    """The queue: pending pairs still in the band are refreshed, new ones added, pending ones
    that left the band removed; with `dirty`, only pending pairs touching those reports (the
    rest were not compared). Decided pairs are never touched here. Returns the number of
    pairs in the band."""
    pending = ReportPair.objects.filter(partnership_id=partnership_id, verdict=Verdict.PENDING)
    if dirty is not None:
        existing = {}
        touched = sorted(dirty)
        for start in range(0, len(touched), 450):
            chunk = touched[start : start + 450]
            for p in pending.filter(Q(first_id__in=chunk) | Q(second_id__in=chunk)):
                existing[(p.first_id, p.second_id)] = p
    else:
        existing = {(p.first_id, p.second_id): p for p in pending}
    stale = [p.pk for key, p in existing.items() if key not in in_band]
    for start in range(0, len(stale), 900):
        ReportPair.objects.filter(pk__in=stale[start : start + 900]).delete()
    now = timezone.now()
    create: list[ReportPair] = []
    update: list[ReportPair] = []
    for (first, second), record in in_band.items():
        explanation = {k: _json_safe(v) for k, v in record.items()}
        pair = existing.get((first, second))
        if pair is None:
            pair = ReportPair(partnership_id=partnership_id, first_id=first, second_id=second)
            pair.found_at = now
            create.append(pair)
        else:
            update.append(pair)
        pair.match_probability = float(record["match_probability"])
        pair.match_weight = float(record["match_weight"])
        pair.model = model
        pair.explanation = explanation
    ReportPair.objects.bulk_create(create, batch_size=500)
    ReportPair.objects.bulk_update(
        update, ["match_probability", "match_weight", "model", "explanation"], batch_size=500
    )
    return len(in_band)
