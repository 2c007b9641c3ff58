"""Linkage at national scale (`make bench-linkage`): a million reports, imported, linked,
a day's batch linked incrementally, the radar, and the accuracy against the seeded truth.

    nice -n 10 .venv/bin/python bench/linkage_scale.py [--reports 1000000] [--batch 10000] \
        [--record] > /tmp/linkage-scale.log 2>&1                  # SQLite, a fresh file
    scripts/with-postgres .venv/bin/python bench/linkage_scale.py   # PostgreSQL

1. `seed_feeds` writes the reports (people = reports / 2, Newcastle-under-Lyme's police,
   council and housing) as feed files of 100,000 rows, with the truth of who made each;
   `--batch` reports picked at random are held back as the next day's feed.
2. Every file is imported with `casereview feeds import` (the import service): rows/s.
3. How many pairs each blocking rule adds at this scale (Splink's cumulative comparisons
   count, estimated from a sample).
4. A full link on DuckDB (`link_partnership(mode="full")`: the first run, so it trains the
   partnership's model), in a child process: minutes and peak memory (its maximum RSS).
5. The held-back batch imported, then linked incrementally (`link_new_reports`), in a
   child process: seconds and peak memory.
6. The radar: `bench/radar.py` at 8 connections, at this scale.
7. Pairwise precision and recall of the people linkage made against the truth.

With `--record` the table goes into docs/linkage.md, section "At national scale", with the
machine and its load average. Measured, never asserted. Run one at a time, in the
background, `nice -n 10`: it needs a few GiB and (on 2 busy cores) an hour or more.
"""

import argparse
import contextlib
import csv
import io
import json
import os
import platform
import random
import re
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "bench")]
SLUG = "newcastle-under-lyme"
DOC = ROOT / "docs" / "linkage.md"
SECTION = "## At national scale"
# docs/linkage.md's 5,000-report figures at the 0.95 threshold (seed 1), for comparison.
SMALL = (0.9993, 0.9895)
CLOCK = time.perf_counter()
NOTES = """\
The reports come from `casereview seed_feeds` (`casereview/devdata/feeds_seed.py`): the truth
set's people and noise, with three changes so that a million reports look like a county's
rather than 5,000 copied 200 times: names from a longer, flatter pool (the commonest surname
about 1% of people, as Smith is), one outward postcode per 2,000 people, and nobody making
more than 150 reports in 18 months. The import goes through the service the page, the
command and the API share (`feeds/services/imports.py`): on PostgreSQL the rows are COPYed
into a temporary table and upserted with one `INSERT … ON CONFLICT`; on SQLite one prepared
upsert runs over each chunk; each distinct date and postcode is checked once. "A CPU second"
is the rows imported per second of the importing process's own CPU time: what a quiet
machine would reach (on PostgreSQL the server's time is not in it). Links run in a child
process each, so the peak memory is the link's own (its maximum resident set, DuckDB
included); the child's wall clock includes starting Django."""


def stamp(message: str) -> None:
    print(f"  {time.perf_counter() - CLOCK:8.1f} s  {message}", flush=True)


def _django(workdir: Path, fresh: bool) -> None:
    database = workdir / "bench.sqlite3"
    if fresh:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{database}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casereview.config.settings.local")
    if fresh and os.environ["DATABASE_URL"].startswith("postgres"):
        from run import create_database  # scripts/with-postgres gives a fresh cluster

        create_database(os.environ["DATABASE_URL"])
    import django

    django.setup()


# ---- the steps run in child processes (their time and peak memory are their own) -------


def _partnership_id() -> int:
    from casereview.partnerships.models import Partnership

    return Partnership.objects.get(slug=SLUG).pk


def step_blocking() -> dict[str, Any]:
    from splink import DuckDBAPI
    from splink.blocking_analysis import count_comparisons_from_blocking_rules

    from casereview.feeds.linkage.normalise import linkage_table
    from casereview.feeds.linkage.settings import BLOCKING_RULES
    from casereview.feeds.models import Report

    table = linkage_table(Report.objects.filter(partnership_id=_partnership_id()))
    frame = DuckDBAPI().register(table)
    counts = count_comparisons_from_blocking_rules(
        frame,
        blocking_rules=BLOCKING_RULES,
        link_type="dedupe_only",
        # An estimate from a sample of each side: about 10,000,000 candidate pairs.
        record_sample_proportion=min(1.0, 100_000 / max(table.num_rows, 1)),
    )
    rules = [
        {
            "rule": c["blocking_rule"],
            "added": c["marginal_comparison_count"],
            "cumulative": c["cumulative_comparison_count"],
        }
        for c in counts
    ]
    return {"reports": table.num_rows, "rules": rules}


def step_full() -> dict[str, Any]:
    from casereview.feeds.linkage.run import link_partnership

    result = link_partnership(_partnership_id(), mode="full", progress=stamp)
    return {"seconds": result.seconds, "people": result.people, "model": result.model}


def step_incremental() -> dict[str, Any]:
    # feeds-incremental's entry point (casereview/feeds/linkage/run.py).
    from casereview.feeds.linkage.run import link_new_reports

    result = link_new_reports(_partnership_id(), progress=stamp)
    return {
        "seconds": result.seconds,
        "mode": result.mode,
        "moved": result.reports_moved,
        "new_people": result.new_people,
    }


def step_spark() -> dict[str, Any]:
    """The same reports and model on Spark in local mode, against DuckDB (feeds-spark's
    comparison in bench/linkage_spark.py): times and whether both give the same people."""
    sys.path.insert(0, str(ROOT / "bench"))
    from linkage_spark import spark_versus_duckdb

    from casereview.feeds.linkage.model import default_model, latest_model
    from casereview.feeds.linkage.normalise import linkage_table
    from casereview.feeds.models import Report

    partnership_id = _partnership_id()
    model = latest_model(partnership_id)
    settings = dict(model.settings) if model is not None else default_model()
    table = linkage_table(Report.objects.filter(partnership_id=partnership_id))
    return spark_versus_duckdb(table, settings)


STEPS = {
    "blocking": step_blocking,
    "full": step_full,
    "incremental": step_incremental,
    "spark": step_spark,
}


def child(step: str, workdir: Path) -> dict[str, Any]:
    """Run a step in a child process; its result, wall-clock seconds and peak RSS (GiB)."""
    started = time.perf_counter()
    process = subprocess.Popen(  # nosec B603 - our own script
        [sys.executable, __file__, "--step", step, "--workdir", str(workdir)],
        stdout=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),
    )
    assert process.stdout is not None
    result: dict[str, Any] = {}
    for line in process.stdout:
        if line.startswith("RESULT "):
            result = json.loads(line[7:])
        else:
            print(line, end="", flush=True)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"step {step} failed ({process.returncode})")
    result["wall"] = time.perf_counter() - started
    result["peak_gib"] = usage.ru_maxrss / 1024 / 1024
    return result


# ---- the parent ---------------------------------------------------------------------


def hold_back(files: list[Path], total: int, batch: int, folder: Path, seed: int) -> list[Path]:
    """Move `batch` rows picked at random out of the files into a day's feed (one file an
    agency): reports of people already known, and of some new ones."""
    chosen = set(random.Random(seed).sample(range(total), batch))  # nosec B311
    folder.mkdir(parents=True, exist_ok=True)
    held: dict[str, list[dict[str, str]]] = {}
    index = 0
    for path in files:
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            header = list(reader.fieldnames or [])
            kept = []
            for row in reader:
                (held.setdefault(path.name.split("-")[0], []) if index in chosen else kept).append(
                    row
                )
                index += 1
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
            writer.writeheader()
            writer.writerows(kept)
    out = []
    for agency, rows in held.items():
        path = folder / f"{agency}-batch.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        out.append(path)
    return out


def import_files(files: list[Path]) -> tuple[int, float, float]:
    """Each file through `casereview feeds import`: rows, wall seconds, CPU seconds."""
    from django.core.management import CommandError, call_command

    rows, wall, cpu = 0, 0.0, 0.0
    for path in files:
        out = io.StringIO()
        started, began = time.perf_counter(), time.process_time()
        with contextlib.suppress(SystemExit, CommandError):
            call_command(
                "feeds",
                "import",
                *("--partnership", SLUG, "--agency", path.name.split("-")[0], str(path)),
                stdout=out,
                stderr=io.StringIO(),
            )
        wall += time.perf_counter() - started
        cpu += time.process_time() - began
        last = out.getvalue().strip().splitlines()[-1]
        numbers = [int(n) for n in re.findall(r"\d+", last)]
        rows += numbers[0] + numbers[1]
        stamp(f"{path.name}: {last}")
    return rows, wall, cpu


def radar(reports: int, database: str) -> dict[str, Any]:
    """radar-scale's bench (bench/radar.py: its own database seeded at this scale, each
    report given its true person) at 8 connections; the worst p95 of its targets, read from
    bench/radar-results.json (or its printed table)."""
    script = ROOT / "bench" / "radar.py"
    usage = subprocess.run(  # nosec B603
        [sys.executable, str(script), "--help"], capture_output=True, text=True, check=False
    ).stdout
    command = [sys.executable, str(script), "--reports", str(reports)]
    if "--users" in usage:
        command += ["--users", "8"]
    if "--db" in usage and database == "postgresql":
        command += ["--db", "postgres"]
    stamp("radar: " + " ".join(command[1:]))
    done = subprocess.run(command, capture_output=True, text=True, check=False)  # nosec B603
    print(done.stdout + done.stderr[-3000:], flush=True)
    found: list[float] = []
    results = ROOT / "bench" / "radar-results.json"
    key = f"{'postgres' if database == 'postgresql' else 'sqlite'}-{reports}"
    with contextlib.suppress(OSError, ValueError, KeyError):
        load = json.loads(results.read_text())[key]["load"]
        found = [float(row["p95_ms"]) for row in load.values()]
    return {
        "p95_ms": max(found) if found else None,
        "output": done.stdout.strip().splitlines()[-12:],
        "returncode": done.returncode,
    }


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = ""
    with contextlib.suppress(OSError, IndexError, ValueError):
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kib / 1024 / 1024:.0f} GiB"
    return f"{os.cpu_count()} cores ({cpu}){memory}, {platform.system()} {platform.release()}"


def record(results: dict[str, Any]) -> str:
    r = results
    full, inc = r["full"], r["incremental"]
    radar_p95 = r["radar"].get("p95_ms")
    accuracy = r["accuracy"]
    rows = [
        ("reports (people)", f"{r['reports']:,} ({r['reports'] // 2:,})", ""),
        (
            "import, `casereview feeds import`",
            f"{r['import_rows_per_s']:,.0f} rows/s "
            f"({r['import_cpu_rows_per_s']:,.0f} a CPU second)",
            "≥ 20,000 rows/s",
        ),
        ("pairs compared by the blocking rules", f"{r['blocking']['total']:,} (estimated)", ""),
        (
            "full link on DuckDB (first run: trains the model)",
            f"{full['wall'] / 60:.1f} min, peak {full['peak_gib']:.1f} GiB",
            "< 10 min, < 8 GiB",
        ),
        (
            f"{r['batch']:,}-report daily batch, incremental",
            f"{inc['wall']:.0f} s (run {inc.get('seconds', 0):.0f} s, {inc.get('mode', '')}), "
            f"peak {inc['peak_gib']:.1f} GiB",
            "< 60 s",
        ),
        (
            "radar p95 at 8 connections (worst of its pages)",
            f"{radar_p95:.0f} ms"
            if radar_p95 is not None
            else f"not run here: `bench/radar.py --reports {r['reports']} --users 8`",
            "< 200 ms",
        ),
        (
            "pairwise precision / recall at 0.95",
            f"{accuracy[0]:.4f} / {accuracy[1]:.4f}",
            f"within 0.01 of {SMALL[0]} / {SMALL[1]} (5,000 reports)",
        ),
    ]
    if "spark" in r:
        rows.append(
            (
                "the same link on Spark, local mode (`--spark`)",
                ", ".join(f"{k} {v}" for k, v in r["spark"].items() if k != "peak_gib"),
                "finishes; same people as DuckDB",
            )
        )
    lines = [
        SECTION,
        "",
        NOTES,
        "",
        f"`make bench-linkage` (`bench/linkage_scale.py`), {r['finished']}, on "
        f"{r['database']}. Machine: {r['machine']}; load average {r['load_before']} before, "
        f"{r['load_after']} after (shared with other work: wall-clock times are pessimistic).",
        "",
        "| step | measured | target |",
        "|---|---|---|",
        *(f"| {a} | {b} | {c} |" for a, b, c in rows),
        "",
        "Pairs each blocking rule adds at this scale (Splink's cumulative comparisons count):",
        "",
        "| rule | pairs added | cumulative |",
        "|---|---|---|",
        *(
            f"| `{rule['rule']}` | {rule['added']:,} | {rule['cumulative']:,} |"
            for rule in r["blocking"]["rules"]
        ),
        "",
    ]
    return "\n".join(lines)


def write_section(text: str) -> None:
    doc = DOC.read_text(encoding="utf-8")
    start = doc.find(SECTION + "\n")
    if start < 0:
        DOC.write_text(doc.rstrip("\n") + "\n\n" + text, encoding="utf-8")
        return
    following = doc.find("\n## ", start + len(SECTION))
    end = len(doc) if following < 0 else following + 1
    DOC.write_text(doc[:start] + text + ("\n" + doc[end:] if following >= 0 else ""), "utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1_000_000)
    parser.add_argument("--batch", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--workdir", type=Path, default=Path(tempfile.gettempdir()) / "linkage-scale"
    )
    parser.add_argument("--record", action="store_true", help="Write docs/linkage.md's table")
    parser.add_argument("--no-radar", action="store_true")
    parser.add_argument(
        "--spark", action="store_true", help="Also link every report on Spark (local mode)"
    )
    parser.add_argument("--step", choices=sorted(STEPS), help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    if args.step:
        _django(args.workdir, fresh=False)
        print("RESULT " + json.dumps(STEPS[args.step](), default=str), flush=True)
        return
    if "DATABASE_URL" in os.environ and not os.environ["DATABASE_URL"].startswith("postgres"):
        raise SystemExit("Give no DATABASE_URL (a fresh SQLite file) or scripts/with-postgres.")
    load_before = " ".join(f"{n:.1f}" for n in os.getloadavg())
    _django(args.workdir, fresh=True)
    from django.core.management import call_command
    from django.db import connection
    from linkage_helpers import predicted_people

    from casereview.core.dates import local_today
    from casereview.devdata.demo.partnerships import load_demo
    from casereview.devdata.feeds_seed import load_truth, seed_feeds
    from casereview.devdata.feeds_truth import pairwise_scores
    from casereview.partnerships.models import Partnership

    call_command("migrate", verbosity=0)
    load_demo()
    partnership = Partnership.objects.get(slug=SLUG)
    results: dict[str, Any] = {
        "reports": args.reports,
        "batch": args.batch,
        "database": connection.vendor,
        "machine": machine(),
        "load_before": load_before,
    }
    feeds, truth = args.workdir / "feeds", args.workdir / "truth.csv"
    seeded = seed_feeds(
        partnerships=[partnership],
        people=args.reports // 2,
        reports=args.reports,
        today=local_today(),
        seed=args.seed,
        truth=truth,
        out=feeds,
        progress=lambda done, total: None,
    )
    stamp(f"seeded {seeded.reports:,} reports in {len(seeded.files)} files")
    batch_files = hold_back(
        seeded.files, seeded.reports, args.batch, args.workdir / "batch", args.seed
    )
    stamp(f"{args.batch:,} reports held back as the next day's feed")
    rows, wall, cpu = import_files(seeded.files)
    results["import_rows_per_s"] = rows / wall
    results["import_cpu_rows_per_s"] = rows / cpu
    stamp(f"imported {rows:,} rows: {rows / wall:,.0f} rows/s ({rows / cpu:,.0f} a CPU second)")
    blocking = child("blocking", args.workdir)
    blocking["total"] = blocking["rules"][-1]["cumulative"] if blocking["rules"] else 0
    results["blocking"] = blocking
    for rule in blocking["rules"]:
        stamp(f"blocking {rule['rule']}: +{rule['added']:,} = {rule['cumulative']:,}")
    results["full"] = child("full", args.workdir)
    stamp(f"full link: {results['full']}")
    import_files(batch_files)
    results["incremental"] = child("incremental", args.workdir)
    stamp(f"incremental link: {results['incremental']}")
    connection.close()
    if args.spark:
        results["spark"] = child("spark", args.workdir)
        stamp(f"spark: {results['spark']}")
    results["radar"] = {} if args.no_radar else radar(args.reports, connection.vendor)
    results["accuracy"] = pairwise_scores(predicted_people(partnership), load_truth(truth, SLUG))
    stamp(f"precision / recall {results['accuracy']}")
    results["load_after"] = " ".join(f"{n:.1f}" for n in os.getloadavg())
    results["finished"] = date.today().isoformat()
    (args.workdir / "results.json").write_text(json.dumps(results, indent=2, default=str))
    text = record(results)
    print(text)
    if args.record:
        write_section(text)
        stamp(f"recorded in {DOC.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
