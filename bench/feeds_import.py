"""Time a partner agency's 5 MB feed (about 25,000 rows) through `casereview feeds import`.

    .venv/bin/python bench/feeds_import.py                              # SQLite, a fresh file
    scripts/with-postgres .venv/bin/python bench/feeds_import.py         # PostgreSQL

Migrates a fresh database, loads the demo, writes the truth set's rows (every kind of noise
the linkage is built for) for Newcastle-under-Lyme's police as a CSV of about 5 MB, then
imports it twice: the first run creates every report, the second updates every one. Prints
the file's size, rows and each run's wall-clock time and rows a second (with the process's own CPU
time and the load average: on a busy machine the wall clock mostly measures the others).
Measured, never asserted.
"""

import argparse
import contextlib
import io
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=5.0)
    args = parser.parse_args()
    scratch = tempfile.mkdtemp(prefix="feeds-bench-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casereview.config.settings.local")
    if os.environ["DATABASE_URL"].startswith("postgres"):
        sys.path.insert(0, str(ROOT / "bench"))
        from run import create_database  # scripts/with-postgres gives a fresh cluster

        create_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import CommandError, call_command
    from django.db import connection

    from casereview.devdata.demo.partnerships import load_demo
    from casereview.devdata.feeds_truth import make_truth_set, rows_to_csv

    call_command("migrate", verbosity=0)
    load_demo()
    # About 200 bytes a row: 5 MB is about 25,000 rows.
    rows_wanted = int(args.megabytes * 1024 * 1024 / 200)
    truth = make_truth_set(
        people=rows_wanted // 2,
        reports=rows_wanted,
        agencies=("police",),
        today=date(2026, 11, 30),
    )
    rows = truth.rows["police"]
    data = rows_to_csv(rows).encode()
    while len(data) < args.megabytes * 1024 * 1024:  # top up to the size asked for
        more = make_truth_set(
            people=500, reports=1000, agencies=("police",), today=date(2026, 11, 30), seed=7
        ).rows["police"]
        for extra in more:
            extra["agency_reference"] = f"TOP-{len(rows)}"
            rows.append(extra)
        data = rows_to_csv(rows).encode()
    path = Path(scratch) / "police.csv"
    path.write_bytes(data)
    print(f"database: {connection.vendor}")
    print(f"file: {len(data) / 1024 / 1024:.2f} MB, {len(rows):,} rows")
    for run in ("first import (creates)", "second import (updates)"):
        out, err = io.StringIO(), io.StringIO()
        started, cpu = time.perf_counter(), time.process_time()
        with contextlib.suppress(SystemExit, CommandError):
            call_command(
                "feeds",
                "import",
                "--partnership",
                "newcastle-under-lyme",
                "--agency",
                "police",
                str(path),
                stdout=out,
                stderr=err,
            )
        took, cpu = time.perf_counter() - started, time.process_time() - cpu
        print(
            f"{run}: {took:.2f} s, {len(rows) / took:,.0f} rows/s "
            f"(this process's CPU {cpu:.2f} s; load average {os.getloadavg()[0]:.1f}) — "
            f"{out.getvalue().strip().splitlines()[-1]}"
        )


if __name__ == "__main__":
    main()
