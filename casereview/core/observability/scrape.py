"""The /metrics page: the request counts, and the gauges counted from the database when it is
scraped, so every worker reports the same truth."""

import hmac
import os
from collections.abc import Callable, Iterable, Iterator

from django.conf import settings
from django.db import DatabaseError
from django.http import Http404, HttpRequest, HttpResponse
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from casereview.core.tasks import tasks_waiting

GaugeSource = Callable[[], Iterable[GaugeMetricFamily]]


# Gauges about the casework, counted by the apps that own it: they register here from their
# AppConfig.ready(), because core stands beneath them and cannot import them.
_GAUGES: list[GaugeSource] = []


def gauges_register(source: GaugeSource) -> None:
    if source not in _GAUGES:
        _GAUGES.append(source)


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
        for gauges in _GAUGES:
            yield from gauges()


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
