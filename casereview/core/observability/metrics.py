"""Prometheus metrics at /metrics, behind a bearer token.

Request counts and latencies are counted in each process; under gunicorn's several workers
they go through prometheus_client's multiprocess mode (PROMETHEUS_MULTIPROC_DIR), merged at
scrape time. The queue and caseload gauges are counted from the database when scraped, so
every worker reports the same truth.
"""

import logging

from prometheus_client import (
    Counter,
    Histogram,
)

logger = logging.getLogger(__name__)

REQUESTS = Counter("casereview_http_requests_total", "HTTP requests served", ["route", "status"])
LATENCY = Histogram(
    "casereview_http_request_duration_seconds",
    "Time to serve an HTTP request",
    ["route", "status"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)


def observe_request(*, route: str, status: int, seconds: float) -> None:
    REQUESTS.labels(route=route, status=str(status)).inc()
    LATENCY.labels(route=route, status=str(status)).observe(seconds)


# The scheduled job and the task worker run in their own processes: under systemd they share
# the web's PROMETHEUS_MULTIPROC_DIR (deploy/systemd), so /metrics reports their failures too.
FAILURES = Counter(
    "casereview_scheduled_failures_total",
    "Letters, notices and scheduled jobs that failed; each is tried again on the next run",
    ["job"],
)


def failure_count(job: str) -> None:
    """Count one failure of `job` (a letter, a notice, or a whole sub-job of `scheduled`).
    Counting must never be what stops the job: a metrics file that cannot be written is
    logged and the job goes on."""
    try:
        FAILURES.labels(job=job).inc()
    except Exception:  # the multiprocess folder is missing or read-only
        logger.exception("Could not count a failure of %s", job)
