"""/healthz says the process is up; /readyz that the database and the task queue answer."""

import pytest
from django.test import Client
from django_tasks_db.models import DBTaskResult

pytestmark = pytest.mark.django_db


def test_healthz_touches_nothing(django_assert_num_queries) -> None:
    with django_assert_num_queries(0):
        response = Client().get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_ready_when_the_database_and_the_queue_answer() -> None:
    response = Client().get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "tasks": "ok"}


def test_not_ready_when_the_queue_table_cannot_be_read(monkeypatch) -> None:
    def missing(self):
        raise RuntimeError('relation "django_tasks_database_dbtaskresult" does not exist')

    monkeypatch.setattr(type(DBTaskResult.objects.all()), "exists", missing)
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "ok", "tasks": "unreachable"}


def test_not_ready_when_the_database_is_down(monkeypatch) -> None:
    from django.db import connection

    def refuse(*args, **kwargs):
        raise ConnectionError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"
