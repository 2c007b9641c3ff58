"""Prometheus metrics at /metrics, behind a bearer token.

Request counts and latencies are counted in each process; under gunicorn's several workers
they go through prometheus_client's multiprocess mode (PROMETHEUS_MULTIPROC_DIR), merged at
scrape time. The queue and caseload gauges are counted from the database when scraped, so
every worker reports the same truth.
"""

from prometheus_client import (
    Counter,
    Histogram,
)

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
