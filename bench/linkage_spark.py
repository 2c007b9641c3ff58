"""Linkage on Spark (local mode) against DuckDB, at scale: the same model, timed on both, and
whether they make the same people. Measures, never asserts; docs/linkage.md ("Running on
Spark") records the numbers.

Reports from a partnership in the database (after `casereview seed_feeds`), linked with the
partnership's latest model (the default model if it has none):

    .venv/bin/python bench/linkage_spark.py --partnership newcastle-under-lyme

or, with no database, the truth set generated in memory:

    .venv/bin/python bench/linkage_spark.py --truth-reports 1000000

`make bench-linkage` calls `spark_versus_duckdb(table, model)`. Run it with `nice -n 10` and
the driver capped (SPARK_DRIVER_MEMORY, default 4g): it takes the machine for a while.
"""

import argparse
import os
import resource
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import django

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casereview.config.settings.local")
django.setup()

import pyarrow as pa  # noqa: E402
from splink import DuckDBAPI, Linker  # noqa: E402

from casereview.feeds.linkage import engine, spark  # noqa: E402
from casereview.feeds.linkage.model import default_model, latest_model  # noqa: E402
from casereview.feeds.linkage.normalise import SCHEMA, linkage_table, records  # noqa: E402
from casereview.feeds.linkage.run import LINK_THRESHOLD, REVIEW_LOW  # noqa: E402

PAIR_COLUMNS = ["unique_id_l", "unique_id_r", "match_probability"]


def say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def _pairs(predictions: pa.Table) -> dict[tuple[int, int], float]:
    left = predictions.column("unique_id_l").to_pylist()
    right = predictions.column("unique_id_r").to_pylist()
    probability = predictions.column("match_probability").to_pylist()
    return {(min(a, b), max(a, b)): p for a, b, p in zip(left, right, probability, strict=True)}


def _people(ids: list[int], pairs: dict[tuple[int, int], float]) -> set[frozenset[int]]:
    parent = {i: i for i in ids}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for (a, b), p in pairs.items():
        if p >= LINK_THRESHOLD:
            parent[find(a)] = find(b)
    groups: dict[int, set[int]] = {}
    for i in ids:
        groups.setdefault(find(i), set()).add(i)
    return {frozenset(g) for g in groups.values()}


def _duckdb_pairs(table: pa.Table, model: dict[str, Any]) -> pa.Table:
    """DuckDB's pairs, ids and probabilities only (the explanation columns of millions of
    pairs would not fit beside Spark's)."""
    linker = Linker(DuckDBAPI().register(table), dict(model))
    result: pa.Table = (
        linker.inference.predict(threshold_match_probability=REVIEW_LOW)
        .as_pyarrow_table()
        .select(PAIR_COLUMNS)
    )
    return result


def spark_versus_duckdb(table: pa.Table, model: dict[str, Any]) -> dict[str, Any]:
    """Predict `table` with `model` on Spark (the product's path, reading back ids and
    probabilities) and on DuckDB; the seconds of each, the pairs, and whether the people
    (clusters at the link threshold) are the same."""
    config = engine.spark_config()
    say(f"Spark {config.master}, driver {config.driver_memory}, work in {config.workdir}")
    started = time.perf_counter()
    spark.session(config)
    start_up = time.perf_counter() - started
    started = time.perf_counter()
    on_spark = spark.predict(table, model, REVIEW_LOW, config=config, columns=PAIR_COLUMNS)
    spark_seconds = time.perf_counter() - started
    say(f"Spark: {on_spark.num_rows} pairs in {spark_seconds:.0f} s (+{start_up:.0f} s start)")
    spark.stop()
    started = time.perf_counter()
    on_duckdb = _duckdb_pairs(table, model)
    duckdb_seconds = time.perf_counter() - started
    say(f"DuckDB: {on_duckdb.num_rows} pairs in {duckdb_seconds:.0f} s")
    ids = table.column("unique_id").to_pylist()
    duck, sparks = _pairs(on_duckdb), _pairs(on_spark)
    same_pairs = duck.keys() == sparks.keys()
    largest = max((abs(duck[k] - sparks[k]) for k in duck.keys() & sparks.keys()), default=0.0)
    same_people = _people(ids, duck) == _people(ids, sparks)
    return {
        "reports": table.num_rows,
        "pairs": len(duck),
        "spark_start_seconds": round(start_up, 1),
        "spark_seconds": round(spark_seconds, 1),
        "duckdb_seconds": round(duckdb_seconds, 1),
        "same_pairs": same_pairs,
        "largest_probability_difference": largest,
        "same_people": same_people,
        "peak_rss_gib_this_process": round(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2, 2
        ),
        "peak_rss_gib_spark_jvm": round(
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024**2, 2
        ),
        "load_average": os.getloadavg(),
    }


def truth_table(reports: int, seed: int) -> pa.Table:
    from casereview.devdata.feeds_truth import make_truth_set

    truth = make_truth_set(
        people=reports // 2,
        reports=reports,
        agencies=("police", "council", "housing"),
        today=date(2026, 6, 1),
        seed=seed,
    )
    fields = ("first_name", "surname", "date_of_birth", "address", "postcode", "phone", "email")
    rows = (row for agency_rows in truth.rows.values() for row in agency_rows)
    numbered = ((n, *(row[f] or None for f in fields)) for n, row in enumerate(rows, start=1))
    return pa.Table.from_pylist(list(records(numbered)), schema=SCHEMA)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--partnership", help="a partnership's slug: its reports and model")
    source.add_argument("--truth-reports", type=int, help="this many truth-set reports")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.partnership:
        from casereview.feeds.models import Report
        from casereview.partnerships.models import Partnership

        partnership = Partnership.objects.get(slug=args.partnership)
        say(f"Reading {partnership.slug}'s reports")
        table = linkage_table(Report.objects.filter(partnership=partnership))
        kept = latest_model(partnership.pk)
        model = dict(kept.settings) if kept else default_model()
    else:
        say(f"Making {args.truth_reports} truth-set reports (seed {args.seed})")
        table = truth_table(args.truth_reports, args.seed)
        model = default_model()
    for key, value in spark_versus_duckdb(table, model).items():
        print(f"{key}: {value}", flush=True)


if __name__ == "__main__":
    main()
