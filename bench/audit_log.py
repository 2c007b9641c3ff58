"""The audit log at national scale: appending, sealing and verifying a million entries.

Measures (never asserts), on a fresh test database (SQLite by default; PostgreSQL when run
under scripts/with-postgres, which sets DATABASE_URL):
- appending N entries (default 1,000,000) through `audit_record_many`, in requests' sizes;
- sealing them all (`seal_pending`), as entries a second;
- `audit_verify` over all of them (the target is under 60 s);
- the sealer keeping up with a steady 500 appends a second from 4 writer threads for
  20 seconds while it runs every `SEAL_EVERY`: the largest backlog it left, and how long
  after the writers stopped the log was fully sealed.
The numbers in docs/performance.md come from here.

    .venv/bin/python bench/audit_log.py [--entries 1000000] [--rate 500] [--seconds 20]
"""

import argparse
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casereview.config.settings.test")
os.environ.setdefault(
    "CASEREVIEW_TEST_SQLITE", str(Path(tempfile.gettempdir()) / "audit-log-bench.sqlite3")
)
django.setup()

from django.db import connection, connections, transaction  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from casereview.core.audit import Actor, AuditFact, audit_record_many  # noqa: E402
from casereview.core.audit_seal import SEAL_EVERY, seal_pending, unsealed  # noqa: E402
from casereview.core.audit_verify import audit_verify  # noqa: E402

ACTORS = [
    Actor(label=f"officer{n}@council.example", user_id=n, membership_id=n, role="coordinator")
    for n in range(1, 51)
]


def _facts(start: int, n: int) -> list[AuditFact]:
    return [
        AuditFact(
            action="view",
            purpose="case review: application page",
            object_type="application",
            object_id=str(start + i),
            partnership_id=1 + (start + i) % 10,
        )
        for i in range(n)
    ]


def append(entries: int, chunk: int = 20) -> float:
    started = time.perf_counter()
    for start in range(0, entries, 10_000):
        with transaction.atomic():
            for at in range(start, min(start + 10_000, entries), chunk):
                n = min(chunk, entries - at)
                audit_record_many(actor=ACTORS[at % len(ACTORS)], facts=_facts(at, n))
        print(f"\r  appended {min(start + 10_000, entries):,}", end="", file=sys.stderr)
    print(file=sys.stderr)
    return time.perf_counter() - started


def keep_up(rate: int, seconds: int, writers: int = 4, per_request: int = 5) -> tuple[int, float]:
    """Writers append `rate` entries a second in requests of `per_request`; the sealer runs
    every SEAL_EVERY as the worker would. Returns (largest backlog seen, seconds from the
    writers' end until everything was sealed)."""
    stop = threading.Event()
    interval = writers * per_request / rate

    def writer(n: int) -> None:
        next_at = time.perf_counter()
        i = 0
        while not stop.is_set():
            audit_record_many(actor=ACTORS[n], facts=_facts(i, per_request))
            i += per_request
            next_at += interval
            time.sleep(max(0.0, next_at - time.perf_counter()))
        connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(writers)]
    for t in threads:
        t.start()
    largest = 0
    ends = time.perf_counter() + seconds
    while time.perf_counter() < ends:
        time.sleep(SEAL_EVERY.total_seconds())
        largest = max(largest, unsealed()[0])
        seal_pending()
    stop.set()
    for t in threads:
        t.join()
    stopped = time.perf_counter()
    seal_pending()
    return largest, time.perf_counter() - stopped


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--rate", type=int, default=500)
    parser.add_argument("--seconds", type=int, default=20)
    args = parser.parse_args()
    setup_test_environment()
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    load = os.getloadavg()[0]
    appended = append(args.entries)
    started = time.perf_counter()
    sealed = seal_pending()
    sealing = time.perf_counter() - started
    started = time.perf_counter()
    result = audit_verify()
    verifying = time.perf_counter() - started
    largest, caught_up = keep_up(args.rate, args.seconds)
    print(f"database           {connection.vendor} (load average {load:.1f} at the start)")
    print(
        f"appended           {args.entries:,} in {appended:.1f} s "
        f"({args.entries / appended:,.0f} entries/s, one thread)"
    )
    print(f"sealed             {sealed:,} in {sealing:.1f} s ({sealed / sealing:,.0f} entries/s)")
    print(
        f"audit_verify       {result.checked:,} entries in {verifying:.1f} s, "
        f"{'intact' if result.intact else result.problem}"
    )
    print(
        f"at {args.rate} appends/s  largest backlog {largest:,} entries; all sealed "
        f"{caught_up:.1f} s after the writers stopped"
    )


if __name__ == "__main__":
    main()
