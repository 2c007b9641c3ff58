"""/metrics: a bearer token guards it; requests are counted by route; the gauges an operator
acts on are counted from the database when scraped."""

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from builders import case_at
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from casereview.applications.intake import VictimInput
from casereview.applications.models import Application, Letter
from casereview.casework.gauges import letters_awaiting_post, overdue_applications
from casereview.core.dates import local_today
from casereview.core.tasks import HEARTBEAT_TASK, tasks_waiting

pytestmark = pytest.mark.django_db
TOKEN = "metrics-token-for-tests-only"


def scrape(**headers: str):
    return Client().get("/metrics", headers=headers)


def test_metrics_are_not_there_without_a_token(settings) -> None:
    settings.METRICS_TOKEN = ""
    assert scrape(Authorization="Bearer anything").status_code == 404


@pytest.mark.parametrize("given", ["", "Bearer wrong", f"Basic {TOKEN}", "Bearer é"])
def test_the_wrong_token_is_refused(settings, given: str) -> None:
    settings.METRICS_TOKEN = TOKEN
    response = scrape(Authorization=given) if given else scrape()
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_requests_are_counted_by_route_and_status(settings) -> None:
    settings.METRICS_TOKEN = TOKEN
    Client().get("/healthz")
    Client().get("/status/some-secret-token")
    text = scrape(Authorization=f"Bearer {TOKEN}").content.decode()
    assert 'casereview_http_requests_total{route="core:healthz",status="200"}' in text
    assert 'casereview_http_request_duration_seconds_bucket{le="0.01",route="core:healthz"' in text
    assert 'route="applicants:status",status="404"' in text
    assert "some-secret-token" not in text


def _ready_task(enqueued_minutes_ago: int) -> DBTaskResult:
    task = DBTaskResult.objects.create(
        task_path=HEARTBEAT_TASK,
        args_kwargs={"args": [], "kwargs": {}},
        backend_name="default",
        queue_name="default",
        run_after=timezone.now() - timedelta(minutes=enqueued_minutes_ago),
        exception_class_path="",
        traceback="",
    )
    DBTaskResult.objects.filter(pk=task.pk).update(
        enqueued_at=timezone.now() - timedelta(minutes=enqueued_minutes_ago)
    )
    return task


def test_the_task_queue_depth_and_age(settings) -> None:
    settings.METRICS_TOKEN = TOKEN
    _ready_task(5)
    _ready_task(1)
    waiting, oldest = tasks_waiting()
    assert waiting == 2 and 299 <= oldest <= 330
    text = scrape(Authorization=f"Bearer {TOKEN}").content.decode()
    assert "casereview_task_queue_ready 2.0" in text


def test_overdue_applications_by_deadline(recorded, settings) -> None:
    settings.METRICS_TOKEN = TOKEN
    before = overdue_applications()
    late = recorded()
    recorded()  # nothing due yet
    Application.objects.filter(pk=late.pk).update(  # neither letter sent in time
        acknowledgement_due=local_today() - timedelta(days=30),
        conclusion_due=local_today() - timedelta(days=1),
    )
    after = overdue_applications()
    assert after["acknowledgement"] == before["acknowledgement"] + 1
    assert after["conclusion"] == before["conclusion"] + 1
    text = scrape(Authorization=f"Bearer {TOKEN}").content.decode()
    assert (
        f'casereview_applications_overdue{{deadline="acknowledgement"}} '
        f"{float(after['acknowledgement'])}"
    ) in text


def test_letters_waiting_to_be_posted(demo, settings) -> None:
    settings.METRICS_TOKEN = TOKEN
    before = letters_awaiting_post()
    victim = VictimInput(
        name="Pat Post", postcode="ST5 1AB", contact_preference="post", address="3 Lane"
    )
    application = case_at("decided", met=False, victim=victim, advocate=None)
    assert letters_awaiting_post() == before + 1
    text = scrape(Authorization=f"Bearer {TOKEN}").content.decode()
    assert f"casereview_letters_awaiting_post {float(before + 1)}" in text
    Letter.objects.filter(application=application).update(posted_at=timezone.now())
    assert letters_awaiting_post() == before


def test_request_counts_are_still_served_when_the_database_is_down(settings, monkeypatch):
    from django.db import OperationalError

    from casereview.core.observability import scrape as gauges_page

    def down(*args, **kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(gauges_page, "tasks_waiting", down)
    settings.METRICS_TOKEN = TOKEN
    Client().get("/healthz")
    response = scrape(Authorization=f"Bearer {TOKEN}")
    assert response.status_code == 200
    text = response.content.decode()
    assert "casereview_database_up 0.0" in text
    assert 'casereview_http_requests_total{route="core:healthz",status="200"}' in text


def test_gunicorn_workers_share_their_counts_through_the_multiprocess_folder(
    tmp_path: Path,
) -> None:
    """Two processes count requests; a third (the scrape) sees the sum."""
    count = """
from casereview.core.observability.metrics import observe_request
for _ in range(3):
    observe_request(route="core:healthz", status=200, seconds=0.01)
"""
    read = """
import django
django.setup()
from prometheus_client import generate_latest
from casereview.core.observability import scrape
# The database gauges are tested above; here only the merge of the workers' counts.
scrape.DatabaseCollector.collect = lambda self: iter(())
print(generate_latest(scrape._registry()).decode())
"""
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    env.setdefault("DJANGO_SETTINGS_MODULE", "casereview.config.settings.test")
    for _ in range(2):
        subprocess.run([sys.executable, "-c", count], env=env, check=True, timeout=120)
    assert list(tmp_path.glob("*.db"))
    result = subprocess.run(
        [sys.executable, "-c", read], env=env, capture_output=True, text=True, timeout=120,
        check=True,
    )  # fmt: skip
    assert 'casereview_http_requests_total{route="core:healthz",status="200"} 6.0' in (
        result.stdout
    )
