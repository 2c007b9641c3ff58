"""Linking a partnership's reports, timed and scored on the synthetic truth set.

Measures (never asserts) the time to link N reports (default 10,000 of 5,000 people) on a
fresh SQLite test database: the first run (training the partnership's model), a second run
with nothing changed, and the pairwise precision and recall against the truth. The numbers
in docs/linkage.md come from here.

    .venv/bin/python bench/feeds_link.py [--reports 10000] [--seed 1]
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casereview.config.settings.test")
os.environ.setdefault(
    "CASEREVIEW_TEST_SQLITE", str(Path(tempfile.gettempdir()) / "feeds-link-bench.sqlite3")
)
django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from linkage_helpers import TODAY, bulk_reports, predicted_people  # noqa: E402

from casereview.devdata.demo.partnerships import load_demo  # noqa: E402
from casereview.devdata.feeds_truth import make_truth_set, pairwise_scores  # noqa: E402
from casereview.feeds.linkage.run import link_partnership  # noqa: E402
from casereview.partnerships.models import Partnership  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    setup_test_environment()
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    load_demo()
    partnership = Partnership.objects.get(slug="newcastle-under-lyme")
    truth = make_truth_set(
        people=args.reports // 2,
        reports=args.reports,
        agencies=("police", "council", "housing"),
        today=TODAY,
        seed=args.seed,
    )
    started = time.perf_counter()
    bulk_reports(partnership, truth)
    loaded = time.perf_counter() - started
    first = link_partnership(partnership.pk)
    second = link_partnership(partnership.pk)
    precision, recall = pairwise_scores(predicted_people(partnership), truth.person_of)
    print(f"reports            {args.reports} (seed {args.seed}), written in {loaded:.1f} s")
    print(f"first link         {first.seconds:.1f} s (trains {first.model})")
    print(f"second link        {second.seconds:.1f} s, {second.reports_moved} reports moved")
    print(f"people             {first.people} (truth {len(truth.people)})")
    print(f"pairs to check     {first.pairs_to_check}")
    print(f"pairwise precision {precision:.4f}")
    print(f"pairwise recall    {recall:.4f}")


if __name__ == "__main__":
    main()
