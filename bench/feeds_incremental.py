"""Incremental linkage against a full run, timed and compared (docs/linkage.md, "Incremental
linkage"). Measures, never asserts, on a fresh SQLite test database:

- `agreement` (default): the truth set's N reports (default 20,000 of 10,000 people), the
  last 2 B held back; a full run on the rest (training the model), then two daily batches
  of B linked incrementally, with reports re-sent and pairs decided between them; then a
  full run of the same reports with the same model. Prints the pairwise agreement of the two
  groupings and each one's precision and recall against the truth.
- `scale`: `seed_feeds`' N reports (default 200,000), the last B (default 10,000) held back;
  a full run on the rest, then the B linked incrementally against them. Prints the times.

    .venv/bin/python bench/feeds_incremental.py agreement [--reports 20000] [--batch 1000]
    nice -n 10 .venv/bin/python bench/feeds_incremental.py scale --reports 1000000
"""

import argparse
import os
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casereview.config.settings.test")
os.environ.setdefault(
    "CASEREVIEW_TEST_SQLITE",
    str(Path(tempfile.gettempdir()) / "feeds-incremental-bench.sqlite3"),
)
django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402
from linkage_helpers import TODAY, bulk_reports, predicted_people  # noqa: E402

from casereview.devdata.demo.partnerships import load_demo  # noqa: E402
from casereview.devdata.feeds_seed import seed_feeds  # noqa: E402
from casereview.devdata.feeds_truth import make_truth_set, pairwise_scores  # noqa: E402
from casereview.feeds.linkage import incremental  # noqa: E402
from casereview.feeds.linkage.run import link_new_reports, link_partnership  # noqa: E402
from casereview.feeds.models import Report, ReportPair, Verdict  # noqa: E402
from casereview.partnerships.models import Partnership  # noqa: E402

CLOCK = time.perf_counter()


def stamp(message: str) -> None:
    print(f"  {time.perf_counter() - CLOCK:7.1f} s  {message}", flush=True)


def peak_gib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024


def hold_back(partnership: Partnership, count: int) -> list[dict[str, object]]:
    """The partnership's last `count` reports, removed (to come back as a later batch)."""
    last = Report.objects.filter(partnership=partnership).order_by("-pk")[:count]
    ids = list(last.values_list("pk", flat=True))
    rows = list(Report.objects.filter(pk__in=ids).order_by("pk").values())
    for start in range(0, len(ids), 900):
        Report.objects.filter(pk__in=ids[start : start + 900]).delete()
    return rows


def bring_back(rows: list[dict[str, object]]) -> None:
    now = timezone.now()
    Report.objects.bulk_create(
        (Report(**{**row, "person_id": None, "updated_at": now}) for row in rows), batch_size=2000
    )


def people(partnership: Partnership) -> dict[int, int | None]:
    return dict(Report.objects.filter(partnership=partnership).values_list("pk", "person_id"))


def agreement(args: argparse.Namespace, partnership: Partnership) -> None:
    truth = make_truth_set(
        people=args.reports // 2,
        reports=args.reports,
        agencies=("police", "council", "housing"),
        today=TODAY,
        seed=args.seed,
    )
    bulk_reports(partnership, truth)
    batches = [hold_back(partnership, args.batch) for _ in range(2)][::-1]
    stamp(f"{args.reports} reports written, {2 * args.batch} held back")
    first = link_partnership(partnership.pk)
    stamp(f"full run on {first.reports}: {first.seconds:.1f} s, {first.model}")
    for number, batch in enumerate(batches, start=1):
        bring_back(batch)
        resent = Report.objects.filter(partnership=partnership).order_by("pk")
        for report in resent[number * 1000 : number * 1000 + 5]:
            Report.objects.filter(pk=report.pk).update(
                surname=report.surname + "e", updated_at=timezone.now()
            )
        pending = ReportPair.objects.filter(partnership=partnership, verdict=Verdict.PENDING)
        for pair, verdict in zip(pending[:4], [Verdict.SAME, Verdict.DIFFERENT] * 2, strict=False):
            ReportPair.objects.filter(pk=pair.pk).update(verdict=verdict)
        result = link_new_reports(partnership.pk)
        stamp(
            f"batch {number}: {result.mode}, {result.compared} compared, "
            f"{result.reports_moved} moved, {result.seconds:.1f} s"
        )
    by_increments = people(partnership)
    increments_scores = pairwise_scores(predicted_people(partnership), truth.person_of)
    full = link_partnership(partnership.pk, mode="full")
    stamp(f"full run on {full.reports}: {full.seconds:.1f} s, {full.reports_moved} moved")
    by_full = people(partnership)
    full_scores = pairwise_scores(predicted_people(partnership), truth.person_of)
    same, precision, recall = incremental.agreement(by_increments, by_full)
    print(f"pairwise agreement          {same:.6f}")
    print(
        f"same-person pairs agreeing  {precision:.6f} (of incremental's), {recall:.6f} (of full's)"
    )
    for label, (p, r) in (("incremental", increments_scores), ("full", full_scores)):
        print(f"{label + ' vs truth':28}precision {p:.4f} recall {r:.4f}")


def scale(args: argparse.Namespace, partnership: Partnership) -> None:
    seed_feeds(
        partnerships=[partnership],
        people=args.reports // 2,
        reports=args.reports,
        today=date(2026, 6, 1),
        seed=args.seed,
        truth=Path(tempfile.gettempdir()) / "feeds-incremental-truth.csv",
    )
    batch = hold_back(partnership, args.batch)
    stamp(f"{args.reports} reports seeded, the last {args.batch} held back")
    first = link_partnership(partnership.pk, progress=stamp)
    stamp(
        f"full run on {first.reports}: {first.seconds:.1f} s, {first.model}, "
        f"peak {peak_gib():.1f} GiB"
    )
    bring_back(batch)
    stamp(f"{args.batch} reports back")
    result = link_new_reports(partnership.pk, progress=stamp)
    stamp(
        f"incremental: {result.mode}, {result.compared} compared, {result.reports_moved} moved, "
        f"{result.new_people} new people, {result.seconds:.1f} s, peak {peak_gib():.1f} GiB"
    )
    again = link_new_reports(partnership.pk)
    stamp(f"incremental with nothing new: {again.seconds:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("what", choices=["agreement", "scale"], nargs="?", default="agreement")
    parser.add_argument("--reports", type=int, default=None)
    parser.add_argument("--batch", type=int, default=None)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.reports is None:
        args.reports = 20_000 if args.what == "agreement" else 200_000
    if args.batch is None:
        args.batch = 1000 if args.what == "agreement" else 10_000
    settings.LINKAGE_WORKDIR = tempfile.mkdtemp(prefix="feeds-incremental-bench-")
    setup_test_environment()
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    load_demo()
    partnership = Partnership.objects.get(slug="newcastle-under-lyme")
    (agreement if args.what == "agreement" else scale)(args, partnership)


if __name__ == "__main__":
    main()
