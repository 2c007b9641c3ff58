"""The radar at scale: `/radar` and `GET /api/v1/radar` under 8 connections with N reports.

    .venv/bin/python bench/radar.py --reports 1000000 [--people 500000] [--seconds 20]
    scripts/with-postgres .venv/bin/python bench/radar.py --db postgres --reports 1000000

1. A fresh database (SQLite under var/bench/, kept and reused at the same scale unless
   --reseed; or the PostgreSQL of DATABASE_URL): migrate, the demo, then
   `casereview seed_feeds` for Newcastle-under-Lyme (the truth set's people and noise,
   spread over the 18 months before today). Each report is given its true person from the
   seed's truth file, as a perfect linkage would (linkage is measured on its own in
   docs/linkage.md; here only the radar is).
2. Timed in-process: the radar's full recount (`refresh_radar`, as the daily job and the
   first list after a deployment run it), and the recount after a 10,000-report batch (the
   people of 10,000 random reports, as linkage passes them after an incremental link).
3. The queries each target makes (one request through Django's test client).
4. gunicorn (3 workers, production settings) on loopback and locust headless with 8 users
   (bench/locustfile.py, as `make bench` runs it), each target for --seconds: the
   coordinator's `/radar`, filtered by stage, page 2, filtered by agency and "not yet
   told", and `GET /api/v1/radar`. p50/p95/p99 and requests per second are printed and
   written to bench/radar-results.json with the load average.

Speed is measured here, never asserted in the test suite.
"""

import argparse
import csv
import json
import os
import random
import secrets
import signal
import sys
import time
import urllib.request
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCH_VAR = ROOT / "var" / "bench"
VENV = ROOT / ".venv" / "bin"
RESULTS = ROOT / "bench" / "radar-results.json"
sys.path.insert(0, str(ROOT))

# The server, the load, the environment and the commands are bench/run.py's own.
import run  # noqa: E402
from run import casereview, create_database, django_setup, load, serve  # noqa: E402

COORDINATOR = "pso@nul.example"
TARGETS: dict[str, tuple[str, str]] = {
    "radar": ("/radar", "page"),
    "radar, threshold met": ("/radar?stage=threshold_met", "page"),
    "radar, page 2": ("/radar?page=2", "page"),
    "radar, agency and not yet told": ("/radar?agency=housing&not_contacted=on", "page"),
    "API: radar": ("/api/v1/radar", "api"),
    "API: radar, page 3": ("/api/v1/radar?page=3", "api"),
}


def log(message: str) -> None:
    print(f"[radar bench {datetime.now(UTC):%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def environment(db: str, database_url: str) -> dict[str, str]:
    """bench/run.py's production environment, with this bench's own var folder."""
    secret_file = BENCH_VAR / "secret-key"
    if not secret_file.exists():
        secret_file.parent.mkdir(parents=True, exist_ok=True)
        secret_file.write_text(secrets.token_urlsafe(64))
    return {
        **run.environment(db, database_url),
        "CASEREVIEW_VAR_DIR": str(BENCH_VAR / f"var-radar-{db}"),
    }


def seed(env: dict[str, str], reports: int, people: int, truth: Path) -> float:
    log("migrate and demo")
    casereview(env, "migrate", "--no-input", "-v0")
    casereview(env, "demo")
    log(f"seed_feeds --reports {reports} --people {people}")
    start = time.monotonic()
    sys.stderr.write(
        casereview(
            env,
            "seed_feeds",
            "--reports",
            str(reports),
            "--people",
            str(people),
            "--partnerships",
            "1",
            "--truth",
            str(truth),
        )
    )
    return time.monotonic() - start


def link_as_truth(truth: Path) -> float:
    """Each report to its true person, in bulk: people first, then one UPDATE through a
    temporary table of (agency, reference, person)."""
    from django.db import connection, transaction

    from casereview.feeds.models import Person
    from casereview.partnerships.models import Agency, Partnership

    start = time.monotonic()
    partnership = Partnership.objects.get(slug="newcastle-under-lyme")
    agencies = dict(Agency.objects.filter(partnership=partnership).values_list("slug", "pk"))
    keys: dict[str, int] = {}
    rows: list[tuple[int, str, int]] = []
    with truth.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["partnership"] != partnership.slug:
                continue
            key = keys.setdefault(row["person"], len(keys) + 1)
            rows.append((agencies[row["agency"]], row["agency_reference"], key))
    with transaction.atomic():
        Person.objects.bulk_create(
            (Person(partnership=partnership, public_id=f"B-{key:08d}") for key in keys.values()),
            batch_size=5000,
        )
        ids = dict(
            Person.objects.filter(partnership=partnership, public_id__startswith="B-").values_list(
                "public_id", "pk"
            )
        )
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE TEMPORARY TABLE bench_truth "
                "(agency_id bigint, agency_reference varchar(100), person_id bigint)"
            )
            for start_at in range(0, len(rows), 50_000):
                cursor.executemany(
                    "INSERT INTO bench_truth VALUES (%s, %s, %s)",
                    [(a, r, ids[f"B-{k:08d}"]) for a, r, k in rows[start_at : start_at + 50_000]],
                )
            cursor.execute(
                "CREATE INDEX bench_truth_ref ON bench_truth (agency_id, agency_reference)"
            )
            cursor.execute(
                "UPDATE feeds_report SET person_id = t.person_id FROM bench_truth t "
                "WHERE t.agency_id = feeds_report.agency_id "
                "AND t.agency_reference = feeds_report.agency_reference"
            )
            cursor.execute("DROP TABLE bench_truth")
            cursor.execute("ANALYZE")
    return time.monotonic() - start


def recounts() -> dict[str, Any]:
    """The full recount and a 10,000-report batch's, timed in-process."""
    from casereview.core.dates import local_today
    from casereview.feeds.models import RadarEntry, Report
    from casereview.feeds.radar.projection import refresh_radar
    from casereview.partnerships.models import Partnership

    partnership = Partnership.objects.get(slug="newcastle-under-lyme")
    start = time.monotonic()
    refresh_radar(partnership.pk, None)
    full = time.monotonic() - start
    entries = RadarEntry.objects.filter(partnership=partnership).count()
    top = Report.objects.filter(partnership=partnership).order_by("-pk").values("pk")[:1]
    last = top[0]["pk"] if top else 0
    picked = random.Random(1).sample(range(1, last + 1), min(10_000, last))
    people: set[int] = set()
    for at in range(0, len(picked), 900):
        people |= set(
            Report.objects.filter(pk__in=picked[at : at + 900], person__isnull=False).values_list(
                "person_id", flat=True
            )
        )
    start = time.monotonic()
    refresh_radar(partnership.pk, people, today=local_today())
    batch = time.monotonic() - start
    return {
        "full_recount_s": round(full, 1),
        "batch_people": len(people),
        "batch_recount_s": round(batch, 2),
        "on_radar": entries,
    }


def plan() -> dict[str, Any]:
    """Sessions (as password and TOTP sign-in leaves them) and an API token, for locust."""
    from django.conf import settings
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from casereview.accounts.middleware import SIGNED_IN_AT
    from casereview.accounts.models import Membership, User
    from casereview.accounts.services import api_token_create
    from casereview.core.audit import Actor

    user = User.objects.get(email=COORDINATOR)

    def sign_in() -> str:
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user).persistent_id
        session[SIGNED_IN_AT] = datetime.now(UTC).isoformat()
        session.save()
        return str(session.session_key)

    membership = Membership.objects.filter(user=user).first()
    assert membership is not None
    _, token = api_token_create(
        membership=membership, name=f"radar bench {datetime.now(UTC):%H%M%S}",
        actor=Actor.system("bench"),
    )  # fmt: skip
    return {
        "cookie_name": settings.SESSION_COOKIE_NAME,
        "sessions": {"pso": [sign_in() for _ in range(8)]},
        "tokens": {"pso": token},
        "references": [],
        "names": [],
        "targets": {
            name: {"path": path, "kind": kind, "roles": ["pso"]}
            for name, (path, kind) in TARGETS.items()
        },
    }


def query_counts(the_plan: dict[str, Any]) -> dict[str, Any]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_X_FORWARDED_PROTO="https")
    client.cookies[the_plan["cookie_name"]] = the_plan["sessions"]["pso"][0]
    out: dict[str, Any] = {}
    for name, (path, kind) in TARGETS.items():
        headers = (
            {"HTTP_AUTHORIZATION": f"Bearer {the_plan['tokens']['pso']}"} if kind == "api" else {}
        )
        with CaptureQueriesContext(connection) as captured:
            start = time.monotonic()
            response = client.get(path, **headers)
            took = (time.monotonic() - start) * 1000
        assert response.status_code == 200, (path, response.status_code)
        out[name] = {"queries": len(captured), "solo_ms": round(took, 1)}
    return out


def warm(host: str, the_plan: dict[str, Any]) -> None:
    """Each worker's first request compiles the templates and builds the API schema (seconds):
    every target a few times before measuring, so each of the three workers has."""
    for path, kind in TARGETS.values():
        if kind == "api":
            headers = {"Authorization": f"Bearer {the_plan['tokens']['pso']}"}
        else:
            headers = {"Cookie": f"{the_plan['cookie_name']}={the_plan['sessions']['pso'][0]}"}
        for _ in range(6):
            request = urllib.request.Request(  # noqa: S310 (our own loopback server)
                f"{host}{path}", headers={**headers, "X-Forwarded-Proto": "https"}
            )
            with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310
                assert response.status == 200, (path, response.status)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--people", type=int, default=0, help="default: reports / 2")
    parser.add_argument("--seconds", type=int, default=20, help="Load time per target")
    parser.add_argument("--users", type=int, default=8, help="Concurrent connections")
    parser.add_argument("--reseed", action="store_true")
    args = parser.parse_args()
    people = args.people or max(1, args.reports // 2)
    BENCH_VAR.mkdir(parents=True, exist_ok=True)
    truth = BENCH_VAR / f"radar-truth-{args.reports}.csv"
    marker = BENCH_VAR / f"radar-seeded-{args.db}-{args.reports}.json"
    if args.db == "postgres":
        database_url = os.environ.get("DATABASE_URL", "")
        if not database_url.startswith("postgres"):
            raise SystemExit("--db postgres needs DATABASE_URL (run under scripts/with-postgres)")
        create_database(database_url)
        marker.unlink(missing_ok=True)
    else:
        db_file = BENCH_VAR / f"radar-{args.reports}.sqlite3"
        if args.reseed:
            for path in BENCH_VAR.glob(f"{db_file.name}*"):
                path.unlink()
            marker.unlink(missing_ok=True)
        database_url = f"sqlite:///{db_file}"
    env = environment(args.db, database_url)
    if marker.exists():
        log(f"reusing the database seeded earlier ({marker.name}; --reseed to seed again)")
        casereview(env, "migrate", "--no-input", "-v0")
        prepared = json.loads(marker.read_text())
    else:
        seed_seconds = seed(env, args.reports, people, truth)
        django_setup(env)
        log("each report to its true person")
        prepared = {
            "seed_s": round(seed_seconds, 1),
            "link_as_truth_s": round(link_as_truth(truth), 1),
        }
        marker.write_text(json.dumps(prepared))
    casereview(env, "collectstatic", "--no-input", "-v0")
    django_setup(env)
    from django.db import connections

    from casereview.feeds.models import Person, Report

    counted = {"reports": Report.objects.count(), "people": Person.objects.count()}
    log(f"{counted['reports']:,} reports of {counted['people']:,} people; recounting the radar")
    measured = recounts()
    log(f"recounts: {measured}")
    the_plan = plan()
    plan_file = BENCH_VAR / f"radar-plan-{args.db}.json"
    plan_file.write_text(json.dumps(the_plan))
    queries = query_counts(the_plan)
    log(f"queries: {queries}")
    connections.close_all()
    server, host = serve(env)
    results: dict[str, Any] = {}
    try:
        warm(host, the_plan)
        for target in TARGETS:
            results[target] = load(host, target, plan_file, args.seconds, env, users=args.users)
            log(f"{target}: {results[target]}")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    section = {
        "measured_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "today": date.today().isoformat(),
        "scale": counted,
        "users": args.users,
        "seconds_per_target": args.seconds,
        "load_average": " ".join(f"{x:.1f}" for x in os.getloadavg()),
        **prepared,
        **measured,
        "queries": queries,
        "load": results,
    }
    everything = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    everything[f"{args.db}-{args.reports}"] = section
    RESULTS.write_text(json.dumps(everything, indent=2) + "\n")
    print(f"{'target':34} {'p50':>6} {'p95':>6} {'p99':>6} {'req/s':>6}  queries")
    for target, row in results.items():
        print(
            f"{target:34} {row['p50_ms']:6.0f} {row['p95_ms']:6.0f} {row['p99_ms']:6.0f} "
            f"{row['rps']:6.1f}  {queries[target]['queries']}"
        )
    print(f"load average {section['load_average']}; written {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
