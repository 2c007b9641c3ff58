"""Incremental linkage: a daily feed links its new and changed reports without relinking
everything (docs/linkage.md, "Incremental linkage").

After every run the partnership's linkage table is kept as a *snapshot* (Parquet, in
`LINKAGE_WORKDIR`, or `var/linkage`): each report's normalised fields, the `updated_at` they
were read at, and the person the run gave it; beside it a small JSON file names the model,
the coordinator's decided pairs, and the audit entry of the run that wrote it. The next run
reads only `(id, person, updated_at)` from the database and compares:

- **new** reports (not in the snapshot, or with no person) and **changed** ones (another
  `updated_at`) are normalised again; every other row comes from the snapshot;
- a changed report's person, the person of an erased report, and both people of a pair whose
  verdict changed are **re-examined**: all their reports are compared again, so a link that no
  longer holds can split them;
- these reports (the "dirty" set) are compared with one another (Splink's `predict_within`)
  and with every other report in their candidate blocks (`predict_between`, the model's own
  blocking rules); pairs between two untouched reports are not compared again: their fields,
  the model and the verdicts on them are the same as when they were last linked, so their
  links are too;
- each untouched person's reports stay together (they were one connected group), the new
  links join reports to them or to each other, verdicts win as in a full run, and the people
  of the clusters that changed are chosen by the same rule as a full run (`assign_people`);
- the queue: pending pairs touching a dirty report are refreshed, added or removed; a pending
  pair whose two reports are now one person is removed.

That gives the people a full run would give (docs/linkage.md measures it). A run falls back to
the full path when there is no snapshot, when the snapshot was not written by the partnership's
last run (another machine, a restored database), or when the model changed (a retrain)."""

import json
import os
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from django.conf import settings as django_settings
from django.db import connection

from casereview.core.models import AuditAction, AuditEntry
from casereview.feeds.linkage import engine
from casereview.feeds.linkage.model import DEFAULT_MODEL_VERSION
from casereview.feeds.linkage.normalise import FIELDS, SCHEMA, records
from casereview.feeds.models import LinkageModel, Report, ReportPair, Verdict

# Above this share of stale rows, the reports are read in one pass rather than by id.
_READ_ALL_SHARE = 0.2
_ID_CHUNK = 900

SNAPSHOT_SCHEMA = pa.schema([*SCHEMA, ("updated_at", pa.string()), ("person_id", pa.int64())])
DecidedPairs = dict[tuple[int, int], str]


def model_key(model: LinkageModel | None) -> str:
    return f"default v{DEFAULT_MODEL_VERSION}" if model is None else f"model {model.pk}"


# Snapshots ---------------------------------------------------------------------------------


@dataclass
class Snapshot:
    table: pa.Table  # SNAPSHOT_SCHEMA, one row a report
    model: str
    verdicts: DecidedPairs
    audit: str  # entry_hash of the audit entry of the run that wrote it
    full_at: str  # when the last full run finished (ISO)
    data: str = ""  # the Parquet file's name


def snapshot_dir() -> Path:
    configured = getattr(django_settings, "LINKAGE_WORKDIR", "") or ""
    base = Path(configured) if configured else Path(django_settings.VAR_DIR) / "linkage"
    return base / "snapshots"


def _meta_path(partnership_id: int) -> Path:
    return snapshot_dir() / f"partnership-{partnership_id}.json"


def last_run_audit(partnership_id: int) -> str | None:
    """The entry hash of the partnership's latest linkage run's audit entry."""
    return (
        AuditEntry.objects.filter(
            partnership_id=partnership_id,
            action=AuditAction.COMBINE,
            object_type="partnership",
            actor_label="system:feeds_link",
        )
        .order_by("-id")
        .values_list("entry_hash", flat=True)
        .first()
    )


def read_snapshot(partnership_id: int) -> Snapshot | None:
    """The partnership's snapshot, or None when there is none or it was not written by the
    partnership's latest run (so cannot be trusted to describe the people in the database)."""
    try:
        meta = json.loads(_meta_path(partnership_id).read_text())
        if meta.get("audit") != last_run_audit(partnership_id):
            return None
        table = pq.read_table(snapshot_dir() / meta["data"], schema=SNAPSHOT_SCHEMA)
    except (OSError, ValueError, KeyError, pa.ArrowException):
        return None
    return Snapshot(
        table=table,
        model=meta["model"],
        verdicts={(a, b): v for a, b, v in meta["verdicts"]},
        audit=meta["audit"],
        full_at=meta.get("full_at", ""),
        data=meta["data"],
    )


def last_full_link(partnership_id: int) -> datetime | None:
    """When the partnership was last fully linked, as its snapshot knows it (None: never, or
    the snapshot is gone or stale, so a full run is due)."""
    snapshot = read_snapshot(partnership_id)
    if snapshot is None or not snapshot.full_at:
        return None
    return datetime.fromisoformat(snapshot.full_at)


def write_snapshot(
    partnership_id: int,
    table: pa.Table,
    *,
    model: str,
    verdicts: DecidedPairs,
    audit: str,
    full_at: str,
    unchanged: str = "",
) -> None:
    """Write the data under a fresh name, then switch the JSON to it (atomic rename), then
    remove the old data: a reader sees the old snapshot or the new one, never half of one.
    With `unchanged` (the current data file's name) only the JSON is written: a run that
    changed nobody. Owner-only permissions: the file holds reporters' names and addresses."""
    directory = snapshot_dir()
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    meta_path = _meta_path(partnership_id)
    try:
        old = json.loads(meta_path.read_text()).get("data")
    except (OSError, ValueError):
        old = None
    data = unchanged
    if not (data and (directory / data).exists()):
        data = f"partnership-{partnership_id}-{uuid.uuid4().hex}.parquet"
        pq.write_table(table.select(SNAPSHOT_SCHEMA.names), directory / data)
        os.chmod(directory / data, 0o600)
    meta = {
        "model": model,
        "verdicts": sorted([a, b, v] for (a, b), v in verdicts.items()),
        "audit": audit,
        "full_at": full_at,
        "data": data,
    }
    temporary = meta_path.with_suffix(".json.tmp")
    temporary.write_text(json.dumps(meta))
    os.chmod(temporary, 0o600)
    os.replace(temporary, meta_path)
    if old and old != data:
        (directory / old).unlink(missing_ok=True)


def drop_snapshot(partnership_id: int) -> None:
    """Remove the partnership's snapshot (its next run is a full one)."""
    meta_path = _meta_path(partnership_id)
    try:
        data = json.loads(meta_path.read_text()).get("data")
    except (OSError, ValueError):
        data = None
    meta_path.unlink(missing_ok=True)
    if data:
        (snapshot_dir() / data).unlink(missing_ok=True)


def now_iso() -> str:
    return datetime.now(UTC).isoformat()


# Reading the reports -----------------------------------------------------------------------


@dataclass
class Reading:
    """Every report of the partnership as the linkage table, read through the snapshot."""

    table: pa.Table  # SNAPSHOT_SCHEMA; person_id is the database's, null when unlinked
    new: set[int]  # not in the snapshot
    changed: set[int]  # in the snapshot with another updated_at
    erased_people: set[int]  # people of reports in the snapshot that are gone


def decided_pairs(partnership_id: int) -> DecidedPairs:
    return {
        (first, second): str(verdict)
        for first, second, verdict in ReportPair.objects.filter(partnership_id=partnership_id)
        .exclude(verdict=Verdict.PENDING)
        .values_list("first_id", "second_id", "verdict")
    }


def _state(partnership_id: int) -> tuple[list[int], list[int | None], list[str]]:
    """(ids, people, updated_at as text) of the partnership's reports, ordered by id: one
    query with no model instances or date parsing (the text is only compared for equality)."""
    table = Report._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            # As text: the database's own spelling, with no datetime parsed per row.
            f"SELECT id, person_id, CAST(updated_at AS TEXT) FROM {table} "  # noqa: S608  # nosec B608 - no user input
            "WHERE partnership_id = %s ORDER BY id",
            [partnership_id],
        )
        rows = cursor.fetchall()
    return [r[0] for r in rows], [r[1] for r in rows], [str(r[2]) for r in rows]


def _normalised(partnership_id: int, stale: list[int], everything: int) -> pa.Table:
    """The linkage rows of the stale reports, read by id or, when most are stale, in one pass."""
    reports = Report.objects.filter(partnership_id=partnership_id)
    if not stale:
        return SCHEMA.empty_table()
    if len(stale) > _READ_ALL_SHARE * everything:
        wanted = set(stale)
        rows = (
            row
            for row in reports.order_by("pk").values_list(*FIELDS).iterator(chunk_size=5000)
            if row[0] in wanted
        )
        return pa.Table.from_pylist(list(records(rows)), schema=SCHEMA)
    out: list[dict[str, Any]] = []
    for start in range(0, len(stale), _ID_CHUNK):
        chunk = reports.filter(pk__in=stale[start : start + _ID_CHUNK]).values_list(*FIELDS)
        out.extend(records(chunk))
    return pa.Table.from_pylist(out, schema=SCHEMA)


def read_reports(partnership_id: int, snapshot: Snapshot | None) -> Reading:
    """The partnership's linkage table, normalising only what the snapshot does not hold as
    it is now. A row that changes between the two queries is read newer than its
    `updated_at` says: the next run normalises it again, which is harmless."""
    ids, people, stamps = _state(partnership_id)
    known: dict[int, tuple[int, str]] = {}
    erased_people: set[int] = set()
    if snapshot is not None:
        snap_ids = snapshot.table.column("unique_id").to_pylist()
        snap_stamps = snapshot.table.column("updated_at").to_pylist()
        known = {
            i: (index, s) for index, (i, s) in enumerate(zip(snap_ids, snap_stamps, strict=True))
        }
        present = set(ids)
        snap_people = snapshot.table.column("person_id").to_pylist()
        erased_people = {
            p
            for i, p in zip(snap_ids, snap_people, strict=True)
            if i not in present and p is not None
        }
    new: set[int] = set()
    changed: set[int] = set()
    keep: list[int] = []  # snapshot rows still true, in the order of `ids`
    stale: list[int] = []
    for report, stamp in zip(ids, stamps, strict=True):
        hit = known.get(report)
        if hit is None:
            new.add(report)
            stale.append(report)
        elif hit[1] != stamp:
            changed.add(report)
            stale.append(report)
        else:
            keep.append(hit[0])
    fresh = _normalised(partnership_id, stale, len(ids))
    parts = []
    if snapshot is not None and keep:
        parts.append(snapshot.table.take(pa.array(keep, pa.int64())).select(SCHEMA.names))
    parts.append(fresh)
    table = pa.concat_tables(parts).sort_by("unique_id")
    # Rows that vanished between the two queries (an erasure meanwhile) are left out.
    order = {report: index for index, report in enumerate(ids)}
    present_ids = table.column("unique_id").to_pylist()
    table = table.append_column(
        "updated_at", pa.array([stamps[order[i]] for i in present_ids], pa.string())
    ).append_column("person_id", pa.array([people[order[i]] for i in present_ids], pa.int64()))
    return Reading(table=table, new=new, changed=changed, erased_people=erased_people)


def with_people(table: pa.Table, people: dict[int, int]) -> pa.Table:
    """The table with each report's person as the run left it."""
    current = table.column("person_id").to_pylist()
    ids = table.column("unique_id").to_pylist()
    column = pa.array([people.get(i, p) for i, p in zip(ids, current, strict=True)], pa.int64())
    return table.set_column(table.schema.get_field_index("person_id"), "person_id", column)


# Comparing the dirty reports ---------------------------------------------------------------


def dirty_reports(reading: Reading, snapshot: Snapshot, verdicts: DecidedPairs) -> set[int]:
    """New and changed reports, reports with no person, and every report of a person that
    must be re-examined: a changed report's, an erased report's, and both people of a pair
    whose verdict was given, changed or withdrawn since the snapshot."""
    ids = reading.table.column("unique_id").to_pylist()
    people = reading.table.column("person_id").to_pylist()
    person_of = dict(zip(ids, people, strict=True))
    dirty = set(reading.new) | set(reading.changed)
    dirty.update(i for i, p in zip(ids, people, strict=True) if p is None)
    touched = set(reading.erased_people)
    for pair in set(verdicts) | set(snapshot.verdicts):
        if verdicts.get(pair) != snapshot.verdicts.get(pair):
            for report in pair:
                if report in person_of:
                    dirty.add(report)
                    touched.add(person_of[report] or -1)
    touched.update(person_of[r] for r in reading.changed if person_of.get(r) is not None)
    touched.discard(-1)
    dirty.update(i for i, p in zip(ids, people, strict=True) if p in touched)
    return dirty


def predict_dirty(
    table: pa.Table, dirty: Iterable[int], model: dict[str, Any], threshold: float
) -> list[pa.Table]:
    """Pairs with at least one dirty report and match probability ≥ `threshold`: the dirty
    reports among themselves (`predict_within`) and against every other report in their
    candidate blocks (`predict_between`), with the model's blocking rules. The same pairs,
    scored the same, as a full `predict` restricted to pairs touching a dirty report.
    `split_predictions` orients them as a full run's (`unique_id_l` < `unique_id_r`)."""
    import logging

    from splink import Linker

    dirty_ids = pa.array(sorted(dirty), pa.int64())
    mask = pc.is_in(table.column("unique_id"), value_set=dirty_ids)
    new = table.filter(mask).select(SCHEMA.names)
    rest = table.filter(pc.invert(mask)).select(SCHEMA.names)
    if new.num_rows == 0:
        return []
    settings = dict(model)
    settings["retain_matching_columns"] = True
    settings["retain_intermediate_calculation_columns"] = True
    settings["link_type"] = "dedupe_only"
    db = engine.duckdb_api()
    new_df = db.register(new, table_name="dirty_reports")
    linker = Linker(new_df, settings, log_level=logging.WARNING)
    out: list[pa.Table] = []
    if new.num_rows >= 2:
        within = linker.inference.predict_within(
            new_df, threshold_match_probability=threshold, warning_mode="never"
        )
        out.append(within.as_pyarrow_table())
    if rest.num_rows:
        rest_df = db.register(rest, table_name="other_reports")
        between = linker.inference.predict_between(
            new_df, rest_df, threshold_match_probability=threshold, warning_mode="never"
        )
        out.append(between.as_pyarrow_table())
    return out


def split_predictions(
    tables: Iterable[pa.Table], link_threshold: float
) -> tuple[list[tuple[int, int]], list[dict[str, Any]]]:
    """Predicted pairs as (the pairs at or above the link threshold, as (lower id, higher id);
    the records below it, whole and oriented like a full run's, for the queue). Only the few
    unsure records become Python dicts: at a million reports the sure pairs are millions."""
    sure: list[tuple[int, int]] = []
    unsure: list[dict[str, Any]] = []
    for table in tables:
        if table.num_rows == 0:
            continue
        probability = table.column("match_probability")
        linked = table.filter(pc.greater_equal(probability, link_threshold))
        lefts = linked.column("unique_id_l").to_pylist()
        rights = linked.column("unique_id_r").to_pylist()
        sure.extend((a, b) if a < b else (b, a) for a, b in zip(lefts, rights, strict=True))
        below = table.filter(pc.less(probability, link_threshold)).to_pylist()
        unsure.extend(_oriented(record) for record in below)
    return sure, unsure


def _oriented(record: dict[str, Any]) -> dict[str, Any]:
    """The record with its left side the lower report id, as a dedupe run writes it."""
    if record["unique_id_l"] < record["unique_id_r"]:
        return record
    swapped: dict[str, Any] = {}
    for key, value in record.items():
        if key.endswith("_l"):
            swapped[key[:-2] + "_r"] = value
        elif key.endswith("_r"):
            swapped[key[:-2] + "_l"] = value
        else:
            swapped[key] = value
    return swapped


class NodeClusters:
    """Union-find whose nodes are dirty reports (their id) and untouched people (minus their
    id): an untouched person's reports are one node, as they were one group last run."""

    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        parent = self.parent
        if x not in parent:
            parent[x] = x
            return x
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def expand_groups(
    clusters: NodeClusters, dirty: set[int], table: pa.Table
) -> tuple[list[list[int]], dict[int, int | None]]:
    """The report groups of every cluster holding a dirty report, with each of their
    reports' current person."""
    members: dict[int, list[int]] = defaultdict(list)
    for report in dirty:
        members[clusters.find(report)].append(report)
    joined_people = {
        -node: root
        for node in list(clusters.parent)
        if node < 0 and (root := clusters.find(node)) in members
    }
    ids = table.column("unique_id").to_pylist()
    people = table.column("person_id").to_pylist()
    current: dict[int, int | None] = {}
    for report, person in zip(ids, people, strict=True):
        if report in dirty:
            current[report] = person
        elif person in joined_people:
            members[joined_people[person]].append(report)
            current[report] = person
    groups = sorted((sorted(g) for g in members.values()), key=lambda g: g[0])
    return groups, current


def pending_pairs_joined(partnership_id: int, dirty: set[int]) -> list[int]:
    """Pending pairs not touching a dirty report whose two reports now have one person (read
    after the people were written): a full run would not ask about them."""
    rows = (
        ReportPair.objects.filter(partnership_id=partnership_id, verdict=Verdict.PENDING)
        .values_list("pk", "first_id", "second_id", "first__person_id", "second__person_id")
        .iterator(chunk_size=2000)
    )
    return [
        pk
        for pk, first, second, first_person, second_person in rows
        if first not in dirty
        and second not in dirty
        and first_person is not None
        and first_person == second_person
    ]


def agreement(
    ours: dict[int, int | None], theirs: dict[int, int | None]
) -> tuple[float, float, float]:
    """How two groupings of the same reports into people agree, pairwise: (the share of all
    pairs of reports both call the same or both call different; of the pairs `ours` calls one
    person, the share `theirs` does too; and the other way round). Counted, not listed."""
    from collections import Counter

    def pairs(counter: Counter[Any]) -> int:
        return sum(n * (n - 1) // 2 for n in counter.values())

    reports = sorted(ours.keys() & theirs.keys())
    mine = [ours[r] if ours[r] is not None else ("alone", r) for r in reports]
    other = [theirs[r] if theirs[r] is not None else ("alone", r) for r in reports]
    same_ours = pairs(Counter(mine))
    same_theirs = pairs(Counter(other))
    same_both = pairs(Counter(zip(mine, other, strict=True)))
    everything = len(reports) * (len(reports) - 1) // 2
    differ = same_ours + same_theirs - 2 * same_both
    return (
        1.0 - differ / everything if everything else 1.0,
        same_both / same_ours if same_ours else 1.0,
        same_both / same_theirs if same_theirs else 1.0,
    )
