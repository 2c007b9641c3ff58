"""`make bench`: casereview at county and national scale, measured on this machine.

For one database per run (`--db sqlite`, or `--db postgres` under scripts/with-postgres):

1. migrate, load the demo, then `casereview seed_bench` at the given scale (timed). The
   SQLite file under var/bench/ is kept and reused at the same scale unless --reseed.
2. Sessions for demo users of several roles are created directly in the database (as if
   they had signed in with password and TOTP), and API tokens for the API calls.
3. In-process: the number of DB queries each page and call makes (one request each, through
   Django's test client), and timings that need no HTTP: the threshold engine per
   application, a letter's PDF render, the statistics for a year, and the search.
4. gunicorn (3 workers, production settings, DEBUG off) on loopback; locust headless with 8
   users for a bounded time per target, /healthz first as the floor.
5. bench/results.json (each database's section replaced) and bench/results.md.

Speed is measured here, never asserted in the test suite.
"""

import argparse
import base64
import csv
import hashlib
import json
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCH_VAR = ROOT / "var" / "bench"
VENV = ROOT / ".venv" / "bin"
RESULTS_JSON = ROOT / "bench" / "results.json"
RESULTS_MD = ROOT / "bench" / "results.md"
sys.path.insert(0, str(ROOT))

# name: (path, kind, roles). {reference} and {name} are filled per request.
TARGETS: dict[str, tuple[str, str, list[str]]] = {
    "healthz": ("/healthz", "page", []),
    # The cheapest pages: the fixed cost of the layout, and of being signed in.
    "accessibility (signed out)": ("/accessibility", "page", []),
    "accessibility (signed in)": ("/accessibility", "page", ["pso"]),
    "home (deadlines)": ("/", "page", ["pso", "chair", "intake"]),
    "list, filtered, page 1": ("/applications?status=concluded", "page", ["pso", "chair"]),
    "list, filtered, last page": (
        "/applications?status=concluded&page={last}",
        "page",
        ["pso", "chair"],
    ),
    "list, overdue": ("/applications?overdue=yes", "page", ["pso", "chair"]),
    "search (surname)": ("/applications?q={name}", "page", ["pso", "chair"]),
    "application detail": ("/applications/{reference}", "page", ["pso", "chair"]),
    "statistics (financial year)": ("/statistics", "page", ["pso", "chair"]),
    "API: list, filtered": ("/api/v1/applications?status=concluded", "api", ["pso", "chair"]),
    "API: one application": ("/api/v1/applications/{reference}", "api", ["pso", "chair"]),
    "API: statistics": ("/api/v1/statistics", "api", ["pso", "chair"]),
}
# Issue 19's targets (docs/performance.md): every page and call below these at 8 users.
P95_TARGET_MS = 100
SHARE_TARGET = 0.10  # of /healthz's throughput, same server, same run
SOLO_TARGET_MS = {"API: list, filtered": 10, "API: one application": 10}
FIXED_COST_TARGET_MS = 5  # the cheapest signed-in page minus /healthz, one user
SCALING_TARGET = 1.7  # 8 connections against 1, on a page that audits its reads
SCALING_PAGE = "list, filtered, page 1"
# Not page or call targets: the floor and the pair that measures the fixed cost.
FLOOR_AND_FIXED = ("healthz", "accessibility (signed out)", "accessibility (signed in)")
USERS = {
    "pso": ("pso@nul.example", "coordinator"),
    "chair": ("chair@nul.example", "chair"),
    "intake": ("intake@nul.example", "intake"),
}


def log(message: str) -> None:
    print(f"[bench {datetime.now(UTC):%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def bench_signing_key() -> str:
    """An Ed25519 key (base64 of its 32 bytes) that lives only as long as the bench."""
    return base64.b64encode(hashlib.sha256(b"casereview bench audit key").digest()).decode()


def environment(db: str, database_url: str) -> dict[str, str]:
    secret = (BENCH_VAR / "secret-key").read_text().strip()
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "casereview.config.settings.production",
        "SECRET_KEY": secret,
        # Production settings need the audit checkpoints' key; the bench signs none, so one
        # derived from its throwaway secret will do.
        "AUDIT_SIGNING_KEY": bench_signing_key(),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "CASEREVIEW_VAR_DIR": str(BENCH_VAR / f"var-{db}"),
        "LOG_LEVEL": "ERROR",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": "9",  # nothing is emailed by the pages measured
    }


def casereview(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [str(VENV / "casereview"), *args], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"casereview {' '.join(args)} failed")
    return done.stdout


def create_database(url: str) -> None:
    """scripts/with-postgres gives a fresh cluster: make the database the URL names."""
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def prepare(
    db: str, env: dict[str, str], applications: int, complaints: int, reseed: bool
) -> float:
    """Migrate, demo, seed. Returns the seed time in seconds (the recorded one when reused)."""
    if db == "postgres":
        create_database(env["DATABASE_URL"])
    marker = BENCH_VAR / f"seeded-{db}-{applications}-{complaints}.json"
    sqlite_file = BENCH_VAR / f"bench-{applications}.sqlite3"
    if db == "sqlite" and (reseed or not marker.exists()):
        for path in BENCH_VAR.glob(f"bench-{applications}.sqlite3*"):
            path.unlink()
        marker.unlink(missing_ok=True)
    if db == "sqlite" and marker.exists() and sqlite_file.exists():
        log(f"reusing {sqlite_file.name} (seeded earlier; --reseed to seed again)")
        casereview(env, "migrate", "--no-input", "-v0")
        return float(json.loads(marker.read_text())["seconds"])
    log("migrate and demo")
    casereview(env, "migrate", "--no-input", "-v0")
    casereview(env, "demo")
    log(f"seed_bench --applications {applications} --complaints {complaints}")
    start = time.monotonic()
    out = casereview(
        env, "seed_bench", "--applications", str(applications), "--complaints", str(complaints)
    )
    seconds = time.monotonic() - start
    sys.stderr.write(out)
    marker.write_text(json.dumps({"seconds": seconds, "at": datetime.now(UTC).isoformat()}))
    return seconds


def django_setup(env: dict[str, str]) -> None:
    os.environ.update(env)
    import django

    django.setup()
    import logging

    logging.getLogger("casereview.request").setLevel(logging.WARNING)  # one line a request


def plan(db: str) -> dict[str, Any]:
    """Sessions, tokens, references and names for locust (and the query counts)."""
    from django.conf import settings
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from casereview.accounts.middleware import SIGNED_IN_AT
    from casereview.accounts.models import Membership, User
    from casereview.accounts.services import api_token_create
    from casereview.applications.models import Application
    from casereview.core.audit import Actor

    def sign_in(user: User) -> str:
        """A session as the password-and-TOTP sign-in leaves it."""
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user).persistent_id
        session[SIGNED_IN_AT] = datetime.now(UTC).isoformat()
        session.save()
        return str(session.session_key)

    sessions: dict[str, list[str]] = {}
    tokens = {}
    for role, (email, membership_role) in USERS.items():
        user = User.objects.get(email=email)
        sessions[role] = [sign_in(user) for _ in range(8)]  # one per locust user
        membership = Membership.objects.get(user=user, role=membership_role)
        _, tokens[role] = api_token_create(
            membership=membership,
            name=f"bench {datetime.now(UTC):%H%M%S}",
            actor=Actor.system("bench"),
        )
    nul = Application.objects.filter(partnership__slug="newcastle-under-lyme")
    references = list(
        nul.filter(status="concluded").order_by("?").values_list("reference", flat=True)[:300]
    )
    names = list(nul.order_by("?").values_list("victim_surname_key", flat=True).distinct()[:30])
    concluded = nul.filter(status="concluded").count()
    last_page = max(1, -(-concluded // 20))  # the list shows 20 a page
    return {
        "cookie_name": settings.SESSION_COOKIE_NAME,
        "sessions": sessions,
        "tokens": tokens,
        "references": references,
        "names": [n for n in names if n],
        "targets": {
            name: {"path": path.replace("{last}", str(last_page)), "kind": kind, "roles": roles}
            for name, (path, kind, roles) in TARGETS.items()
        },
    }


def query_counts(the_plan: dict[str, Any]) -> tuple[dict[str, int], dict[str, float]]:
    """Queries per request, through Django's test client against the seeded database."""
    from django.db import connection
    from django.test import Client

    counts, solo = {}, {}
    for name, target in the_plan["targets"].items():
        path = target["path"].replace("{reference}", the_plan["references"][0])
        path = path.replace("{name}", the_plan["names"][0])
        client = Client(HTTP_X_FORWARDED_PROTO="https")
        headers = {}
        if target["roles"] and target["kind"] == "api":
            headers["Authorization"] = f"Bearer {the_plan['tokens'][target['roles'][0]]}"
        elif target["roles"]:
            client.cookies[the_plan["cookie_name"]] = the_plan["sessions"][target["roles"][0]][0]
        client.get(path, headers=headers)  # warm
        statements: list[str] = []

        def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
            statements.append(sql)  # noqa: B023 - used only inside this iteration
            return execute(sql, params, many, context)

        # execute_wrapper, not CaptureQueriesContext: the latter reads a bounded log that
        # a persistent PostgreSQL connection fills, and then counts nothing.
        with connection.execute_wrapper(count):
            response = client.get(path, headers=headers)
        if response.status_code != 200:
            raise SystemExit(f"{name}: {path} answered {response.status_code}")
        # One user alone, in-process: the service time without queueing behind others.
        solo[name] = round(median_ms(partial(client.get, path, headers=headers), runs=7), 1)
        counts[name] = sum(not sql.startswith(("BEGIN", "COMMIT")) for sql in statements)
    return counts, solo


def median_ms(work: Callable[[], Any], runs: int) -> float:
    work()  # warm caches (fonts, templates, imports) outside the measurement
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def timings(the_plan: dict[str, Any]) -> dict[str, float]:
    from casereview.accounts.models import Membership
    from casereview.applications import selectors
    from casereview.applications.models import Application
    from casereview.applications.threshold import evaluate_application
    from casereview.core.dates import local_today
    from casereview.decision.letters import acknowledgement_html
    from casereview.letters.render import recipient_of, render_pdf
    from casereview.publication.figures import figures_for, financial_year
    from casereview.threshold.engine import Policy

    pso = Membership.objects.select_related("user").get(
        user__email="pso@nul.example", role="coordinator"
    )
    refs = the_plan["references"][:50]
    apps = [selectors.application_find(pso, r) for r in refs]
    complaints = [selectors.complaints_of(a) for a in apps]
    n_complaints = statistics.mean(len(c) for c in complaints)

    policy = Policy()  # the statutory rule, as the seeded partnerships use

    def engine() -> None:
        for application, its in zip(apps, complaints, strict=True):
            evaluate_application(application, policy, its)

    engine_ms = median_ms(engine, runs=5) / len(apps)
    decided = Application.objects.select_related("decision", "partnership__appeals_body").get(
        pk=apps[0].pk
    )
    html = acknowledgement_html(decided, decided.decision, recipient_of(decided))
    pdf_ms = median_ms(lambda: render_pdf(html), runs=15)
    start, end = financial_year(local_today())
    found = selectors.applications_for(pso)
    stats_ms = median_ms(lambda: figures_for(found, start, end), runs=15)
    today = local_today()

    def search() -> None:
        for name in the_plan["names"][:10]:
            listed = selectors.applications_listed(pso, selectors.ListFilter(text=name), today)
            listed.count()
            list(listed[:20])

    search_ms = median_ms(search, runs=5) / min(10, len(the_plan["names"]))
    return {
        "engine_ms_per_application": round(engine_ms, 2),
        "engine_complaints_per_application": round(n_complaints, 1),
        "pdf_render_ms": round(pdf_ms, 1),
        "statistics_year_ms": round(stats_ms, 1),
        "search_ms": round(search_ms, 2),
    }


def explain(db: str, the_plan: dict[str, Any]) -> None:
    """The plans of the queries that matter, written to bench/explain-<db>.txt."""
    from django.core.paginator import Paginator

    from casereview.accounts.models import Membership
    from casereview.applications import selectors
    from casereview.applications.lifecycle import OPEN
    from casereview.casework import caseload
    from casereview.core.dates import local_today
    from casereview.publication import figures

    pso = Membership.objects.select_related("user").get(
        user__email="pso@nul.example", role="coordinator"
    )
    today = local_today()
    options = {"analyze": True} if db == "postgres" else {}

    def listed(**kwargs: Any) -> Any:
        return selectors.applications_listed(pso, selectors.ListFilter(**kwargs), today)

    last = Paginator(listed(status="concluded"), 20).num_pages
    start, end = figures.financial_year(today)
    found = selectors.applications_for(pso)
    in_period = figures._flagged(found.filter(received__gte=start, received__lte=end))
    shown = {
        "list, status=concluded, page 1": listed(status="concluded")[:20],
        f"list, status=concluded, last page ({last})": listed(status="concluded")[
            (last - 1) * 20 : last * 20
        ],
        "list, overdue": listed(overdue=True)[:20],
        f"search '{the_plan['names'][0]}'": listed(text=the_plan["names"][0])[:20],
        "search by postcode 'ST5 2'": listed(text="ST5 2")[:20],
        "home: the open caseload, ranked": found.filter(status__in=OPEN)
        .order_by()
        .annotate(acknowledged_at=caseload._first_letter("acknowledgement", "dispatched"))
        .values("pk", "acknowledged_at"),
        "statistics: the year's flags (one row per application)": in_period.values(
            "pk", "has_minutes", "concluded", "concluded_on_time"
        ),
    }
    lines = []
    for title, queryset in shown.items():
        lines += [f"== {title}", queryset.explain(**options), ""]
    (ROOT / "bench" / f"explain-{db}.txt").write_text("\n".join(lines))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve(env: dict[str, str]) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    log_file = open(BENCH_VAR / "gunicorn.log", "ab")  # noqa: SIM115
    server = subprocess.Popen(
        [
            str(VENV / "gunicorn"),
            "casereview.config.wsgi:application",
            "--workers=3",
            f"--bind=127.0.0.1:{port}",
            "--error-logfile=-",
        ],
        env=env,
        stdout=log_file,
        stderr=log_file,
        start_new_session=True,
    )
    host = f"http://127.0.0.1:{port}"
    # Ready when each of the three workers has answered (they boot Django one by one).
    answered = 0
    for _ in range(240):
        try:
            with urllib.request.urlopen(f"{host}/healthz", timeout=10) as response:  # noqa: S310
                answered += response.status == 200
        except OSError:
            time.sleep(0.5)
        if answered >= 6:
            break
    return server, host


def load(
    host: str, target: str, plan_file: Path, seconds: int, env: dict[str, str], users: int = 8
) -> dict[str, Any]:
    name = target.replace(" ", "_").replace(",", "").replace(":", "")
    out = BENCH_VAR / "locust" / f"{name}-{users}"
    out.parent.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [
            str(VENV / "locust"),
            "-f",
            str(ROOT / "bench" / "locustfile.py"),
            "--headless",
            f"--users={users}",
            f"--spawn-rate={users}",
            f"--run-time={seconds}s",
            f"--host={host}",
            f"--csv={out}",
            "--only-summary",
            "--loglevel=WARNING",
        ],
        env={**env, "BENCH_TARGET": target, "BENCH_PLAN": str(plan_file)},
        capture_output=True,
        check=False,
    )
    with open(f"{out}_stats.csv") as handle:
        row = next((r for r in csv.DictReader(handle) if r["Name"] == target), None)
    if row is None:
        sys.stderr.write(done.stderr.decode()[:3000])
        raise SystemExit(f"locust made no requests to {target}")
    return {
        "requests": int(row["Request Count"]),
        "failures": int(row["Failure Count"]),
        "rps": round(float(row["Requests/s"]), 1),
        "p50_ms": float(row["50%"]),
        "p95_ms": float(row["95%"]),
        "p99_ms": float(row["99%"]),
        "users": users,
        # The machine is shared: what else was running while this target was measured.
        "load_average_after": round(os.getloadavg()[0], 1),
    }


def solo_http(host: str, the_plan: dict[str, Any], names: tuple[str, ...]) -> dict[str, float]:
    """One connection, one request at a time through gunicorn: the median of 60."""
    medians = {}
    for name in names:
        target = the_plan["targets"][name]
        headers = {"X-Forwarded-Proto": "https"}
        if target["roles"]:
            session = the_plan["sessions"][target["roles"][0]][0]
            headers["Cookie"] = f"{the_plan['cookie_name']}={session}"
        request = urllib.request.Request(host + target["path"], headers=headers)  # noqa: S310

        def fetch(request: urllib.request.Request = request) -> None:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                response.read()

        medians[name] = round(median_ms(fetch, runs=60), 2)
    return medians


def verdicts(r: dict[str, Any]) -> list[tuple[str, str, bool]]:
    """Each of issue 19's targets: (what, measured, holds)."""
    floor = r["load"]["healthz"]["rps"] or 1
    measured = {k: m for k, m in r["load"].items() if k not in FLOOR_AND_FIXED}
    worst_p95 = max(measured.items(), key=lambda kv: kv[1]["p95_ms"])
    worst_share = min(measured.items(), key=lambda kv: kv[1]["rps"])
    solo = r["solo_ms"]
    http = r.get("solo_http_ms")
    rows = [
        (
            f"p95 < {P95_TARGET_MS} ms, every page and call at 8 users",
            f"worst {worst_p95[1]['p95_ms']:.0f} ms ({worst_p95[0]}); "
            f"{sum(m['p95_ms'] < P95_TARGET_MS for m in measured.values())} of "
            f"{len(measured)} hold",
            worst_p95[1]["p95_ms"] < P95_TARGET_MS,
        ),
        (
            f"throughput ≥ {SHARE_TARGET:.0%} of /healthz",
            f"lowest {worst_share[1]['rps'] / floor:.2f} ({worst_share[0]})",
            worst_share[1]["rps"] / floor >= SHARE_TARGET,
        ),
        *(
            (
                f"1 user: {name} ≤ {limit} ms",
                f"{solo[name]:.1f} ms",
                solo[name] <= limit,
            )
            for name, limit in SOLO_TARGET_MS.items()
        ),
    ]
    if "accessibility (signed in)" in solo:  # not measured by runs before issue 19
        fixed = solo["accessibility (signed in)"] - solo["healthz"]
        rows.append(
            (
                f"fixed cost of a signed-in page ≤ {FIXED_COST_TARGET_MS} ms",
                f"{fixed:.1f} ms in-process"
                + (
                    f"; {http['accessibility (signed in)'] - http['healthz']:.1f} ms over HTTP"
                    if http
                    else ""
                ),
                fixed <= FIXED_COST_TARGET_MS,
            )
        )
    if r.get("scaling"):
        sc = r["scaling"]
        ratio = sc["rps_8"] / (sc["rps_1"] or 1)
        rows.append(
            (
                f"8 connections ≥ {SCALING_TARGET}× 1 connection ({sc['page']})",
                f"{ratio:.2f}× ({sc['rps_8']} against {sc['rps_1']} req/s)",
                ratio >= SCALING_TARGET,
            )
        )
    return rows


def write_results(db: str, section: dict[str, Any]) -> None:
    results = json.loads(RESULTS_JSON.read_text()) if RESULTS_JSON.exists() else {}
    results[db] = section
    RESULTS_JSON.write_text(json.dumps(results, indent=2) + "\n")
    RESULTS_MD.write_text(markdown(results))


def markdown(results: dict[str, Any]) -> str:
    lines = [
        "# Benchmark results",
        "",
        "Written by `make bench` (bench/run.py); see docs/performance.md for the method.",
        "Latencies in milliseconds at 8 concurrent users; throughput also as a share of",
        "/healthz on the same server. '1 user': median of 7 requests one at a time, in-process",
        "(service time without queueing). Queries: SQL statements for one request through",
        "Django's test client (BEGIN/COMMIT not counted).",
        "",
    ]
    for db, r in results.items():
        floor = r["load"]["healthz"]["rps"] or 1
        lines += [
            f"## {db} ({r['scale']['applications']:,} applications, "
            f"{r['scale']['complaints']:,} complaints)",
            "",
            f"Measured {r['measured_at']}, {r['seconds_per_target']} s per target; "
            f"load average at start {r['load_average']}"
            + (f", at the end {r['load_average_end']}." if r.get("load_average_end") else "."),
            "",
            *([r["note"], ""] if r.get("note") else []),
            "| Page or call | req/s | × /healthz | p50 | p95 | p99 | 1 user | queries | failures "
            "| load after |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for name, m in r["load"].items():
            lines.append(
                f"| {name} | {m['rps']} | {m['rps'] / floor:.2f} | {m['p50_ms']:.0f} | "
                f"{m['p95_ms']:.0f} | {m['p99_ms']:.0f} | {r.get('solo_ms', {}).get(name, '')} | "
                f"{r['queries'].get(name, 0)} | "
                f"{m['failures']}/{m['requests']} | {m.get('load_average_after', '')} |"
            )
        lines += [
            "",
            "| Target (issue 19) | Measured | Holds? |",
            "|---|---|---|",
            *(
                f"| {what} | {value} | {'yes' if holds else '**no**'} |"
                for what, value, holds in verdicts(r)
            ),
        ]
        t = r["timings"]
        lines += [
            "",
            "| Measure | Value |",
            "|---|---:|",
            f"| Seed time ({r['scale']['applications']:,} applications) | "
            f"{r['seed_seconds']:.0f} s |",
            f"| Threshold engine, per application ({t['engine_complaints_per_application']} "
            f"complaints on average) | {t['engine_ms_per_application']} ms |",
            f"| Letter PDF/UA render (WeasyPrint, in the task) | {t['pdf_render_ms']} ms |",
            f"| Statistics for a financial year (one partnership) | {t['statistics_year_ms']} ms |",
            f"| Search by surname (count + first page) | {t['search_ms']} ms |",
            "",
        ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--applications", type=int, default=100_000)
    parser.add_argument("--complaints", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=int, default=15, help="Load time per target")
    parser.add_argument("--reseed", action="store_true")
    args = parser.parse_args()
    BENCH_VAR.mkdir(parents=True, exist_ok=True)
    secret_file = BENCH_VAR / "secret-key"
    if not secret_file.exists():
        secret_file.write_text(secrets.token_urlsafe(64))
    if args.db == "postgres":
        database_url = os.environ.get("DATABASE_URL", "")
        if not database_url.startswith("postgres"):
            raise SystemExit("--db postgres needs DATABASE_URL (run under scripts/with-postgres)")
    else:
        database_url = f"sqlite:///{BENCH_VAR / f'bench-{args.applications}.sqlite3'}"
    env = environment(args.db, database_url)
    seed_seconds = prepare(args.db, env, args.applications, args.complaints, args.reseed)
    casereview(env, "collectstatic", "--no-input", "-v0")
    django_setup(env)
    the_plan = plan(args.db)
    plan_file = BENCH_VAR / f"plan-{args.db}.json"
    plan_file.write_text(json.dumps(the_plan))
    log("query counts and in-process timings")
    queries, solo = query_counts(the_plan)
    explain(args.db, the_plan)
    measured = timings(the_plan)
    from django.db import connections

    connections.close_all()
    server, host = serve(env)
    results: dict[str, Any] = {}
    try:
        log("one connection, one request at a time: the fixed cost over HTTP")
        http_solo = solo_http(host, the_plan, FLOOR_AND_FIXED)
        for target in TARGETS:
            log(f"locust: {target}")
            results[target] = load(host, target, plan_file, args.seconds, env)
        log(f"locust: {SCALING_PAGE}, 1 user (readers scale?)")
        alone = load(host, SCALING_PAGE, plan_file, args.seconds, env, users=1)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    write_results(
        args.db,
        {
            "measured_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "scale": {"applications": args.applications, "complaints": args.complaints},
            "seconds_per_target": args.seconds,
            "load_average": " ".join(f"{x:.1f}" for x in os.getloadavg()),
            "load_average_end": " ".join(f"{x:.1f}" for x in os.getloadavg()),
            "seed_seconds": round(seed_seconds, 1),
            "solo_http_ms": http_solo,
            "scaling": {
                "page": SCALING_PAGE,
                "rps_1": alone["rps"],
                "rps_8": results[SCALING_PAGE]["rps"],
                "p95_1_ms": alone["p95_ms"],
            },
            "queries": queries,
            "solo_ms": solo,
            "timings": measured,
            "load": results,
        },
    )
    shutil.rmtree(BENCH_VAR / "locust", ignore_errors=True)
    log(f"written {RESULTS_MD.relative_to(ROOT)} and {RESULTS_JSON.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
