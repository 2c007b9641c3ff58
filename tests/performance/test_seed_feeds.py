"""`casereview seed_feeds`: partner reports at scale, with the truth of who made each."""

import io
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from casereview.devdata.feeds_seed import load_truth, national_names, seeded_reports
from casereview.devdata.feeds_truth import pairwise_scores
from casereview.feeds.csvfeed import feed_parse
from casereview.feeds.models import Report


def test_seeds_reports_across_partnerships_with_their_truth(demo, tmp_path: Path) -> None:
    truth_path = tmp_path / "truth.csv"
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "seed_feeds",
        *("--people", "300", "--reports", "700", "--partnerships", "2"),
        *("--truth", str(truth_path), "--today", "2026-06-01"),
        stdout=out,
        stderr=err,
    )
    assert "seeded 700 reports of 300 people in newcastle-under-lyme, stafford" in out.getvalue()
    assert "progress: 100% (700 of 700 rows)" in err.getvalue()
    seeded = Report.objects.filter(agency_reference__contains="-S01-")
    by_partnership = Counter(seeded.values_list("partnership__slug", flat=True))
    assert by_partnership == {"newcastle-under-lyme": 350, "stafford": 350}
    # Stored as an import would store them: postcodes in one form, hate implied by category.
    for postcode in seeded.exclude(postcode="").values_list("postcode", flat=True)[:200]:
        assert postcode == postcode.upper() and postcode.count(" ") == 1
    assert not seeded.filter(category="hate", hate_related=False).exists()
    truth = load_truth(truth_path, "stafford")
    assert len(truth) == 350
    stored = set(
        seeded.filter(partnership__slug="stafford").values_list("agency__slug", "agency_reference")
    )
    assert set(truth) == stored
    # The truth scores a perfect linkage as perfect, and everyone-one-person as not.
    assert pairwise_scores(dict(truth), truth) == (1.0, 1.0)
    assert pairwise_scores(dict.fromkeys(truth, "one"), truth)[0] < 0.1
    with pytest.raises(CommandError, match="already holds reports seeded with --seed 1"):
        call_command("seed_feeds", "--people", "10", "--reports", "20", "--truth", str(truth_path))


def test_feed_files_import_without_a_refusal_and_repeat_exactly(demo, tmp_path: Path) -> None:
    for run in ("a", "b"):
        call_command(
            "seed_feeds",
            *("--people", "200", "--reports", "500", "--rows-per-file", "100"),
            *("--out", str(tmp_path / run), "--truth", str(tmp_path / f"{run}.csv")),
            *("--today", "2026-06-01", "--seed", "3"),
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
    files = sorted((tmp_path / "a" / "newcastle-under-lyme").glob("*.csv"))
    assert {f.name.split("-")[0] for f in files} == {"police", "council", "housing"}
    rows = 0
    for path in files:
        feed = feed_parse(path.read_bytes())
        assert feed.refusals == [] and len(feed.rows) <= 100
        rows += len(feed.rows)
        assert path.read_bytes() == (tmp_path / "b" / path.parent.name / path.name).read_bytes()
    assert rows == 500
    assert not Report.objects.filter(agency_reference__contains="-S03-").exists()


def test_a_national_population_has_realistic_name_and_address_spread() -> None:
    names = national_names()
    assert len(names.surnames) > 1000 and len(names.first_names) > 1000
    chunks = seeded_reports(
        slug="x",
        people=20_000,
        reports=40_000,
        agencies=("police",),
        today=date(2026, 6, 1),
        seed=1,
    )
    rows = [item.row for chunk in chunks for item in chunk]
    assert len(rows) == 40_000
    surnames = Counter(row["surname"] for row in rows)
    # The commonest surname is about 1% of reports, as Smith is in England.
    assert surnames.most_common(1)[0][1] / len(rows) < 0.02
    outwards = {row["postcode"].upper().replace(" ", "")[:-3] for row in rows if row["postcode"]}
    assert len(outwards) == 10  # one outward code per 2,000 people
