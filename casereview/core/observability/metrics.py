"""Prometheus metrics at /metrics, behind a bearer token.

Request counts and latencies are counted in each process; under gunicorn's several workers
they go through prometheus_client's multiprocess mode (PROMETHEUS_MULTIPROC_DIR), merged at
scrape time. The queue and caseload gauges are counted from the database when scraped, so
every worker reports the same truth.
"""

import hmac
import os
from collections.abc import Iterator

from django.conf import settings
from django.db import DatabaseError
from django.http import Http404, HttpRequest, HttpResponse
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

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


class DatabaseCollector(Collector):
    """Gauges an operator acts on, counted from the database at scrape time."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        up = GaugeMetricFamily(
            "casereview_database_up", "Whether the gauges below could be counted (1) or not (0)"
        )
        try:
            gauges = list(self._gauges())
        except DatabaseError:
            # The request counts still matter when the database is down: report them.
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        yield from gauges

    def _gauges(self) -> Iterator[GaugeMetricFamily]:
        # Imported here: core sits beneath the apps, which import core.
        from casereview.core.observability.queries import (
            letters_awaiting_post,
            overdue_applications,
            tasks_waiting,
        )

        queue = GaugeMetricFamily(
            "casereview_task_queue_ready",
            "Background tasks ready to run and waiting for the worker",
        )
        count, oldest_seconds = tasks_waiting()
        queue.add_metric([], count)
        yield queue
        oldest = GaugeMetricFamily(
            "casereview_task_queue_oldest_ready_seconds",
            "Age of the oldest task waiting for the worker (0 when none wait)",
        )
        oldest.add_metric([], oldest_seconds)
        yield oldest
        overdue = GaugeMetricFamily(
            "casereview_applications_overdue",
            "Open applications past a statutory deadline without the letter that meets it",
            labels=["deadline"],
        )
        for deadline, n in overdue_applications().items():
            overdue.add_metric([deadline], n)
        yield overdue
        post = GaugeMetricFamily(
            "casereview_letters_awaiting_post", "Letters to be posted that nobody has posted yet"
        )
        post.add_metric([], letters_awaiting_post())
        yield post


def _registry() -> CollectorRegistry:
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(REGISTRY)
    registry.register(DatabaseCollector())
    return registry


def _authorised(request: HttpRequest, token: str) -> bool:
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(
        given.strip().encode(), token.encode()
    )


def metrics_view(request: HttpRequest) -> HttpResponse:
    token = settings.METRICS_TOKEN
    if not token:
        raise Http404("Metrics are not enabled")
    if not _authorised(request, token):
        response = HttpResponse("A bearer token is needed.\n", status=401)
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    return HttpResponse(generate_latest(_registry()), content_type=CONTENT_TYPE_LATEST)
